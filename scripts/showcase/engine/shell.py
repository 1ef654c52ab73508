"""The theme's markup around our pages: mended, compacted, and for profiles rendered once per folder.

A generated page outside the navigation (a profile, a team, a project) differs from its siblings,
in the theme's markup, only in a handful of values: its title, description, canonical URL,
preview image and file name. So the theme renders one *shell* per folder, with marked stand-ins
for those values, and each page is that shell with its own values and content put in. The result
is byte for byte what rendering the theme for the page would give (tests/test_shell.py builds
both ways and compares); what the shell cannot reproduce exactly (a stand-in that went through a
filter we did not foresee, a value with a line break) falls back to the exact, slower way.

Siblings share a shell only when nothing else that the theme prints differs between them: another
plugin or a `hooks:` file may give each profile its own author or revision date. The fingerprint
(below) keys the shells, and each shell checks itself once on a second page (Shell.confirm).
"""

from __future__ import annotations

import posixpath
import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from jinja2.filters import do_striptags
from markupsafe import Markup, escape

MARK = "ZZSHELL"  # stand-ins start with this; none may be left in a finished page
CONTENT = MARK + "CONTENT"

# Known defects of mkdocs-material 9.x's markup, mended so every page passes the Nu HTML Checker.
_THEME_FIXES = (
    # autocomplete is not allowed on checkboxes (the drawer and search toggles)
    ('type="checkbox" id="__drawer" autocomplete="off"', 'type="checkbox" id="__drawer"'),
    ('type="checkbox" id="__search" autocomplete="off"', 'type="checkbox" id="__search"'),
)
_TOC_LABEL = '<label class="md-nav__title" for="__toc">'
_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
# text in a page's own values or content that would change how the page is mended or compacted
_SPECIAL = ("__toc", "__drawer", "__search", "md-search", "<pre", "<textarea", "`", MARK)


def fix_theme_html(html: str, search_label: str = "搜索") -> str:
    for old, new in _THEME_FIXES:
        html = html.replace(old, new)
    # the search dialog has no accessible name
    html = html.replace(_SEARCH_DIALOG, _SEARCH_DIALOG[:-1] + f' aria-label="{search_label}">')
    if _TOC_LABEL in html and 'id="__toc"' not in html:
        # pages outside the navigation get a table of contents whose toggle does not exist
        html = html.replace(_TOC_LABEL, '<label class="md-nav__title">')
    return html


_KEEP = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2>)", re.S | re.I)
_INDENT = re.compile(r"[ \t]*\n\s*")


def _simple(html: str) -> bool:
    # nothing whose white space matters (the theme's inline scripts are one-liners)
    return "<pre" not in html and "<textarea" not in html and "`" not in html


def compact_html(html: str) -> str:
    """Drop the theme's indentation (a quarter of a page) outside pre, textarea, script and style."""
    if _simple(html):
        return _INDENT.sub("\n", html)
    out, pos = [], 0
    for m in _KEEP.finditer(html):
        out.append(_INDENT.sub("\n", html[pos:m.start()]))
        out.append(m.group(1))
        pos = m.end()
    out.append(_INDENT.sub("\n", html[pos:]))
    return "".join(out)


def finish(html: str, search_label: str) -> str:
    """What every page of the site goes through after the theme."""
    return compact_html(fix_theme_html(html, search_label))


def stand_in(field: str) -> str:
    # The entity and the tag make every filter the theme applies leave a different trace:
    # as is, escaped (| e), striptags, striptags | e. A page's URL must stay a file name (MkDocs
    # takes a last part without a dot for a folder) with no "/".
    return f"{MARK}{field}.html" if field == "URL" else f"{MARK}{field}&amp;<i></i>"


# how the theme may print a value: as is, | e, | striptags | e, | striptags
_FORMS = (str, lambda v: str(escape(v)), lambda v: str(escape(do_striptags(v))), do_striptags)


def _traces(field: str) -> list[tuple[str, int]]:
    """What each form leaves of the field's stand-in in the shell, with the form."""
    s = stand_in(field)
    if field == "URL":  # a slug: every filter leaves it as it is
        return [(s, 0)]
    return [(form(s), i) for i, form in enumerate(_FORMS)]


def _split_space(text: str, tail: bool) -> tuple[str, str]:
    core = text.rstrip() if tail else text.lstrip()
    return (core, text[len(core):]) if tail else (text[: len(text) - len(core)], core)


def _plain(value: str) -> bool:
    """A value that compacting leaves alone, whatever stands around it."""
    return value != "" and not (value[0].isspace() or value[-1].isspace()) and "\n" not in value \
        and not any(s in value for s in _SPECIAL)


class Shell:
    """One folder's theme markup with stand-ins, ready to take each page's values and content."""

    def __init__(self, raw: str, fields: tuple[str, ...], search_label: str, heading: bool):
        mark = content_stand_in(heading)
        self._raw = raw  # the maker's markup, until a second page confirms it
        self.usable = raw.count(mark) == 1
        if not self.usable:
            return
        fixed = fix_theme_html(raw, search_label)
        pre, post = fixed.split(mark)
        traces = {trace: (field, form) for field in fields for trace, form in _traces(field)}
        self._split = re.compile("(" + "|".join(re.escape(t) for t in sorted(traces, key=len, reverse=True)) + ")")
        self._traces = traces
        self.simple = _simple(fixed)
        self.pre, self.post = self._parts(pre), self._parts(post)  # mended, not compacted: the exact way
        if self.simple:  # compacting is local to each run of white space: do the shell's once
            core, self.pre_space = _split_space(pre, tail=True)
            self.post_space, post_core = _split_space(post, tail=False)
            self.pre_core = self._parts(_INDENT.sub("\n", core))
            self.post_core = self._parts(_INDENT.sub("\n", post_core))
        # a stand-in that went through a filter we do not know
        self.usable = not any(MARK in part for part in self.pre[::2] + self.post[::2])

    @property
    def confirmed(self) -> bool:
        return self._raw is None

    def confirm(self, raw: str) -> None:
        """The theme's markup with a second page's own stand-ins must be the maker's to the byte;
        else the shell holds something of its maker's that neither the stand-ins nor the
        fingerprint cover, and the theme renders every page that would have used it."""
        self.usable = self.usable and raw == self._raw
        self._raw = None

    def _parts(self, text: str) -> list:
        """Text and stand-ins, alternating: [text, (field, form), text, …]."""
        parts = self._split.split(text)
        parts[1::2] = [self._traces[t] for t in parts[1::2]]
        return parts

    def fill(self, values: dict[str, str], content: str) -> str | None:
        """The finished page, or None when only the theme itself can make it exactly."""
        if (not self.usable or any(s in text for s in _SPECIAL[:4] + (MARK,) for text in values.values())
                or any(s in content for s in _SPECIAL) or any(c in values.get("URL", "") for c in "&<>\"'")):
            return None
        forms = {}
        if not (self.simple and all(_plain(v) for v in values.values())):
            return compact_html(self._put(self.pre, values, forms) + content + self._put(self.post, values, forms))
        lead, core = _split_space(content, tail=False)
        if not core:  # one run of white space from the shell through the content
            middle = (_INDENT.sub("\n", self.pre_space + content + self.post_space),)
        else:
            core, trail = _split_space(core, tail=True)
            middle = (_INDENT.sub("\n", self.pre_space + lead), _INDENT.sub("\n", core),
                      _INDENT.sub("\n", trail + self.post_space))
        return "".join((self._put(self.pre_core, values, forms), *middle, self._put(self.post_core, values, forms)))

    @staticmethod
    def _put(parts: list, values: dict[str, str], forms: dict) -> str:
        out = parts[:]
        for i in range(1, len(out), 2):
            key = out[i]
            if key not in forms:
                forms[key] = _FORMS[key[1]](values[key[0]])
            out[i] = forms[key]
        return "".join(out)


def content_stand_in(heading: bool) -> str:
    # the theme adds an <h1> of the title to content without one: the stand-in has one when the content has
    return CONTENT + ("<h1></h1>" if heading else "")


def own_name(url: str) -> str:
    """The part of a page's URL after its folder, which the shell leaves as a stand-in."""
    folder = posixpath.dirname(url)
    return url[len(folder) + 1:] if folder else url


def stand_in_url(url: str) -> str:
    folder = posixpath.dirname(url)
    return posixpath.join(folder, stand_in("URL")) if folder else stand_in("URL")


class StandInPage:
    """A page as the theme sees it, with stand-ins for the values that differ between siblings."""

    def __init__(self, page, fields: tuple[str, ...], heading: bool):
        self._page = page
        self.title = stand_in("T") if "T" in fields else page.title
        self.meta = {k: v for k, v in page.meta.items() if k != "template"}
        if "T" in fields and self.meta.get("title"):
            self.meta["title"] = stand_in("T")
        if "D" in fields:
            self.meta["description"] = stand_in("D")
        self.canonical_url = stand_in("C") if "C" in fields else page.canonical_url
        self.url = stand_in_url(page.url)
        self.content = content_stand_in(heading)
        # each page's own sitemap date, which the theme does not print: if a theme did, this
        # stand-in of no field would be left in the shell, which makes the shell unusable
        self.update_date = stand_in("UPDATED")

    def __getattr__(self, name):
        return getattr(self._page, name)


# -- which pages may share a shell -------------------------------------------------------------
#
# A shell is made from one page and is exact for that page. A sibling may use it only when
# everything else the theme can read is the same for both: the fingerprint below (cheap, every
# page) compares the template context, page.meta and the page's own attributes; and the second
# sibling that uses a shell renders the theme with its own stand-ins once more, which must give
# the maker's markup to the byte (Shell.confirm): that catches what the fingerprint leaves to the
# stand-ins or cannot see (page.file, a global that reads the page, the build clock).

# context keys the fingerprint leaves out: the page (below), our own per-page values (the shell
# itself; the preview card, checked on its own), and the build clock (a new value for every page:
# a theme that prints it makes siblings' shells differ, which Shell.confirm catches)
_OWN_CONTEXT = frozenset({"page", "showcase_shell", "showcase_social", "build_date_utc"})
# the page's attributes that are stand-ins or handled apart (title, content, canonical_url, meta),
# differ for every page by nature (file, abs_url: a theme that prints them makes siblings' shells
# differ, which Shell.confirm catches; update_date, the sitemap's date: a stand-in of its own that
# no page may print, see StandInPage), or are ours (spec, _render, finished)
_OWN_ATTRIBUTES = frozenset({"file", "title", "content", "canonical_url", "abs_url", "meta",
                             "update_date", "spec", "_render", "finished"})
_OWN_META = frozenset({"title", "description", "template"})  # stand-ins, or the shell's own template
_SCALARS = frozenset({int, bool, type(None), bytes, complex, date, timedelta, Markup})
_BY_REPR = frozenset({float, Decimal})  # equal but printed apart: 0.0 and -0.0, Decimal("1") and Decimal("1.0")
_WIDE = 64   # a container with more items is compared as a shared object (by identity)
_DEEP = 4    # likewise one nested deeper than this


class Same:
    """A value the fingerprint does not look into: equal only to itself (a shared object)."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    def __eq__(self, other):
        return type(other) is Same and other.value is self.value

    def __hash__(self):
        return id(self.value)


def _token(value, depth: int = 0):
    """A hashable stand-in for a value, equal for two values exactly when they print alike."""
    kind = type(value)  # exact types: a subclass may print otherwise
    if kind is str:
        return value
    if kind in _SCALARS:
        return kind, value  # the type too: 1, 1.0 and True are equal, and so are "a" and Markup("a")
    if kind in _BY_REPR:
        return kind, repr(value)
    if kind is datetime or kind is time:
        return kind, value, Same(value.tzinfo)  # equal instants in other zones print apart
    if depth < _DEEP and kind in (list, tuple, dict, set, frozenset) and len(value) <= _WIDE:
        if kind is dict:
            return (dict, *[(_token(k, depth + 1), _token(v, depth + 1)) for k, v in value.items()])
        return (kind, *[_token(v, depth + 1) for v in value])  # in order: a theme prints them in order
    return Same(value)


def fingerprint(page, context, extra) -> tuple | None:
    """What the theme could read of a page and its context besides the stand-ins, as one hashable
    value: two pages with equal fingerprints may share a shell. None: the page has its own title
    in page.meta, which the shell cannot stand in for."""
    meta = page.meta
    if meta.get("title", page.title) != page.title:
        return None
    return (_items(context.items(), _OWN_CONTEXT), _items(meta.items(), _OWN_META),
            _items(vars(page).items(), _OWN_ATTRIBUTES), page.file.name == "index",
            _items(getattr(extra, "data", extra).items(), ()))  # config.extra: a shared object, by value


def _items(items, leave_out) -> tuple:
    out = []
    for key, value in items:
        if key not in leave_out:  # strings and None (most values) as they are: a few µs a page
            out.append((key, value if value is None or type(value) is str else _token(value)))
    return tuple(out)


class Deferred:
    """What shell.html prints, made when it is printed: after every plugin has had the context."""

    __slots__ = ("_make",)

    def __init__(self, make):
        self._make = make

    def __str__(self) -> str:
        return self._make()

    __html__ = __str__
