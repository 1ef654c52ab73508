"""Words of the site's interface, in the reader's language.

The words live in the catalogue under `ui.` (text/locale/*/LC_MESSAGES/showcase.po). Templates
call `t("key")`; a missing key fails the build loudly in tests rather than showing a raw key to
readers.
"""

from __future__ import annotations

from .catalogue import texts


def translator(lang: str):
    """`t(key, **params)` for templates: the word `ui.<key>`, formatted when given parameters
    (without them the template comes back as it is, e.g. for a '{n}' filled in later)."""
    words = texts(lang)

    def t(key: str, **params) -> str:
        text = words[f"ui.{key}"]
        return text.format(**params) if params else text

    return t


ZH_NUMERALS = "零一二三四五六七八九十"


def stars(n: int, lang: str) -> str:
    """五星志愿者 / 5-star volunteer; 未定星级 / no star yet."""
    if not n:
        return translator(lang)("no_star")
    count = ZH_NUMERALS[n] if lang == "zh" and n < len(ZH_NUMERALS) else str(n)
    return translator(lang)("stars_n", n=count)


def star_label(n: int, lang: str) -> str:
    """A star level on a chart's axis: 未评星, 一星 … 五星 / No star, 1 star … 5 stars."""
    t = translator(lang)
    if n < 2:
        return t(f"star_axis_{n}")
    return t("star_axis_n", n=ZH_NUMERALS[n] if lang == "zh" and n < len(ZH_NUMERALS) else n)


def value(text: str | None, lang: str) -> str:
    """A fixed value from the records (e.g. 党员) in the site's language."""
    if text is None:
        return ""
    return texts("en").get(f"value.{text}", text) if lang == "en" else text
