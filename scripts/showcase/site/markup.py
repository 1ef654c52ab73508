"""Markdown from records, turned into HTML that is safe to publish.

Records come from many branch offices, so every piece of Markdown passes an
allow-list sanitiser (nh3, the Python binding of Rust's ammonia): no script,
event handler, style or `javascript:` URL survives, whatever the input.
Images must be the site's own files (a relative URL), so no page asks the
internet for anything; links may point anywhere. Record Markdown carries no
`class` and no `id` but footnotes' (fn:1), so it cannot clash with the theme's
ids (`__drawer`, `__search`); hand-written pages keep theirs, but not those.
"""

from __future__ import annotations

import hashlib
import html as _html
import re
import threading

import markdown
import nh3

from ..text.han import CJK

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div", "dl",
    "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"title", "lang", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start", "type"},
    "details": {"open"},
    "li": {"id"}, "sup": {"id"},  # footnotes (fn:1, fnref:1), see _FOOTNOTE_ID
}
# hand-written pages (content/) keep heading ids (the table of contents) and classes (admonitions)
PAGE_ATTRIBUTES = {**ALLOWED_ATTRIBUTES, "*": ALLOWED_ATTRIBUTES["*"] | {"id", "class"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)
_NO_SRC_IMG = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")  # nh3 writes `>` in values as &gt;
_THEME_ID = re.compile(r"^(__|vs-)")  # the theme's ids (__drawer, __search) and ours (vs-grid)
_FOOTNOTE_ID = re.compile(r"^fn(ref)?:\w+$")


def _filter(id_ok):
    """Only local images (no scheme, not //host); ids that `id_ok` accepts."""

    def keep(tag: str, attr: str, value: str) -> str | None:
        if tag == "img" and attr == "src":
            url = re.sub(r"[\x00-\x20]", "", value).replace("\\", "/")  # as a browser reads it
            return None if _SCHEME.match(url) or url.startswith("//") else value
        if attr == "id" and not id_ok(value):
            return None
        return value

    return keep


def _cleaner(attributes: dict, id_ok) -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style", "template", "noscript", "iframe", "object", "embed",
                            "svg", "math", "textarea", "select"},
        attributes=attributes,
        attribute_filter=_filter(id_ok),
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


_RECORD = _cleaner(ALLOWED_ATTRIBUTES, _FOOTNOTE_ID.match)
_PAGE = _cleaner(PAGE_ATTRIBUTES, lambda v: not _THEME_ID.match(v))

_ENDS_CJK = re.compile(f"[{CJK}]$")
_STARTS_CJK = re.compile(f"^[{CJK}]")
_BLOCK_START = re.compile(r"^\s*(#|>|\||[-*+]\s|\d+[.)]\s|```|~~~|<)")

_local = threading.local()


def join_cjk_lines(text: str) -> str:
    """Join wrapped lines inside Chinese paragraphs.

    Browsers show a line break in the source as a space, which is wrong
    between two Chinese characters; headings, lists, tables and code stay.
    """
    out: list[str] = []
    fenced = False
    for line in text.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            out.append(line)
            continue
        prev = out[-1] if out else ""
        if (not fenced and prev.strip() and _ENDS_CJK.search(prev) and _STARTS_CJK.match(line)
                and not _BLOCK_START.match(prev) and not prev.startswith(("    ", "\t"))):
            out[-1] = prev + line
        else:
            out.append(line)
    return "\n".join(out)


def _converter() -> markdown.Markdown:
    md = getattr(_local, "md", None)
    if md is None:
        md = _local.md = markdown.Markdown(extensions=["extra", "sane_lists"], output_format="html")
    return md


def sanitize(html: str, cleaner: nh3.Cleaner = _PAGE) -> str:
    """HTML with everything outside the allow-list removed (a hand-written page's, by default)."""
    return _NO_SRC_IMG.sub("", cleaner.clean(html))


_known: dict[str, str] = {}  # sha256 of a text -> its HTML: from the builds before, and this process's
_used: set[str] = set()      # the texts of this build


def remember(known: dict) -> None:
    """A build starts: the HTML of the texts converted before (site/memo.py keeps it, by the version
    of our code and of the libraries, so the same text gives the same HTML)."""
    _known.update(known)
    _used.clear()


def used() -> dict:
    """The HTML of every text this build converted, to keep for the next one."""
    return {k: _known[k] for k in _used if k in _known}


def to_html(text: str | None) -> str:
    """Safe HTML for a Markdown field of a record (story, body, description)."""
    if not text:
        return ""
    key = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    _used.add(key)
    made = _known.get(key)
    if made is None:
        md = _converter()
        md.reset()
        made = _known[key] = sanitize(md.convert(join_cjk_lines(text)), _RECORD)
    return made


_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def plain(text: str | None, limit: int | None = None) -> str:
    """Text without markup, for descriptions and search; cut at `limit` characters."""
    if not text:
        return ""
    words = _SPACE.sub(" ", _TAG.sub(" ", to_html(text))).strip()
    words = _html.unescape(words)
    if limit and len(words) > limit:
        words = words[: limit - 1].rstrip() + "…"
    return words
