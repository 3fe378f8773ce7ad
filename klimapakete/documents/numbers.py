"""Numbers as a document in a given language writes them: "1.234,5" and "18,00 %" in
German, "1,234.5" and "18.00%" in English. Pure (no Django), so document builders and
templates outside a request format numbers the same way.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

# (decimal separator, thousands separator, percent pattern) per language.
_STYLES = {
    "de": (",", ".", "{} %"),
    "en": (".", ",", "{}%"),
}
NBSP = "\u00a0"


def _style(language: str) -> tuple[str, str, str]:
    return _STYLES.get((language or "en")[:2].lower(), _STYLES["en"])


def format_number(
    value: float | int | Decimal, language: str, *, decimals: int | None = None
) -> str:
    """``value`` with the language's separators.

    ``decimals`` fixes the number of decimal places (rounded half up); ``None`` shows as
    many as the value has (``12.5`` → "12,5", ``18.0`` → "18").
    """
    decimal_sep, thousands_sep, _ = _style(language)
    number = Decimal(str(value))
    if decimals is not None:
        number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        text = f"{abs(number):f}"
    else:
        text = f"{abs(number).normalize():f}"
    whole, _, fraction = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    grouped = thousands_sep.join([whole, *groups])
    sign = "-" if number < 0 and any(d not in "0." for d in text) else ""
    return sign + grouped + (decimal_sep + fraction if fraction else "")


def format_percent(
    value: float | int | Decimal, language: str, *, decimals: int | None = None
) -> str:
    """``value`` (already in percent: 18 means 18 %) with the language's percent sign,
    separated by a no-break space where the language puts a space ("18,00 %")."""
    pattern = _style(language)[2].replace(" ", NBSP)
    return pattern.format(format_number(value, language, decimals=decimals))
