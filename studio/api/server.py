"""The show's HTTP listener: an aiohttp application on its own thread and asyncio loop.

Nothing here runs on the GUI thread or the show loop; handlers hand their work to the
core (the order desk, the show's command methods), which never blocks them for long.
"""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import Future
from typing import Callable, Iterable

from aiohttp import web

from studio.threads import start_thread

MAX_BODY = 1024 * 1024  # 1 MiB: more is refused with 413
SHUTDOWN_S = 2.0  # how long requests in flight may finish when the show closes


class ApiServer:
    def __init__(self, routes: Iterable[web.RouteDef], host: str = "127.0.0.1", port: int = 0,
                 setups: Iterable[Callable[[web.Application], None]] = ()) -> None:
        """`setups` hook into the application (startup and shutdown tasks, e.g. the push API's)."""
        self.host = host
        self.port = port  # the bound port once started (0 asks for any free port)
        self._routes = list(routes)
        self._setups = list(setups)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Bind and serve; raises OSError (port in use, bad host) in the caller's thread."""
        ready: Future[int] = Future()
        self._thread = start_thread("http-api", self._serve, ready)
        self.port = ready.result()

    def stop(self) -> None:
        if self._loop is None or self._thread is None:
            return
        asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._loop = None

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def _serve(self, ready: Future[int]) -> None:
        loop = asyncio.new_event_loop()
        try:
            port = loop.run_until_complete(self._bind())
        except BaseException as exc:
            loop.close()
            ready.set_exception(exc)
            return
        self._loop = loop
        ready.set_result(port)
        try:
            loop.run_forever()
        finally:
            loop.close()

    async def _bind(self) -> int:
        app = web.Application(client_max_size=MAX_BODY)
        app.add_routes(self._routes)
        for setup in self._setups:
            setup(app)
        runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=SHUTDOWN_S)
        await runner.setup()
        try:
            await web.TCPSite(runner, self.host, self.port).start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        return runner.addresses[0][1]

    async def _shutdown(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
