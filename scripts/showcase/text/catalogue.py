"""The one catalogue of every text: messages to the officer, the site's words, the command line.

It is kept as gettext files, text/locale/<lang>/LC_MESSAGES/showcase.po, one per language; the
msgid is a key (`photo.failed`, `ui.colon`, `cli.built`, `help.build`, `kind.team` …) and the
msgstr a `str.format` template with the `{name}` placeholders of the message. Each file is read
with Babel on first use and kept in memory: no compiled .mo files to keep in step, so an editable
install and a wheel work alike.

Entries under msgctxt "click" are click's own words (Usage:, Options, its errors) in Chinese:
`Translations("click", lang)` answers click's gettext calls, with the English msgid where the
catalogue has nothing.
"""

from __future__ import annotations

import gettext as _gettext
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Callable, Mapping

LANGS = ("zh", "en")
LOCALE = Path(__file__).with_name("locale")
DOMAIN = "showcase"


def tr(key: str, lang: str = "zh", /, **params) -> str:
    """The text `key` in `lang` (Chinese unless "en"), its placeholders filled (`key` and `lang`
    among them: yaml.duplicate_key names a {key}); KeyError when unknown."""
    return texts(lang)[key].format(**params)


def texts(lang: str) -> Mapping[str, str]:
    """Every text of the catalogue in `lang`, unformatted, by key."""
    return _read(_lang(lang)).texts


def po_file(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@dataclass(frozen=True)
class _Catalogue:
    texts: Mapping[str, str]                                # ours: key -> template
    others: Mapping[tuple[str, str], str | tuple[str, ...]]  # other programs': (msgctxt, msgid) -> translation(s)
    plural: Callable[[int], int]                            # which plural form a count takes


def _lang(lang: str) -> str:
    return "en" if lang == "en" else "zh"


@lru_cache(maxsize=None)
def _read(lang: str) -> _Catalogue:
    from babel.messages.pofile import read_po

    with po_file(lang).open("rb") as f:
        catalog = read_po(f, locale=lang, domain=DOMAIN)
    ours, others = {}, {}
    for m in catalog:
        if not m.id:
            continue  # the header
        if m.context is None:
            ours[m.id] = m.string  # an empty string is a text too (ui.unit_gap in Chinese)
        elif any(m.string if isinstance(m.string, tuple) else (m.string,)):
            others[(m.context, m.id if isinstance(m.id, str) else m.id[0])] = m.string
    return _Catalogue(MappingProxyType(ours), MappingProxyType(others), _gettext.c2py(catalog.plural_expr))


class Translations:
    """Another program's own words (one msgctxt of the catalogue) for its gettext calls, as
    `gettext.NullTranslations` answers them: the msgid itself where the catalogue has nothing."""

    def __init__(self, context: str, lang: str):
        self.context, self.lang = context, _lang(lang)

    def gettext(self, message: str) -> str:
        found = _read(self.lang).others.get((self.context, message))
        return found if isinstance(found, str) else message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        catalogue = _read(self.lang)
        forms = catalogue.others.get((self.context, singular))
        if isinstance(forms, tuple):
            return forms[min(catalogue.plural(n), len(forms) - 1)]
        return singular if n == 1 else plural
