"""An officer's spreadsheet (.xlsx from Excel, WPS or LibreOffice; .xls, WPS's .et, .ods; or .csv)
as numbered rows.

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

SUFFIXES = (".xlsx", ".xlsm", ".xls", ".et", ".ods", ".csv")  # .et: WPS, an .xls inside
HEADER_SCAN = 10  # rows searched for the header
EXCEL_EPOCH = datetime(1899, 12, 30)
MAX_SERIAL = 2958465  # 9999-12-31
TOTAL_WORDS = ("合计", "总计", "小计", "total")  # a first cell that marks a sum row, not data


class SheetError(Bad):
    """The file or sheet cannot be read at all: a usage error (exit code 2)."""


@dataclass
class Sheet:
    """The rows of one sheet: (row number, cells), cells as calamine gives them (empty: None) or CSV text."""

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
        raise SheetError("import.file_kind", name=path.name)
    return _open_book(path, rel, sheet)


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


# -- workbooks: looked at before calamine opens them ------------------------------------------
#
# What a file is goes by its first bytes, not its name: a zip (.xlsx from Excel, WPS or
# LibreOffice; .ods), an OLE compound file (.xls from Excel 97-2003; WPS's .et, which is the
# same inside), or a web page or text that a web system saved as ".xls".
#
# An .xlsx or .ods is a zip of XML parts, and calamine reads each part it needs whole: the
# shared strings (every text cell's text) into one list, the sheet into one grid. A 1 MB file
# whose shared strings inflate to 1 GB took 4 GB of memory under openpyxl and never finished.
# So the sizes the zip declares are checked first (zipfile never inflates a part beyond its
# declared size: a part that lies fails its CRC), then every part is inflated once, counting,
# and searched for a DTD (<!DOCTYPE, <!ENTITY: what entity bombs and external entities need;
# Excel, WPS and LibreOffice never write one). calamine's XML reader (quick-xml) expands no
# entity either: a declared one is left as text or refused, never multiplied.
#
# The limits, measured: 100,000 ledger rows as openpyxl writes them are a 38 MB worksheet
# (compression 10.5:1; the same row 100,000 times: 17:1); LibreOffice's parts are 2-8:1.
# An .xls holds at most 65,536 rows: 30 MB is far more than any ledger in it.
MAX_PARTS = 10_000              # parts in the zip (a workbook of 100 sheets has about 400)
MAX_PART_MB = 32                # a part read whole: shared strings (~100,000 distinct notes), styles, …
MAX_SHEET_MB = 256              # a worksheet (about 650,000 rows); an .ods's content.xml
MAX_TOTAL_MB = 512              # all parts together: as much as a CSV ledger may hold
MAX_RATIO = 100                 # inflated:compressed, for parts over 1 MB (zlib's own limit is ~1032)
MAX_OLE_MB = 30                 # an .xls or .et, read whole
_RATIO_FROM = 1 << 20
_DIRECTORY_ENTRY = 400          # bytes of central directory a part may take (46 and its name)
_DTD = re.compile(rb"<\x00?!\x00?(?:D\x00?O\x00?C|E\x00?N\x00?T)")  # UTF-8 and UTF-16
_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_ODS = b"application/vnd.oasis.opendocument.spreadsheet"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MB = 1 << 20


def _mb(size: int) -> str:
    return f"{size / _MB:,.1f}"


def kind_of(path: Path, rel: str) -> str:
    """'xlsx', 'ods', 'ole' or 'html' by the file's first bytes; SheetError for anything else."""
    try:
        with path.open("rb") as fh:
            head = fh.read(512)
    except OSError as exc:
        raise SheetError("import.unreadable", path=rel, detail=exc.strerror or str(exc)) from None
    if head.startswith(_OLE):
        return "ole"
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist()[:MAX_PARTS])
        except (zipfile.BadZipFile, OSError, ValueError):
            return "xlsx"  # check_xlsx names what is wrong
        return "ods" if "mimetype" in names and "[Content_Types].xml" not in names else "xlsx"
    text = head.lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n\x00").lower()
    if text.startswith((b"<", b"<\x00")):
        raise SheetError("import.xls_html", path=rel)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        raise SheetError("import.not_xlsx_file", path=rel, detail="BadZipFile")
    raise SheetError("import.not_sheet_file", path=rel)


def check_xlsx(path: Path, rel: str) -> datetime:
    """SheetError when the .xlsx is not a zip, or inflates beyond what a spreadsheet holds,
    or holds a DTD; in bounded time and memory (one pass, 1 MB at a time). Returns the date
    system of the workbook (1900, or 1904 as old Excel for Mac saved it)."""
    with _zip(path, rel, "import.not_xlsx_file") as zf:
        parts = zf.infolist()
        sheets = _worksheets(zf, rel)
        _limits(parts, sheets, rel)
        for info in parts:
            _scan(zf, info, rel)
        return _epoch(zf)


def check_ods(path: Path, rel: str) -> None:
    """The same checks for an .ods (LibreOffice, WPS): a zip whose sheets are all in content.xml."""
    with _zip(path, rel, "import.not_ods_file") as zf:
        parts = zf.infolist()
        try:
            kind = zf.read("mimetype") if zf.getinfo("mimetype").file_size < 200 else b""
        except (KeyError, Exception):  # noqa: BLE001 - no mimetype, or a broken one
            kind = b""
        if kind.strip() != _ODS:
            raise SheetError("import.not_ods_file", path=rel, detail="mimetype")
        _limits(parts, {"content.xml"}, rel)
        for info in parts:
            _scan(zf, info, rel)


def check_ole(path: Path, rel: str) -> None:
    """An .xls or .et: an OLE compound file, of a size calamine may read whole."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SheetError("import.unreadable", path=rel, detail=exc.strerror or str(exc)) from None
    if size > MAX_OLE_MB * _MB:
        raise SheetError("import.xls_large", path=rel, size=_mb(size), limit=MAX_OLE_MB)


class _zip:
    """zipfile.ZipFile(path) once its central directory is known to be of a sane size."""

    def __init__(self, path: Path, rel: str, not_zip: str):
        directory = _directory_size(path, rel)
        if directory is not None and directory > MAX_PARTS * _DIRECTORY_ENTRY:
            # zipfile reads the whole central directory into ZipInfo objects before anything else
            raise SheetError("import.xlsx_parts", path=rel, count=f"{directory // 46:,}+", limit=MAX_PARTS)
        try:
            self.zf = zipfile.ZipFile(path)
        except zipfile.BadZipFile:
            raise SheetError(not_zip, path=rel, detail="BadZipFile") from None
        except OSError as exc:
            raise SheetError("import.unreadable", path=rel, detail=exc.strerror or str(exc)) from None
        if len(self.zf.infolist()) > MAX_PARTS:
            self.zf.close()
            raise SheetError("import.xlsx_parts", path=rel, count=len(self.zf.infolist()), limit=MAX_PARTS)

    def __enter__(self) -> zipfile.ZipFile:
        return self.zf

    def __exit__(self, *exc) -> None:
        self.zf.close()


def _limits(parts: list, sheets: set[str], rel: str) -> None:
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


_DATE1904 = re.compile(rb"<(?:\w+:)?workbookPr\b[^>]*\bdate1904\s*=\s*[\"'](?:1|true)[\"']")


def _epoch(zf: zipfile.ZipFile) -> datetime:
    """1904-01-01 for a workbook in the 1904 date system (its serial numbers count from there)."""
    try:
        head = zf.read("xl/workbook.xml")[:65536]  # checked and scanned already
    except Exception:  # noqa: BLE001 - calamine will say what is wrong
        return EXCEL_EPOCH
    return datetime(1904, 1, 1) if _DATE1904.search(head) else EXCEL_EPOCH


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


def _open_book(path: Path, rel: str, name: str | None) -> Sheet:
    """An .xlsx, .xls, .et or .ods workbook, read by python-calamine (Rust: importing a 100,000-row
    ledger took 13-17 s with openpyxl, 2-3 s with calamine). Its file checks come first: a zip is inflated once,
    counted, before calamine reads a part (check_xlsx, check_ods); an OLE file (.xls, .et) is
    bounded in size (check_ole)."""
    epoch = EXCEL_EPOCH
    kind = kind_of(path, rel)
    if kind == "xlsx":
        epoch = check_xlsx(path, rel)
    elif kind == "ods":
        check_ods(path, rel)
    else:
        check_ole(path, rel)
    from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

    try:
        with path.open("rb") as fh:  # by its content: an .xls that is really an .xlsx is read too
            wb = CalamineWorkbook.from_filelike(fh)
    except OSError as exc:
        raise SheetError("import.unreadable", path=rel, detail=exc.strerror or str(exc)) from None
    except Exception as exc:  # noqa: BLE001 - CalamineError, XmlError, ZipError, PasswordError, …
        raise SheetError("import.xlsx_broken", path=rel, detail=_detail(exc)) from None
    try:
        sheets = [m for m in wb.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
        visible = [m.name for m in sheets if m.visible == SheetVisibleEnum.Visible]
        title = "?"
        if name is not None:
            found = [m.name for m in sheets if m.name.strip() == name.strip()]
            if not found:
                raise SheetError("import.sheet_unknown", name=name, choices="、".join(m.name for m in sheets))
            title = found[0]
        elif visible:
            title = visible[0]
        else:
            raise SheetError("import.sheet_none")
        # The whole sheet is read here (calamine holds it in Rust, a few dozen bytes a cell);
        # its rows become Python objects one at a time, as the import asks for them.
        ws = wb.get_sheet_by_name(title)
    except SheetError:
        wb.close()
        raise
    except Exception as exc:  # noqa: BLE001 - broken XML or records: found when the sheet is read
        wb.close()
        raise SheetError("import.xlsx_broken", path=rel, detail=f"{title}: {_detail(exc)}") from None
    others = [n for n in visible if n != title]
    total = ws.end[0] + 1 if ws.end is not None and ws.end[0] > 0 else None
    return Sheet(title, _book_rows(ws, rel, title), total, epoch, others, close=wb.close)


def _book_rows(ws, rel: str, part: str) -> Iterator[tuple[int, tuple]]:
    """The sheet's rows, numbered as Excel numbers them, empty cells as None (as openpyxl gave
    them). calamine starts at row 1 but at the first column that holds anything: the same
    for the header and every row, which is all the import needs."""
    number = 0
    try:
        for cells in ws.iter_rows():
            number += 1
            yield number, tuple(None if c == "" else c for c in cells)
    except Exception as exc:  # noqa: BLE001 - a cell calamine cannot convert
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
