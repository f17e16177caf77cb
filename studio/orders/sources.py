"""Orders from files and from the simulator, each on a thread of its own, handed to the order desk.

`JsonlFollower` follows JSONL files (a file, or every *.jsonl in a folder) and hands each
complete line over: `JsonlTail` an order in studio's own format (docs/orders.md) to the order
desk; the question and lead feeds are followers too (studio/app/orders.py). Files are read
from the start each time the show starts — what was stored already is recognised and not
stored twice — and a file that shrinks or is replaced is read again from its start.

`OrderSimulator` invents realistic orders for what is on air, arriving at random (a
Poisson process of the given rate), so a rehearsal or the demo shows a living ticker.
"""

from __future__ import annotations

import json
import logging
import random
import uuid
from concurrent.futures import Future, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from studio.rundown.model import Exhibitor
from studio.threads import Worker
from studio.orders.adapters import InvalidOrder, parse_studio
from studio.orders.desk import OrderDesk
from studio.orders.model import Item, Order
from studio.orders.store import Stored

log = logging.getLogger(__name__)

Notify = Callable[[str, str], None]  # (level, sentence) for the director
POLL_S = 0.5
MAX_LINE = 1024 * 1024  # bytes: a longer line is no order (the HTTP intake's limit too)
_Taken = tuple[str, Future[Any]]  # FILE:LINE:1 of a line handed over (an order to the desk), and its answer


@dataclass
class _Position:
    offset: int = 0
    line: int = 0
    inode: int | None = None
    skipping: bool = False  # inside a line too long to be an order


class JsonlFollower(Worker):
    """Follows JSONL files and hands each complete line to `take`, which parses it (InvalidOrder, the payload's
    sentence, for a line that cannot be taken) and returns its commit; `noun` says what a line is ("order")."""

    def __init__(self, noun: str, paths: tuple[Path, ...], take: Callable[[bytes], Future[Any]], notify: Notify,
                 poll_s: float = POLL_S) -> None:
        super().__init__(f"{noun}s-jsonl", POLL_S)
        self.noun = noun
        self.take = take
        self._paths = paths
        self._notify = notify
        self._poll_s = poll_s
        self._positions: dict[Path, _Position] = {}
        self._missing_told: set[Path] = set()

    def step(self) -> float:
        self.poll()
        return self._poll_s

    def poll(self) -> int:
        """Read what was appended since the last poll; returns how many lines were handed over (after their commits)."""
        taken: list[_Taken] = []
        for path in self._files():
            taken += self._read(path)
        wait([future for _, future in taken])
        failed = [future.exception() for _, future in taken if future.exception() is not None]
        if failed:
            self._notify("error", f"{len(failed)} {self.noun}s from files could not be stored ({failed[0]}); "
                                  "they will be read again at the next start.")
        for where, future in taken:
            if future.exception() is None and isinstance(future.result(), Stored) and future.result().amended:
                self._notify("warning", f"{where}: the {self.noun} {future.result().order_id} was stored before with "
                                        "other contents; the first one is kept.")
        return len(taken)

    def _files(self) -> list[Path]:
        files = []
        for path in self._paths:
            if path.is_dir():
                files += sorted(p for p in path.glob("*.jsonl") if p.is_file())
            elif path.is_file():
                files.append(path)
            elif path not in self._missing_told:
                self._missing_told.add(path)
                self._notify("warning", f"The {self.noun} file {path} does not exist yet; it is read as soon as it appears.")
        return files

    def _read(self, path: Path) -> list[_Taken]:
        try:
            stat = path.stat()
            position = self._positions.setdefault(path, _Position())
            if position.inode != stat.st_ino or stat.st_size < position.offset:  # new, replaced or truncated
                self._positions[path] = position = _Position(inode=stat.st_ino)
            if stat.st_size == position.offset:
                return []
            with path.open("rb") as file:
                file.seek(position.offset)
                return self._lines(path, file, position)
        except OSError as exc:
            self._notify("warning", f"Cannot read the {self.noun} file {path}: {exc.strerror or exc}.")
            return []

    def _lines(self, path: Path, file, position: _Position) -> list[_Taken]:
        taken = []
        while (line := file.readline(MAX_LINE + 1)).endswith(b"\n") or len(line) > MAX_LINE:
            position.offset += len(line)
            if position.skipping or len(line) > MAX_LINE:  # the rest of an overlong line, or its start
                position.skipping = not line.endswith(b"\n")
                if not position.skipping:
                    position.line += 1
                    self._notify("warning", f"{path}:{position.line}:1: the line is longer than 1 MiB; skipped.")
                continue
            position.line += 1
            if not line.strip():
                continue
            try:
                taken.append((f"{path}:{position.line}:1", self.take(line.strip())))
            except InvalidOrder as exc:
                self._notify("warning", f"{path}:{position.line}:1: {exc.message}")
        return taken


class JsonlTail(JsonlFollower):
    """Orders in studio's own format, one a line (docs/orders.md), handed to the order desk."""

    def __init__(self, paths: tuple[Path, ...], desk: OrderDesk, notify: Notify, poll_s: float = POLL_S) -> None:
        super().__init__("order", paths, lambda line: desk.take(parse_studio(line, source="jsonl")), notify, poll_s)


CUSTOMERS = (
    "Garage Dupont", "Carrosserie Martin", "Garage du Centre", "Auto Service Lefèvre", "Pneus Express Lyon",
    "Garage Moreau & Fils", "Atelier Mécanique Bernard", "Centre Auto Girard", "Garage de la Gare",
    "Carrosserie Roux", "Euro Garage Nantes", "Garage Fournier", "Auto Bilan Marseille", "Garage des Alpes",
    "Méca Pro Lille", "Carrosserie du Lac", "Garage Petit Rennes", "Speed Pneus Bordeaux", "Garage Lambert",
    "Autohaus Keller Strasbourg",
)
BACKGROUND_SHARE = 0.25  # with no exhibitor on air, this share of arrivals still orders something


class OrderSimulator(Worker):
    def __init__(self, per_minute: float, desk: OrderDesk, rng: random.Random | None = None) -> None:
        super().__init__("orders-simulator", POLL_S)
        self._rate = per_minute / 60.0
        self._desk = desk
        self._rng = rng or random.Random()
        self._run_id = uuid.uuid4().hex[:8]  # a restarted simulator never replays an earlier run's ids
        self._count = 0

    def step(self) -> float:
        order = self.next_order()
        if order is not None:
            self._desk.take(order)
        return self._rng.expovariate(self._rate)

    def next_order(self) -> Order | None:
        """An order for the products of the exhibitor on air (or just aired); None when no one is selling."""
        exhibitor = self._selling()
        if exhibitor is None:
            return None
        lines = 1 if self._rng.random() < 0.75 or len(exhibitor.products) < 2 else 2
        items = tuple(
            Item(product.sku, self._rng.choices((1, 2, 3), weights=(80, 15, 5))[0],
                 product.price if product.price is not None else self._rng.randrange(90, 4900, 10))
            for product in self._rng.sample(exhibitor.products, lines))
        self._count += 1
        order_id = f"{self._run_id}-{self._count}"
        customer = self._rng.choice(CUSTOMERS)
        amount = round(sum(item.qty * item.price for item in items), 2)
        currency = self._desk.rundown.show.currency
        raw = json.dumps({"id": order_id, "amount": amount, "currency": currency, "customer": customer,
                          "items": [{"sku": i.sku, "qty": i.qty, "price": i.price} for i in items]}, ensure_ascii=False)
        return Order(order_id, "simulator", amount, currency, items, customer=customer,
                     placed_at=self._desk.now(), raw=raw)

    def _selling(self) -> Exhibitor | None:
        rundown = self._desk.rundown
        sellers = [e for e in rundown.exhibitors.values() if e.products]
        credit = self._desk.attributor.credit_at(self._desk.now())
        on_air = rundown.exhibitors.get(credit.exhibitor_id or "")
        if on_air is not None and on_air.products:
            return on_air
        if sellers and self._rng.random() < BACKGROUND_SHARE:
            return self._rng.choice(sellers)
        return None
