"""The relay: the shops' public endpoint, in front of the studios.

It takes the same requests as a studio's own intake (studio/api/intake.py) and its lead and
question routes (studio/relay/posts.py), checks them the same way and in the same order (size,
secret, signature, payload) with the same schemes, adapters and parsers, and appends each
verified one to a Redis stream. The shop hears 202 only
once XADD has returned, so a 2xx always means the order is in the broker; it stays there
until a studio has committed it to its own database. With Redis unreachable the answer is
503 and the shop sends it again later.
"""

from __future__ import annotations

from functools import partial
from typing import Awaitable, Callable, Iterable

import redis.asyncio
from aiohttp import web
from redis.exceptions import RedisError

from studio.api.intake import INTAKES, Intake, Refused, RefusalNotices, signed_body, verified_order
from studio.api.server import ApiServer
from studio.orders.adapters import InvalidOrder
from studio.orders.signatures import STUDIO
from studio.relay.posts import POSTS, Post
from studio.relay.stream import BODY, INTAKE

Notify = Callable[[str, str], None]  # (level, sentence) for whoever runs the relay


class Relay:
    """An HTTP listener on `host:port` queuing verified orders, leads and questions on `stream` at `redis_url`."""

    def __init__(self, redis_url: str, stream: str, secret: str | None, notify: Notify,
                 host: str = "127.0.0.1", port: int = 0, hosts: Iterable[str] = ()) -> None:
        """`hosts`: the public names a proxy in front passes as Host (see studio/api/server.py's HostCheck)."""
        self.redis_url = redis_url
        self.stream = stream
        self._secret = secret
        self._notify = notify
        self._clients: list[redis.asyncio.Redis] = []  # made on the listener's loop, at the first request
        orders = RefusalNotices(notify)
        routes = [web.post(intake.path, self._handler(intake.path, orders, partial(self._queue, intake=intake)))
                  for intake in INTAKES]
        routes += [web.post(post.path, self._handler(post.path, RefusalNotices(notify, what=f"a {post.noun}"),
                                                     partial(self._queue_post, post=post)))
                   for post in POSTS]
        self.server = ApiServer(routes, host, port, hosts, setups=[lambda app: app.on_cleanup.append(self._close_client)])

    def start(self) -> None:
        """Bind and serve; raises OSError (port in use, bad host)."""
        self.server.start()

    def stop(self) -> None:
        self.server.stop()

    @property
    def url(self) -> str:
        return self.server.url

    @staticmethod
    def _handler(path: str, notices: RefusalNotices,
                 queue: Callable[[web.Request], Awaitable[web.Response]]) -> Callable[[web.Request], Awaitable[web.Response]]:
        async def handle(request: web.Request) -> web.Response:
            try:
                return await queue(request)
            except Refused as refusal:
                notices.refused(path, request.remote, refusal)
                return web.json_response({"error": refusal.message, "field": refusal.field}, status=refusal.status)
        return handle

    async def _queue(self, request: web.Request, intake: Intake) -> web.Response:
        verified = await verified_order(request, intake, self._secret, self._notify)
        if isinstance(verified, web.Response):
            return verified
        body, order = verified
        entry = await self._append(intake.path, body, "order")
        return web.json_response({"status": "queued", "source": order.source, "order": order.order_id, "entry": entry},
                                 status=202)

    async def _queue_post(self, request: web.Request, post: Post) -> web.Response:
        """A lead or a question: signed like our orders, parsed as the studio parses it, then queued."""
        body = await signed_body(request, STUDIO, self._secret)
        try:
            parsed = post.parse(body)
        except InvalidOrder as exc:
            raise Refused(400, exc.message, exc.field) from None
        entry = await self._append(post.path, post.queued(body, parsed), post.noun)
        return web.json_response({"status": "queued", post.noun: post.key(parsed), "entry": entry}, status=202)

    async def _append(self, path: str, body: bytes, noun: str) -> str:
        """XADD the verified body under the path it was posted to; Refused 503 while Redis cannot take it."""
        try:
            entry = await self._client().xadd(self.stream, {INTAKE: path, BODY: body})
        except (RedisError, OSError) as exc:
            raise Refused(503, f"The {noun} could not be queued ({exc}); send it again.") from None
        return entry.decode() if isinstance(entry, bytes) else str(entry)

    async def _close_client(self, app: web.Application) -> None:
        """The listener is closing: the Redis client's connections close on its loop, before the loop ends."""
        clients, self._clients = self._clients, []
        for client in clients:
            await client.aclose()

    def _client(self) -> redis.asyncio.Redis:
        if not self._clients:
            self._clients.append(redis.asyncio.Redis.from_url(self.redis_url, socket_timeout=5, socket_connect_timeout=5))
        return self._clients[0]

