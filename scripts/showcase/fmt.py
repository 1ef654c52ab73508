"""Numbers, money and dates as a Chinese or an English reader expects them.

Chinese readers count large figures in 万 and 亿 (45.26万元); English readers
get grouped digits (¥452,600). Babel holds the locale rules.
"""

from __future__ import annotations

from datetime import date

from functools import lru_cache

from babel.dates import format_date
from babel.numbers import format_compact_decimal, get_decimal_symbol, get_group_symbol

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


def money(value, lang: str = "zh") -> str:
    """Yuan: 45.26万元 in Chinese, ¥452,600 in English."""
    if value is None:
        return ""
    if lang == "zh":
        return f"{big(value, 'zh')}元"
    return "¥" + number(value, "en", digits=2 if not float(value).is_integer() else 0)


def day(value: date | None, lang: str = "zh") -> str:
    """2024年3月5日 / March 5, 2024."""
    if value is None:
        return ""
    return format_date(value, "long", locale=LOCALES[lang])


def month(year: int, month_: int, lang: str = "zh") -> str:
    """2024年3月 / Mar 2024."""
    d = date(year, month_, 1)
    return format_date(d, "y年M月" if lang == "zh" else "MMM y", locale=LOCALES[lang])


def value_with_unit(value, unit: str | None, lang: str = "zh") -> tuple[str, str]:
    """An outcome's figure and unit, the figure shortened when large (3000 棵, 45.26万 元)."""
    unit = unit or ""
    if unit == "元":
        if lang == "zh":
            return big(value, "zh"), "元"
        return money(value, "en"), ""
    return big(value, lang), unit
