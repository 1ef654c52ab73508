"""An officer's spreadsheet (.xlsx from Excel, WPS or LibreOffice, or .csv) as numbered rows.

Spreadsheets kept by hand are untidy: a title row merged across the columns
above the header, a header of two rows (merged cells), a hidden sheet of
instructions, empty rows at the end, numbers typed as text, dates stored as
Excel serial numbers. This module finds the sheet and the header row(s), and
hands over each row with its number as Excel shows it in the margin, so that a
message can send the officer to the right row.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Callable, Iterator

from ..text import messages as msg
from ..records import tables, yamlio
from ..records.schema import Bad, parse_date

SUFFIXES = (".xlsx", ".xlsm", ".csv")
HEADER_SCAN = 10  # rows searched for the header
EXCEL_EPOCH = datetime(1899, 12, 30)
MAX_SERIAL = 2958465  # 9999-12-31
TOTAL_WORDS = ("合计", "总计", "小计", "total")  # a first cell that marks a sum row, not data


class SheetError(Bad):
    """The file or sheet cannot be read at all: a usage error (exit code 2)."""


@dataclass
class Sheet:
    """The rows of one sheet: (row number, cells), cells as openpyxl gives them or CSV text."""

    name: str | None                 # None for a CSV file
    rows: Iterator[tuple[int, tuple]]
    total: int | None = None         # rows the file claims to have, for a progress bar
    epoch: datetime = EXCEL_EPOCH
    others: list = field(default_factory=list)   # the other visible sheets, not read
    close: Callable[[], None] = lambda: None


def open_sheet(path: Path, rel: str, sheet: str | None = None) -> Sheet:
    """The sheet to import: `sheet` by name, else the first visible one.

    Any file that cannot be read is a SheetError naming it, never a traceback or a hang: its
    rows are read lazily, and a fault found on the way (a broken quote, broken XML) is one too.
    """
    if not path.is_file():
        raise SheetError("import.file_missing", path=rel)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _open_csv(path, rel)
    if suffix not in SUFFIXES:
        raise SheetError("import.file_type", name=path.name)
    return _open_xlsx(path, rel, sheet)


def _open_csv(path: Path, rel: str) -> Sheet:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SheetError("import.unreadable", path=rel, detail=exc.strerror or str(exc)) from None
    # UTF-8 (with or without BOM) or GBK, as Excel on Windows saves CSV: no warning needed here.
    text = yamlio.decode(raw, rel, [])
    if text is None:
        raise SheetError("import.encoding", path=rel)
    # A CSV row is a record: the row Excel shows it on, even when a cell spans lines.
    return Sheet(None, _csv_rows(text, rel), text.count("\n") + 1)


def _csv_rows(text: str, rel: str) -> Iterator[tuple[int, tuple]]:
    number = 0
    try:
        for _, cells in tables.rows(text):
            number += 1
            yield number, cells
    except tables.CsvBroken as broken:  # the rows from here on are not what the officer sees
        raise SheetError("import." + broken.code.replace(".", "_"), path=rel, line=broken.line,
                         **broken.params) from None


# -- .xlsx: looked at before openpyxl opens it ----------------------------------------------
#
# An .xlsx is a zip of XML parts. openpyxl (read-only) reads each worksheet row by row, but
# every other part whole, the shared strings (every text cell's text) into one list: a 1 MB
# file whose shared strings inflate to 1 GB took 4 GB of memory and never finished. So the
# sizes the zip declares are checked first (zipfile never inflates a part beyond its declared
# size: a part that lies fails its CRC), then every part is inflated once, counting, and
# searched for a DTD (<!DOCTYPE, <!ENTITY: what entity bombs and external entities need; Excel,
# WPS and LibreOffice never write one). openpyxl parses with defusedxml when it is installed
# (openpyxl/xml/functions.py: DEFUSEDXML), which refuses any entity declaration as well.
#
# The limits, measured: 100,000 ledger rows as openpyxl writes them are a 38 MB worksheet
# (compression 10.5:1; the same row 100,000 times: 17:1); LibreOffice's parts are 2-8:1.
MAX_PARTS = 10_000              # parts in the zip (a workbook of 100 sheets has about 400)
MAX_PART_MB = 32                # a part read whole: shared strings (~100,000 distinct notes), styles, …
MAX_SHEET_MB = 256              # a worksheet, read row by row (about 650,000 rows)
MAX_TOTAL_MB = 512              # all parts together: as much as a CSV ledger may hold
MAX_RATIO = 100                 # inflated:compressed, for parts over 1 MB (zlib's own limit is ~1032)
_RATIO_FROM = 1 << 20
_DIRECTORY_ENTRY = 400          # bytes of central directory a part may take (46 and its name)
_DTD = re.compile(rb"<\x00?!\x00?(?:D\x00?O\x00?C|E\x00?N\x00?T)")  # UTF-8 and UTF-16
_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_MB = 1 << 20


def _mb(size: int) -> str:
    return f"{size / _MB:,.1f}"


def check_xlsx(path: Path, rel: str) -> None:
    """SheetError when the .xlsx is not a zip, or inflates beyond what a spreadsheet holds,
    or holds a DTD; in bounded time and memory (one pass, 1 MB at a time)."""
    directory = _directory_size(path, rel)
    if directory is not None and directory > MAX_PARTS * _DIRECTORY_ENTRY:
        # zipfile reads the whole central directory into ZipInfo objects before anything else
        raise SheetError("import.xlsx_parts", path=rel, count=f"{directory // 46:,}+", limit=MAX_PARTS)
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise SheetError("import.not_xlsx_file", path=rel, detail="BadZipFile") from None
    except OSError as exc:
        raise SheetError("import.unreadable", path=rel, detail=exc.strerror or str(exc)) from None
    with zf:
        parts = zf.infolist()
        if len(parts) > MAX_PARTS:
            raise SheetError("import.xlsx_parts", path=rel, count=len(parts), limit=MAX_PARTS)
        sheets = _worksheets(zf, rel)
        total = 0
        for info in parts:
            limit = (MAX_SHEET_MB if info.filename in sheets else MAX_PART_MB) * _MB
            if info.file_size > limit:
                raise SheetError("import.xlsx_part_large", path=rel, part=info.filename,
                                 size=_mb(info.file_size), limit=limit // _MB)
            if info.file_size > _RATIO_FROM and info.file_size > MAX_RATIO * max(1, info.compress_size):
                raise SheetError("import.xlsx_ratio", path=rel, part=info.filename,
                                 ratio=info.file_size // max(1, info.compress_size), limit=MAX_RATIO)
            total += info.file_size
            if total > MAX_TOTAL_MB * _MB:
                raise SheetError("import.xlsx_total_large", path=rel, limit=MAX_TOTAL_MB)
        for info in parts:
            _scan(zf, info, rel)


def _directory_size(path: Path, rel: str) -> int | None:
    """The size of the zip's central directory, from its end record (None: not known here)."""
    end_record = getattr(zipfile, "_EndRecData", None)
    if end_record is None:  # pragma: no cover - another Python's zipfile
        return None
    try:
        with path.open("rb") as fh:
            end = end_record(fh)
    except OSError as exc:
        raise SheetError("import.unreadable", path=rel, detail=exc.strerror or str(exc)) from None
    except Exception:  # noqa: BLE001 - zipfile itself will say what is wrong
        return None
    return end[getattr(zipfile, "_ECD_SIZE", 5)] if end else None


def _worksheets(zf: zipfile.ZipFile, rel: str) -> set[str]:
    """The parts [Content_Types].xml declares worksheets and nothing else (read row by row)."""
    from defusedxml import ElementTree
    from defusedxml.common import DefusedXmlException

    name = "[Content_Types].xml"
    try:
        info = zf.getinfo(name)
    except KeyError:
        raise SheetError("import.not_xlsx_file", path=rel, detail=f"{name} ?") from None
    if info.file_size > MAX_PART_MB * _MB:
        raise SheetError("import.xlsx_part_large", path=rel, part=name, size=_mb(info.file_size),
                         limit=MAX_PART_MB)
    try:
        root = ElementTree.fromstring(zf.read(name))
    except DefusedXmlException:
        raise SheetError("import.xlsx_dtd", path=rel, part=name) from None
    except Exception as exc:  # noqa: BLE001 - ParseError, a bad CRC, a truncated zip
        raise SheetError("import.xlsx_broken_part", path=rel, part=name, detail=_detail(exc)) from None
    types: dict[str, set] = {}
    for node in root:
        if node.tag.endswith("}Override"):
            types.setdefault(node.get("PartName", "").lstrip("/"), set()).add(node.get("ContentType"))
    return {part for part, found in types.items() if found == {_WORKSHEET}}


def _scan(zf: zipfile.ZipFile, info: zipfile.ZipInfo, rel: str) -> None:
    """Inflate one part, counting (never more than it declares) and looking for a DTD."""
    tail = b""
    try:
        with zf.open(info) as fh:
            while True:
                chunk = fh.read(_MB)
                if not chunk:
                    break
                if _DTD.search(tail + chunk):
                    raise SheetError("import.xlsx_dtd", path=rel, part=info.filename)
                tail = chunk[-16:]
    except SheetError:
        raise
    except Exception as exc:  # noqa: BLE001 - bad CRC, unknown compression, encrypted, truncated, zlib.error
        raise SheetError("import.xlsx_broken_part", path=rel, part=info.filename,
                         detail=_detail(exc)) from None


_ACTION = re.compile(r"could not (read [a-z ]+?) from")


def _detail(exc: BaseException) -> str:
    """The first cause of an error on one line, for the maintainer: 'read stylesheet: ParseError: …'."""
    action = _ACTION.search(str(exc))
    root, seen = exc, 0
    while (root.__cause__ or root.__context__) is not None and seen < 10:
        root, seen = root.__cause__ or root.__context__, seen + 1
    text = " ".join(f"{type(root).__name__}: {root}".split()).rstrip(":")
    if action:
        text = f"{action.group(1)}: {text}"
    return text if len(text) <= 160 else text[:160] + "…"


def _defused(exc: BaseException) -> bool:
    """Whether defusedxml refused something (openpyxl wraps its errors in a ValueError)."""
    from defusedxml.common import DefusedXmlException

    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, DefusedXmlException):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def _open_xlsx(path: Path, rel: str, name: str | None) -> Sheet:
    check_xlsx(path, rel)
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except OSError as exc:
        raise SheetError("import.unreadable", path=rel, detail=exc.strerror or str(exc)) from None
    except Exception as exc:  # noqa: BLE001 - broken XML, odd styles: openpyxl raises anything
        if _defused(exc):
            raise SheetError("import.xlsx_dtd", path=rel, part=_detail(exc).split(":")[0]) from None
        raise SheetError("import.xlsx_broken", path=rel, detail=_detail(exc)) from None
    try:
        visible = [ws for ws in wb.worksheets if ws.sheet_state == "visible"]
        if name is not None:
            found = [ws for ws in wb.worksheets if ws.title.strip() == name.strip()]
            if not found:
                wb.close()
                raise SheetError("import.sheet_unknown", name=name,
                                 choices="、".join(ws.title for ws in wb.worksheets))
            ws = found[0]
        elif visible:
            ws = visible[0]
        else:
            wb.close()
            raise SheetError("import.sheet_none")
        others = [s.title for s in visible if s is not ws]
        # Some programs record the sheet's size wrongly; reading every row as stored is always right.
        total = ws.max_row if (ws.max_row or 0) > 1 else None  # None: the file does not say
        ws.reset_dimensions()
    except SheetError:
        raise
    except Exception as exc:  # noqa: BLE001 - a sheet's dimension or state broken
        wb.close()
        raise SheetError("import.xlsx_broken", path=rel, detail=_detail(exc)) from None
    part = getattr(ws, "_worksheet_path", None) or "?"
    rows = _xlsx_rows(ws, rel, part)
    return Sheet(ws.title, rows, total, wb.epoch, others, close=wb.close)


def _xlsx_rows(ws, rel: str, part: str) -> Iterator[tuple[int, tuple]]:
    """The sheet's rows, numbered; a fault in its XML (found only as it is read) is a SheetError."""
    number = 0
    try:
        for cells in ws.iter_rows(values_only=True):
            number += 1
            yield number, cells
    except Exception as exc:  # noqa: BLE001 - broken XML, a cell of an unknown type or style
        if _defused(exc):
            raise SheetError("import.xlsx_dtd", path=rel, part=part) from None
        raise SheetError("import.xlsx_broken_row", path=rel, part=part, row=number + 1,
                         detail=_detail(exc)) from None


# -- the header ------------------------------------------------------------------

_PAREN = re.compile(r"^(.*?)[(\[]([^()\[\]]*)[)\]]$")


def normalise_header(text) -> str:
    """A header cell as compared with known names: no spaces, marks or case; full-width folded."""
    if text is None:
        return ""
    text = unicodedata.normalize("NFKC", str(text))
    text = re.sub(r"\s+", "", text).strip("*:：").lower()
    return text


def split_unit(header: str) -> tuple[str, str]:
    """'服务时长(小时)' → ('服务时长', '小时'); headers are normalised first."""
    m = _PAREN.match(header)
    return (m.group(1), m.group(2)) if m else (header, "")


def column_field(cell, classify: Callable[[str], str | None]) -> tuple[str | None, str]:
    """What a header cell names, and the unit in its brackets: the whole text, else without the brackets."""
    norm = normalise_header(cell)
    found = classify(norm)
    if found:
        return found, ""
    base, unit = split_unit(norm)
    return (classify(base), unit) if unit else (None, "")


@dataclass
class Header:
    """The columns of a sheet: what each one holds, and where the data begins."""

    row: int                     # the (last) header row
    texts: list                  # each column's header as written (two rows joined by /)
    fields: list                 # each column's field, or None
    units: list                  # each column's unit in brackets, normalised ('' when none)
    first_row: int               # row number of the first data row

    def index(self) -> tuple[dict[str, list[int]], list[str]]:
        """The columns of each field (`ignore` left out), and the headers no field claims."""
        index: dict[str, list[int]] = {}
        unknown = []
        for i, (fname, written) in enumerate(zip(self.fields, self.texts)):
            if fname is None:
                if written:
                    unknown.append(written)
            elif fname != "ignore":
                index.setdefault(fname, []).append(i)
        return index, unknown


def find_header(sheet: Sheet, classify: Callable[[str], str | None]) -> tuple[Header | None, Iterator]:
    """The header among the first rows, and the rows after it.

    The header is the row naming the most known columns. A row just below or
    above it that names known columns where it has none is part of a
    two-row header (cells merged across rows keep their text in the upper row
    only; a group title merged across columns stands above the sub-headers).
    """
    head: list[tuple[int, tuple]] = []
    for number, cells in sheet.rows:
        head.append((number, tuple(cells)))
        if len(head) >= HEADER_SCAN:
            break
    rest = sheet.rows

    def known(cells) -> list:
        return [column_field(c, classify)[0] if filled(c) else None for c in cells]

    scores = [sum(k is not None for k in known(cells)) for _, cells in head]
    if not scores or max(scores) < 2:
        return None, rest
    best = scores.index(max(scores))
    rows = [best]
    for other in (best + 1, best - 1):
        if 0 <= other < len(head):
            main, extra = known(head[best][1]), known(head[other][1])
            if any(k is not None and (i >= len(main) or main[i] is None) for i, k in enumerate(extra)):
                rows.append(other)
                break
    rows.sort()
    width = max(len(head[i][1]) for i in rows)
    texts, fields, units = [], [], []
    for col in range(width):
        cells = [head[i][1][col] for i in rows if col < len(head[i][1]) and filled(head[i][1][col])]
        text = "/".join(str(c).strip() for c in cells)
        field_name, unit = None, ""
        for c in reversed(cells):  # the lower row is the more specific
            field_name, unit = column_field(c, classify)
            if field_name:
                break
        texts.append(text)
        fields.append(field_name)
        units.append(unit)
    last = head[rows[-1]][0]
    data = [(n, cells) for n, cells in head[rows[-1] + 1:]]
    return Header(last, texts, fields, units, last + 1), _chain(data, rest)


def data_rows(rows: Iterator, header: Header, used: list[int]) -> Iterator[tuple[int, tuple]]:
    """The rows below the header that hold data in the `used` columns, each padded to the header's
    width plus one: index len(header.texts) stands for a column the sheet lacks and is always empty.
    Blank rows (a pre-numbered template, formatted rows at the end) and 合计 rows are left out."""
    width = len(header.texts) + 1
    for number, cells in rows:
        if len(cells) < width:
            cells = tuple(cells) + (None,) * (width - len(cells))
        if not any(filled(cells[i]) for i in used):
            continue
        if next((text(c) for c in cells if filled(c)), "").lower() in TOTAL_WORDS:
            continue
        yield number, cells


def _chain(first: list, rest: Iterator) -> Iterator:
    yield from first
    yield from rest


def filled(value) -> bool:
    return value is not None and (not isinstance(value, str) or value.strip() != "")


# -- cell values -------------------------------------------------------------------

def text(value) -> str:
    """A cell as text: a whole number typed into a number cell loses its '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    return str(value).strip()


def shown(value) -> str:
    """A cell's value as the officer sees it, for messages."""
    s = text(value)
    return s if len(s) <= 40 else s[:40] + "…"


def to_date(value, epoch: datetime = EXCEL_EPOCH) -> date:
    """A date cell: a real date, an Excel serial number (in a number cell or typed as text),
    20240305, 2024/3/5, 2024年3月5日, 2024.3.5 or 2024-03-05."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool) or value is None:
        raise Bad("field.date", value=shown(value))
    if isinstance(value, (int, float)):
        return _number_date(value, epoch, shown(value))
    s = unicodedata.normalize("NFKC", str(value)).strip()
    if re.fullmatch(r"\d+(\.0+)?", s):
        return _number_date(float(s), epoch, s)
    return parse_date(s)


def _number_date(value: float, epoch: datetime, as_shown: str) -> date:
    value = float(value)
    if value.is_integer() and 19000101 <= value <= 21001231:  # 20240305 typed as a number
        try:
            n = int(value)
            return date(n // 10000, n // 100 % 100, n % 100)
        except ValueError:
            raise Bad("field.date_impossible", value=as_shown) from None
    if 1 <= value <= MAX_SERIAL and value.is_integer():
        return (epoch + timedelta(days=value)).date()
    raise Bad("field.date", value=as_shown)


def number_error(value, expected: str) -> Bad:
    return Bad("field.type", expected=msg.type_(expected),
               actual=msg.Localised(f"“{shown(value)}”", f"'{shown(value)}'"))
