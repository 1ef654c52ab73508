"""Personal data that must not reach a public site, found in free text.

Officers paste stories and citations from reports that often carry a phone
number or an ID number, and sometimes a hidden one: split by Markdown emphasis
or an HTML comment, written with entities (&#49;), full-width digits or
zero-width characters. So text is first brought to what a reader sees
(`normalise`: comments, tags and emphasis markers gone, entities decoded,
invisible characters removed, NFKC), then searched: mobile and landline numbers
with `phonenumbers` (region CN, +86 too), 18-digit resident ID numbers (only
when the checksum is right, so long figures are not mistaken for them) and
e-mail addresses. What is found is shown masked (138****1234), never in full.

A 7- or 8-digit local number without area code is only taken for a phone number
when a word such as 电话 or 热线 stands just before it: written alone it is far
more often an amount (4526000 元) or a date (20240305).

`Names` finds the names of people who have not consented to publication.
"""

from __future__ import annotations

import bisect
import html
import re
import unicodedata
from dataclasses import dataclass

import phonenumbers
from phonenumbers import PhoneNumberType

from ..text.han import HAN

_PHONE = re.compile(r"(?<![\d+])(?:\+?86[ -]?)?(1[3-9]\d)[ -]?(\d{4})[ -]?(\d{4})(?![\d])")
_ID = re.compile(r"(?<![\dXx])(\d{6})((?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))(\d{3}[\dXx])(?![\dXx])")
_EMAIL = re.compile(r"[\w.%+-]+@[A-Za-z0-9-]+(?:[.。．][A-Za-z0-9-]+)*[.。．][A-Za-z]{2,}")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

# The cheap test before phonenumbers: seven digits or more, separators allowed between them.
_RUN = re.compile(r"\d(?:[ \t\n\-.()/（）\u2010-\u2015\u2212、·・]{0,5}\d){6,}[Xx]?")
# A number written in Chinese numerals (一三八……, 幺 and 两 as said aloud), seven or more in a row.
_HAN_DIGITS = re.compile("[〇零○一二三四五六七八九幺两]{7,}")
_HAN_DIGIT_VALUE = str.maketrans("〇零○一二三四五六七八九幺两", "00012345678912")
# How a hidden number's digits are grouped when it is split (138 1234 5678, 110105 19491231 002X).
_SPLIT_SHAPES = {"phone": ((11,), (3, 4, 4), (3, 8), (7, 4)), "id_number": ((18,), (6, 8, 4)),
                 "landline": ((3, 7), (3, 8), (4, 7), (4, 8), (3, 3, 4), (3, 4, 4), (4, 3, 4), (4, 4, 4))}
# Words that make a bare 7–8 digit figure a local phone number.
_PHONE_WORDS = re.compile(r"(?:电话|手机|座机|固话|热线|联系|号码|拨打|致电|来电|电联|咨询|tel|phone|mobile|call|contact)"
                          r"[^\d]{0,6}$", re.I)
_PERSONAL = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE}

# Common surnames (about 85 % of the population), for spotting a personal name
# where only a description such as 孤寡老人（石桥村） belongs.
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔"
    "向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕"
    "单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚"
    "娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池"
    "查麻苑迟邝"
)
_HAN_NAME = re.compile(f"^[{HAN}]{{2,3}}$")


def id_checksum_ok(number: str) -> bool:
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS))
    return _ID_CHECK[total % 11] == number[17].upper()


# -- what a reader sees ---------------------------------------------------------

_CLASSES: dict | None = None


def _ranges(chars) -> str:
    """A regex class body of `chars`, as ranges: a class of single characters is slow to search."""
    ranges: list[list[int]] = []
    for c in sorted(map(ord, set(chars))):
        if ranges and ranges[-1][1] == c - 1:
            ranges[-1][1] = c
        else:
            ranges.append([c, c])
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
                   for a, b in ranges)


def _classes() -> dict:
    """Regex classes: `invisible`, the characters nobody sees (format characters (Cf) such as the
    zero-width space, soft hyphen and BOM; combining marks; controls but newline and tab; Hangul
    fillers); `digitish`, what is or becomes a digit or an address under NFKC (１, ①, ¹, ＠, &#49;)."""
    global _CLASSES
    if _CLASSES is None:
        invisible, digitish = ["\u115f", "\u1160", "\u3164", "\uffa0"], ["&", "@", "\ufe6b", "\uff20"]
        for c in map(chr, range(0x10000)):  # beyond: see _COMPAT
            cat = unicodedata.category(c)
            if cat in ("Cf", "Mn", "Me", "Cc") and c not in "\n\t":
                invisible.append(c)
            elif cat in ("Nd", "No", "Nl"):
                digitish.append(c)
        astral = [c for c in map(chr, [*range(0x10000, 0x20000), *range(0xE0000, 0xE1000)])
                  if unicodedata.category(c) in ("Cf", "Mn", "Me")]
        # what NFKC would turn into a digit, a letter or a separator a number is written with
        wide = [c for c in digitish if c > "\x7f"] + [chr(c) for c in (
            0xa0, 0x202f, 0x205f, 0x3000, 0xff0b, 0xff0d, 0xff0e, 0xff0f, *range(0x2000, 0x200b),
            *range(0xfe50, 0xfe6c), *range(0xff21, 0xff3b), *range(0xff41, 0xff5b))]
        _CLASSES = {"invisible": _ranges(invisible), "digitish": _ranges(digitish), "wide": _ranges(wide),
                    "invisible_astral": _ranges(astral)}
    return _CLASSES


def _invisible() -> str:
    return _classes()["invisible"]


_TOKENS: re.Pattern | None = None
_SPECIAL: re.Pattern | None = None
_DIGITISH: re.Pattern | None = None
_WIDE: re.Pattern | None = None
# Compatibility ideographs and radicals, which NFKC turns into ordinary characters (⾦ → 金), and
# anything beyond the Basic Multilingual Plane (emoji, tag characters, mathematical digits 𝟏):
# text with one of them is always normalised in full. (Classes of BMP characters only are searched
# through a bitmap; one reaching beyond is searched range by range, far slower.)
_COMPAT = re.compile("[\u2e80-\u2fdf\uf900-\ufaff\U00010000-\U0010ffff]")


def _patterns() -> tuple[re.Pattern, re.Pattern]:
    global _TOKENS, _SPECIAL, _DIGITISH, _WIDE
    if _TOKENS is None:
        _DIGITISH = re.compile(f"[{_classes()['digitish']}]")
        _WIDE = re.compile(f"[{_classes()['wide']}]")
        inv = _invisible()
        _TOKENS = re.compile(
            r"(?P<comment><!--.*?(?:-->|\Z))"
            r"|(?P<tag><[A-Za-z/!?][^<>]*>)"
            r"|(?P<target>\]\([^()\n]*\))"
            r"|(?P<entity>&(?:#[xX][0-9A-Fa-f]{1,8}|#\d{1,9}|[A-Za-z][A-Za-z0-9]{1,31});?)"
            r"|(?P<marker>[*_~`\[\]\\^=]+)"
            rf"|(?P<invisible>[{inv}{_classes()['invisible_astral']}]+)"
            r"|(?P<newline>\n)", re.S)
        _SPECIAL = re.compile(rf"[<&*_~`\[\]\\^={inv}]")
    return _TOKENS, _SPECIAL


@dataclass
class Normalised:
    """Text as a reader sees it, and where each part of it stands in the source."""

    text: str
    starts: list      # offset in `text` where each piece begins
    sources: list     # offset in the source where that piece begins
    hidden: str = ""  # tag attributes and link targets: in the page's source, not its text
    hidden_at: list | None = None
    identity: bool = False  # NFKC of the source alone: the same lines, so no offsets are kept


def normalise(text: str) -> Normalised:
    """`text` as a reader sees it: HTML comments, tags and Markdown emphasis removed (tag
    attributes and link targets kept apart, in `hidden`), entities decoded, invisible characters
    removed, NFKC (full-width digits become 0-9)."""
    tokens, special = _patterns()
    if not special.search(text) and not _COMPAT.search(text):
        return Normalised(unicodedata.normalize("NFKC", text), [0], [0], identity=True)
    out, starts, sources, hidden, hidden_at = [], [], [], [], []
    size = hidden_size = 0
    pos = 0

    def emit(piece: str, src: int) -> None:
        nonlocal size
        if piece:
            starts.append(size)
            sources.append(src)
            out.append(piece)
            size += len(piece)

    for m in tokens.finditer(text):
        if m.start() > pos:
            emit(unicodedata.normalize("NFKC", text[pos:m.start()]), pos)
        kind = m.lastgroup
        if kind in ("tag", "target"):
            hidden_at.append((hidden_size, m.start()))
            hidden.append(unicodedata.normalize("NFKC", html.unescape(m.group())) + "\n")
            hidden_size += len(hidden[-1])
        elif kind == "entity":
            emit(unicodedata.normalize("NFKC", html.unescape(m.group())), m.start())
        elif kind == "newline":
            emit("\n", m.start())
        pos = m.end()
    if pos < len(text):
        emit(unicodedata.normalize("NFKC", text[pos:]), pos)
    if not starts:
        starts, sources = [0], [0]
    return Normalised("".join(out), starts, sources, "".join(hidden), hidden_at)


def source_offset(norm: Normalised, offset: int, hidden: bool = False) -> int:
    """Where the piece holding `offset` of the normalised text (or of its hidden part) begins in
    the source: on the same line, as no piece runs over a line's end."""
    if hidden:
        starts = [h for h, _ in norm.hidden_at or [(0, 0)]]
        sources = [s for _, s in norm.hidden_at or [(0, 0)]]
    else:
        starts, sources = norm.starts, norm.sources
    return sources[max(bisect.bisect_right(starts, offset) - 1, 0)]


# -- numbers and addresses ------------------------------------------------------------


@dataclass(frozen=True)
class Found:
    kind: str      # phone (a mobile), landline, id_number, email
    preview: str   # masked: never the whole number
    start: int     # offset in the text searched
    hidden: bool = False


def _mask_number(number) -> tuple[str, str]:
    nsn = str(number.national_number)
    kind = phonenumbers.number_type(number)
    if kind == PhoneNumberType.MOBILE or (len(nsn) == 11 and nsn.startswith("1")):
        return "phone", f"{nsn[:3]}****{nsn[-4:]}"
    area = phonenumbers.length_of_geographical_area_code(number) if number.country_code == 86 else 0
    if 0 < area < len(nsn) - 4:
        return "landline", f"0{nsn[:area]}-{'*' * (len(nsn) - area - 4)}{nsn[-4:]}"
    return "landline", "*" * max(len(nsn) - 4, 4) + nsn[-4:]


def _mask_local(digits: str) -> str:
    return "*" * (len(digits) - 4) + digits[-4:]


def find_in(text: str) -> list[Found]:
    """Every phone number, ID number and e-mail address in `text` (already normalised)."""
    found: list[Found] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    runs = list(_RUN.finditer(text))
    if any(run.end() - run.start() >= 17 for run in runs):
        for m in _ID.finditer(text):
            number = "".join(m.groups())
            if id_checksum_ok(number):
                found.append(Found("id_number", number[:6] + "*" * 8 + number[-4:], m.start()))
                taken.append(m.span())
    for run in runs:
        if not free(*run.span()):
            continue
        lo = max(run.start() - 8, 0)
        window = text[lo:run.end() + 2]
        matched = False
        try:
            matches = list(phonenumbers.PhoneNumberMatcher(window, "CN", leniency=phonenumbers.Leniency.VALID))
        except Exception:  # pragma: no cover - the library is robust; a finder never stops a build
            matches = []
        for pm in matches:
            a, b = lo + pm.start, lo + pm.end
            if not free(a, b) or phonenumbers.number_type(pm.number) not in _PERSONAL:
                continue
            kind, preview = _mask_number(pm.number)
            found.append(Found(kind, preview, a))
            taken.append((a, b))
            matched = True
        if matched:
            continue
        joined = _joined(run.group())
        if joined:
            found.append(Found(joined[0], joined[1], run.start()))
            taken.append(run.span())
            continue
        digits = re.sub(r"\D", "", run.group())
        if (len(digits) in (7, 8) and digits[0] not in "01"
                and _PHONE_WORDS.search(text[max(run.start() - 12, 0):run.start()])):
            found.append(Found("landline", _mask_local(digits), run.start()))
            taken.append(run.span())
    if runs:
        for m in _PHONE.finditer(text):  # numbers phonenumbers does not know yet (new ranges)
            if free(*m.span()):
                found.append(Found("phone", f"{m.group(1)}****{m.group(3)}", m.start()))
                taken.append(m.span())
    for m in _HAN_DIGITS.finditer(text):  # 一三八一二三四五六七八
        joined = _joined(m.group().translate(_HAN_DIGIT_VALUE), any_shape=True)
        if joined and free(*m.span()):
            found.append(Found(joined[0], joined[1], m.start()))
            taken.append(m.span())
    if "@" in text:
        for m in _EMAIL.finditer(text):
            local, _, domain = m.group(0).partition("@")
            found.append(Found("email", f"{local[0]}***@{domain}", m.start()))
    order = {"id_number": 0, "phone": 1, "landline": 1, "email": 2}
    return sorted(found, key=lambda f: (order[f.kind], f.start))


def _joined(run: str, any_shape: bool = False) -> tuple[str, str] | None:
    """(kind, masked preview) when a run of digits split by spaces, line breaks, dashes or 、 is a
    mobile, ID or landline number once joined, grouped as such numbers are written (138 1234 5678);
    a list of figures (120、350、1800) is not."""
    groups = [g for g in re.split(r"[^\dXx]+", run) if g]
    digits = "".join(groups)
    if len(groups) > 1 and groups[0] == "86" and len(digits) == 13:
        groups, digits = groups[1:], digits[2:]
    shape = tuple(len(g) for g in groups)

    def shaped(kind: str) -> bool:
        return any_shape or shape in _SPLIT_SHAPES[kind]

    if len(digits) == 18 and shaped("id_number") and _ID.fullmatch(digits) and id_checksum_ok(digits):
        return "id_number", digits[:6] + "*" * 8 + digits[-4:]
    if not digits.isdigit():
        return None
    if re.fullmatch(r"1[3-9]\d{9}", digits) and shaped("phone"):
        return "phone", f"{digits[:3]}****{digits[-4:]}"
    if re.fullmatch(r"0\d{9,11}", digits) and shaped("landline"):
        try:
            number = phonenumbers.parse(digits, "CN")
        except phonenumbers.NumberParseException:
            return None
        if phonenumbers.is_valid_number(number) and phonenumbers.number_type(number) in _PERSONAL:
            return _mask_number(number)
    return None


def scan(text: str) -> tuple[Normalised, list[Found]]:
    """`text` normalised, and what is found in it and in its tags' attributes."""
    norm = normalise(text)
    found = find_in(norm.text)
    if norm.hidden:
        found += [Found(f.kind, f.preview, f.start, True) for f in find_in(norm.hidden)]
    return norm, found


@dataclass(frozen=True)
class Hit:
    kind: str      # phone, landline, id_number, email; or name (someone without consent)
    shown: str     # the masked preview; the name for a name
    line: int      # lines after the text's first (0: on its first line)


def inspect(text: str, names: "Names | None" = None, contact: bool = True) -> list[Hit]:
    """What must not be published in `text`: personal numbers and addresses (unless `contact`
    is False: the record allows them) and the `names` of people without consent.

    Cheap for the usual text: one search for anything Markdown or HTML could hide a number or a
    name with; without one, numbers are only looked for when a digit (or ＠, ①…) is there at all.
    """
    _, special = _patterns()
    names = names or None
    if not special.search(text) and not _COMPAT.search(text):
        hits = []
        if contact and (_DIGITISH.search(text) or _HAN_DIGITS.search(text)):
            plain = unicodedata.normalize("NFKC", text) if _WIDE.search(text) else text
            hits += [Hit(f.kind, f.preview, plain.count("\n", 0, f.start)) for f in find_in(plain)]
        if names:
            hits += [Hit("name", n, text.count("\n", 0, at)) for n, at in names.find(text)]
        return hits
    norm = normalise(text)
    hits = []
    if contact:
        for f in find_in(norm.text):
            hits.append(Hit(f.kind, f.preview, source_line(text, norm, f)))
        if norm.hidden:
            for f in find_in(norm.hidden):
                hits.append(Hit(f.kind, f.preview, source_line(text, norm, Found(f.kind, f.preview, f.start, True))))
    if names:
        for n, at in names.find(norm.text):
            hits.append(Hit("name", n, source_line(text, norm, Found("name", n, at))))
    return hits


def source_line(source: str, norm: Normalised, found: Found) -> int:
    """How many newlines of `source` stand before what was found (0: on its first line)."""
    if norm.identity:
        return norm.text.count("\n", 0, found.start)
    return source.count("\n", 0, source_offset(norm, found.start, found.hidden))


def find(text: str) -> list[tuple[str, str]]:
    """(kind, masked preview) for each phone number, ID number and e-mail address in `text`."""
    if not text:
        return []
    return [(f.kind, f.preview) for f in scan(text)[1]]


def looks_like_a_name(text: str) -> bool:
    """True for 王秀英 or 李大爷: a short all-Han string that starts with a common surname."""
    text = (text or "").strip()
    return bool(_HAN_NAME.match(text)) and (text[0] in SURNAMES or text[:2] in ("欧阳", "司马", "上官", "诸葛"))


# -- people who did not consent -------------------------------------------------

COMMON_WORD_FREQ = 500  # a two-character name this frequent in jieba's dictionary is an ordinary word
_LATIN = re.compile(r"[A-Za-z]")


def _word_freqs(words) -> dict:
    """Frequencies of `words` in jieba's dictionary (read only when a short name was found)."""
    try:
        from importlib.resources import files

        text = (files("jieba") / "dict.txt").read_text(encoding="utf-8")
    except Exception:  # no jieba: every short name counts as a name (the careful side)
        return {}
    pattern = re.compile(r"^(" + "|".join(map(re.escape, words)) + r") (\d+)", re.M)
    return {w: int(f) for w, f in pattern.findall(text)}


def _trie(words) -> str:
    """A regex matching any of `words`, longest first, as a trie (王(?:秘密|芳)|袁芳): searched
    far faster than an alternation of every word."""
    tree: dict = {}
    for w in words:
        node = tree
        for c in w:
            node = node.setdefault(c, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(c) + build(child) for c, child in sorted(node.items()) if c]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and len(branches[0]) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return build(tree)


_NAME_GAP = re.compile(f"(?<=[{HAN}])[ \\t\\n\u3000·・•]+(?=[{HAN}])")


class Names:
    """Where a name of someone without consent stands in published text.

    `hidden` maps each such name (Chinese, two characters or more; or its English form, four
    letters or more) to who bears it. A name that a consenting volunteer also bears is not
    looked for (it may be theirs), nor one inside a consenting volunteer's longer name
    (王伟 in 王伟强). A two-character name that is also an ordinary word (文明, 高峰: frequent in
    jieba's dictionary) is not taken for a name.
    """

    def __init__(self, hidden: dict[str, str], shown: set[str]):
        shown_cf = {s.casefold() for s in shown}
        self.owner = {n: who for n, who in hidden.items() if n.casefold() not in shown_cf}
        han = sorted((n for n in self.owner if not _LATIN.search(n) and len(n) >= 2), key=len, reverse=True)
        latin = sorted((n for n in self.owner if _LATIN.search(n) and len(re.sub(r"\W", "", n)) >= 4),
                       key=len, reverse=True)
        self.inside: dict[str, list] = {}   # hidden name -> (shown name containing it, offset)
        wanted = set(han)
        for s in shown:
            for i in range(len(s)):
                for j in range(i + 2, len(s) + 1):
                    if s[i:j] in wanted and s[i:j] != s:
                        self.inside.setdefault(s[i:j], []).append((s, i))
        parts = [_trie(han)] if han else []
        parts += [r"(?<![A-Za-z])" + r"[\s\-]+".join(map(re.escape, n.split())) + r"(?![A-Za-z])" for n in latin]
        self.pattern = re.compile("|".join(parts), re.I) if parts else None
        self.latin = {re.sub(r"\s+", " ", n).casefold(): n for n in latin}
        first = {n[0] for n in han} | {n[0].lower() for n in latin} | {n[0].upper() for n in latin}
        self.first = re.compile(f"[{_ranges(first)}]") if first else None  # the cheap test first
        self.freqs: dict | None = None
        self.han = set(han)

    def __bool__(self) -> bool:
        return self.pattern is not None

    def find(self, text: str) -> list[tuple[str, int]]:
        """(name, offset) of each hidden name in `text` (normalised); also when its characters are
        split by spaces, a line break (a page joins Chinese lines again) or a middle dot (袁 芳, 袁·芳)."""
        if self.pattern is None or not self.first.search(text):
            return []
        out = self._find(text)
        if self.han and _NAME_GAP.search(text):
            squeezed, where = [], []
            last = 0
            for m in _NAME_GAP.finditer(text):
                squeezed.append(text[last:m.start()])
                where.extend(range(last, m.start()))
                last = m.end()
            squeezed.append(text[last:])
            where.extend(range(last, len(text)))
            seen = {(n, at) for n, at in out}
            for name, at in self._find("".join(squeezed)):
                if name in self.han and (name, where[at]) not in seen:
                    out.append((name, where[at]))
        return out

    def _find(self, text: str) -> list[tuple[str, int]]:
        out = []
        for m in self.pattern.finditer(text):
            name = m.group()
            if name not in self.han:
                name = self.latin.get(re.sub(r"[\s\-]+", " ", name).casefold())
                if name is None:
                    continue
            elif any(text.startswith(s, m.start() - off) for s, off in self.inside.get(name, ())
                     if m.start() >= off):
                continue
            elif len(name) == 2 and self._common(name):
                continue
            out.append((name, m.start()))
        return out

    def _common(self, name: str) -> bool:
        if self.freqs is None:
            self.freqs = _word_freqs(sorted(n for n in self.han if len(n) == 2))
        return self.freqs.get(name, 0) >= COMMON_WORD_FREQ

