"""Numbers, money and dates as a Chinese or an English reader expects them.

Chinese readers count large figures in 万 and 亿 (45.26万元); English readers
get grouped digits (¥452,600). Babel holds the locale rules.
"""

from __future__ import annotations

import unicodedata

from datetime import date

from functools import lru_cache

from babel.dates import format_date
from babel.numbers import (format_compact_decimal, format_decimal, get_decimal_symbol,
                           get_group_symbol)

LOCALES = {"zh": "zh_Hans_CN", "en": "en"}


@lru_cache(maxsize=None)
def _symbols(lang: str) -> tuple[str, str]:
    locale = LOCALES[lang]
    return get_group_symbol(locale), get_decimal_symbol(locale)


def number(value, lang: str = "zh", digits: int = 1) -> str:
    """A figure with grouping and at most `digits` decimals: 21,405.5.

    Babel supplies the locale's symbols; Python does the formatting, because
    a large site formats hundreds of thousands of figures.
    """
    if value is None:
        return ""
    text = f"{value:,.{digits}f}" if digits else f"{round(value):,}"
    if digits and "." in text:
        text = text.rstrip("0").rstrip(".")
    group, decimal = _symbols(lang)
    if (group, decimal) != (",", "."):
        text = text.replace(",", "\0").replace(".", decimal).replace("\0", group)
    return text


def big(value, lang: str = "zh") -> str:
    """A large figure, in 万/亿 for Chinese (45.26万); grouped digits for English."""
    if value is None:
        return ""
    if lang == "zh" and abs(value) >= 10000:
        return format_compact_decimal(value, locale=LOCALES["zh"], fraction_digits=2)
    return number(value, lang)


def _yuan(value, lang: str) -> str:
    """Whole yuan without decimals, otherwise with both fen digits: 452,600 and 535,137.50."""
    pattern = "#,##0" if round(value * 100) % 100 == 0 else "#,##0.00"
    return format_decimal(value, pattern, locale=LOCALES[lang])


def money(value, lang: str = "zh") -> str:
    """Yuan: 45.26万元 (8,600元) in Chinese, ¥452,600 (¥535,137.50) in English."""
    if value is None:
        return ""
    if lang == "zh":
        return f"{big(value, 'zh') if abs(value) >= 10000 else _yuan(value, 'zh')}元"
    return "¥" + _yuan(value, "en")


def day(value: date | None, lang: str = "zh") -> str:
    """2024年3月5日 / March 5, 2024."""
    if value is None:
        return ""
    return format_date(value, "long", locale=LOCALES[lang])


def month(year: int, month_: int, lang: str = "zh") -> str:
    """2024年3月 / Mar 2024."""
    d = date(year, month_, 1)
    return format_date(d, "y年M月" if lang == "zh" else "MMM y", locale=LOCALES[lang])


def month_tick(year: int, month_: int, lang: str = "zh") -> tuple[str, str]:
    """A month on a chart's axis and its year, written once below: ("3月", "2024年") / ("Mar", "2024")."""
    d = date(year, month_, 1)
    if lang == "zh":
        return format_date(d, "M月", locale=LOCALES[lang]), format_date(d, "y年", locale=LOCALES[lang])
    return format_date(d, "MMM", locale=LOCALES[lang]), format_date(d, "y", locale=LOCALES[lang])


def value_with_unit(value, unit: str | None, lang: str = "zh") -> tuple[str, str]:
    """An outcome's figure and unit, the figure shortened when large: (45.26万, 元), (3,000, 棵).

    A percent sign and the English yuan sign belong to the figure (100%, ¥452,600).
    """
    unit = unit or ""
    if unit == "元":
        return (big(value, "zh"), "元") if lang == "zh" else (money(value, "en"), "")
    if unit in ("%", "％"):
        return f"{big(value, lang)}%", ""
    return big(value, lang), unit


def display_width(text: str) -> int:
    """Columns a string takes in a terminal (Chinese characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
