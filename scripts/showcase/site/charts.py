"""Chart geometry and the downloadable tables of the statistics page.

Charts are computed here as plain numbers (bar positions) so the SVG markup can
live in a template and the same figures feed the data tables, the CSV and the
JSON download.
"""

from __future__ import annotations

import csv
import io
import json

from ..model.stats import Series
from ..records.tables import neutral_row


def bars(items: list[tuple[str, float]], *, width: int = 400, bar: int = 20, gap: int = 8,
         label_width: int = 110, value_width: int = 64) -> dict:
    """Horizontal bars: one row per item, lengths proportional to the largest value."""
    top = max((v for _, v in items), default=0) or 1
    span = width - label_width - value_width
    rows = []
    for i, (label, value) in enumerate(items):
        rows.append({"label": label, "value": value, "y": i * (bar + gap),
                     "x": label_width, "w": max(1.0, round(span * value / top, 1)) if value else 0,
                     "h": bar, "text_x": label_width + (span * value / top if value else 0) + 6,
                     "mid": i * (bar + gap) + bar / 2})
    return {"kind": "bars", "width": width, "height": max(bar, len(items) * (bar + gap) - gap),
            "rows": rows, "label_width": label_width}


def columns(items: list[tuple[str, float]], *, ticks: list[tuple[str, str]] | None = None,
            width: int = 400, height: int = 180, axis: int = 24) -> dict:
    """Vertical columns over time (years, months).

    `ticks`, one per item, are short axis labels and their group, e.g. ("3月", "2024年"):
    a group is written once, under the first label shown in it. Without, an item's
    label is its axis label.
    """
    if ticks:
        height, axis = height + 16, axis + 16  # a second line for the groups
    n = max(1, len(items))
    top = max((v for _, v in items), default=0) or 1
    slot = width / n
    col = max(2.0, slot * 0.7)
    plot = height - axis
    top_margin = 16
    cols = []
    every = max(1, -(-n // 6))  # at most about 6 axis labels
    group_shown = None
    for i, (label, value) in enumerate(items):
        tick, group = ticks[i] if ticks else (label, "")
        show = i % every == 0
        h = round((plot - top_margin) * value / top, 1)
        cols.append({"label": label, "value": value, "x": round(i * slot + (slot - col) / 2, 1),
                     "w": round(col, 1), "y": round(plot - h, 1), "h": h,
                     "label_x": round(i * slot + slot / 2, 1), "show_label": show, "tick": tick,
                     "group": group if show and group != group_shown else ""})
        if show:
            group_shown = group
    return {"kind": "columns", "width": width, "height": height, "plot": plot, "cols": cols,
            "values": n <= 12}  # few columns: print each value above its column


def to_csv(stats: dict) -> str:
    """All tables in one CSV, a section per table (Excel opens it; BOM for Chinese).

    Every cell goes through tables.neutralise: a name or unit that begins with = + - @ (an
    organisation's "=HYPERLINK(…)") is text in Excel, not a formula; numbers stay numbers."""
    out = io.StringIO()
    out.write("\ufeff")
    w = csv.writer(out, lineterminator="\r\n")
    row = w.writerow
    row(["# totals"])
    for key, value in stats["totals"].items():
        row(neutral_row([key, value]))
    for key, series in stats.items():
        if isinstance(series, Series):
            row([])
            row(neutral_row([f"# {series.id}"]))
            row(neutral_row(series.columns))
            w.writerows(neutral_row(r) for r in series.rows)
    return out.getvalue()


def to_json(stats: dict) -> str:
    data = {"totals": stats["totals"]}
    for key, series in stats.items():
        if isinstance(series, Series):
            data[key] = [dict(zip(series.columns, row)) for row in series.rows]
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
