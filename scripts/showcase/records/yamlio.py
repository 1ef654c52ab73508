"""Reading the officer's text files safely, keeping line numbers for messages.

YAML comes from many branch offices: only plain data is accepted (no tags that
build objects), aliases are bounded so an alias bomb cannot explode, duplicate
keys are reported instead of silently keeping the last one, and dates are kept
as text so that an impossible date becomes a clear message, not a crash.

Plain values are read by the YAML 1.2 core rules, not YAML 1.1's: `yes`, `no`,
`on`, `off` stay text (only true/false are booleans), and a number is a number
only when written in plain decimal (`12`, `-3`, `1.5`, `2e3`). So `1:30` is not
read as 90 (1.1's base 60), `010` not as 8 (1.1's octal), `0x1F`, `0o17` and
`1_000` stay text that a number field refuses with a message. A number keeps
the text it was written with: `str()` of it gives `010` back, so an id or a
text field written as digits is never changed. Merge keys (`<<: *base`) work as
YAML defines them: the mapping's own keys win over merged ones.

When a file cannot be read, the mistakes newcomers make (a Chinese colon, a
full-width space, a tab, a line indented too far) are recognised and named on
the line where they are, with the character and its column.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from ..text.messages import Localised, Problem

MAX_ALIASES = 100
MAX_MERGED = 10_000        # entries copied by merge keys (<<) in one file
MAX_YAML_BYTES = 20 * 1024 * 1024

# YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution), numbers in decimal only.
INT_RE = re.compile(r"[-+]?[0-9]+")
FLOAT_RE = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
INF_RE = re.compile(r"[-+]?\.(?:inf|Inf|INF)")
NAN_RE = re.compile(r"\.(?:nan|NaN|NAN)")
BOOL_RE = re.compile(r"true|True|TRUE|false|False|FALSE")
NULL_RE = re.compile(r"~|null|Null|NULL|")
MERGE = "tag:yaml.org,2002:merge"


def _remembering(base: type, name: str, what: str) -> type:
    """A number type that remembers how the number was written: str() gives it back (010 stays 010)."""

    def __new__(cls, value, source: str):
        self = base.__new__(cls, value)
        self.source = source
        return self

    def __reduce__(self):  # pickled for the parse cache
        return (globals()[name], (base(self), self.source))

    return type(name, (base,), {"__doc__": what, "__new__": __new__, "__str__": lambda self: self.source,
                                "__reduce__": __reduce__, "__module__": __name__, "__qualname__": name})


Int = _remembering(int, "Int", "A whole number read from YAML that remembers how it was written.")
Float = _remembering(float, "Float", "A decimal number read from YAML that remembers how it was written.")


class _Core12Resolver(BaseResolver):
    """Which plain scalars are not text: YAML 1.2 core, numbers in decimal only."""


def _implicit(tag: str, regexp: re.Pattern, first: str) -> None:
    _Core12Resolver.add_implicit_resolver(tag, re.compile(f"^(?:{regexp.pattern})$"), list(first))


_implicit("tag:yaml.org,2002:bool", BOOL_RE, "tTfF")
_implicit("tag:yaml.org,2002:int", INT_RE, "-+0123456789")
_implicit("tag:yaml.org,2002:float", re.compile("|".join(r.pattern for r in (FLOAT_RE, INF_RE, NAN_RE))),
          "-+0123456789.")
_implicit("tag:yaml.org,2002:null", NULL_RE, ["~", "n", "N", ""])
_implicit(MERGE, re.compile("<<"), "<")

if hasattr(yaml, "CSafeLoader"):
    from yaml.cyaml import CParser as _Parser

    def _init_parser(loader, stream):
        _Parser.__init__(loader, stream)
    _Bases = (_Parser,)
else:  # pragma: no cover - PyYAML without libyaml
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    def _init_parser(loader, stream):
        Reader.__init__(loader, stream)
        Scanner.__init__(loader)
        Parser.__init__(loader)
        Composer.__init__(loader)
    _Bases = (Reader, Scanner, Parser, Composer)


class Mapping(dict):
    """A YAML mapping that remembers where it and each of its keys stand."""

    line: int = 0
    key_lines: dict

    def line_of(self, key) -> int:
        return self.key_lines.get(key, self.line)


class Sequence(list):
    """A YAML list that remembers the line of each item."""

    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class YamlProblem(Exception):
    def __init__(self, line: int | None, code: str, **params):
        super().__init__(code)
        self.line, self.code, self.params = line, code, params


# Characters that look like a space (or like nothing) but are not one to YAML, by name.
INVISIBLE = {
    "\u3000": Localised("全角空格（中文输入法打出的空格）", "full-width space (typed with a Chinese input method)"),
    "\t": Localised("制表符（Tab 键）", "tab"),
    "\u00a0": Localised("不换行空格（常从网页或 Word 复制而来）", "non-breaking space (often copied from a web page or Word)"),
    "\u200b": Localised("零宽空格（看不见的字符）", "zero-width space (an invisible character)"),
    "\ufeff": Localised("零宽不换行空格（看不见的字符）", "zero-width no-break space (an invisible character)"),
}
_ODD_IN_KEY = re.compile("[" + "".join(c for c in INVISIBLE if c != "\t") + "]")


class _Loader(*_Bases, SafeConstructor, _Core12Resolver):
    def __init__(self, stream, first_line: int = 1):
        _init_parser(self, stream)
        SafeConstructor.__init__(self)
        _Core12Resolver.__init__(self)
        self._alias_uses = 0
        self._merged = 0
        self._offset = first_line

    def _line(self, node) -> int:
        return node.start_mark.line + self._offset

    def construct_object(self, node, deep=False):
        if node in self.constructed_objects:
            self._alias_uses += 1
            if self._alias_uses > MAX_ALIASES:
                raise YamlProblem(self._line(node), "yaml.aliases", limit=MAX_ALIASES)
        elif node in self.recursive_objects:
            raise YamlProblem(self._line(node), "yaml.recursive")
        return super().construct_object(node, deep=True)

    def _shared(self, node):
        """A value copied by a merge key: built once, reused without counting as another alias."""
        if node in self.constructed_objects:
            return self.constructed_objects[node]
        return self.construct_object(node)

    def _merged_pairs(self, node, seen: tuple = ()) -> list:
        """The (key node, value node) pairs a mapping gets from its merge keys, the weakest first:
        YAML says its own keys win, then the first mapping merged, then the next."""
        if id(node) in seen:
            raise YamlProblem(self._line(node), "yaml.recursive")
        pairs = []
        merges = [(k, v) for k, v in node.value if k.tag == MERGE]
        if len(merges) > 1:
            raise YamlProblem(self._line(merges[1][0]), "yaml.duplicate_key", key="<<",
                              first=self._line(merges[0][0]))
        for key_node, value_node in merges:
            sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
            if not all(isinstance(s, MappingNode) for s in sources) or not sources:
                raise YamlProblem(self._line(key_node), "yaml.merge")
            for source in reversed(sources):
                pairs += self._merged_pairs(source, seen + (id(node),))
                pairs += [(k, v) for k, v in source.value if k.tag != MERGE]
        self._merged += len(pairs)
        if self._merged > MAX_MERGED:
            raise YamlProblem(self._line(node), "yaml.merge_large", limit=MAX_MERGED)
        return pairs

    def _key(self, key_node, shared: bool = False) -> str:
        key = self._shared(key_node) if shared else self.construct_object(key_node)
        line = self._line(key_node)
        if not isinstance(key, (str, int, float, bool)) or key is None:
            raise YamlProblem(line, "yaml.key_type", key=repr(key))
        key = key_node.value if isinstance(key_node, ScalarNode) else str(key)
        odd = _ODD_IN_KEY.search(key)
        if odd:  # a full-width space as indentation: the key would be '　　publish', invisibly
            column = key_node.start_mark.column + odd.start() + 1
            raise YamlProblem(line, "yaml.invisible", char=INVISIBLE[odd.group()], column=column)
        return key

    def construct_line_mapping(self, node):
        mapping = Mapping()
        mapping.line = self._line(node)
        mapping.key_lines = {}
        for key_node, value_node in self._merged_pairs(node):
            key = self._key(key_node, shared=True)
            mapping[key] = self._shared(value_node)
            mapping.key_lines[key] = self._line(key_node)
        merged = set(mapping)
        for key_node, value_node in node.value:
            if key_node.tag == MERGE:
                continue
            key = self._key(key_node)
            line = self._line(key_node)
            if key in mapping and key not in merged:
                raise YamlProblem(line, "yaml.duplicate_key", key=key, first=mapping.key_lines[key])
            value = self.construct_object(value_node)
            if "：" in key and value is None:
                raise YamlProblem(line, "yaml.fullwidth_colon", key=key.split("：")[0].strip(),
                                  column=key_node.start_mark.column + key.index("：") + 1)
            merged.discard(key)
            mapping[key] = value
            mapping.key_lines[key] = line
        return mapping

    def construct_line_sequence(self, node):
        seq = Sequence(self.construct_object(child) for child in node.value)
        seq.line = self._line(node)
        seq.item_lines = [self._line(child) for child in node.value]
        return seq

    def construct_decimal_int(self, node):
        text = self.construct_scalar(node)
        return Int(int(text), text) if INT_RE.fullmatch(text) else text

    def construct_decimal_float(self, node):
        text = self.construct_scalar(node)
        if FLOAT_RE.fullmatch(text) or INF_RE.fullmatch(text) or NAN_RE.fullmatch(text):
            number = text.lower().replace(".inf", "inf").replace(".nan", "nan")
            return Float(float(number), text)
        return text  # !!float 1,5: text, which a number field refuses with a message

    def construct_core_bool(self, node):
        text = self.construct_scalar(node)
        return text.lower() == "true" if BOOL_RE.fullmatch(text) else text

    def construct_text(self, node):
        # Dates stay text; the validator parses them and names impossible ones.
        return self.construct_scalar(node)

    def construct_unknown(self, node):
        raise YamlProblem(self._line(node), "yaml.tag", tag=node.tag)


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_line_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _Loader.construct_line_sequence)
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_decimal_int)
_Loader.add_constructor("tag:yaml.org,2002:float", _Loader.construct_decimal_float)
_Loader.add_constructor("tag:yaml.org,2002:bool", _Loader.construct_core_bool)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_text)
_Loader.add_constructor(MERGE, _Loader.construct_text)  # << as a value is text
_Loader.add_constructor("tag:yaml.org,2002:binary", _Loader.construct_unknown)
_Loader.add_constructor("tag:yaml.org,2002:set", _Loader.construct_unknown)
_Loader.add_constructor("tag:yaml.org,2002:omap", _Loader.construct_unknown)
_Loader.add_constructor("tag:yaml.org,2002:pairs", _Loader.construct_unknown)
_Loader.add_constructor(None, _Loader.construct_unknown)


# PyYAML's own wording, explained for an officer in both languages.
_SYNTAX_HINTS = (
    ("mapping values are not allowed", "这里不应出现冒号（值里有冒号时，请给整个值加上引号）",
     "a colon is not allowed here (quote the whole value if it contains a colon)"),
    ("could not find expected ':'", "缺少冒号", "a colon is missing"),
    ("cannot start any token", "不能用 Tab 缩进，或出现了不能开头的字符（请用空格缩进）",
     "a tab or a character that cannot start a value (indent with spaces)"),
    ("expected <block end>", "缩进不一致", "the indentation is inconsistent"),
    ("did not find expected key", "缩进不一致，或引号后面还有文字（整个值都要放在引号里）",
     "the indentation is inconsistent, or text follows a closing quote (quote the whole value)"),
    ("found undefined alias", "引用了未定义的别名（*）", "an alias (*) refers to nothing"),
    ("found unexpected end of stream", "引号没有配对", "a quote is not closed"),
    ("expected a single document", "文件里有多个文档（---）", "the file holds several documents (---)"),
    ("found unknown escape character", "双引号里的反斜杠 \\ 无效（请改用单引号）",
     "invalid backslash escape in double quotes (use single quotes)"),
    ("invalid Unicode character escape", "双引号里的 \\u 编码无效（请直接写这个字，或改用单引号）",
     "an invalid \\u escape in double quotes (write the character itself, or use single quotes)"),
    ("did not find expected node content", "方括号 [ 或花括号 { 没有关上", "a [ or { is not closed"),
    ("parsing a flow sequence", "方括号 [ ] 没有配对，或里面少了逗号", "a [ ] pair is not closed, or lacks a comma"),
    ("parsing a flow mapping", "花括号 { } 没有配对，或里面少了逗号", "a { } pair is not closed, or lacks a comma"),
    ("incompatible YAML document", "文件开头的 %YAML 版本说明不对（请删掉这一行）",
     "the %YAML line at the top names a version that cannot be read (remove it)"),
    ("scanning an alias", "* 后面缺少名称（值里有 * 时请给整个值加上引号）",
     "a * is not followed by a name (quote a value that holds *)"),
    ("scanning an anchor", "& 后面缺少名称（值里有 & 时请给整个值加上引号）",
     "an & is not followed by a name (quote a value that holds &)"),
    ("exceeded maximum nesting depth", "方括号或花括号一层套一层，套得太深了（请检查是否多打了 [ 或 {）",
     "brackets or braces nest far too deep (look for [ or { typed too often)"),
)


def _syntax_detail(detail: str) -> Localised:
    for needle, zh, en in _SYNTAX_HINTS:
        if needle in detail:
            return Localised(zh, en)
    return Localised(f"这一处的写法读不懂（{detail}）", detail)


# -- newcomers' mistakes, found in the text of a file YAML could not read -------------------

_ODD = "\u3000\u00a0\u200b\ufeff"
# an odd character in the indentation, after a list dash, or (a tab is fine there) after a key's colon
_ODD_AT_START = re.compile(rf"^(?P<pre> *(?:- *)?)(?P<odd>[{_ODD}\t])")
_ODD_AFTER_COLON = re.compile(rf"^(?P<pre> *(?:- +)?[^\s#'\"{{\[:][^:#]*?: *)(?P<odd>[{_ODD}])")
_FULLWIDTH_COLON = re.compile(r"^(?P<pre> *(?:- +)?)(?P<key>[^\s#'\"{\[\]:：-][^:#：]*?)[ \t]*：")
_FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
_NO_SPACE = re.compile(r"^ *(?:- +)?(?P<key>[A-Za-z_][A-Za-z0-9_.-]*):(?P<value>[^\s:/].*)$")
_BLOCK_START = re.compile(r"(?:^|\s)[|>][0-9+-]{0,2}\s*(?:#.*)?$")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _block_lines(lines: list[str]) -> set[int]:
    """Lines inside block scalars (`story: |`): written text, not structure."""
    inside, base = set(), None
    for i, line in enumerate(lines):
        if base is not None:
            if not line.strip(" ") or _indent(line) > base:
                inside.add(i)
                continue
            base = None
        if _BLOCK_START.search(line):
            base = _indent(line)
    return inside


def _scan(lines: list[str], last: int):
    """The first line up to `last` with a character YAML does not take for what it looks like."""
    block = _block_lines(lines)
    for i in range(min(last, len(lines) - 1) + 1):
        line = lines[i]
        if i in block or not _content(line):
            continue
        found = _ODD_AT_START.match(line) or _ODD_AFTER_COLON.match(line)
        if found:
            return i, "yaml.invisible", {"char": INVISIBLE[found["odd"]], "column": len(found["pre"]) + 1}
        found = _FULLWIDTH_COLON.match(line)
        if found and (_FIELD_NAME.fullmatch(found["key"]) or i >= last - 1):
            return i, "yaml.fullwidth_colon", {"key": found["key"], "column": found.end() }
    return None


def _previous(lines: list[str], i: int) -> int | None:
    for j in range(i - 1, -1, -1):
        if _content(lines[j]):
            return j
    return None


def _has_value(line: str) -> str | None:
    """The key of a `key: value` line with a value on it (not `key:` opening a block)."""
    found = re.match(r"^ *(?:- +)?(?P<key>[^\s#'\"{\[:][^:#]*?): +(?P<value>[^#\s].*)$", line)
    if found and not _BLOCK_START.search(line) and not re.fullmatch(r"&\S+", found["value"].strip()):
        return found["key"]
    return None


def _missing_colon(lines: list[str], i: int):
    found = _NO_SPACE.match(lines[i])
    if found:
        return i, "yaml.colon_space", {"key": found["key"], "value": found["value"][:20]}
    return i, "yaml.colon_missing", {}


def _levels(lines: list[str], i: int) -> Localised:
    """The indentations of the fields above line i, nearest first: where the line could align."""
    levels: list[int] = []
    for j in range(i - 1, -1, -1):
        if _content(lines[j]) and (not levels or _indent(lines[j]) < levels[-1]):
            levels.append(_indent(lines[j]))
            if levels[-1] == 0:
                break
    shown = [str(n) for n in levels] or ["0"]
    return Localised(" 或 ".join(shown), " or ".join(shown))


def _diagnose(text: str, exc: yaml.MarkedYAMLError):
    """(line index, code, params) naming the newcomer's mistake behind a syntax error, or None."""
    lines = text.split("\n")
    mark = exc.problem_mark or exc.context_mark
    last = mark.line if mark else len(lines) - 1
    found = _scan(lines, last)
    if found or mark is None or mark.line >= len(lines):
        return found
    problem = exc.problem or ""
    i, column = mark.line, mark.column
    if "could not find expected ':'" in problem and exc.context_mark is not None:
        return _missing_colon(lines, exc.context_mark.line)
    if "mapping values are not allowed" in problem:
        before = lines[i][:column]
        if re.search(r":\s", before):
            return None  # a colon in a value: the hint says to quote it
        j = _previous(lines, i)
        if j is not None and _indent(lines[i]) > _indent(lines[j]) and _has_value(lines[j]):
            return i, "yaml.indent_more", {"extra": _indent(lines[i]) - _indent(lines[j]),
                                           "key": _has_value(lines[j])}
        if j is not None and not re.search(r":(\s|$)", lines[j]):
            return _missing_colon(lines, j)
        return None
    if any(s in problem for s in ("did not find expected key", "expected <block end>",
                                  "did not find expected '-' indicator")):
        if column == _indent(lines[i]) and _content(lines[i]):
            return i, "yaml.indent_mismatch", {"spaces": column, "levels": _levels(lines, i)}
        return None
    if "cannot start any token" in problem and column < len(lines[i]) and lines[i][column] in "@`%":
        return i, "yaml.reserved_start", {"char": lines[i][column]}
    return None


def decode(raw: bytes, rel: str, problems: list[Problem]) -> str | None:
    """Text of a file: UTF-8 (with or without BOM), or GBK as Excel on Windows saves it."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            problems.append(Problem(rel, None, None, "file.encoding"))
            return None
        problems.append(Problem(rel, None, None, "file.gbk", severity="warning"))
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(path: Path, rel: str, problems: list[Problem], limit: int = MAX_YAML_BYTES) -> str | None:
    try:
        size = path.stat().st_size
        if size > limit:
            problems.append(Problem(rel, None, None, "file.too_large",
                                    {"size": round(size / 2**20, 1), "limit": limit // 2**20}))
            return None
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(rel, None, None, "file.unreadable", {"detail": exc.strerror or str(exc)}))
        return None
    return decode(raw, rel, problems)


def parse(text: str, rel: str, problems: list[Problem], first_line: int = 1):
    """The data in `text`, or None with a problem recorded; never raises."""
    loader = _Loader(text, first_line)
    try:
        data = loader.get_single_data()
        if isinstance(data, str):  # a whole file read as one text: `name：谭小明` and the like
            found = _scan(text.split("\n"), text.count("\n"))
            if found:
                problems.append(Problem(rel, found[0] + first_line, None, found[1], found[2]))
                return None
        return data
    except YamlProblem as exc:
        problems.append(Problem(rel, exc.line, None, exc.code, exc.params))
    except yaml.MarkedYAMLError as exc:
        found = _diagnose(text, exc)
        if found:
            problems.append(Problem(rel, found[0] + first_line, None, found[1], found[2]))
        else:
            mark = exc.problem_mark or exc.context_mark
            if "could not find expected ':'" in (exc.problem or "") and exc.context_mark:
                mark = exc.context_mark  # where the key without its colon starts
            line = mark.line + first_line if mark else None
            detail = _syntax_detail(" ".join(filter(None, (exc.context, exc.problem))) or "?")
            problems.append(Problem(rel, line, None, "yaml.syntax", {"detail": detail}))
    except yaml.YAMLError as exc:
        detail = _syntax_detail(str(exc).splitlines()[0])
        problems.append(Problem(rel, None, None, "yaml.syntax", {"detail": detail}))
    except RecursionError:
        problems.append(Problem(rel, None, None, "yaml.too_deep"))
    finally:
        loader.dispose()
    return None


def load_file(path: Path, rel: str, problems: list[Problem]):
    text = read_text(path, rel, problems)
    return None if text is None else parse(text, rel, problems)
