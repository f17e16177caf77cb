"""Leads from JSONL files (a landing page's or a CRM's export appends one lead a line, our format:
docs/leads.md), followed like the order files (studio/orders/sources.py) and handed to the lead desk."""

from __future__ import annotations

from pathlib import Path

from studio.leads.desk import LeadDesk
from studio.leads.parsing import parse_lead
from studio.orders.sources import POLL_S, JsonlFollower, Notify


class LeadFeed(JsonlFollower):
    def __init__(self, paths: tuple[Path, ...], desk: LeadDesk, notify: Notify, poll_s: float = POLL_S) -> None:
        super().__init__("lead", paths, lambda line: desk.take(parse_lead(line, source="jsonl")), notify, poll_s)
