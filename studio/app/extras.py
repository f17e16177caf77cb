"""Services from optional extras (redis-py, psycopg), loaded only when a show asks for them; without the
package the director is told how to install it and the show goes on without the service."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from studio.central.config import CentralConfig
from studio.relay.stream import INSTALL_BROKER, StreamConfig
from studio.storage.writer import Writer
from studio.threads import Worker

if TYPE_CHECKING:
    from studio.leads.desk import LeadDesk
    from studio.orders.desk import OrderDesk
    from studio.questions.board import QuestionBoard

Tell = Callable[[str, str], None]  # (level, sentence) for the director
Record = Callable[[str, dict[str, Any]], None]  # (kind, detail): an as-run event, from any thread


def stream_feed(config: StreamConfig, desk: OrderDesk, tell: Tell, record: Record, leads: LeadDesk | None = None,
                board: QuestionBoard | None = None) -> Worker | None:
    """The show's service reading the relay's stream (orders, and leads and questions for `leads` and `board`), or None
    (after telling the director why) without redis-py."""
    try:
        from studio.relay.consumer import StreamFeed, takers
    except ImportError:
        tell("error", f"Orders from the relay cannot be read: redis-py is not installed ({INSTALL_BROKER}).")
        return None
    return StreamFeed(config, takers(desk, leads, board), tell, record)


def shipper(config: CentralConfig, writer: Writer, tell: Tell) -> Worker | None:
    """The show's shipping service, or None (after telling the director why) without psycopg."""
    try:
        from studio.central.shipper import Shipper
    except ImportError:
        tell("error", "The as-run log cannot be sent to the event's database: psycopg is not installed "
                      "(pip install 'studio[central]').")
        return None
    return Shipper(config, writer, tell)
