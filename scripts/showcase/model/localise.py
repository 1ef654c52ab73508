"""English variants of record text (name_en, story_en, …) for an English site.

Applied once to freshly validated records, before the model is built, so that
every later stage simply reads `name`, `story` and so on in the site's language.
A missing variant falls back to the Chinese text.
"""

from __future__ import annotations

from ..records.types import (Award, Category, Organization, Outcome, Project, Recipient, Records,
    Site, Team, Volunteer)

FIELDS = {
    Site: ("name", "slogan", "description"),
    Organization: ("name",),
    Category: ("name",),
    Volunteer: ("name", "post", "motto", "pledge", "story"),
    Team: ("name", "description"),
    Project: ("name", "summary", "body"),
    Outcome: ("label", "unit"),
    Award: ("title",),
    Recipient: ("citation",),
}


def _swap(record) -> None:
    for name in FIELDS[type(record)]:
        variant = getattr(record, f"{name}_en", None)
        if variant:
            setattr(record, name, variant)


def localise(records: Records, lang: str) -> Records:
    """The records with their English variants in place when `lang` is English (in place: call once)."""
    if lang != "en":
        return records
    _swap(records.site)
    for group in (records.organizations, records.categories, records.volunteers, records.teams,
                  records.projects):
        for record in group.values():
            _swap(record)
    for project in records.projects.values():
        for outcome in project.outcomes:
            _swap(outcome)
    for honors in records.honors:
        for award in honors.awards:
            _swap(award)
            for recipient in award.recipients:
                _swap(recipient)
    return records
