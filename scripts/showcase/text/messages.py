"""Messages to the officer: what is wrong with the records, where, and how to fix it.

The wording lives in the catalogue (text/locale/*/LC_MESSAGES/showcase.po), keyed by the
problem's code, so that a translation is never forgotten and the wording stays consistent.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .catalogue import LANGS, tr

@dataclass(frozen=True)
class Problem:
    """One thing wrong with the records, located precisely enough to fix it."""

    path: str
    line: int | None
    field: str | None
    code: str
    params: dict = field(default_factory=dict, compare=False, hash=False)
    severity: str = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def format(self, lang: str = "zh") -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        params = {k: _localise(v, lang) for k, v in self.params.items()}
        message = tr(self.code, lang, **params)
        if not self.is_error:
            message = f"[{tr('warning', lang)}] {message}"
        return f"{where} {self.field}: {message}" if self.field else f"{where} {message}"


@dataclass(frozen=True)
class Localised:
    """A message fragment whose wording depends on the language."""

    zh: str
    en: str


def _localise(value, lang: str):
    if isinstance(value, Localised):
        return value.en if lang == "en" else value.zh
    return value


def _both(key: str, **params) -> Localised:
    """The catalogue's text `key` in both languages, for a message's parameter."""
    return Localised(*(tr(key, lang, **params) for lang in LANGS))


def suggestion(value: str | None) -> Localised:
    """The '(did you mean …?)' tail of a message, empty without a guess."""
    return _both("suggestion", value=value) if value else Localised("", "")


def choices(values) -> Localised:
    """The '(allowed: …)' tail of a message, the values listed as each language lists them."""
    return Localised(*(tr("suggestion.choices", lang, values=tr("ui.sep", lang).join(values)) for lang in LANGS))


def unknown(value: str, kind_id: str, guess: str | None) -> dict:
    """The parameters of 'ref.unknown': what was written, of which kind, the nearest id, where to create one."""
    return {"value": value, "kind": kind(kind_id), "suggestion": suggestion(guess), "where": _both(f"where.{kind_id}")}


def kind(kind_id: str) -> Localised:
    """A kind of record (or of personal data) as messages name it: 服务队 / team."""
    return _both(f"kind.{kind_id}")


def type_(name: str) -> Localised:
    """What a field should hold, for 'expected …': 日期（如 2024-03-05） / a date (e.g. 2024-03-05)."""
    return _both(f"type.{name}")


class DataError(Exception):
    """Raised when the records cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problems in the records")
        self.problems = problems

    def format(self, lang: str = "zh") -> str:
        return "\n".join(p.format(lang) for p in self.problems)
