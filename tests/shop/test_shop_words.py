"""What screens say of stock and targets, and how a body template is filled in: pure functions, edge cases."""

from __future__ import annotations

import json

import pytest

from studio.rundown.model import ShopAction
from studio.shop.actions import Retry, body_of
from studio.shop.stock import ExhibitorShop, ProductStock


@pytest.mark.parametrize(("stock", "sold", "left", "status", "words"), [
    (12, 0, 12, "in_stock", "12 left"), (12, 6, 6, "in_stock", "6 left"), (12, 7, 5, "low", "only 5 left"),
    (3, 2, 1, "low", "only 1 left"), (3, 3, 0, "sold_out", "sold out"), (3, 9, 0, "sold_out", "sold out"),
    (0, 0, 0, "sold_out", "sold out"),
])
def test_stock_words(stock: int, sold: int, left: int, status: str, words: str) -> None:
    product = ProductStock("SKU", "Lift", stock, sold)
    assert (product.left, product.status, product.words) == (left, status, words)


def test_target_words_in_the_show_s_locale() -> None:
    assert ExhibitorShop("a", "A", 5000.0, 1250.0, ()).target_words("EUR", "en-GB") == "€1,250 of €5,000 target · 25 %"
    met = ExhibitorShop("a", "A", 5000.0, 5000.0, ())
    assert (met.met, met.target_words("EUR", "en-GB")) == (True, "Target met: €5,000 of €5,000 · 100 %")
    none = ExhibitorShop("a", "A", None, 900.0, ())
    assert (none.met, none.share, none.target_words("EUR", "en-GB")) == (None, None, "")


def test_a_body_template_is_filled_in_everywhere_and_a_missing_value_is_empty() -> None:
    template = {"code": "LIFT10", "note": "{segment} at {time}", "tags": ["{exhibitor}", 3, {"who": "{exhibitor_name}"}],
                "n": 2.5, "flag": True}
    action = ShopAction("http://shop.example/x", "S", body=json.dumps(template))
    fields = {"segment": "pitch", "time": "2026-11-05T18:01:00.000+00:00", "exhibitor": None, "exhibitor_name": None}
    assert json.loads(body_of(action, fields)) == {
        "code": "LIFT10", "note": "pitch at 2026-11-05T18:01:00.000+00:00", "tags": ["", 3, {"who": ""}], "n": 2.5,
        "flag": True}


def test_backoff_doubles_up_to_its_ceiling_with_jitter() -> None:
    retry = Retry(first_s=1.0, most_s=8.0)
    for attempt, ceiling in ((1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (9, 8.0)):
        waits = [retry.wait_after(attempt) for _ in range(200)]
        assert ceiling / 2 <= min(waits) and max(waits) <= ceiling and max(waits) - min(waits) > ceiling / 10
