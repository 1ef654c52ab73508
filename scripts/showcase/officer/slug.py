"""Record ids from Chinese names: 谭小明 → tan-xiaoming, as the sample records are named.

The surname is written apart from the given name; surnames read differently
from the same character elsewhere (曾 zeng, 单 shan, 解 xie …) are taken from a
table, since a name is not a sentence and pypinyin's word guesses do not apply.
"""

from __future__ import annotations

import re
import unicodedata

from ..records.schema import ID_RE
from ..text.han import HAN_CHAR

# Two-character surnames, so that 欧阳娜娜 becomes ouyang-nana.
COMPOUND_SURNAMES = {
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文",
    "司徒", "夏侯", "轩辕", "令狐", "端木", "南宫", "西门", "独孤", "万俟", "澹台", "呼延",
}

# Surnames whose reading differs from the character's common one.
SURNAME_READINGS = {
    "曾": "zeng", "单": "shan", "解": "xie", "仇": "qiu", "区": "ou", "查": "zha", "朴": "piao",
    "覃": "qin", "乐": "yue", "翟": "zhai", "盖": "ge", "缪": "miao", "召": "shao", "秘": "bi",
    "种": "chong", "句": "gou", "员": "yun", "繁": "po", "黑": "he", "重": "chong", "长孙": "zhangsun",
    "尉迟": "yuchi", "万俟": "moqi", "降": "xiang", "华": "hua", "任": "ren", "过": "guo",
}



def _pinyin(text: str) -> str:
    from pypinyin import Style, lazy_pinyin

    return "".join(lazy_pinyin(text, style=Style.NORMAL, errors="default"))


def _ascii(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def name_slug(name: str, fallback: str = "volunteer") -> str:
    """An id for a person called `name`: pinyin of the surname, a hyphen, the given name."""
    name = unicodedata.normalize("NFKC", str(name)).strip()
    if HAN_CHAR.search(name):
        name = re.sub(r"\s+", "", name)  # 王  芳: spaces that only align short names
    parts = [p for p in re.split(r"[·•・.]", name) if p]
    words = []
    for i, part in enumerate(parts):
        if not HAN_CHAR.search(part):
            words.append(_ascii(part))
            continue
        if i == 0 and len(parts) == 1 and len(part) >= 2:
            surname = part[:2] if part[:2] in COMPOUND_SURNAMES and len(part) > 2 else part[:1]
            given = part[len(surname):]
            words.append(SURNAME_READINGS.get(surname) or _pinyin(surname))
            words.append(_pinyin(given))
        else:
            words.append(_pinyin(part))
    slug = _ascii("-".join(words))[:60].strip("-")
    return slug if slug and ID_RE.match(slug) else fallback


def unique(slug: str, taken) -> str:
    """`slug`, or slug-2, slug-3 … whichever is not taken yet."""
    if slug not in taken:
        return slug
    n = 2
    while f"{slug}-{n}" in taken:
        n += 1
    return f"{slug}-{n}"
