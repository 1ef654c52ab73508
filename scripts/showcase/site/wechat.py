"""公众号 articles: each story and each year's honor list as HTML the WeChat editor keeps.

The 公众号 editor drops `<style>`, `class`, `id`, scripts and links to other sites, so an article
is made the way doocs/md makes one: one small stylesheet (CSS below) inlined into every element
by css-inline; every link turned into its text with a numbered note, the addresses listed at
the end (文末注释; links to this site made absolute under the published address, 公众号 links
kept, as the editor keeps them); images at absolute addresses under the published address, for
the editor to fetch; the page's QR code last. Without a published address there is nothing the
editor could fetch: the article says so at the top, and each image becomes a visible line
naming its file, to be uploaded by hand where it stands (a relative address would paste as a
broken image the editor silently drops). A final allow-list pass (nh3) keeps only the tags and
attributes an article needs, so no `class`, `id` or script can reach it.

Plain functions, no MkDocs: the engine hands them the story's sanitised HTML (site/markup.py) or
the honor list's view (Planner.honor_lists) and writes what they return.
"""

from __future__ import annotations

import html
import io
import posixpath
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import css_inline
import nh3
import segno
from markupsafe import Markup

from ..text import fmt, ui

# top-level folder of the articles and their QR codes. Not a records/schema.RESERVED_IDS name: those
# are names the site uses inside the folders of records' pages (volunteers/index.html); nothing is
# made as <kind>/wechat, so a record may still be called wechat
FOLDER = "wechat"

# The article's one stylesheet (inlined: the editor keeps only style attributes). Pixel sizes and
# plain properties only, as the editor and WeChat's reader render them; every element it can
# contain is named, so each carries a style of its own.
CSS = """
section { font-family: -apple-system, BlinkMacSystemFont, "PingFang SC", "Microsoft YaHei", sans-serif;
  font-size: 16px; line-height: 1.75; color: #333333; letter-spacing: 0.5px; word-break: break-word;
  overflow-wrap: anywhere; margin: 0; padding: 0; }
h1 { font-size: 22px; line-height: 1.4; color: #b71c1c; font-weight: bold; margin: 0 0 16px; }
h2 { font-size: 18px; line-height: 1.4; color: #b71c1c; font-weight: bold; margin: 24px 0 12px;
  padding-left: 8px; border-left: 4px solid #b71c1c; }
h3, h4, h5, h6 { font-size: 16px; line-height: 1.5; color: #8e0000; font-weight: bold; margin: 20px 0 8px; }
p { margin: 0 0 14px; font-size: 16px; line-height: 1.75; color: #333333; }
blockquote { margin: 0 0 14px; padding: 8px 12px; border-left: 4px solid #e0c7b8; background: #fbf7f2;
  color: #5c5f66; }
ul, ol { margin: 0 0 14px; padding-left: 24px; color: #333333; }
li { margin: 4px 0; font-size: 16px; line-height: 1.75; color: #333333; }
strong, b { font-weight: bold; color: #b71c1c; }
em, i { font-style: italic; color: #333333; }
span, small, mark, u, s, del, ins, abbr, q, kbd, sub, dd, dt, dl, summary, details, caption, div {
  color: #333333; }
sup { font-size: 12px; color: #b71c1c; line-height: 0; }
code, pre { font-family: Menlo, Consolas, monospace; font-size: 14px; color: #333333;
  background: #f6f6f6; }
pre { padding: 8px; margin: 0 0 14px; white-space: pre-wrap; }
a { color: #576b95; text-decoration: none; }
hr { border: 0; border-top: 1px solid #ead9cf; margin: 20px 0; }
figure { margin: 0 0 14px; text-align: center; }
figcaption { font-size: 14px; color: #5c5f66; text-align: center; }
img { display: block; max-width: 100%; height: auto; margin: 0 auto 8px; }
table { border-collapse: collapse; width: 100%; margin: 0 0 14px; font-size: 15px; color: #333333; }
thead, tbody, tfoot, tr { color: #333333; }
th { border: 1px solid #ead9cf; padding: 6px 8px; background: #fbf7f2; font-weight: bold; text-align: left; }
td { border: 1px solid #ead9cf; padding: 6px 8px; text-align: left; }
.vs-meta { font-size: 14px; color: #5c5f66; }
.vs-note { padding: 8px 12px; background: #fff4e5; border: 1px solid #f2b233; color: #8a4b00; font-size: 14px; }
.vs-missing { padding: 8px 12px; border: 1px dashed #b71c1c; color: #8e0000; font-size: 14px; text-align: center; }
.vs-badge { padding: 0 6px; margin-left: 6px; border: 1px solid #b71c1c; color: #b71c1c; font-size: 13px;
  font-weight: normal; }
.vs-notes { font-size: 14px; line-height: 1.6; color: #5c5f66; word-break: break-all; }
.vs-notes span { color: #5c5f66; }
.vs-person { margin: 0 0 6px; }
.vs-citation { margin: 0 0 12px; padding-left: 12px; font-size: 15px; color: #5c5f66; }
.vs-qr { text-align: center; font-size: 14px; color: #5c5f66; }
.vs-qr img { width: 160px; height: 160px; margin: 0 auto; }
"""

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div", "dl",
    "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "section", "small", "span", "strong",
    "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
# what the article keeps: style everywhere, and nothing that names (class, id) or runs anything
_FINAL = nh3.Cleaner(
    tags=TAGS,
    clean_content_tags={"script", "style", "template", "noscript", "iframe", "object", "embed", "svg",
                        "math", "textarea", "select"},
    attributes={"*": {"style"}, "a": {"href"}, "img": {"src", "alt", "width", "height", "loading"},
                "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}, "ol": {"start"}},
    url_schemes={"https", "http"},
    link_rel=None,
    strip_comments=True,
)
_INLINER = css_inline.CSSInliner(load_remote_stylesheets=False, keep_style_tags=False, keep_link_tags=False)
_VOID = {"br", "hr", "img"}
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)
# the editor keeps links to 公众号 articles (doocs/md keeps them too)
_WECHAT = re.compile(r"^https://mp\.weixin\.qq\.com/", re.I)


def article_path(page_path: str) -> str:
    """wechat/stories/<slug>.html of stories/<slug>.html; wechat/honors/2025.html of honors/2025.html."""
    return f"{FOLDER}/{page_path}"


def qr_path(page_path: str) -> str:
    return f"{FOLDER}/qr/{posixpath.splitext(page_path)[0]}.png"


def absolute(base: str, path: str) -> str:
    return base.rstrip("/") + "/" + path


QR_VERSION = 1  # bump when qr_png draws differently: the engine's cache key holds it


def qr_png(url: str) -> bytes:
    """The page's QR code as PNG bytes (segno; the same every build)."""
    buf = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buf, kind="png", scale=6, border=4)
    return buf.getvalue()


class _Body(HTMLParser):
    """The story's sanitised HTML again, links as numbered notes and images made absolute."""

    def __init__(self, page_path: str, base: str | None, t):
        super().__init__(convert_charrefs=True)
        self.folder = posixpath.dirname(page_path)
        self.base, self.t = base, t
        self.out: list[str] = []
        self.notes: list[tuple[str, str]] = []  # (text, address)
        self.links: list[dict] = []  # the open <a>s: {"href", "start", "keep"}
        self.has_h1 = False

    def site_path(self, url: str) -> str | None:
        """A relative address in the page, as a path in the site (None: outside it)."""
        target = url.split("#", 1)[0].split("?", 1)[0]
        if not target:
            return None
        joined = posixpath.normpath(posixpath.join(self.folder, target))
        return None if joined.startswith("..") or joined.startswith("/") else joined

    def address(self, href: str) -> str | None:
        """Where a link goes, as a reader outside the site can open it (None: nowhere)."""
        href = href.strip()
        if not href or href.startswith("#"):
            return None  # a place in the page itself (a footnote): its text stays
        if _SCHEME.match(href) or href.startswith("//"):
            return href if urlsplit(href).scheme in ("http", "https", "mailto", "tel") else None
        path = self.site_path(href)
        if path is None or not self.base:
            return None
        fragment = href.partition("#")[2]
        return absolute(self.base, path) + (f"#{fragment}" if fragment else "")

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a":
            href = a.get("href") or ""
            keep = bool(_WECHAT.match(href.strip()))
            self.links.append({"href": href, "start": len(self.out), "keep": keep})
            if keep:
                self.out.append(f'<a href="{html.escape(href.strip())}">')
            return
        if tag == "img":
            self.image(a)
            return
        if tag == "h1":
            self.has_h1 = True
        kept = {k: v for k, v in a.items() if k in ("colspan", "rowspan", "start") and v}
        self.out.append(f"<{tag}" + "".join(f' {k}="{html.escape(v)}"' for k, v in kept.items()) + ">")

    def image(self, a: dict) -> None:
        src, alt = (a.get("src") or "").strip(), a.get("alt") or ""
        path = self.site_path(src) if src and not _SCHEME.match(src) and not src.startswith("//") else None
        if path is None:
            return  # markup.sanitize keeps only the site's own images: nothing else to show
        if not self.base:
            self.out.append(f'<span class="vs-missing">{html.escape(self.t("wechat_image_here", alt=alt or path, file=path))}</span>')
            return
        size = "".join(f' {k}="{html.escape(a[k])}"' for k in ("width", "height") if a.get(k))
        # lazy: the page's offscreen copy (the copy button's fallback) asks the network for nothing
        self.out.append(f'<img src="{html.escape(absolute(self.base, path))}" alt="{html.escape(alt)}"{size} '
                        'loading="lazy">')

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag == "a":
            if not self.links:
                return
            link = self.links.pop()
            if link["keep"]:
                self.out.append("</a>")
                return
            text = re.sub(r"<[^>]+>", "", "".join(self.out[link["start"]:]))
            address = self.address(link["href"])
            if address and html.unescape(text).strip() != address:  # an address shown as itself needs no note
                self.notes.append((html.unescape(text).strip(), address))
                self.out.append(f"<sup>[{len(self.notes)}]</sup>")
            return
        if tag in _VOID:
            return
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        self.out.append(html.escape(data, quote=False))


def _notes(notes: list[tuple[str, str]], t) -> str:
    if not notes:
        return ""
    lines = "<br>".join(f"<span>[{i}]</span> {html.escape(text)}{t('colon')}{html.escape(address)}"
                        for i, (text, address) in enumerate(notes, 1))
    return f'<h3>{html.escape(t("wechat_notes"))}</h3><p class="vs-notes">{lines}</p>'


def _closing(page_path: str, base: str | None, t) -> str:
    """The page's QR code and the line under it; nothing without a published address."""
    if not base:
        return ""
    return (f'<hr><p class="vs-qr"><img src="{html.escape(absolute(base, qr_path(page_path)))}" '
            f'alt="{html.escape(t("wechat_qr_alt"))}" width="160" height="160" loading="lazy"><br>'
            f'{html.escape(t("wechat_scan"))}</p>')


def _finish(inner: str, base: str | None, t) -> str:
    top = "" if base else f'<p class="vs-note">{html.escape(t("wechat_no_address"))}</p>'
    raw = f"<section>{top}{inner}</section>"
    return _FINAL.clean(_INLINER.inline_fragment(raw, CSS))


def story_article(view: dict, body: str, page_path: str, base: str | None, lang: str) -> str:
    """The article of a story: `view` is Planner.story_context's, `body` the page's sanitised HTML."""
    t = ui.translator(lang)
    parser = _Body(page_path, base, t)
    parser.feed(body)
    parser.close()
    story = view["story"]
    head = "" if parser.has_h1 else f"<h1>{html.escape(story['title'])}</h1>"
    meta = [fmt.day(story["date"], lang)] + ([story["author"]] if story.get("author") else [])
    meta_html = f'<p class="vs-meta">{html.escape(" · ".join(meta))}</p>'
    body_html = "".join(parser.out)
    if parser.has_h1:  # the date and author under the story's own heading
        body_html = re.sub(r"(</h1>)", lambda m: m.group(1) + meta_html, body_html, count=1)
    else:
        head += meta_html
    return _finish(head + body_html + _notes(parser.notes, t) + _closing(page_path, base, t), base, t)


def honors_article(year: dict, site_name: str, page_path: str, base: str | None, lang: str) -> str:
    """The article of one year's honor list from Planner.honor_lists()'s view: published recipients
    only; during a notice window name, unit and post, and the window; citations once final."""
    t = ui.translator(lang)
    e = html.escape
    parts = [f"<h1>{e(year['title'] or t('year_honors', year=year['year']))}</h1>"]
    for a in year["awards"]:
        badge = f'<span class="vs-badge">{e(t("notice_badge"))}</span>' if a["state"] == "notice" else ""
        parts.append(f"<h2>{e(a['title'])}{badge}</h2>")
        if a["state"] == "notice":
            parts.append(f'<p class="vs-note">{e(t("notice_banner", start=fmt.day(a["notice"][0], lang), end=fmt.day(a["notice"][1], lang), issuer=a["issuer"] or site_name))}</p>')
        meta = ([f"{t('issuer')}{t('colon')}{a['issuer']}"] if a["issuer"] else []) + (
            [f"{t('award_date')}{t('colon')}{fmt.day(a['date'], lang)}"] if a["date"] else [])
        if meta:
            parts.append(f'<p class="vs-meta">{e(" · ".join(meta))}</p>')
        for r in a["recipients"]:
            facts = [x for x in (r["org"], r.get("post")) if x]
            if a["state"] == "final" and a.get("rating") and r.get("score") is not None:
                facts.append(f"{t('score')}{t('colon')}{fmt.number(r['score'], lang)}")
            tail = f" · {e(' · '.join(facts))}" if facts else ""
            parts.append(f'<p class="vs-person"><strong>{e(r["name"])}</strong>{tail}</p>')
            if a["state"] == "final" and r.get("citation"):
                parts.append(f'<p class="vs-citation">{e(r["citation"])}</p>')
    return _finish("".join(parts) + _closing(page_path, base, t), base, t)


def document(article: str, title: str, lang: str) -> str:
    """The article as a file of its own (下载文章): the article and nothing else in the body."""
    return (f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{html.escape(title)}</title>\n</head>\n<body>\n{article}\n</body>\n</html>\n")


def page_view(article: str, page_path: str) -> dict:
    """What the page's “复制到公众号” button needs: the article (inert in a <template>) and the file."""
    return {"article": Markup(article), "file": article_path(page_path)}
