"""The lead desk: attributes each lead like an order and stores it through the show's one writer.

A lead is credited on the caller's thread by the order desk's `Attributor` (the exhibitor it names,
else the one whose product it asks about, else the one on air; the segment on air when it was
placed, with the same grace after a pitch), then committed on the writer's work lane before it is
acknowledged. Each new lead (not a replay) is published on the show loop as `LeadReceived`, with no
personal data. A buyer's contact is kept from a new order that carries consent in the order's own
commit (`OrderDesk.with_each`): acknowledged together, or refused together.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from concurrent.futures import Future
from typing import Callable

from studio.orders.desk import OrderDesk
from studio.orders.model import AcceptedOrder
from studio.orders.store import Stored
from studio.show.clock import Clock
from studio.show.events import EventBus, LeadReceived
from studio.storage.writer import Writer, refusal
from studio.leads.model import AcceptedLead, Lead
from studio.leads.parsing import order_contact
from studio.leads.store import count_leads, create_leads_table, insert_one

log = logging.getLogger(__name__)
CONSENT_WORDS = re.compile(r'"(consent|marketing_consent|buyer_accepts_marketing|accepts_marketing|email_marketing_consent)"')


class LeadDesk:
    def __init__(self, orders: OrderDesk, writer: Writer, bus: EventBus, post: Callable[[Callable[[], None]], None],
                 clock: Clock) -> None:
        """`orders` lends its attribution (on-air timeline, rundown); `post` runs work on the show loop."""
        self._orders = orders
        self._writer = writer
        self._bus = bus
        self._post = post
        self._clock = clock
        self.count = 0  # leads of the show so far, on the show loop
        writer.call(create_leads_table)
        orders.with_each.append(self._keep_contact)

    def take(self, lead: Lead) -> Future[Stored]:
        """Attribute and store a lead; the future resolves once it is committed (or fails to be)."""
        accepted = self.accept(lead)

        def settle(done: Future[Stored | Exception]) -> None:
            result = done.exception() or done.result()
            if isinstance(result, BaseException):
                stored.set_exception(result)
                return
            stored.set_result(result)
            if result.new:
                self._post(lambda: self._publish(accepted))

        stored: Future[Stored] = Future()
        self._writer.submit(lambda db: insert_one(db, accepted)).add_done_callback(settle)
        return stored

    def accept(self, lead: Lead) -> AcceptedLead:
        """The lead credited to an exhibitor and a segment, exactly as an order would be."""
        attributor = self._orders.attributor
        received = self._orders.now()
        named = lead.exhibitor or self._exhibitor_of(lead.product)
        credit = attributor.credit_at(attributor.moment(lead.placed_at, received), named)
        return AcceptedLead(lead, received, credit.exhibitor_id, credit.segment_id, attributor.timeline.show_id)

    def resume(self, show_id: int) -> None:
        """A resumed show counts its leads from the table."""
        self.count = count_leads(self._writer.path, show_id)

    def close(self) -> None:
        self._orders.with_each.remove(self._keep_contact)

    # ----- internals ----------------------------------------------------------------------

    def _exhibitor_of(self, product: str | None) -> str | None:
        """The exhibitor whose product (SKU or name, any case) the lead asks about."""
        wanted = (product or "").casefold()
        for exhibitor in self._orders.rundown.exhibitors.values():
            if wanted and any(wanted in (item.sku.casefold(), item.name.casefold()) for item in exhibitor.products):
                return exhibitor.id
        return None

    def _publish(self, accepted: AcceptedLead) -> None:
        """On the show loop: count the lead and say so, without a word of personal data."""
        self.count += 1
        self._bus.publish(LeadReceived(self._clock.monotonic(), accepted.lead.kind, accepted.exhibitor_id,
                                       accepted.segment_id, self.count))

    def _keep_contact(self, db: sqlite3.Connection, accepted: AcceptedOrder) -> None:
        """On the writer, in the order's own commit: keep its buyer's contact if the order carries consent."""
        if not CONSENT_WORDS.search(accepted.order.raw):  # most orders: not even parsed
            return
        try:
            lead = order_contact(accepted.order)
        except Exception as exc:  # a payload no one foresaw: never the order's failure, which is taken all the same
            log.warning("the buyer's contact of a %s order could not be read: %s", accepted.order.source,
                        type(exc).__name__)
            return
        if lead is None:
            return
        result = insert_one(db, AcceptedLead(lead, accepted.received_at, accepted.exhibitor_id, accepted.segment_id,
                                             accepted.show_id))
        if isinstance(result, Exception):
            if refusal(result):
                raise result  # the database refuses: the order is refused with it, the shop sends both again
            log.warning("the buyer's contact of a %s order was not kept: %s", accepted.order.source,
                        type(result).__name__)
