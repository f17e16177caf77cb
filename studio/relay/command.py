"""`studio relay`: the shops' public endpoint, queuing verified orders, leads and questions on a Redis stream for the
studios; and `studio forget`, which reaches that stream with --orders-redis."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from typing import Any

from studio.config.settings import secret
from studio.leads.command import NOT_AN_ADDRESS, forget_command
from studio.leads.command import register_forget as register_forget_in_database
from studio.orders.config import NO_SECRET, SECRET_ENV, api_hosts
from studio.relay.stream import INSTALL_BROKER, check_redis_url, redis_address, safe_url, stream_name

DEFAULT_PORT = 8418


def register(commands: Any) -> None:
    relay = commands.add_parser("relay", help="take the shops' webhooks, leads and audience questions on a public "
                                              "address and queue them on a Redis stream for the studios "
                                              "(docs/deployment.md)")
    relay.add_argument("--redis", required=True, type=redis_url, metavar="redis://HOST:PORT/DB",
                       help="the Redis server holding the orders stream (leads and questions ride it too)")
    relay.add_argument("--stream", metavar="NAME", help="the stream (default: the setting orders_redis_stream, "
                                                        "'studio-orders'); one stream a stage")
    relay.add_argument("--host", default="127.0.0.1", help="listen on this address (0.0.0.0: every interface; put "
                                                          "a TLS proxy in front of it)")
    relay.add_argument("--port", type=int, default=DEFAULT_PORT, metavar="N", help=f"listen on this port (default {DEFAULT_PORT}; 0: any free one)")
    relay.set_defaults(handler=_relay)


def register_forget(commands: Any) -> None:
    """`studio forget EMAIL`: the database (studio/leads/command.py), and with --orders-redis the relay's stream."""
    erase = register_forget_in_database(commands)
    erase.add_argument("--orders-redis", type=redis_url, metavar="redis://HOST:PORT/DB",
                       help="also delete the person's entries from the relay's stream there (those every studio has "
                            "stored; default: the setting orders_redis; docs/leads.md)")
    erase.add_argument("--stream", action="append", default=[], metavar="NAME",
                       help="that stream (repeatable, one a stage; default: the setting orders_redis_stream)")
    erase.set_defaults(handler=_forget)


def redis_url(text: str) -> str:
    try:
        return check_redis_url(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _relay(args: argparse.Namespace) -> int:
    try:
        from studio.relay.service import Relay  # redis-py: the optional extra 'broker'
    except ImportError:
        print(f"studio: the relay needs redis-py: {INSTALL_BROKER}", file=sys.stderr)
        return 2
    shared = secret(SECRET_ENV, "orders")
    if not shared:
        print(f"studio: {NO_SECRET}", file=sys.stderr)
        return 2
    relay = Relay(args.redis, args.stream or stream_name(), shared, _say, args.host, args.port, api_hosts())
    try:
        relay.start()
    except OSError as exc:
        print(f"studio: port {args.port} on {args.host} cannot be opened ({exc.strerror or exc})", file=sys.stderr)
        return 1
    print(f"Relay: orders are received on {relay.url}/orders, /webhooks/woocommerce and /webhooks/shopify, leads on "
          f"/leads and audience questions on /questions, queued on {safe_url(args.redis)} stream {relay.stream}.",
          flush=True)
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    try:
        while not stopped.wait(0.5):
            pass
    finally:
        relay.stop()
    return 0


def _forget(args: argparse.Namespace) -> int:
    """The database first, then each stream: what can be erased is, and what could not is said."""
    redis = redis_address(args.orders_redis)
    if args.stream and redis is None:
        print("studio: --stream names a stream of the relay: give its Redis with --orders-redis", file=sys.stderr)
        return 2
    status = forget_command(args)
    if status == NOT_AN_ADDRESS or redis is None:
        return status
    try:
        from redis.exceptions import RedisError

        from studio.relay.forget import forget_in_stream  # redis-py: the optional extra 'broker'
    except ImportError:
        print(f"studio: the relay's stream cannot be reached without redis-py: {INSTALL_BROKER}", file=sys.stderr)
        return 1
    for stream in args.stream or [stream_name()]:
        try:
            print(forget_in_stream(redis, stream, args.email).sentence(redis))
        except (RedisError, OSError) as exc:
            print(f"studio: {safe_url(redis)}: nothing was deleted from the stream {stream}: {exc}",
                  file=sys.stderr)
            status = 1
    return status


def _say(level: str, sentence: str) -> None:
    print(f"{level}: {sentence}", file=sys.stderr, flush=True)
