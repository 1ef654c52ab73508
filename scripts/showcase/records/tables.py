"""CSV cells in and out: what we write cannot run as a formula, what we read is not silently misread.

Out: a CSV the program writes (the statistics download, the ledger files of `import ledger`)
is opened in Excel or WPS by someone. A text cell that begins with = + - @, a tab or a carriage
return is taken there as a formula (`=HYPERLINK(…)`, `@SUM(…)`, DDE `=cmd|…`), so, as OWASP
recommends (CSV Injection), such a cell is written with a leading apostrophe: the spreadsheet
shows it as text. Numbers stay numbers: a number value is never touched, and neither is text
that is a plain number (-2.5), which a spreadsheet reads as that number. `restore` undoes
`neutralise` exactly, so a ledger file written by the import reads back as the officer's text.

In: `rows` reads CSV text row by row with the line each row begins on, and refuses what the csv
module would otherwise take silently: a quote left open (the rest of the file, or everything
up to the next quote, becomes one cell: 22 rows become 1), text after a closing quote, a cell
over the csv module's field limit.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Iterator

from .schema import Bad

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # OWASP: what a spreadsheet may take as a formula
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\Z")
_BREAK = re.compile(r"\r\n|\r|\n")
_QUOTED = re.compile(r"'+[=+\-@\t\r]")  # text that neutralise() prefixed, or that needs one to read back


def neutralise(value):
    """A cell as written to a CSV: text that a spreadsheet would run as a formula gets a leading '.

    Text that already begins with apostrophes before such a character gets one more, so that
    `restore` gives back exactly what was written (the officer's "'=x" stays "'=x").
    """
    if not isinstance(value, str) or not value:
        return value
    first = value[0]
    if first in FORMULA_STARTS:
        return value if first in "+-" and _NUMBER.match(value) else "'" + value
    if first == "'" and _QUOTED.match(value):
        return "'" + value
    return value


def restore(text: str) -> str:
    """A cell read back from a CSV we wrote: without the apostrophe `neutralise` added."""
    return text[1:] if text[:1] == "'" and _QUOTED.match(text) else text


def neutral_row(row) -> list:
    return [neutralise(v) for v in row]


class CsvBroken(Bad):
    """The CSV text cannot be read reliably from `line` on; `code` says why."""

    def __init__(self, code: str, line: int, **params):
        super().__init__(code, **params)
        self.line = line


def rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """(line the row begins on, its cells) for each row of CSV text; CsvBroken where it is broken.

    A quoted cell may hold line breaks (Excel writes a cell with Alt+Enter so). But a quote left
    open swallows the lines after it into one cell: that is told from a real line break by the
    swallowed lines themselves, which look like rows (as many commas as the widest row so far,
    and at least two), or by the end of the file coming inside the quotes.
    """
    reader = csv.reader(io.StringIO(text), strict=True)
    widest = 0
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _broken(exc, start, reader.line_num) from None
        end = reader.line_num
        if end > start and widest >= 3:
            _check_breaks(row, start, end, widest)
        if len(row) > widest:
            widest = len(row)
        yield start, row


def _check_breaks(row: list[str], start: int, end: int, widest: int) -> None:
    line = start
    for cell in row:
        if "\n" in cell or "\r" in cell:
            parts = _BREAK.split(cell)
            if any(part.count(",") >= widest - 1 for part in parts[1:]):
                raise CsvBroken("csv.quote_open", line, end=end)
            line += len(parts) - 1


def _broken(exc: csv.Error, start: int, end: int) -> CsvBroken:
    text = str(exc)
    if "field larger than field limit" in text:
        return CsvBroken("csv.cell_too_long", start, limit=csv.field_size_limit())
    if "unexpected end of data" in text or end > start:  # the file ended, or another quote came, inside quotes
        return CsvBroken("csv.quote_open", start, end=end)
    if "expected after" in text:  # "abc"def: text after the closing quote
        return CsvBroken("csv.quote_stray", start)
    return CsvBroken("csv.syntax", start, detail=text)


# For a reader that keeps its own loop (records/ledger.py folds millions of rows): the same checks.
check_breaks = _check_breaks
broken = _broken
