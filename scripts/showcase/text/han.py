"""Chinese characters in text: one definition for every stage that looks for them."""

from __future__ import annotations

import re

# Han characters (汉字): the CJK Unified Ideographs and Extension A, where names, units and posts are
# written; rare characters of Extension A (U+3400–U+4DBF) do occur in personal names.
HAN = "\u3400-\u9fff"
# Everything set in Chinese typography: radicals, CJK punctuation (、。「」), kana and bopomofo, the
# ideographs, full-width forms (，：！ and full-width digits). Between two such characters a space or
# a line break is an artefact, never a word boundary.
CJK = "\u2e80-\u9fff\u3000-\u303f\uff00-\uffef"

HAN_CHAR = re.compile(f"[{HAN}]")
HAN_RUN = re.compile(f"[{HAN}]+")


def all_han(text: str) -> bool:
    return bool(text) and re.fullmatch(f"[{HAN}]+", text) is not None
