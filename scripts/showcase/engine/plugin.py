"""The MkDocs plugin, where the records meet the engine.

It runs the pipeline (records → model → page plan), hands the generated pages
to MkDocs as virtual files whose HTML comes straight from our templates (no
Markdown round trip), keeps them out of the navigation, feeds the search index
from the model, and writes the extra files (data for filters, CSV/JSON, RSS).
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import os
import posixpath
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from markupsafe import Markup, escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import write_file

from ..text import fmt, ui
from .. import images, paper
from ..site import links, markup, memo, search, visuals, wechat
from ..model import pipeline
from . import languages, shell
from ..records import cache as build_cache, photofile, yamlio
from ..records.load import Paths, front_matter
from ..records.schema import placeholder_address
from ..text.catalogue import tr
from ..text.messages import DataError, Problem
from ..site.pages import Planner
from ..site.printed import Printed
from ..site.templates import ViewEnvironment, compiled_cache

log = logging.getLogger("mkdocs.plugins.showcase")

# The package's own templates, the theme's mended partials and the assets, found by the plugin
# itself: an organisation's `custom_dir` comes first and overrides any of them.
THEME_DIR = str(Path(__file__).resolve().parent.parent / "theme")
LOGO = "assets/showcase/logo.svg"
# mkdocs.yml must name the site; the name itself is data/site.yml's `name`
SITE_NAME_REFERENCE = "见 data/site.yml"
FAVICON = "assets/showcase/favicon.svg"

SHIM = "assets/vendor/iframe-worker/shim.js"
CSS = "assets/showcase/showcase.css"
JS = "assets/showcase/showcase.js"
SHELL = "showcase/shell.html"  # a page put together from its folder's shell (shell.py)

DEFAULT_NAV = (
    ("home", "index.md"), ("volunteers", "volunteers/index.md"), ("teams", "teams/index.md"),
    ("projects", "projects/index.md"), ("stories", "stories/index.md"),
    ("honors", "honors/index.md"), ("stats", "stats/index.md"),
    ("organizations", "organizations/index.md"), ("wishes", "wishes/index.md"),
)


class ShowcaseConfig(base.Config):
    data_dir = c.Type(str, default="data")
    cache_dir = c.Type(str, default=".cache/showcase")
    per_page = c.Type(int, default=24)
    today = c.Optional(c.Type(str))          # ISO date, for repeatable builds and tests
    lang = c.Optional(c.Choice(("zh", "en")))  # default: site.yml locale
    search = c.Type(bool, default=True)       # add people, teams and projects to the search index
    posters = c.Type(bool, default=True)      # a 1080×1920 poster per volunteer and honor list
    social_cards = c.Type(bool, default=True)  # a 1200×630 link-preview image per page
    keep_going = c.Type(bool, default=False)  # bad photos: warn and show the avatar instead of failing
    page_shell = c.Type(bool, default=True)   # theme markup of profiles etc. once per folder (same bytes)
    page_memo = c.Type(bool, default=True)    # page bodies kept between builds by their inputs (site/memo.py)
    printed = c.Type(bool, default=True)      # A4 PDFs: 公示 notices, formal lists, 光荣榜 (paper/)
    print_records = c.Type(bool, default=True)  # and a 志愿服务记录 PDF per published volunteer


class RecordsError(PluginError):
    """The records have errors; carries them so the command line can show them all."""

    def __init__(self, error: DataError, lang: str):
        super().__init__(error.format(lang))
        self.problems = error.problems


class PhotosError(PluginError):
    """Photos that cannot be used; every one is listed."""

    def __init__(self, problems: list, lang: str):
        lines = [p.format(lang) for p in problems] + [tr("photo.failed", lang, count=len(problems))]
        super().__init__("\n".join(lines))
        self.problems = problems


class GeneratedPage(Page):
    """A page whose HTML is rendered from a template, never read from Markdown."""

    def __init__(self, spec, file: File, config, render, in_shell: bool = False):
        # The theme prints titles and descriptions without escaping them; record text is untrusted.
        title = html.escape(spec.title)
        super().__init__(title, file, config)
        self.spec = spec
        self._render = render
        self.meta = {"title": title, "search": {"exclude": True},
                     "hide": ["navigation", "toc"] if not spec.in_nav else ["toc"]}
        if spec.description:
            self.meta["description"] = html.escape(spec.description)
        if spec.updated:  # the sitemap's lastmod: the records' own date, not the build's
            self.update_date = spec.updated.isoformat()
        if in_shell and not spec.in_nav:
            self.meta["template"] = SHELL
        self.finished = False  # True once put together from its shell: nothing left to mend

    def read_source(self, config) -> None:
        self.markdown = ""

    def render(self, config, files) -> None:
        self.content = self._render(self.spec, (self, config, files))


class ShowcasePlugin(BasePlugin[ShowcaseConfig]):
    supports_multiple_instances = False

    def __init__(self):
        super().__init__()
        self.preloaded = None  # (model, warnings) from the command line, used for one build
        self.model = None
        self.warnings = []
        self.plan = None
        self.progress = None   # callable(done, total, stage) from the command line
        self.data_failure = False  # the build failed because of the officer's files (bad photos)
        self.messages_lang = None  # the officer's language (--lang), when it is not the site's
        self.secondary = None  # the language of a build started for site/<lang>/ (None: the main build)
        self.languages = []    # the site's other languages (languages.Language), built after this one
        self.language_stats = []  # build_stats of each other language's build
        self.url_given = False  # the address came from the command line (--site-url)
        self.address = None  # the published address used for QR codes, previews and the feed (None: none)
        self.preloaded_languages = {}  # other languages' models, made on demand, checked by the command line
        self.site_dir_checked = False  # the command line checked the site folder (build.read_config)

    # -- configuration and records ---------------------------------------------------

    def on_config(self, config):
        root = Path(config.config_file_path or ".").resolve().parent
        # a cache folder the build may not write (read-only project): a temporary one (records/cache.py)
        self.config.cache_dir = str(build_cache.usable(root / self.config.cache_dir))
        if self.secondary is None and not self.site_dir_checked:
            _refuse_dangerous_site_dir(config, root, self.config.data_dir, self.messages_lang or "zh")
        self.paths = Paths.at(root, self.config.data_dir, os.path.relpath(config.docs_dir, root))
        self.today = pipeline.today(self.config.today)
        if self.preloaded is not None:
            (self.model, self.warnings), self.preloaded = self.preloaded, None
        else:
            records, problems = pipeline.check(self.paths, self.today, root / self.config.cache_dir)
            if self.config.keep_going:  # a record's unusable photo is left out, with a warning
                problems = photofile.tolerate(problems)
            if any(p.is_error for p in problems):
                raise RecordsError(DataError(problems), self.config.lang or "zh")
            self.model, self.warnings = pipeline.model_of(records, self.today, self.config.lang), problems
            if self.secondary is None:  # another language's build reads the same records: told once
                for w in self.warnings:
                    log.info(w.format(self.config.lang or "zh"))
        search.teach_names(self.model, root / self.config.cache_dir)
        self.lang = self.config.lang or self.model.site.locale
        if self.secondary is None:
            self.main_lang = self.lang
            self.languages, self._docs = languages.plan(
                Path(config.docs_dir), self.lang, self.model.site.languages, root / self.config.cache_dir)
        if self.languages:
            languages.alternates(config, self.main_lang, self._docs, self.lang)
        self.t = ui.translator(self.lang)
        config.theme["language"] = self.lang
        self._organisation(config)
        config.theme["font"] = False  # Google Fonts would leave the reader's machine
        _add_theme_dir(config.theme)
        if CSS not in config.extra_css:
            config.extra_css.append(CSS)
        if JS not in [str(s) for s in config.extra_javascript]:
            config.extra_javascript.append(JS)
        # Search from file:// (a USB stick) runs its worker in an iframe; the shim is vendored.
        polyfills = config.extra.setdefault("polyfills", [])
        if SHIM not in polyfills:
            polyfills.append(SHIM)
        if not config.nav:
            config.nav = [{self.t(key): path} for key, path in DEFAULT_NAV]
            extra = sorted(p for p in _markdown_pages(config.docs_dir)
                           if "/" not in p and p != "index.md")
            config.nav += extra
        # a section with nothing to show (no wishes, no stories…) leaves the tabs and the drawer;
        # its page is still made (a link to it does not break) unless the officer wrote their own
        empty = {links.to_source(path) for path in Planner(self.model, self.lang).empty_sections()}
        empty = {src for src in empty if not Path(config.docs_dir, src).is_file()}
        if empty:
            config.nav = _without(config.nav, empty)
        return config

    def _organisation(self, config) -> None:
        """The organisation's name, description and address come from data/site.yml; mkdocs.yml
        only refers to it (a value there that differs is named, not silently used). The address:
        `--site-url`, else site.yml's `url`, else mkdocs.yml's `site_url`; `mkdocs serve` keeps its
        own local address, and another language's build its folder's."""
        site = self.model.site
        name = (site.name_en if self.lang == "en" else None) or site.name
        description = (site.description_en if self.lang == "en" else None) or site.description
        if self.secondary is None:
            lang = self.messages_lang or self.lang
            serving = (not self.url_given and bool(config.site_url)
                       and urlsplit(config.site_url).netloc == str(config.dev_addr))
            given = [("site_name", config.site_name not in (SITE_NAME_REFERENCE, site.name, site.name_en)),
                     ("site_description", bool(config.site_description and site.description)
                      and config.site_description not in (site.description, site.description_en)),
                     ("site_url", bool(site.url and config.site_url) and config.site_url != site.url
                      and not (self.url_given or serving))]
            for key, differs in given:
                if differs:
                    log.warning(f"mkdocs.yml: {key}: " + tr("site.name_elsewhere", lang, field=key))
            if serving:  # the preview answers at the root, whatever site_url's path (on_serve)
                config.site_url = urlunsplit(urlsplit(config.site_url)._replace(path="/", query="", fragment=""))
            if site.url and not (self.url_given or serving):
                config.site_url = site.url
            if not serving and placeholder_address(config.site_url):
                # a QR code, preview image or feed link to example.* or localhost sends readers nowhere
                where = "--site-url" if self.url_given else "mkdocs.yml: site_url"
                log.warning(f"{where}: " + tr("site.url_placeholder_given", lang, value=config.site_url))
                config.site_url = None
        self.address = config.site_url
        # the theme prints these into every page's <head> without escaping them (record text is untrusted)
        self.site_name = name
        config.site_name = escape(name)
        if description:
            config.site_description = escape(description)

    # -- pages -------------------------------------------------------------------------

    def on_files(self, files: Files, *, config) -> Files:
        # Our own environment over the theme's folders: views only, autoescaped (site/templates.py).
        self.env = ViewEnvironment(config.theme.dirs)
        self.env.bytecode_cache = self._compiled("view", self.env)
        self.env.globals.update(t=self.t, lang=self.lang, fmt=_Formatter(self.lang), once=self._once)
        self._folder_fragments = {}  # rendered by _once
        self._hand_written = {}  # page path -> title, for their preview cards
        self._shells = {}  # (folder, fields, heading, languages, fingerprint) -> shell.Shell; see _in_shell
        self._stories = None  # content path -> story record (_story)
        self.font = self._font(config)
        pictures = self._photos()
        self._logo(config, pictures)
        self.planner = Planner(self.model, self.lang, self.config.per_page, pictures=pictures,
                               feed=bool(config.site_url), posters=self.config.posters and bool(self.font),
                               printed=self.config.printed and bool(self.font),
                               print_records=self.config.print_records)
        self.env.globals["site"] = self.planner.site_view()
        self.memo = self._memo(config)
        markup.remember(self.memo.texts())  # before the plan: its descriptions convert Markdown too
        self.plan = self.planner.plan()
        self._wechat_honors()
        self._from_memo = []  # (page, config, files) whose body came from the memo (_memo_wrong)
        self._total = len(self.plan.pages)
        self._done = 0
        for other in self.model.site.languages:
            if other != self.lang:  # content/<lang>/ belongs to that language's own build
                for file in [f for f in files if f.src_uri.startswith(f"{other}/")]:
                    files.remove(file)
        self._content_images(files, config)
        for file in files.documentation_pages():
            if file.src_uri.startswith("stories/") and file.inclusion.is_in_nav():
                file.inclusion = InclusionLevel.NOT_IN_NAV  # listed on the stories page instead
        hand_written = {f.src_uri for f in files.documentation_pages()}
        for spec in self.plan.pages:
            src = links.to_source(spec.path)
            if src in hand_written:
                continue  # the officer's own page wins
            file = File.generated(config, src, content="",
                                  inclusion=InclusionLevel.INCLUDED if spec.in_nav
                                  else InclusionLevel.NOT_IN_NAV)
            file.page = GeneratedPage(spec, file, config, self._render, self.config.page_shell)
            files.append(file)
        return files

    def _memo(self, config) -> memo.Memo:
        """Bodies kept from the builds before, for this language; its inputs beyond each page's view
        and path: the site's name and words, and our templates as the organisation overrides them."""
        salt = json.dumps([self.lang, self.env.globals["site"],
                           memo.folder_digest(Path(d, "showcase") for d in config.theme.dirs)],
                          ensure_ascii=False, default=str)
        file = Path(self.config.cache_dir, "pages.sqlite") if self.config.page_memo else None
        return memo.Memo(file, self.lang, salt)

    def _content_images(self, files: Files, config) -> None:
        """Images beside the pages (content/) keep their names, but are published stripped of
        EXIF, GPS, XMP and comments like every photo, from the image cache."""
        docs = os.path.normpath(config.docs_dir)
        found = [f for f in files.media_files() if f.src_dir and os.path.normpath(f.src_dir) == docs
                 and images.is_image(f.src_uri)]
        results = images.CleanStage(self.paths.root / self.config.cache_dir / "images").run(
            [images.FileJob(Path(f.abs_src_path), self.paths.rel(Path(f.abs_src_path))) for f in found])
        problems = [Problem(r.key, None, None, *r.problem) for r in results if r.problem]
        if problems:
            self.data_failure = True
            raise PhotosError(problems, self.messages_lang or self.lang)
        for file, result in zip(found, results):
            file.abs_src_path = result.outputs[0][0]  # MkDocs copies the stripped file instead

    def _font(self, config):
        """The CJK font posters and cards need. Without one the build stops, or with keep_going
        goes on without them, so that no page links to an image that was never drawn."""
        if not (self.config.posters or self.config.printed or (self.config.social_cards and config.site_url)):
            return None
        try:
            return images.find_font()
        except images.FontMissing as exc:
            lang = self.messages_lang or self.lang
            message = exc.problem.format(lang).removeprefix("- ")
            if not self.config.keep_going:
                raise PluginError(f"{message}\n{tr('font.failed', lang)}") from None
            if self.secondary is None:  # not again for another language's build
                log.warning(message)
            return None

    def _photos(self) -> dict:
        """Normalise every photo the pages show; bad photos stop the build unless keep_going."""
        cache = self.paths.root / self.config.cache_dir / "images"
        stage = images.PhotoStage(cache)
        results = stage.run(visuals.photo_jobs(self.model, self.paths.photos),
                            progress=self.stage_progress("photos"))
        self.pictures, self.image_outputs, problems = visuals.sort_results(results, self.config.keep_going)
        self.build_stats = {"photos": len(results), "photos_rendered": stage.rendered,
                            "photos_written": stage.written}
        # the files behind each site path, for posters and cards drawn from the photos
        self.image_files = {site: cache_file for cache_file, site in self.image_outputs}
        errors = [p for p in problems if p.is_error]
        lang = self.messages_lang or self.lang
        for p in problems:
            if not p.is_error and self.secondary is None:  # another language's build: told once
                log.warning(p.format(lang))
        if errors:
            self.data_failure = True
            raise PhotosError(errors, lang)
        return self.pictures

    def _logo(self, config, pictures: dict) -> None:
        """site.yml's `logo`, made like any photo (upright, stripped), in the header and the tab."""
        picture = pictures.get("square", {}).get(self.model.site.logo) if self.model.site.logo else None
        if picture:
            config.theme["logo"] = picture["thumb"]
            if config.theme.get("favicon") == FAVICON:
                config.theme["favicon"] = picture["thumb"]

    def stage_progress(self, stage: str):
        if self.progress is None:
            return None
        return lambda done, total: self.progress(done, total, stage)

    def _render(self, spec, page=None) -> str:
        view = spec.build()
        key = self.memo.key(spec.template, view, spec.path)
        html = self.memo.get(key)
        if html is None:
            html = self.render_template(spec.template, view, spec.path)
            self.memo.put(key, html)
        elif self.memo.needs_check(spec.template) and html != self.render_template(spec.template, view, spec.path):
            self._memo_wrong(spec)  # an input the key missed: every page from the memo rendered again
            return self._render(spec, page)
        elif page is not None:
            self._from_memo.append(page)
        self._done += 1
        if self.progress:
            self.progress(self._done, self._total, "pages")
        return html

    def _memo_wrong(self, spec) -> None:
        log.warning(tr("build.memo_wrong", self.messages_lang or self.lang, page=spec.path))
        self.memo.drop()
        served, self._from_memo = self._from_memo, []
        for page, config, files in served:
            self._done -= 1  # counted again as it renders
            page.content = self._render(page.spec)
            page.content = config.plugins.on_page_content(page.content, page=page, config=config, files=files)

    def render_template(self, name: str, context: dict, path: str) -> str:
        return self.env.get_template(name).render(context, link=_Linker(path))

    def _compiled(self, name: str, env):
        """The environment's compiled templates, kept in the build cache (None: a cache it cannot use)."""
        try:
            return compiled_cache(Path(self.config.cache_dir, "templates", name), env)
        except OSError:
            return None

    def _once(self, name: str, link, **context) -> Markup:
        """A fragment that depends only on its folder, rendered once per folder."""
        key = (name, link.folder)
        if key not in self._folder_fragments:
            self._folder_fragments[key] = Markup(self.env.get_template(name).render(context, link=link))
        return self._folder_fragments[key]

    def on_page_read_source(self, *, page, config):
        """A hand-written page saved as GBK (Notepad, WPS) is read as the records are, not an internal
        error: MkDocs itself reads UTF-8 only. validate has warned that it is GBK."""
        if isinstance(page, GeneratedPage) or page.file.generated_by or not page.file.abs_src_path:
            return None
        return _source(page)

    def on_page_markdown(self, markdown, *, page, config, files):
        if isinstance(page, GeneratedPage):
            return markdown
        if page.is_homepage or page.file.src_uri.startswith("stories/"):
            page.meta.setdefault("template", "showcase/page.html")  # with showcase_html after the content
        _front_matter_as_records_read_it(page)
        _escape_front_matter(page)
        self._dated(page)
        return markup.join_cjk_lines(markdown)

    def _story(self, page):
        """The story record of a hand-written page under stories/, or None."""
        if not page.file.src_uri.startswith("stories/"):
            return None
        if self._stories is None:
            self._stories = {s.path: s for s in self.model.records.stories}
        return self._stories.get(page.file.src_uri)

    def _dated(self, page) -> None:
        """A story's description is its summary (else its own description) and its sitemap date
        its date; another hand-written page keeps MkDocs' date unless its front matter has one."""
        story = self._story(page)
        if story is not None:
            if story.summary:
                page.meta["description"] = html.escape(story.summary)
            page.update_date = story.date.isoformat()
            return
        day = page.meta.get("date")
        if isinstance(day, str):
            try:
                day = date.fromisoformat(day.strip())
            except ValueError:
                day = None
        if isinstance(day, datetime):
            day = day.date()
        if isinstance(day, date):
            page.update_date = day.isoformat()

    def on_page_content(self, html, *, page, config, files):
        if isinstance(page, GeneratedPage):
            return html  # built from escaped templates and sanitised fields
        if "title" not in page.meta and page.title and not page.is_homepage:
            # the title of the page's first heading is HTML (&lt; stays &lt;), but the theme's <title>
            # prints it through `striptags`, which turns &lt;/title&gt; back into a tag: print it as it is
            page.meta["title"] = page.title
        html = markup.sanitize(html)
        if page.file.src_uri.startswith("stories/"):
            self._wechat_bodies[page.file.src_uri] = html  # its 公众号 article (_wechat_story)
        return html

    @event_priority(-50)  # last: a shell is made from the context every plugin has finished
    def on_page_context(self, context, *, page, config, nav):
        path = page.file.dest_uri
        if self.config.social_cards and config.site_url and self.font:
            if not isinstance(page, GeneratedPage):
                self._hand_written[path] = html.unescape(page.title) if page.title else self.site_name  # drawn: text
            context["showcase_social"] = {
                "image": config.site_url.rstrip("/") + "/" + links.social(path),
                "title": page.title or self.site_name}
        if isinstance(page, GeneratedPage):
            if page.meta.get("template") == SHELL:  # made when printed: plugins after this one count too
                context["showcase_shell"] = shell.Deferred(lambda: self._in_shell(page, context, config))
            return context
        planner = self.planner
        if page.is_homepage:
            rendered = self.render_template("showcase/home.html", planner.home_context(), path)
            context["showcase_html"] = Markup(rendered)
        elif page.file.src_uri.startswith("stories/"):
            story = self._story(page)
            if story:
                context["showcase_article"] = {"published": story.date.isoformat()}
                view = planner.story_context(story)
                view["wechat"] = self._wechat_story(page, story, view, path)
                rendered = self.render_template("showcase/story.html", view, path)
                context["showcase_html"] = Markup(rendered)
        return context

    # -- 公众号 articles (site/wechat.py) ---------------------------------------------------

    def _wechat_honors(self) -> None:
        """Each honor year's page gets its article (made when the page renders, from its view)."""
        self._wechat_bodies = {}  # story source -> its sanitised HTML (on_page_content)
        self._wechat_qr = {}  # QR code's site path -> the page's address
        for spec in self.plan.pages:
            if spec.kind != "honor_year":
                continue

            def build(build=spec.build, path=spec.path, title=spec.title):
                view = build()
                article = wechat.honors_article(view["year"], self.site_name, path, self.address, self.lang)
                view["wechat"] = self._wechat_article(article, path, title)
                return view

            spec.build = build

    def _wechat_story(self, page, story, view: dict, path: str) -> dict | None:
        body = self._wechat_bodies.get(page.file.src_uri)
        if body is None:
            return None
        article = wechat.story_article(view, body, path, self.address, self.lang)
        return self._wechat_article(article, path, story.title)

    def _wechat_article(self, article: str, path: str, title: str) -> dict:
        """The article's file (written with the other files) and its QR code; the page's view."""
        self.plan.files[wechat.article_path(path)] = wechat.document(article, title, self.lang)
        if self.address:
            self._wechat_qr[wechat.qr_path(path)] = wechat.absolute(self.address, path)
        return wechat.page_view(article, path)

    def _wechat_qr_codes(self) -> None:
        """The articles' QR codes, drawn into the image cache once per address and published with
        the other images (_write_images counts them)."""
        folder = self.paths.root / self.config.cache_dir / "images" / "wechat-qr"
        drawn = 0
        for path, url in sorted(self._wechat_qr.items()):
            key = json.dumps([wechat.QR_VERSION, url])  # a new drawing of the codes is a new file
            cached = folder / (hashlib.sha256(key.encode("utf-8")).hexdigest()[:24] + ".png")
            if not cached.is_file():
                folder.mkdir(parents=True, exist_ok=True)
                tmp = cached.with_name(f"{cached.name}.{os.getpid()}.tmp")  # a stopped build leaves no half file
                tmp.write_bytes(wechat.qr_png(url))
                tmp.replace(cached)
                drawn += 1
            self.image_outputs.append((str(cached), path))
        self.build_stats["qr_drawn"] = drawn

    def _in_shell(self, page, context, config) -> str:
        """The page from a shell that its siblings share, or the theme's own rendering where no shell
        can be trusted with it: a shell is made from one page (and is exact for it), and serves the
        siblings whose fingerprint is the same and confirms itself on the second (shell.py)."""
        heading = "<h1" in page.content
        social = context.get("showcase_social")
        languages = config.extra.get("showcase_languages") or []
        fields = tuple(f for f, present in (("T", page.title), ("D", "description" in page.meta),
                                            ("C", page.canonical_url), ("S", social)) if present) + ("URL",)
        mark = shell.fingerprint(page, context, config.extra)
        if mark is None or (social and not _our_card(social, page, self.site_name)):
            return _theme_page(self.theme_env, context)
        group = (posixpath.dirname(page.url), fields, heading,
                 tuple(page.file.src_uri in language["missing"] for language in languages))
        made = self._shells.get(group + (mark,))
        if made is None:
            count = self._shell_groups.get(group, 0)
            if count >= SHELLS_PER_GROUP:  # siblings that differ: one shell each would not pay
                return _theme_page(self.theme_env, context)
            self._shell_groups[group] = count + 1
            raw = _stand_in_markup(self.theme_env, page, context, fields, heading, social)
            made = self._shells[group + (mark,)] = shell.Shell(raw, fields, self.t("search"), heading)
        elif not made.confirmed:
            made.confirm(_stand_in_markup(self.theme_env, page, context, fields, heading, social))
        values = {"T": page.title or "", "D": page.meta.get("description", ""), "C": page.canonical_url or "",
                  "S": social["image"] if social else "", "URL": shell.own_name(page.url)}
        done = made.fill({f: values[f] for f in fields}, page.content)
        if done is None:
            return _theme_page(self.theme_env, context)
        page.finished = True
        self.build_stats["pages_from_shells"] = self.build_stats.get("pages_from_shells", 0) + 1
        return done

    def on_env(self, env, *, config, files):
        self.theme_env = env
        if env.bytecode_cache is None:
            env.bytecode_cache = self._compiled("theme", env)
        self.memo.keep_texts(markup.used())
        self.memo.finish()  # every page is rendered by now (MkDocs reads them all before it writes one)
        self.build_stats["pages_from_memo"] = self.memo.hits
        self._shell_groups = {}  # how many shells each group of siblings has (_in_shell)
        if _nav_partials_are_known(config.theme):  # else the navigation is rendered for every page
            env.globals["showcase_nav_key"] = _nav_key
        env.globals["showcase_fragments"] = _Fragments()
        # the same on every page of this language's build: main.html's og:locale and feed link
        env.globals["showcase_head"] = {
            "locale": "en_US" if self.lang == "en" else "zh_CN",
            "feed": bool(config.site_url),  # _write_files writes the feed only then
            "feed_title": tr("ui.share_feed", self.lang, site=self.site_name)}
        return env

    def on_build_error(self, *, error):
        if getattr(self, "memo", None) is not None:
            self.memo.close()  # nothing of a failed build kept

    # -- extra files ---------------------------------------------------------------------

    def on_post_page(self, output, *, page, config):
        if isinstance(page, GeneratedPage) and page.finished:
            return output
        return shell.finish(output, self.t("search"))

    def on_post_template(self, output_content, *, template_name, config):
        if template_name.endswith(".html"):  # 404.html
            return shell.finish(output_content, self.t("search"))
        return output_content

    @event_priority(50)  # before the search plugin writes its index
    def _write_files(self, *, config):
        files = dict(self.plan.files)
        if config.site_url:
            base = config.site_url if config.site_url.endswith("/") else config.site_url + "/"
            context = self.planner.feed_context()
            context["base_url"] = base
            files["stories/feed.xml"] = self.env.get_template("showcase/feed.xml.html").render(context)
        for path, text in files.items():
            write_file(text.encode("utf-8"), os.path.join(config.site_dir, path))
        self._wechat_qr_codes()
        if self.config.search:
            search_plugin = config.plugins.get("material/search") or config.plugins.get("search")
            if search_plugin is not None and hasattr(search_plugin, "search_index"):
                search_plugin.search_index.entries.extend(search.entries(self.plan))

    @event_priority(40)
    def _write_images(self, *, config):
        """Posters and preview cards (drawn where missing), and every image file, into the site."""
        outputs = list(self.image_outputs)
        cards = []
        font = self.font
        if font:
            if self.config.posters:
                cards += visuals.poster_jobs(self.model, self.planner, self.lang, config.site_url,
                                             self.pictures, self.image_files)
            if self.config.social_cards and config.site_url:
                cards += visuals.social_jobs(self.model, self.plan, self.pictures, self.image_files,
                                             self._hand_written).values()
            stage = images.CardStage(self.paths.root / self.config.cache_dir / "images", font, font)
            outputs += stage.run(cards, progress=self.stage_progress("images"))
            self.build_stats["cards"] = len(cards)
            self.build_stats["cards_rendered"] = stage.rendered
        self.build_stats["files"] = images.publish(config.site_dir, outputs)
        # drawn in this build: photo files and cards not found in the cache
        self.build_stats["drawn"] = (self.build_stats["photos_written"] + self.build_stats.get("cards_rendered", 0)
                                     + self.build_stats.get("qr_drawn", 0))
        # what this build drew and put together from shells: `mkdocs build -v` shows it
        log.debug("showcase build figures: %s", json.dumps(self.build_stats, sort_keys=True))

    @event_priority(30)
    def _write_papers(self, *, config):
        """The printed documents (site/printed.py, paper/): compiled where missing, from the cache."""
        if not self.planner.printed:
            return
        documents = Printed(self.planner, config.site_url, self.planner.print_records).documents()
        stage = paper.PaperStage(self.paths.root / self.config.cache_dir, self.font)
        outputs = stage.run([paper.job(path, kind, **data) for path, kind, data in documents],
                            progress=self.stage_progress("pdf"))
        images.publish(config.site_dir, outputs)
        self.build_stats["pdfs"] = len(outputs)
        self.build_stats["pdfs_rendered"] = stage.rendered

    @event_priority(-100)  # after the search plugin wrote search_index.json
    def _write_offline_search(self, *, config):
        """The index as a script, which the theme loads instead of fetching JSON under file://."""
        index = Path(config.site_dir) / "search" / "search_index.json"
        if index.is_file():
            # the theme escapes every Chinese character as \uXXXX (6 bytes for 3): write it plainly
            data = json.dumps(json.loads(index.read_text(encoding="utf-8")), ensure_ascii=False,
                              separators=(",", ":"))
            index.write_text(data, encoding="utf-8")
            write_file(("var __index = " + data).encode("utf-8"), str(index.with_suffix(".js")))

    @event_priority(-200)  # the very last: this language's site is complete
    def _build_other_languages(self, *, config):
        """site/<lang>/ for each other language, as a build of its own with its own instance of
        this plugin (MkDocs shares an instance only with plugins that define on_startup)."""
        if self.secondary is not None or not self.languages:
            return
        from mkdocs.commands.build import build as mkdocs_build
        from mkdocs.config import load_config

        self.language_stats = []
        for language in self.languages:
            overrides = {"site_dir": os.path.join(config.site_dir, language.lang),
                         "strict": config.strict, "use_directory_urls": config.use_directory_urls}
            if language.docs_dir is not None:
                overrides["docs_dir"] = str(language.docs_dir)
            if config.site_url:
                overrides["site_url"] = config.site_url.rstrip("/") + f"/{language.lang}/"
            quiet = logging.getLogger("mkdocs.config")  # mkdocs.yml's warnings were told by the main build
            level, quiet.level = quiet.level, logging.ERROR
            try:
                other = load_config(config.config_file_path, **overrides)
            finally:
                quiet.setLevel(level)
            other.nav = None  # mkdocs.yml's nav names the main language's pages: the plugin makes one
            languages.search_languages(other, language.lang, self.main_lang)
            inner = other.plugins["showcase"]
            if inner is self:  # this build's state would be overwritten: never silently
                raise PluginError("showcase: MkDocs handed the other language's build this plugin instance")
            inner.config.lang = language.lang
            inner.config.keep_going = self.config.keep_going
            inner.secondary, inner.languages, inner.main_lang, inner._docs = (
                language.lang, self.languages, self.main_lang, self._docs)
            made = self.preloaded_languages.pop(language.lang, None)  # checked by the command line
            inner.preloaded = made() if made else None
            inner.progress, inner.messages_lang = self.progress, self.messages_lang
            try:
                mkdocs_build(other)
            finally:
                self.data_failure = self.data_failure or inner.data_failure
                self.language_stats.append(dict(getattr(inner, "build_stats", {})))

    on_post_build = CombinedEvent(_write_files, _write_images, _write_papers, _write_offline_search,
                                  _build_other_languages)

    def on_serve(self, server, *, config, builder):
        """`mkdocs serve` mounts the site under site_url's path (/showcase/ for a Pages address), so
        the addresses the guide prints gave 404: the preview is served at the root instead, where
        on_config put the pages' own address too."""
        server.watch(str(self.paths.data))
        root = urlunsplit(urlsplit(server.url)._replace(path="/"))
        if getattr(server, "mount_path", "/") != "/":
            server.mount_path, server.url = "/", root
        return server


# front matter the theme prints into the page as it is (mkdocs-material's templates escape nothing)
_PRINTED_META = ("title", "description", "author")


def _source(page) -> str | None:
    """A hand-written page's text, UTF-8 or GBK as the records are read; None when unreadable
    (MkDocs then says which file)."""
    if not page.file.abs_src_path:  # a page another plugin made in memory
        return page.file.content_string
    try:
        raw = Path(page.file.abs_src_path).read_bytes()
    except OSError:
        return None
    return yamlio.decode(raw, page.file.src_uri, [])


def _front_matter_as_records_read_it(page) -> None:
    """MkDocs reads front matter by YAML 1.1 (title: 12:30 is 750 there, 010 is 8); the records, the
    feed and the story's heading read it by YAML 1.2 (records/yamlio.py): print what they read."""
    data = front_matter(_source(page) or "")
    if isinstance(data, dict):
        for key in _PRINTED_META:
            if key in page.meta and key in data:
                page.meta[key] = data[key]


def _escape_front_matter(page) -> None:
    """A hand-written page's front matter is text (a story's title from a branch office), but the
    theme prints page.meta.title, .description and .author, and page.title, into the HTML as they
    are: escaped here, once, before any plugin (search) or template reads them, as generated pages'
    are (GeneratedPage). Our og tags print them through `striptags | e`, which unescapes first, so
    a reader sees the title as written, never &amp;lt;; the theme's one `| e` of a title (the
    footer's previous/next links, feature navigation.footer) is not used by this site."""
    for key in _PRINTED_META:
        value = page.meta.get(key)
        if isinstance(value, str) or (value is not None and not isinstance(value, (dict, list, bool))):
            page.meta[key] = html.escape(str(value))


def _refuse_dangerous_site_dir(config, root: Path, data_dir: str, lang: str) -> None:
    """`mkdocs build` empties site_dir after on_config: not when that would delete the officer's files."""
    from .build import _line, site_dir_problems

    name = os.path.basename(config.config_file_path or "mkdocs.yml")
    try:
        line = _line(Path(config.config_file_path).read_text(encoding="utf-8", errors="replace"), "site_dir")
    except (OSError, TypeError):
        line = None
    problems = site_dir_problems(Path(config.site_dir), root, data_dir=root / data_dir, docs_dir=Path(config.docs_dir),
                                 custom_dir=config.theme.custom_dir, where=(name, line, "site_dir"))
    if problems:
        raise PluginError("\n".join(p.format(lang) for p in problems))


def _add_theme_dir(theme) -> None:
    """Our templates and assets between the organisation's custom_dir and mkdocs-material's own."""
    if THEME_DIR not in theme.dirs:
        theme.dirs.insert(1 if theme.custom_dir else 0, THEME_DIR)
    if not theme.get("logo"):
        theme["logo"] = LOGO
    if theme.get("favicon") in (None, "assets/images/favicon.png"):  # the theme's own default
        theme["favicon"] = FAVICON


def _nav_key(page, kind: str):
    """Cache key for the navigation of a generated page outside it: the same for a whole folder.
    mkdocs-material's partials (nav-item.html, tabs-item.html; see _nav_partials_are_known) read
    nothing of such a page but its folder (relative links) and whether a navigation item is it or
    holds it, which no item does while the page has no parent there."""
    if isinstance(page, GeneratedPage) and not page.spec.in_nav and page.parent is None:
        return f"{kind}:{posixpath.dirname(page.url)}"
    return None


class _Linker:
    """`link(target)` in templates: the URL of a site path relative to the page being rendered."""

    def __init__(self, path: str):
        self.path = path
        self.folder = posixpath.dirname(path)

    def __call__(self, target: str) -> str:
        return links.relative(self.path, target)


class _Fragments(dict):
    """Rendered navigation, by folder (the keys of _nav_key)."""

    def store(self, key, html):
        self[key] = html
        return html


class _Formatter:
    """Formatting helpers for templates, bound to the site's language."""

    def __init__(self, lang: str):
        self.lang = lang

    def num(self, value, digits: int = 1) -> str:
        return fmt.number(value, self.lang, digits)

    def big(self, value) -> str:
        return fmt.big(value, self.lang)

    def money(self, value) -> str:
        return fmt.money(value, self.lang)

    def day(self, value) -> str:
        return fmt.day(value, self.lang)

    def month(self, year, month) -> str:
        return fmt.month(year, month, self.lang)

    def value(self, text) -> str:
        return ui.value(text, self.lang)

    def stars(self, n) -> str:
        return ui.stars(n, self.lang)

    def outcome(self, value, unit):
        return fmt.value_with_unit(value, unit, self.lang)


def _without(nav: list, sources: set) -> list:
    """mkdocs.yml's (or the default) navigation without the entries naming `sources`, and without
    a section that is left with none."""
    kept = []
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) and len(item) == 1 else item
        if isinstance(value, str) and posixpath.normpath(value.lstrip("/")) in sources:
            continue
        if isinstance(value, list) and value:
            inner = _without(value, sources)
            if not inner:
                continue
            item = {next(iter(item)): inner}
        kept.append(item)
    return kept


def _markdown_pages(docs_dir: str) -> list[str]:
    return [str(p.relative_to(docs_dir).as_posix()) for p in Path(docs_dir).rglob("*.md")]


# -- shells and the navigation cache (_in_shell, on_env) ------------------------------------------

SHELLS_PER_GROUP = 16  # shells kept for one group of siblings (folder, stand-ins, languages)
# what partials/nav.html and tabs.html (this package's) include, read for _nav_key's promise
NAV_PARTIALS = ("partials/nav-item.html", "partials/tabs-item.html", "partials/logo.html",
                "partials/source.html", "partials/toc.html", "partials/toc-item.html")


def _theme_page(env, context) -> str:
    return env.get_template("main.html").render(context)


def _stand_in_markup(env, page, context, fields, heading, social) -> str:
    """The theme's markup for a page with stand-ins for the values that differ between siblings."""
    stand_ins = dict(context, page=shell.StandInPage(page, fields, heading))
    if social:
        stand_ins["showcase_social"] = {
            "image": shell.stand_in("S"), "title": shell.stand_in("T") if page.title else social["title"]}
    try:
        return _theme_page(env, stand_ins)
    except Exception as exc:  # a template or another plugin's global that cannot take a stand-in
        log.debug(f"{page.file.src_uri}: no shell ({exc!r}); the theme renders the page")
        return ""  # an unusable shell: the theme renders the pages (and shows any real error)


def _our_card(social, page, site_name: str) -> bool:
    """The preview card is still the one on_page_context made (its title the shell's stand-in)."""
    return social.keys() == {"image", "title"} and social["title"] == (page.title or site_name)


def _nav_partials_are_known(theme) -> bool:
    """Every partial our nav.html and tabs.html include comes from this package or the theme itself
    (mkdocs-material), not from a custom_dir or another plugin's folder that could print the page."""
    from mkdocs.utils import get_theme_dir

    try:
        known = {os.path.realpath(THEME_DIR), os.path.realpath(get_theme_dir(theme.name))}
    except (KeyError, TypeError, AttributeError):
        return False
    for name in NAV_PARTIALS:
        found = next((d for d in theme.dirs if os.path.isfile(os.path.join(d, name))), None)
        if found is not None and os.path.realpath(found) not in known:
            return False
    return True
