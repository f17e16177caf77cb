"""Durations as people write them in a rundown, and as the clocks show them."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studio.rundown.durations import DAY, format_duration, parse_duration, spoken_duration


@pytest.mark.parametrize(
    ("written", "seconds"),
    [
        ("4m30s", 270),
        ("90s", 90),
        ("1:30", 90),
        ("1h5m", 3900),
        ("1:02:30", 3750),
        ("2h", 7200),
        ("0s", 0),
        ("2.5s", 2.5),
        (" 4M 30S ", 270),
        ("0:05", 5),
        (90, 90),
        (1.5, 1.5),
        (0, 0),
    ],
)
def test_parse(written: object, seconds: float) -> None:
    assert parse_duration(written) == seconds


@pytest.mark.parametrize("written", ["", "4m30", "m", "1:60", "1:2", "-5s", "five", "1h 5", "4:30:", [1], None])
def test_parse_rejects_with_a_hint(written: object) -> None:
    with pytest.raises(ValueError, match=r"write it like 4m30s, 90s, 1:30 or 1h5m"):
        parse_duration(written)


@pytest.mark.parametrize(("written", "phrase"), [(-5, "cannot be negative"), (True, "bad duration True")])
def test_parse_rejects_negative_numbers_and_booleans(written: object, phrase: str) -> None:
    with pytest.raises(ValueError, match=phrase):
        parse_duration(written)


@pytest.mark.parametrize(
    ("seconds", "sign", "shown"),
    [
        (0, False, "00:00"),
        (59.4, False, "00:59"),
        (59.6, False, "01:00"),
        (270, False, "04:30"),
        (3600, False, "1:00:00"),
        (3750, False, "1:02:30"),
        (-90, False, "-01:30"),
        (90, True, "+01:30"),
        (-90, True, "-01:30"),
        (0, True, "+00:00"),
    ],
)
def test_format(seconds: float, sign: bool, shown: str) -> None:
    assert format_duration(seconds, sign=sign) == shown


@given(st.integers(min_value=0, max_value=int(DAY)))
def test_a_formatted_whole_second_value_parses_back(seconds: int) -> None:
    assert parse_duration(format_duration(seconds)) == seconds


@given(st.integers(min_value=0, max_value=23), st.integers(min_value=0, max_value=59), st.integers(min_value=0, max_value=59))
def test_units_and_clock_forms_agree(hours: int, minutes: int, secs: int) -> None:
    expected = hours * 3600 + minutes * 60 + secs
    assert parse_duration(f"{hours}h{minutes}m{secs}s") == expected
    assert parse_duration(f"{hours}:{minutes:02d}:{secs:02d}") == expected


def test_spoken_duration() -> None:
    assert [spoken_duration(s) for s in (0, 45, 90, 3600, 3930, 3905)] == ["0s", "45s", "1m30s", "1h", "1h5m30s", "1h5m5s"]


@given(st.integers(min_value=0, max_value=int(DAY)))
def test_spoken_duration_reads_back_as_the_same_duration(seconds: int) -> None:
    assert parse_duration(spoken_duration(seconds)) == seconds
    assert re.fullmatch(r"(\d+h)?(\d+m)?(\d+s)?", spoken_duration(seconds))



@pytest.mark.parametrize(
    ("written", "phrase"),
    [
        (1e300, "duration 1e+300 is longer than a day"),
        ("99999999999999999999h", "duration 99999999999999999999h is longer than a day"),
        ("9" * 5000 + "h", "is longer than a day"),  # past Python's 4,300 digits for int()
        (10**400, "is longer than a day"),
        ("24h1s", "duration 24h1s is longer than a day"),
        (float("inf"), "duration inf is longer than a day"),
        (float("nan"), "bad duration nan: it is not a number"),
    ],
)
def test_parse_refuses_what_no_show_can_mean(written: object, phrase: str) -> None:
    with pytest.raises(ValueError, match=re.escape(phrase)):
        parse_duration(written)


def test_a_whole_day_is_the_longest_duration() -> None:
    assert parse_duration("24h") == parse_duration("23:59:59") + 1 == DAY


@given(st.integers(min_value=int(DAY) + 1, max_value=10**30))
def test_anything_longer_than_a_day_is_refused(seconds: int) -> None:
    for written in (seconds, spoken_duration(seconds)):
        with pytest.raises(ValueError, match="longer than a day"):
            parse_duration(written)


def test_a_huge_value_is_quoted_short() -> None:
    with pytest.raises(ValueError) as raised:
        parse_duration("x" * 100_000)
    assert len(str(raised.value)) < 200
