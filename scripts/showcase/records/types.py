"""The records as typed Python objects, after validation.

Field names follow the data contract in the docs (docs/data.md); every record
remembers its source file and the line of each field, so later stages can
still point an officer at the right place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Src:
    """Where a record came from: a path relative to the project, and lines."""

    path: str
    line: int = 1
    lines: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    def line_of(self, name: str) -> int:
        return self.lines.get(name, self.line)


STATUSES = ("党员", "预备党员", "入党积极分子", "共青团员", "群众")
PROJECT_STATUSES = ("进行中", "已完成")
WISH_STATUSES = ("待认领", "已认领", "已完成")
PAIRING_KINDS = ("一帮一", "结对共建")

DEFAULT_STAR_HOURS = (100, 300, 600, 1000, 1500)
DEFAULT_PUBLIC_FIELDS = (
    "photo", "status", "organization", "teams", "post", "specialties", "categories",
    "joined", "hours", "points", "motto", "pledge", "story", "highlights",
)


@dataclass
class Rating:
    """A named-star evaluation such as 争六星, scored out of `max_score`."""

    id: str
    name: str
    stars: list = field(default_factory=list)
    max_score: float = 100
    commend_at: float = 95
    months: list = field(default_factory=lambda: [6, 12])
    src: Src | None = None


@dataclass
class Site:
    name: str
    name_en: str | None = None
    slogan_en: str | None = None
    description_en: str | None = None
    short_name: str | None = None
    logo: str | None = None
    url: str | None = None          # the published address (https://…/), normalised with a final /
    slogan: str | None = None
    description: str | None = None
    locale: str = "zh"
    languages: tuple = ()           # further languages built into site/<lang>/
    star_hours: tuple = DEFAULT_STAR_HOURS
    hour_value_yuan: float = 0.0
    points_per_service: float = 1
    public_fields: tuple = DEFAULT_PUBLIC_FIELDS
    ratings: list = field(default_factory=list)
    ledger_columns: dict = field(default_factory=dict)
    contact: dict = field(default_factory=dict)  # phone / email / address / office for public notices
    src: Src | None = None


@dataclass
class Organization:
    id: str
    name: str
    level: str | None = None
    parent: str | None = None
    short_name: str | None = None
    description: str | None = None
    name_en: str | None = None
    src: Src | None = None


@dataclass
class Category:
    id: str
    name: str
    icon: str | None = None
    src: Src | None = None
    name_en: str | None = None


@dataclass
class Highlight:
    date: date
    text: str
    line: int = 0


@dataclass
class Volunteer:
    id: str
    name: str
    organization: str
    photo: str | None = None
    photo_focus: tuple | None = None
    status: str | None = None
    teams: list = field(default_factory=list)
    post: str | None = None
    specialties: list = field(default_factory=list)
    categories: list = field(default_factory=list)
    joined: date | None = None
    base_hours: float = 0.0
    points: float = 0.0
    motto: str | None = None
    pledge: str | None = None
    story: str | None = None
    highlights: list = field(default_factory=list)
    featured: bool = False
    consent_publish: bool = False
    consent_photo: bool = False
    private: dict = field(default_factory=dict, repr=False)
    gender: str | None = None
    name_en: str | None = None
    post_en: str | None = None
    motto_en: str | None = None
    pledge_en: str | None = None
    story_en: str | None = None
    allow_contact: bool = False
    src: Src | None = None


@dataclass
class Team:
    id: str
    name: str
    organization: str
    leader: str | None = None
    members: list = field(default_factory=list)
    founded: date | None = None
    categories: list = field(default_factory=list)
    schedule: str | None = None
    description: str | None = None
    logo: str | None = None
    name_en: str | None = None
    description_en: str | None = None
    allow_contact: bool = False
    src: Src | None = None


@dataclass
class Outcome:
    label: str
    value: float
    unit: str | None = None
    line: int = 0
    label_en: str | None = None
    unit_en: str | None = None


@dataclass
class Project:
    id: str
    name: str
    organization: str
    category: str | None = None
    teams: list = field(default_factory=list)
    leader: str | None = None
    start: date | None = None
    end: date | None = None
    status: str | None = None
    brand: bool = False
    summary: str | None = None
    body: str | None = None
    outcomes: list = field(default_factory=list)
    photos: list = field(default_factory=list)
    volunteers: list = field(default_factory=list)
    name_en: str | None = None
    summary_en: str | None = None
    body_en: str | None = None
    allow_contact: bool = False
    src: Src | None = None


@dataclass
class Recipient:
    """One name on an honor list: a volunteer or a team."""

    id: str
    kind: str  # "volunteer" or "team"
    citation: str | None = None
    score: float | None = None
    line: int = 0
    citation_en: str | None = None


@dataclass
class Award:
    title: str
    recipients: list
    issuer: str | None = None
    date: date | None = None
    notice: tuple | None = None  # (from, to), inherited from the list when absent
    rating: str | None = None
    line: int = 0
    title_en: str | None = None


@dataclass
class HonorList:
    year: int
    awards: list
    notice: tuple | None = None
    title: str | None = None
    allow_contact: bool = False
    src: Src | None = None
    contact: dict = field(default_factory=dict)  # overrides site.yml's contact for this list's notices


@dataclass
class Wish:
    wish: str
    requester: str
    status: str
    claimed_by: str | None = None
    value: float | None = None
    done: date | None = None
    posted: date | None = None
    organization: str | None = None
    line: int = 0
    src: Src | None = None


@dataclass
class Pairing:
    partner: str
    kind: str
    volunteer: str | None = None
    team: str | None = None
    start: date | None = None
    help: list = field(default_factory=list)
    funds: float = 0.0
    outcome: str | None = None
    line: int = 0
    src: Src | None = None


@dataclass
class Story:
    """A hand-written success story's front matter (the body stays with MkDocs)."""

    path: str  # relative to content/
    title: str
    date: date
    tags: list = field(default_factory=list)
    volunteers: list = field(default_factory=list)
    teams: list = field(default_factory=list)
    projects: list = field(default_factory=list)
    summary: str | None = None
    cover: str | None = None
    author: str | None = None
    allow_contact: bool = False
    body: str = field(default="", repr=False)
    body_line: int = 1
    src: Src | None = None


@dataclass
class Records:
    """Everything read from data/ and the story front matter, validated."""

    site: Site
    organizations: dict
    categories: dict
    volunteers: dict
    teams: dict
    projects: dict
    honors: list
    wishes: list
    pairings: list
    stories: list
    ledger: object  # ledger.Ledger
