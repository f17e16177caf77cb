"""The rundown's shop keys: read into the model, and every mistake at its FILE:LINE:COL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studio.rundown.loader import check_rundown, load_rundown
from studio.rundown.model import ShopAction
from studio.spreadsheet.exporting import export_rundown

ROOT = Path(__file__).resolve().parents[2]
HEAD = """\
show: {title: Garage night, start: "19:30"}
exhibitors:
  - id: serenco
    name: Serenco
    target: 20000
    products:
      - {sku: SER-1, name: Pont 3T, price: 3490, stock: 12}
segments:
  - id: pitch
    title: Pitch
    exhibitor: serenco
    duration: 4m
"""
ACTION = """\
    shop:
      - name: open promo
        url: {url}
        secret: {secret}
        body: {body}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "show.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str) -> list[str]:
    rundown, found = check_rundown(write(tmp_path, text))
    assert rundown is None
    return [str(p) for p in found]


def with_action(url: str = "https://shop.example/hooks/promo", secret: str = "SERENCO_SHOP_SECRET",
                body: str = '{action: open, code: LIFT10, at: "{time}"}') -> str:
    return HEAD + ACTION.format(url=url, secret=secret, body=body)


def test_the_keys_are_read(tmp_path: Path) -> None:
    text = with_action() + """\
      - {on: end, url: "http://127.0.0.1:8080/close", secret: S2}
    cues:
      - at: 3m
        shop: [{url: "https://shop.example/banner", secret: S2}]
"""
    rundown = load_rundown(write(tmp_path, text))
    serenco, pitch = rundown.exhibitors["serenco"], rundown.segments[0]
    assert (serenco.target, serenco.products[0].stock) == (20000.0, 12)
    opening, closing = pitch.shop
    assert opening == ShopAction("https://shop.example/hooks/promo", "SERENCO_SHOP_SECRET", "start",
                                 json.dumps({"action": "open", "code": "LIFT10", "at": "{time}"}), "open promo")
    assert (closing.on, closing.body, closing.name) == ("end", "", "")
    assert pitch.cues[0].shop == (ShopAction("https://shop.example/banner", "S2"),)


@pytest.mark.parametrize(("action", "where", "words"), [
    (dict(url="ftp://shop.example/x"), (15, 14), "bad URL 'ftp://shop.example/x' (write it like https://"),
    (dict(url="shop.example/hooks"), (15, 14), "bad URL 'shop.example/hooks'"),
    (dict(secret="'s3cr3t key!'"), (16, 17), "is not the name of an environment variable (like SERENCO_SHOP_SECRET): "
                                             "the rundown names the secret, it never holds it"),
    (dict(body='{code: "{segmnt}"}'), (17, 15), "unknown placeholder {segmnt} in the body (did you mean 'segment'?)"),
    (dict(body="open"), (17, 15), "'body' should be a mapping (key: value lines), not text"),
])
def test_a_bad_action_is_located(tmp_path: Path, action: dict, where: tuple[int, int], words: str) -> None:
    found = problems(tmp_path, with_action(**action))
    assert len(found) == 1 and f"show.yaml:{where[0]}:{where[1]}: " in found[0] and words in found[0], found


def test_a_cue_action_has_no_on_and_every_action_needs_a_url_and_a_secret(tmp_path: Path) -> None:
    text = HEAD + """\
    cues:
      - at: 1m
        shop:
          - {on: start, url: "https://shop.example/x", secret: S}
          - {url: "https://shop.example/x"}
"""
    found = problems(tmp_path, text)
    assert any(":16:14: a cue's shop action is sent at the cue's 'at': remove 'on'" in p for p in found), found
    assert any(":17:13: shop action 2 is missing 'secret'" in p for p in found), found


@pytest.mark.parametrize(("stock", "words"), [("-1", "'stock' cannot be less than 0"),
                                              ("2.5", "'stock' should be a whole number"),
                                              ("lots", "'stock' should be a whole number, not text")])
def test_stock_is_a_whole_number(tmp_path: Path, stock: str, words: str) -> None:
    found = problems(tmp_path, HEAD.replace("stock: 12", f"stock: {stock}"))
    assert len(found) == 1 and ":7:57: " in found[0] and words in found[0], found


def test_a_target_is_money(tmp_path: Path) -> None:
    found = problems(tmp_path, HEAD.replace("target: 20000", "target: -5"))
    assert found == [f"{tmp_path / 'show.yaml'}:5:13: 'target' cannot be less than 0"]


def test_a_csv_export_says_it_leaves_the_shop_actions_out(tmp_path: Path) -> None:
    rundown = load_rundown(ROOT / "tests/data/rundowns/every-key.yaml")
    left_out = export_rundown(rundown, tmp_path / "plan.csv")
    assert "2 cues, " in left_out[0] and ", 2 shop actions, " in left_out[0] and left_out[0].endswith(
        "are left out (export to .xlsx to keep everything)")
