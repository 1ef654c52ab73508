"""The data contract as field declarations, and the conversion of one value.

Each record kind is a table of fields; `convert` turns a parsed YAML mapping
into plain checked values, reporting every problem with the file, the line and
the field, and suggesting the nearest known name for a typo.
"""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from ..text import messages as msg
from ..text.messages import Problem
from ..text.han import CJK
from . import photofile
from .types import PAIRING_KINDS, PROJECT_STATUSES, STATUSES, WISH_STATUSES
from .yamlio import FLOAT_RE, Mapping, Sequence

ID_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")

# The names the site gives its own files beside the records' pages: every folder's index.html,
# volunteers/page/2.html (more cards), volunteers/cards.js, stories/feed.xml (site/links.py,
# site/pages.py, engine/plugin.py). A volunteer, team, project, organisation or story may not be
# called so: its page would take the place of ours. tests/test_hostile_yaml.py builds a site and
# checks that every file beside the records' pages is named here, so the two cannot drift apart.
RESERVED_IDS = frozenset({"index", "page", "cards", "feed", "annual"})
_DATE_RE = re.compile(
    r"^\s*(\d{4})\s*(?:[-/.年])\s*(\d{1,2})\s*(?:[-/.月])\s*(\d{1,2})\s*日?"
    r"(?:[T ][0-9:.+Z-]*)?\s*$")


@dataclass(frozen=True)
class F:
    """One field: its type and the rules its value must keep."""

    type: str
    required: bool = False
    ref: str | None = None
    choices: tuple = ()
    low: float | None = None
    high: float | None = None
    item: "F | None" = None
    fields: dict | None = None
    maxlen: int = 2000
    past: bool = False        # a date that has happened (joined, done): never after today
    strict: bool = False      # a boolean that is someone's consent: only true or false, never "是"


class Bad(Exception):
    """A value that cannot be used; the caller adds the location."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code, self.params = code, params


@dataclass
class Context:
    """What conversion needs to know: the file, every known id, today."""

    rel: str
    problems: list
    ids: dict = field(default_factory=dict)       # kind -> set of ids
    aliases: dict = field(default_factory=dict)   # kind -> {name: id}, e.g. category names
    names: dict = field(default_factory=dict)     # kind -> {name: id}, for suggestions only
    photos: Path | None = None
    today: date | None = None

    def problem(self, line, field_name, code, severity="error", **params):
        self.problems.append(Problem(self.rel, line, field_name, code, params, severity))


def describe(value) -> msg.Localised:
    """How a wrong value is shown back to the officer."""
    if value is None:
        return msg.Localised("空值", "nothing")
    if isinstance(value, bool):
        return msg.Localised(f"是/否（{value}）", f"a boolean ({value})")
    if isinstance(value, (list, tuple)):
        return msg.Localised("一个列表", "a list")
    if isinstance(value, dict):
        return msg.Localised("“字段: 值”结构", "a mapping")
    shown = str(value)
    if len(shown) > 40:
        shown = shown[:40] + "…"
    return msg.Localised(f"“{shown}”", f"'{shown}'")


def closest(value: str, candidates) -> str | None:
    """The known name an officer most likely meant: a close spelling, or one that starts alike."""
    value = str(value)
    candidates = sorted(candidates)
    found = difflib.get_close_matches(value, candidates, n=1, cutoff=0.6)
    if found:
        return found[0]
    if len(value) >= 3:
        starts = [c for c in candidates if c.startswith(value) or value.startswith(c)]
        if len(starts) == 1:
            return starts[0]
    return None


def parse_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise Bad("field.type", expected=msg.type_("date"), actual=describe(value))
    match = _DATE_RE.match(str(value))
    if not match:
        raise Bad("field.date", value=str(value))
    try:
        return date(*(int(g) for g in match.groups()))
    except ValueError:
        raise Bad("field.date_impossible", value=str(value).strip()) from None


_CJK_SPACE = re.compile(f"(?<=[{CJK}]) (?=[{CJK}])")


def _text(value, spec: F):
    if isinstance(value, bool) or isinstance(value, (list, dict)) or value is None:
        raise Bad("field.type", expected=msg.type_("text"), actual=describe(value))
    text = str(value).strip()
    if spec.maxlen >= 2000:
        # YAML folds a wrapped line into a space, which does not belong between Chinese characters.
        text = _CJK_SPACE.sub("", text)
    if len(text) > spec.maxlen:
        raise Bad("field.too_long", length=len(text), limit=spec.maxlen)
    if spec.choices and text not in spec.choices:
        raise Bad("field.enum", value=text, choices="、".join(spec.choices))
    return text


_HOURS_MINUTES = re.compile(r"(\d+):([0-5]\d)")


def _number_text(value: str, spec: F):
    """A number written as text ('12' in quotes, a spreadsheet's cell): plain decimal only.

    A comma or a colon is refused with what to write, never guessed: 1,5 might be 1.5 or 15,
    1:30 might be 90 minutes or a time of day."""
    shown = value.strip()
    text = unicodedata.normalize("NFKC", shown)  # full-width digits (１２) as typed with a Chinese IME
    if "," in text:
        if text.count(",") == 1:
            raise Bad("field.number_comma", value=shown, decimal=text.replace(",", "."),
                      whole=text.replace(",", ""))
        raise Bad("field.number_commas", value=shown, whole=text.replace(",", ""))
    if ":" in text:
        found = _HOURS_MINUTES.fullmatch(text)
        if found:
            hours = int(found[1]) + int(found[2]) / 60
            raise Bad("field.number_time", value=shown, hours=f"{hours:.2f}".rstrip("0").rstrip("."))
        raise Bad("field.number_colon", value=shown)
    if not FLOAT_RE.fullmatch(text):
        raise Bad("field.type", expected=msg.type_(spec.type), actual=describe(value))
    return float(text)


def _number(value, spec: F):
    if isinstance(value, str):
        value = _number_text(value, spec)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        raise Bad("field.type", expected=msg.type_(spec.type), actual=describe(value))
    value = int(value) if isinstance(value, int) else float(value)  # the number, not how it was written
    if spec.type == "integer":
        if value != int(value):
            raise Bad("field.type", expected=msg.type_("integer"), actual=describe(value))
        value = int(value)
    if spec.low == 0 and value < 0:
        raise Bad("field.negative", value=value)
    if (spec.low is not None and value < spec.low) or (spec.high is not None and value > spec.high):
        raise Bad("field.range", value=value, low=spec.low, high=spec.high)
    return value


_TRUE = {"是", "有", "同意", "yes", "true", "y"}
_FALSE = {"否", "无", "不同意", "no", "false", "n"}


def _boolean(value, spec: F, name: str = ""):
    if isinstance(value, bool):
        return value
    if spec.strict:  # consent is given in so many words: true, not a text that looks like yes
        raise Bad("field.consent_boolean", field=name, actual=describe(value))
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise Bad("field.type", expected=msg.type_("boolean"), actual=describe(value))


def _id(value, spec: F):
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise Bad("field.type", expected=msg.type_("id"), actual=describe(value))
    value = str(value).strip()
    if not ID_RE.match(value):
        raise Bad("field.id", value=value)
    return value


def reserved(value: str) -> bool:
    """Whether an id is a name the site keeps for its own pages (RESERVED_IDS)."""
    return value in RESERVED_IDS


def reserved_names() -> msg.Localised:
    names = sorted(RESERVED_IDS)
    return msg.Localised("、".join(names), ", ".join(names))


def photo_path(value, photos: Path) -> str:
    """A photo's path relative to data/photos/, refusing anything that leads outside it."""
    if not isinstance(value, str) or not value.strip():
        raise Bad("field.type", expected=msg.type_("text"), actual=describe(value))
    value = value.strip().replace("\\", "/")
    if value.startswith("photos/"):
        value = value[len("photos/"):]
    folder = "data/photos/"
    parts = value.split("/")
    if value.startswith("/") or re.match(r"^[A-Za-z]:", value) or ".." in parts:
        raise Bad("photo.outside", value=value, folder=folder)
    path = photos / value
    if os.path.lexists(path):
        real = Path(os.path.realpath(path))
        if not real.is_relative_to(Path(os.path.realpath(photos))):
            raise Bad("photo.outside", value=value, folder=folder)
        if real.is_file():
            return value
    raise Bad("photo.missing", value=value, folder=folder)


def _ref(value, spec: F, ctx: Context):
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise Bad("field.type", expected=msg.type_("id"), actual=describe(value))
    value = str(value).strip()
    known = ctx.ids.get(spec.ref, set())
    if value in known:
        return value
    alias = ctx.aliases.get(spec.ref, {}).get(value)
    if alias:
        return alias
    guess = ctx.names.get(spec.ref, {}).get(value) or closest(value, known)
    raise Bad("ref.unknown", **msg.unknown(value, spec.ref, guess))


def _point(value, spec: F):
    if (not isinstance(value, list) or len(value) != 2
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)
            or not all(0 <= v <= 1 for v in value)):
        raise Bad("field.type", expected=msg.Localised("两个 0 到 1 之间的数，如 [0.5, 0.3]",
                                                       "two numbers between 0 and 1, e.g. [0.5, 0.3]"),
                  actual=describe(value))
    return (float(value[0]), float(value[1]))


def convert_value(value, spec: F, ctx: Context, name: str, line: int):
    """The checked value of one field, or raises Bad (lists and mappings report item by item)."""
    kind = spec.type
    if kind in ("text", "markdown"):
        return _text(value, spec)
    if kind in ("number", "integer"):
        return _number(value, spec)
    if kind == "boolean":
        return _boolean(value, spec, name)
    if kind == "date":
        day = parse_date(value)
        if spec.past and ctx.today and day > ctx.today:
            raise Bad("field.future", value=day.isoformat(), today=ctx.today.isoformat())
        return day
    if kind == "id":
        return _id(value, spec)
    if kind == "ref":
        return _ref(value, spec, ctx)
    if kind == "photo":
        path = photo_path(value, ctx.photos)
        for code, params, severity in photofile.inspect(ctx.photos / path):  # can the build use it?
            if severity == "error":
                raise Bad(code, value=path, **params)
            ctx.problem(line, name, code, severity, value=path, **params)
        return path
    if kind == "point":
        return _point(value, spec)
    if kind == "raw":
        return value
    if kind == "list":
        if isinstance(value, str) and spec.item.type in ("text", "ref"):
            value = [v for v in re.split(r"[、，,；;]\s*", value) if v.strip()]
            lines = [line] * len(value)
        elif isinstance(value, Sequence):
            lines = [value.line_of(i) for i in range(len(value))]
        else:
            raise Bad("yaml.not_list", actual=describe(value))
        out, seen = [], set()
        for item, item_line in zip(value, lines):
            try:
                converted = convert_value(item, spec.item, ctx, name, item_line)
            except Bad as bad:
                ctx.problem(item_line, name, bad.code, **bad.params)
                continue
            if spec.item.type in ("ref", "id", "text") and not isinstance(converted, dict):
                if converted in seen:
                    ctx.problem(item_line, name, "field.list_duplicate", value=converted)
                    continue
                seen.add(converted)
            out.append(converted)
        return out
    if kind == "mapping":
        if not isinstance(value, Mapping):
            raise Bad("yaml.not_mapping", actual=describe(value))
        return convert(value, spec.fields, ctx, prefix=f"{name}.")
    raise AssertionError(f"unknown field type {kind}")


def convert(mapping: Mapping, fields: dict, ctx: Context, prefix: str = "") -> dict:
    """Checked values of a mapping's fields; `_line` and `_lines` keep positions.

    Unknown fields and missing required fields are reported; a field whose
    value is wrong is left out, so later checks see only good values.
    """
    out = {"_line": mapping.line, "_lines": {}}
    for key, value in mapping.items():
        line = mapping.line_of(key)
        spec = fields.get(key)
        if spec is None:
            guess = closest(key, fields)
            tail = msg.suggestion(guess) if guess else msg.choices(list(fields))
            ctx.problem(line, prefix + key, "field.unknown", field=prefix + key, suggestion=tail)
            continue
        if value is None or (isinstance(value, str) and not value.strip()):
            if spec.required:
                ctx.problem(line, prefix + key, "field.empty", field=prefix + key)
            continue
        try:
            out[key] = convert_value(value, spec, ctx, prefix + key, line)
            out["_lines"][key] = line
        except Bad as bad:
            ctx.problem(line, prefix + key, bad.code, **bad.params)
    for key, spec in fields.items():
        if spec.required and key not in mapping:
            ctx.problem(mapping.line, prefix + key, "field.required", field=prefix + key)
    return out


# -- the data contract --------------------------------------------------------

TEXT = F("text", maxlen=200)
SHORT = F("text", maxlen=60)
LONG = F("text", maxlen=2000)
MARKDOWN = F("markdown", maxlen=50000)
DATE = F("date")
PAST = F("date", past=True)
HOURS = F("number", low=0, high=100000)
CONSENT = F("boolean", strict=True)  # someone's yes to being published: the boolean true, nothing else
MONEY = F("number", low=0, high=1e12)


def refs(kind: str) -> F:
    return F("list", item=F("ref", ref=kind))


# How to reach the organisation about a public notice (公示): its office phone, e-mail, address.
# Published on the printed notice; an office number is not a personal phone (records/published.py
# leaves `contact…` fields out of the privacy scan).
CONTACT = F("mapping", fields={"phone": F("text", maxlen=40), "email": F("text", maxlen=100),
                               "address": F("text", maxlen=200), "office": F("text", maxlen=100)})

SITE = {
    "name": F("text", required=True, maxlen=100),
    "contact": CONTACT,
    "short_name": SHORT,
    "name_en": TEXT,
    "logo": F("photo"),
    "url": F("text", maxlen=300),  # the published address: QR codes, preview images, the feed
    "slogan": TEXT,
    "slogan_en": TEXT,
    "description": LONG,
    "description_en": LONG,
    "locale": F("text", choices=("zh", "en")),
    "languages": F("list", item=F("text", choices=("zh", "en"))),
    "rules": F("mapping", fields={
        "star_hours": F("list", item=F("number", low=0, high=100000)),
        "hour_value_yuan": MONEY,
        "points_per_service": F("number", low=0, high=1000),
        "public_fields": F("list", item=F("text", choices=(
            "photo", "status", "organization", "teams", "post", "specialties", "categories",
            "joined", "hours", "points", "motto", "pledge", "story", "highlights"))),
    }),
    "ratings": F("list", item=F("mapping", fields={
        "id": F("id", required=True),
        "name": F("text", required=True, maxlen=60),
        "stars": F("list", item=SHORT),
        "max_score": F("number", low=1, high=10000),
        "commend_at": F("number", low=0, high=10000),
        "months": F("list", item=F("integer", low=1, high=12)),
    })),
    "ledger_columns": F("raw"),  # checked by the importer, which knows the column names
}

ORGANIZATION = {
    "id": F("id", required=True),
    "name": F("text", required=True, maxlen=100),
    "short_name": SHORT,
    "name_en": TEXT,
    "level": SHORT,
    "parent": F("ref", ref="organization"),
    "description": LONG,
}

CATEGORY = {
    "id": F("id", required=True),
    "name": F("text", required=True, maxlen=30),
    "name_en": TEXT,
    "icon": F("text", maxlen=80),
}

VOLUNTEER = {
    "allow_contact": CONSENT,
    "name": F("text", required=True, maxlen=50),
    "name_en": TEXT,
    "gender": F("text", choices=("男", "女")),
    "photo": F("photo"),
    "photo_focus": F("point"),
    "status": F("text", choices=STATUSES),
    "organization": F("ref", ref="organization", required=True),
    "teams": refs("team"),
    "post": TEXT,
    "post_en": TEXT,
    "specialties": F("list", item=SHORT),
    "categories": refs("category"),
    "joined": PAST,
    "base_hours": HOURS,
    "points": F("number", low=0, high=1e7),
    "motto": TEXT,
    "motto_en": TEXT,
    "pledge": LONG,
    "pledge_en": LONG,
    "story": MARKDOWN,
    "story_en": MARKDOWN,
    "highlights": F("list", item=F("mapping", fields={
        "date": F("date", required=True, past=True),
        "text": F("text", required=True, maxlen=500),
    })),
    "featured": F("boolean"),
    "consent": F("mapping", fields={"publish": CONSENT, "photo": CONSENT}),
    "private": F("mapping", fields={
        "phone": TEXT, "id_number": TEXT, "address": TEXT, "email": TEXT, "note": LONG,
    }),
}

TEAM = {
    "allow_contact": CONSENT,
    "name": F("text", required=True, maxlen=100),
    "name_en": TEXT,
    "organization": F("ref", ref="organization", required=True),
    "leader": F("ref", ref="volunteer"),
    "members": refs("volunteer"),
    "founded": PAST,
    "categories": refs("category"),
    "schedule": TEXT,
    "description": MARKDOWN,
    "description_en": MARKDOWN,
    "logo": F("photo"),
}

OUTCOME = F("mapping", fields={
    "label": F("text", required=True, maxlen=60),
    "label_en": F("text", maxlen=60),
    "value": F("number", required=True, low=-1e15, high=1e15),
    "unit": F("text", maxlen=20),
    "unit_en": F("text", maxlen=20),
})

PROJECT = {
    "allow_contact": CONSENT,
    "name": F("text", required=True, maxlen=100),
    "name_en": TEXT,
    "category": F("ref", ref="category"),
    "organization": F("ref", ref="organization", required=True),
    "teams": refs("team"),
    "leader": F("ref", ref="volunteer"),
    "start": DATE,
    "end": DATE,
    "status": F("text", choices=PROJECT_STATUSES),
    "brand": F("boolean"),
    "summary": LONG,
    "summary_en": LONG,
    "body": MARKDOWN,
    "body_en": MARKDOWN,
    "outcomes": F("list", item=OUTCOME),
    "photos": F("list", item=F("photo")),
    "volunteers": refs("volunteer"),
}

NOTICE = F("mapping", fields={"from": F("date", required=True), "to": F("date", required=True)})

# A recipient is an id, or a mapping naming the id and what goes with it.
RECIPIENT = {
    "id": F("text", maxlen=80),
    "volunteer": F("ref", ref="volunteer"),
    "team": F("ref", ref="team"),
    "citation": LONG,
    "citation_en": LONG,
    "score": F("number", low=0, high=10000),
}

AWARD = {
    "title": F("text", required=True, maxlen=100),
    "title_en": TEXT,
    "issuer": TEXT,
    "date": DATE,
    "rating": F("ref", ref="rating"),
    "notice": NOTICE,
    "recipients": F("raw", required=True),  # each checked with RECIPIENT in validate
}

HONORS = {
    "allow_contact": CONSENT,
    "year": F("integer", required=True, low=1949, high=2100),
    "title": TEXT,
    "notice": NOTICE,
    "contact": CONTACT,
    "awards": F("raw", required=True),  # each checked with AWARD in validate
}

WISH = {
    "wish": F("text", required=True, maxlen=200),
    "requester": F("text", required=True, maxlen=60),
    "claimed_by": F("ref", ref="volunteer"),
    "status": F("text", required=True, choices=WISH_STATUSES),
    "value": MONEY,
    "done": PAST,
    "posted": PAST,
    "organization": F("ref", ref="organization"),
}

PAIRING = {
    "volunteer": F("ref", ref="volunteer"),
    "team": F("ref", ref="team"),
    "partner": F("text", required=True, maxlen=100),
    "kind": F("text", required=True, choices=PAIRING_KINDS),
    "start": DATE,
    "help": F("list", item=SHORT),
    "funds": MONEY,
    "outcome": LONG,
}

STORY = {
    "allow_contact": CONSENT,
    "title": F("text", required=True, maxlen=100),
    "date": F("date", required=True),
    "tags": F("list", item=SHORT),
    "volunteers": refs("volunteer"),
    "teams": refs("team"),
    "projects": refs("project"),
    "summary": LONG,
    "description": LONG,
    "cover": F("photo"),
    "author": TEXT,
    # MkDocs' own front matter keys, allowed so stories stay ordinary pages. No `template`: a page
    # may not pick a theme template (redirect.html would print a location unescaped into a script).
    "hide": F("list", item=F("text", choices=("navigation", "toc", "footer", "path", "tags", "feedback"))),
    "search": F("mapping", fields={"exclude": F("boolean"), "boost": F("number")}),
}

# Front matter of the other hand-written pages (content/index.md, about.md, …): what MkDocs and the
# theme read, nothing they would print unchecked.
PAGE = {
    "allow_contact": CONSENT,
    "title": F("text", maxlen=200),
    "description": LONG,
    "date": F("date"),  # the sitemap's date of the page (else the day the site is built)
    "hide": STORY["hide"],
    "search": STORY["search"],
}

LEDGER_FIELDS = ("date", "volunteer", "hours", "category", "project", "beneficiaries", "points", "note")
LEDGER_REQUIRED = ("date", "volunteer", "hours")


_PLACEHOLDER_HOSTS = re.compile(
    r"(^|\.)(example|test|invalid|localhost)$"   # RFC 2606 / 6761: never anyone's site
    r"|(^|\.)example\."                          # example.com, www.example.org, example.github.io
    r"|^(127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[::1?\])$")  # this computer


_WEB_ADDRESS = re.compile(r"https?://[^\s/?#\"'<>`\\]+(/[^\s?#\"'<>`\\]*)?")


def web_address(url: str) -> bool:
    """A published address as site.yml and `showcase init` take it: http(s), a host, a path; nothing
    that would break out of the attribute or script it is printed into (quotes, <, >, backquotes)."""
    return bool(_WEB_ADDRESS.fullmatch(url))


def placeholder_address(url: str | None) -> bool:
    """True for an address nobody can open from a phone: example.*, *.example, localhost, 127.0.0.1.
    A QR code or a preview image with it would send readers nowhere."""
    if not url:
        return False
    host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url.strip(), flags=re.I).split("/", 1)[0]
    host = host.rsplit("@", 1)[-1]
    host = host.split("]", 1)[0] + "]" if host.startswith("[") else host.split(":", 1)[0]
    return bool(_PLACEHOLDER_HOSTS.search(host.lower().rstrip(".")))

