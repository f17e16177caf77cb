"""Money as the show's locale writes it (Babel).

Babel and the locale's data (about 35 ms) load at the first amount written, not at import: the
console writes none before its first order and warms them up once it runs (ui/widgets/ticker.py).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel import Locale


def format_money(amount: float, currency: str, locale: str) -> str:
    """fr-FR: "3 490 €" for whole amounts, "3 490,50 €" otherwise; en-GB: "€3,490".

    The spaces are the locale's own (narrow no-break in French). A locale or currency Babel
    does not know falls back to "3490.00 EUR"; this never raises.
    """
    from babel import UnknownLocaleError
    from babel.numbers import format_currency

    try:
        pattern = _whole_pattern(locale) if round(amount, 2) == round(amount) else None
        return format_currency(amount, currency, locale=_locale(locale), format=pattern,
                               currency_digits=pattern is None)
    except (ValueError, TypeError, LookupError, UnknownLocaleError):
        return f"{amount:.2f} {currency}"


@lru_cache(maxsize=32)
def _locale(tag: str) -> Locale:
    from babel import Locale

    return Locale.parse(tag.replace("-", "_"))


@lru_cache(maxsize=32)
def _whole_pattern(tag: str) -> str:
    """The locale's currency pattern without its decimals: "#,##0.00 ¤" -> "#,##0 ¤"."""
    pattern = _locale(tag).currency_formats["standard"].pattern
    return pattern.split(";")[0].replace(".00", "")
