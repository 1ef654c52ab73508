"""Changing a few fields of a hand-written YAML record without disturbing the rest.

An officer's record file carries comments, an order of fields and a layout
of its own; re-dumping it would lose them. Here a field is changed by
replacing only the lines of that field (its comment at the end of the line is
kept), a missing field is added at the end, and a nested mapping such as
`private:` is edited the same way one level down. The result is parsed back
and compared with what was asked for, so a layout this cannot handle raises
EditError instead of writing something else.
"""

from __future__ import annotations

import re

import yaml

_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:(?=[ \t]|$)(.*)$")


CLOSING_KEYS = ("consent", "private")


class EditError(Exception):
    """The file's layout is too unusual to edit line by line."""


def dump_value(value) -> str:
    """One value as it stands after 'key: ' on one line ('13800000000' quoted, lists in brackets)."""
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=2**20,
                          sort_keys=False).strip()
    if text.endswith("\n..."):
        text = text[:-4].rstrip()
    if "\n" in text:
        raise EditError(f"cannot write {value!r} on one line")
    return text


def dump_mapping(values: dict, indent: str = "") -> list[str]:
    """Lines `key: value`; a dict value becomes an indented block below its key."""
    lines = []
    for key, value in values.items():
        if isinstance(value, dict):
            lines.append(f"{indent}{key}:")
            lines += dump_mapping(value, indent + "  ")
        else:
            lines.append(f"{indent}{key}: {dump_value(value)}")
    return lines


def _comment(rest: str) -> str:
    """The '  # …' ending a line (outside quotes), or ''."""
    quote = None
    for i, ch in enumerate(rest):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and (i == 0 or rest[i - 1] in " \t"):
            j = i
            while j > 0 and rest[j - 1] in " \t":
                j -= 1
            return rest[j:]
    return ""


def _blocks(lines: list[str]) -> dict[str, tuple[int, int]]:
    """Each key at column 0 → (first line, end) of the lines that belong to it."""
    starts = [(i, m.group(1)) for i, line in enumerate(lines) if (m := _KEY.match(line))]
    out = {}
    for n, (i, key) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        # Blank lines and comments at column 0 before the next key belong to that key.
        while end > i + 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
            end -= 1
        out[key] = (i, end)
    return out


def _edit(lines: list[str], updates: dict) -> list[str]:
    lines = list(lines)
    blocks = _blocks(lines)
    appended: list[str] = []
    at_end: list[str] = []
    for key, value in updates.items():
        if key not in blocks:
            (at_end if key in CLOSING_KEYS else appended).extend(dump_mapping({key: value}))
            continue
        start, end = blocks[key]
        rest = _KEY.match(lines[start]).group(2)
        comment = _comment(rest)
        if isinstance(value, dict):
            body = rest[: len(rest) - len(comment)].strip()
            if body:  # a flow mapping such as {phone: '…'}: written out as a block
                try:
                    current = yaml.safe_load(body)
                except yaml.YAMLError:
                    raise EditError(key) from None
                if not isinstance(current, dict):
                    raise EditError(key)
                new = [f"{key}:{comment}"] + dump_mapping({**current, **value}, "  ")
            else:
                children = lines[start + 1:end]
                indents = [len(c) - len(c.lstrip()) for c in children if c.strip() and not c.lstrip().startswith("#")]
                pad = min(indents) if indents else 2
                inner = _edit([c[pad:] if c[:pad].strip() == "" else c for c in children], value)
                new = [lines[start]] + [(" " * pad + c) if c.strip() else c for c in inner]
        else:
            new = [f"{key}: {dump_value(value)}{comment}"]
        lines[start:end] = new
        shift = len(new) - (end - start)
        blocks = {k: ((s + shift, e + shift) if s > start else (s, e)) for k, (s, e) in blocks.items()}
    while lines and not lines[-1].strip() and (appended or at_end):
        lines.pop()
    # New fields go before consent: and private:, which close a record by custom, else at the end.
    closing = [blocks[k][0] for k in CLOSING_KEYS if k in blocks]
    at = min(closing) if closing else len(lines)
    while at < len(lines) and at > 0 and lines[at - 1].startswith("#"):
        at -= 1  # the comment above consent: stays with it
    return lines[:at] + appended + lines[at:] + at_end


def set_fields(text: str, updates: dict) -> str:
    """`text` with the fields in `updates` set; a dict value updates the keys of a nested mapping."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    result = "\n".join(_edit(lines, updates)) + "\n"
    try:
        data = yaml.safe_load(result)
    except yaml.YAMLError:
        raise EditError("the result is not valid YAML") from None
    for key, value in updates.items():
        got = data.get(key) if isinstance(data, dict) else None
        want = {**(got if isinstance(got, dict) else {}), **value} if isinstance(value, dict) else value
        if got != yaml.safe_load(yaml.safe_dump(want, allow_unicode=True)):
            raise EditError(key)
    return result
