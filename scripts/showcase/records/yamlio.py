"""Reading the officer's text files safely, keeping line numbers for messages.

YAML comes from many branch offices: only plain data is accepted (no tags that
build objects), aliases are bounded so an alias bomb cannot explode, duplicate
keys are reported instead of silently keeping the last one, and dates are kept
as text so that an impossible date becomes a clear message, not a crash.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from ..text.messages import Localised, Problem

MAX_ALIASES = 100
MAX_YAML_BYTES = 20 * 1024 * 1024

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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


class _Loader(_Base):
    def __init__(self, stream, first_line: int = 1):
        super().__init__(stream)
        self._alias_uses = 0
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

    def construct_line_mapping(self, node):
        self.flatten_mapping(node)
        mapping = Mapping()
        mapping.line = self._line(node)
        mapping.key_lines = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node)
            line = self._line(key_node)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                raise YamlProblem(line, "yaml.key_type", key=repr(key))
            key = str(key) if not isinstance(key, str) else key
            if key in mapping:
                raise YamlProblem(line, "yaml.duplicate_key", key=key, first=mapping.key_lines[key])
            mapping[key] = self.construct_object(value_node)
            mapping.key_lines[key] = line
        return mapping

    def construct_line_sequence(self, node):
        seq = Sequence(self.construct_object(child) for child in node.value)
        seq.line = self._line(node)
        seq.item_lines = [self._line(child) for child in node.value]
        return seq

    def construct_text_timestamp(self, node):
        # Dates stay text; the validator parses them and names impossible ones.
        return self.construct_scalar(node)

    def construct_unknown(self, node):
        raise YamlProblem(self._line(node), "yaml.tag", tag=node.tag)


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_line_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _Loader.construct_line_sequence)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_text_timestamp)
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
    ("found undefined alias", "引用了未定义的别名（*）", "an alias (*) refers to nothing"),
    ("found unexpected end of stream", "引号没有配对", "a quote is not closed"),
    ("expected a single document", "文件里有多个文档（---）", "the file holds several documents (---)"),
    ("found unknown escape character", "双引号里的反斜杠 \\ 无效（请改用单引号）",
     "invalid backslash escape in double quotes (use single quotes)"),
)


def _syntax_detail(detail: str) -> Localised:
    for needle, zh, en in _SYNTAX_HINTS:
        if needle in detail:
            return Localised(zh, en)
    return Localised(detail, detail)


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
        return loader.get_single_data()
    except YamlProblem as exc:
        problems.append(Problem(rel, exc.line, None, exc.code, exc.params))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
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
