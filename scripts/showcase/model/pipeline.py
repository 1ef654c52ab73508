"""Load → validate → model, the part of a build that any front end shares."""

from __future__ import annotations

import os
from datetime import date, datetime, timezone
from pathlib import Path

from ..records import load, validate
from . import figures as model
from .localise import localise
from ..text.messages import DataError, Problem


def today(fixed: str | None = None) -> date:
    """The build's date: `fixed`, SHOWCASE_TODAY or SOURCE_DATE_EPOCH when set, for repeatable builds."""
    fixed = fixed or os.environ.get("SHOWCASE_TODAY")
    if fixed:
        return date.fromisoformat(fixed)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
    return date.today()


def check(paths: load.Paths, on: date, cache_dir: Path | None = None):
    """Typed records and every problem in them."""
    problems: list[Problem] = []
    raw = load.load(paths, problems, cache_dir)
    records, found = validate.validate(raw, on, cache_dir)
    return records, problems + found


def build_model(paths: load.Paths, on: date, cache_dir: Path | None = None, lang: str | None = None):
    """The model in the site's language (`lang`, else site.yml's locale), plus warnings.

    Raises DataError listing every error.
    """
    records, problems = check(paths, on, cache_dir)
    errors = [p for p in problems if p.is_error]
    if errors:
        raise DataError(problems)
    return model_of(records, on, lang), problems


def model_of(records, on: date, lang: str | None = None):
    """The model of validated records, their text in the site's language."""
    return model.build(localise(records, lang or records.site.locale), on)
