"""The show's HTTP listener: an aiohttp application on its own thread and asyncio loop.

Nothing here runs on the GUI thread or the show loop; handlers hand their work to the
core (the order desk, the show's command methods), which never blocks them for long.

One middleware stands before every handler. It answers a request for another host 421
(a web page on the director's machine cannot reach the listener through DNS rebinding),
a header that is not UTF-8 text 400, and turns what a handler could not read (bytes not
in the body's charset, an unknown charset, JSON nested too deeply, `BadInput`) into a 400
naming what was wrong: no request gets a 500 or a traceback.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import logging
import threading
from concurrent.futures import Future
from typing import Awaitable, Callable, Iterable
from urllib.parse import parse_qs

from aiohttp import web

from studio.threads import start_thread

log = logging.getLogger(__name__)

MAX_BODY = 1024 * 1024  # 1 MiB: more is refused with 413
SHUTDOWN_S = 2.0  # how long requests in flight may finish when the show closes
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class BadInput(Exception):
    """A request the handler cannot read: answered 400 with `message`, `field` naming the part at fault."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def refusal(status: int, message: str, field: str | None = None, headers: dict[str, str] | None = None) -> web.Response:
    """Every refusal's body: a sentence, and the field or header at fault (null for the request as a whole)."""
    return web.json_response({"error": message, "field": field}, status=status, headers=headers)


async def field_text(request: web.Request, field: str) -> str:
    """The text of `field` in a JSON object or a form body, else the whole body as plain text (in its charset)."""
    if request.content_type == "application/json":
        body = await request.read()
        try:
            payload = json.loads(body.decode("utf-8"))
        except (ValueError, RecursionError):  # UnicodeDecodeError and JSONDecodeError are ValueErrors
            raise BadInput(f'The body is not valid JSON in UTF-8: send {{"{field}": "..."}}.', field) from None
        value = payload.get(field) if isinstance(payload, dict) else None
    elif request.content_type == "application/x-www-form-urlencoded":
        query = (await request.read()).decode("ascii")  # percent-encoded: UTF-8 beneath, decoded strictly
        value = next(iter(parse_qs(query, encoding=request.charset or "utf-8", errors="strict").get(field, [])), None)
    elif request.content_type == "multipart/form-data":
        try:
            value = (await request.post()).get(field)
        except ValueError as exc:  # no boundary, a broken part
            raise BadInput(f"The form could not be read: {exc}.", field) from None
    else:
        return await request.text()
    if not isinstance(value, str):
        raise BadInput(f"The body needs a '{field}' text field.", field)
    return value


class HostCheck:
    """The Host names the listener answers to: on loopback, only its own names with its port, plus any names
    added (for the LAN); on another address, any Host unless names were added."""

    def __init__(self, bound: str, port: int, extra: Iterable[str]) -> None:
        added = {_with_port(name.strip().lower(), port) for name in extra if name.strip()}
        own = {_with_port(name, port) for name in LOOPBACK_NAMES}
        self.allowed = (own | added) if _loopback(bound) or added else set()
        self.sample = ", ".join(sorted(self.allowed))

    def refuses(self, host: str | None) -> str | None:
        """None when `host` (the request's Host header) may be answered, else the sentence saying why not."""
        if not self.allowed or (host is not None and host.strip().lower() in self.allowed):
            return None
        shown = "no Host header" if host is None else f"the Host '{host[:100]}'"
        return (f"This listener answers to {self.sample} only, not to {shown}. "
                "To reach it by another name, add the name to STUDIO_API_HOSTS or the setting api_hosts (docs/control.md).")


class ApiServer:
    def __init__(self, routes: Iterable[web.RouteDef], host: str = "127.0.0.1", port: int = 0,
                 hosts: Iterable[str] = (), setups: Iterable[Callable[[web.Application], None]] = ()) -> None:
        """`hosts`: names the listener answers to besides its loopback ones (see `HostCheck`); `setups` hook into
        the application (startup and shutdown tasks, e.g. the push API's)."""
        self.host = host
        self.port = port  # the bound port once started (0 asks for any free port)
        self._routes = list(routes)
        self._setups = list(setups)
        self._extra_hosts = tuple(hosts)
        self._hosts: HostCheck | None = None  # known once bound
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
        app = web.Application(client_max_size=MAX_BODY, middlewares=[self._guard])
        app.add_routes(self._routes)
        for setup in self._setups:
            setup(app)
        runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=SHUTDOWN_S,
                               logger=_OneLine(logging.getLogger("aiohttp.server")))
        await runner.setup()
        try:
            await web.TCPSite(runner, self.host, self.port).start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        port = runner.addresses[0][1]
        self._hosts = HostCheck(self.host, port, self._extra_hosts)
        return port

    async def _shutdown(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        assert self._hosts is not None  # bound before the first request
        wrong_host = self._hosts.refuses(request.headers.get("Host"))
        if wrong_host:
            return refusal(421, wrong_host, "Host")
        for name, value in request.raw_headers:
            try:
                name.decode("utf-8"), value.decode("utf-8")
            except UnicodeDecodeError:
                header = name.decode("ascii", "replace")
                return refusal(400, f"The header '{header}' is not text in UTF-8.", header)
        try:
            return await handler(request)
        except web.HTTPException:
            raise  # aiohttp's own answers: 404, 405, 413
        except BadInput as bad:
            return refusal(400, bad.message, bad.field)
        except UnicodeDecodeError:
            return refusal(400, f"The body is not text in its charset ({request.charset or 'utf-8'}).")
        except LookupError:  # bytes.decode() with a charset Python does not know
            return refusal(400, f"The body's charset '{request.charset}' is not one studio knows; send UTF-8.")
        except RecursionError:
            return refusal(400, "The body is nested too deeply.")
        except Exception:
            log.exception("%s %s failed", request.method, request.path)
            return refusal(500, "The request could not be handled; the show goes on. studio's log has the details.")


class _OneLine(logging.LoggerAdapter):
    """aiohttp logs each request it cannot parse (a control byte in a header, a bad request line) with a
    traceback before it answers 400 itself: one line is enough, and a client cannot flood stderr with them."""

    def exception(self, msg: object, *args: object, exc_info: object = True, **kwargs: object) -> None:
        self.info(f"{msg}: %s", *args, exc_info, **kwargs)  # type: ignore[arg-type]


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _with_port(name: str, port: int) -> str:
    """'name:port' (IPv6 in brackets), unless the name carries a port already."""
    if name.startswith("["):
        return name if "]:" in name else f"{name}:{port}"
    if name.count(":") > 1:  # a bare IPv6 address
        return f"[{name}]:{port}"
    return name if ":" in name else f"{name}:{port}"
