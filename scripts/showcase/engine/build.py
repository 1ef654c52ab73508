"""One build for a front end (the `showcase` command): the same MkDocs build as `mkdocs build`,
with the records checked first, the site built into a temporary folder and swapped in only
when the build succeeded, and the figures of the summary.

`mkdocs build` and `mkdocs serve` make the same site: the plugin does all the site's work,
second language included. This module only adds what an officer's command needs around it.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import jinja2

from ..model import pipeline
from ..records import photofile
from ..records.load import Paths
from ..text.catalogue import tr
from ..text.messages import Localised, Problem
from . import languages

EXIT_DATA = 1      # the records have errors
EXIT_BUILD = 3     # MkDocs or the site's configuration failed
EXIT_STRICT = 4    # warnings with --strict


class Failed(Exception):
    """The build did not happen or did not finish; the site was left as it was."""

    def __init__(self, code: int, message: str = "", problems: list[Problem] | None = None, key: str = ""):
        super().__init__(message)
        self.code = code
        self.message = message
        self.problems = problems or []
        self.key = key  # a message of the command line to show (e.g. "strict", "no_config")


@dataclass
class Result:
    site: Path
    pages: int
    images: int
    drawn: int
    warnings: int
    address: str | None = None  # the published address the QR codes, previews and feed use


class _Count(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += record.levelno == logging.WARNING


def load(config_file: str, **overrides):
    """MkDocs' configuration and our plugin in it, or Failed with what to change (Problems naming
    mkdocs.yml's line). The configuration's warnings (an option MkDocs does not know) are the
    config's `showcase_warnings`."""
    cfg, problems = read_config(config_file, **overrides)
    if cfg is None:
        raise Failed(EXIT_BUILD, problems=problems)
    plugin = cfg.plugins.get("showcase")
    if plugin is None:
        raise Failed(EXIT_BUILD, key="no_plugin")
    cfg.showcase_warnings = problems
    return cfg, plugin


def read_config(config_file: str, **overrides):
    """(configuration, warnings) or (None, problems): mkdocs.yml read and checked as `mkdocs build`
    reads it, every error and warning a Problem naming the file and line; and the site folder
    checked (site_dir_problems) before MkDocs' own check, which names no folder we care about."""
    from mkdocs.config.base import _open_config_file
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.exceptions import Abort, ConfigurationError

    if not Path(config_file).is_file():
        raise Failed(EXIT_BUILD, key="no_config")
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    name = config_file
    try:
        text = Path(config_file).read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        return None, [Problem(name, None, None, "config.yaml", {"detail": exc.strerror or str(exc)})]
    options = {k: v for k, v in overrides.items() if v is not None}
    try:
        with _open_config_file(config_file) as fd:
            cfg = MkDocsConfig(config_file_path=getattr(fd, "name", config_file))
            cfg.load_file(fd)
    except ConfigurationError as exc:  # not YAML, or an !ENV / INHERIT that cannot be read
        detail = str(exc).removeprefix("MkDocs encountered an error parsing the configuration file: ")
        found = re.search(r"line (\d+), column", detail)
        detail = re.sub(r'\s*in "[^"]*", line \d+, column \d+', "", detail).strip()
        return None, [Problem(name, int(found.group(1)) if found else None, None, "config.yaml",
                              {"detail": " ".join(detail.split())})]
    except Abort:
        return None, [Problem(name, None, None, "config.yaml", {"detail": ""})]
    cfg.load_dict(options)
    root = Path(cfg.config_file_path).resolve().parent
    site_dir, docs_dir = cfg.get("site_dir") or "site", cfg.get("docs_dir") or "docs"
    plugin_config = _plugin_options(cfg.get("plugins"))
    theme = cfg.get("theme") if isinstance(cfg.get("theme"), dict) else {}
    where = (("showcase build", None, f"-d {options['site_dir']}") if options.get("site_dir")
             else (name, _line(text, "site_dir"), "site_dir"))
    if isinstance(site_dir, str) and isinstance(docs_dir, str):
        found = site_dir_problems(root / site_dir, root, data_dir=root / str(plugin_config.get("data_dir", "data")),
                                  docs_dir=root / docs_dir, custom_dir=theme.get("custom_dir"), where=where)
        if found:
            return None, found
    try:
        errors, warnings = cfg.validate()
    except Exception as exc:  # noqa: BLE001 - a plugin's own config check that fails: still a message
        errors, warnings = [("plugins", exc)], []
    if errors:
        return None, [_config_problem(name, text, key, exc, "config.invalid") for key, exc in errors]
    return cfg, [_config_problem(name, text, key, exc, "config.unknown") for key, exc in warnings]


def _plugin_options(plugins) -> dict:
    """Our plugin's options as written in mkdocs.yml (before MkDocs reads them)."""
    for item in plugins if isinstance(plugins, list) else [plugins] if isinstance(plugins, dict) else []:
        if isinstance(item, dict) and isinstance(item.get("showcase"), dict):
            return item["showcase"]
    return {}


def _line(text: str, key: str) -> int | None:
    """The line of mkdocs.yml that sets `key` (at any depth), or None."""
    pattern = re.compile(rf"^\s*-?\s*{re.escape(key)}\s*:")
    return next((i for i, line in enumerate(text.splitlines(), 1) if pattern.match(line)), None)


def _config_problem(name: str, text: str, key: str, exc, code: str) -> Problem:
    """One of MkDocs' errors or warnings about mkdocs.yml, at the line of the option it names."""
    detail = str(exc)
    option = re.match(r"Plugin '([^']+)' option '([^']+)': (.*)", detail, re.S)
    field, line = key, _line(text, key)
    if option:  # Plugin 'showcase' option 'per_page': Expected type …
        field, detail = f"{option.group(1)}: {option.group(2)}", option.group(3)
        line = _line(text, option.group(2)) or line
    if code == "config.unknown" and detail.startswith("Unrecognised configuration name"):
        detail = ""
    return Problem(name, line, field, code, {"detail": " ".join(detail.split())},
                   severity="warning" if code == "config.unknown" else "error")


# what the site folder must never be, hold or (for the records and the pages) lie inside:
# MkDocs empties it before every build
_GUARDED = ("project", "data", "docs", "theme")
_SITE_FILES = ("index.html", "404.html", "sitemap.xml")  # a site built before (by this or by MkDocs)


def site_dir_problems(site: Path, root: Path, *, data_dir: Path, docs_dir: Path, custom_dir=None,
                      where: tuple = ("mkdocs.yml", None, "site_dir")) -> list[Problem]:
    """Why the site folder would lose the officer's files when a build empties it, or []: it is
    (or holds) the project, data/, content/ or the theme's folder, or lies inside data/, content/
    or the theme's folder; or it is an existing folder with files that are not a site built before."""
    site = Path(os.path.abspath(site))
    folders = {"project": root, "data": data_dir, "docs": docs_dir}
    if custom_dir:
        folders["theme"] = root / custom_dir
    elif (root / "theme_overrides").is_dir():
        folders["theme"] = root / "theme_overrides"
    path, line, field = where
    shown = os.path.relpath(site, root) if site.is_relative_to(root) else str(site)
    for what in _GUARDED:
        if what not in folders:
            continue
        folder = Path(os.path.abspath(folders[what]))
        named = os.path.relpath(folder, root) if folder != root else str(folder)
        params = {"site": shown, "folder": named,
                  "what": Localised(tr(f"site_dir.what.{what}", "zh"), tr(f"site_dir.what.{what}", "en"))}
        if folder == site or folder.is_relative_to(site):
            return [Problem(path, line, field, "site_dir.holds", params)]
        if what != "project" and site.is_relative_to(folder):
            return [Problem(path, line, field, "site_dir.inside", params)]
    if site.exists() and not (site.is_dir() and (not any(site.iterdir())
                                                 or any((site / f).is_file() for f in _SITE_FILES))):
        return [Problem(path, line, field, "site_dir.foreign", {"site": shown})]
    return []


class SiteBuild:
    """A build as the command line runs it: `check()` every language's records and pages first,
    then `run()` MkDocs into a temporary folder and swap it in."""

    def __init__(self, config_file: str = "mkdocs.yml", *, site_dir: str | None = None,
                 site_url: str | None = None, keep_going: bool = False, lang: str = "zh"):
        overrides = {"site_dir": site_dir} if site_dir else {}
        if site_url:
            overrides["site_url"] = site_url if site_url.endswith("/") else site_url + "/"
        self.cfg, self.plugin = load(config_file, **overrides)
        self.plugin.site_dir_checked = True  # by load(), before MkDocs read a thing: not again for the temporary folder
        self.config_warnings = self.cfg.showcase_warnings
        self.plugin.config.keep_going = self.plugin.config.keep_going or keep_going
        self.plugin.messages_lang = self.lang = lang
        self.plugin.url_given = bool(site_url)
        self.problems: list[Problem] = []

    def check(self) -> list[Problem]:
        """The records' warnings; Failed (EXIT_DATA) with every problem when there are errors."""
        cfg, plugin = self.cfg, self.plugin
        root = Path(cfg.config_file_path).resolve().parent
        cache = root / plugin.config.cache_dir
        today = pipeline.today(plugin.config.today)
        paths = Paths.at(root, plugin.config.data_dir, os.path.relpath(cfg.docs_dir, root))
        records, problems = pipeline.check(paths, today, cache)
        if plugin.config.keep_going:  # a record's unusable photo is left out, with a warning
            problems = photofile.tolerate(problems)
        if any(p.is_error for p in problems):
            raise Failed(EXIT_DATA, problems=problems)
        main = plugin.config.lang or records.site.locale
        others, _ = languages.plan(Path(cfg.docs_dir), main, records.site.languages, cache)
        checked = {}
        for language in others:
            own_records = records
            if language.docs_dir is not None:  # its own pages: their stories' front matter
                own = Paths.at(root, plugin.config.data_dir, os.path.relpath(language.docs_dir, root))
                own_records, found = pipeline.check(own, today, cache)
                found = photofile.tolerate(found) if plugin.config.keep_going else found
                if any(p.is_error for p in found):  # e.g. a story of content/<lang>/ is wrong
                    raise Failed(EXIT_DATA, problems=[p for p in found if p not in problems])
            checked[language.lang] = own_records
        plugin.preloaded = (pipeline.model_of(records, today, plugin.config.lang), problems)
        # each other language's build takes its checked records instead of reading them again
        plugin.preloaded_languages = {lang: (lambda r=r, lang=lang: (pipeline.model_of(r, today, lang), []))
                                      for lang, r in checked.items()}
        self.problems = self.config_warnings + problems
        return self.problems

    def run(self, *, strict: bool = False, progress=None) -> Result:
        """Build into a temporary folder and swap it in; Failed leaves the old site as it was."""
        from mkdocs.commands.build import build as mkdocs_build
        from mkdocs.exceptions import Abort, BuildError, ConfigurationError

        cfg, plugin = self.cfg, self.plugin
        if plugin.preloaded is None:
            self.check()
        plugin.progress = progress
        final = Path(cfg.site_dir)
        temp = final.with_name(f".{final.name}.building-{os.getpid()}")
        for pattern in (f".{final.name}.building-*", f".{final.name}.old-*"):
            for leftover in final.parent.glob(pattern):  # an interrupted build's half-written or old site
                shutil.rmtree(leftover, ignore_errors=True)
        try:  # a read-only project (a CD, another user's folder): say which folder, before any work
            temp.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise Failed(EXIT_BUILD, tr("build.unwritable", self.lang, folder=final.parent.resolve(),
                                        detail=exc.strerror or str(exc))) from None
        cfg.site_dir = str(temp)
        counter = _Count()
        logging.getLogger("mkdocs").addHandler(counter)
        try:
            with _interruptible():
                try:
                    mkdocs_build(cfg)
                except (Abort, BuildError, ConfigurationError, OSError) as exc:
                    message = "" if str(exc).startswith("Aborted with") else str(exc)  # MkDocs has logged the reason
                    raise Failed(EXIT_DATA if plugin.data_failure else EXIT_BUILD, message) from None
                except jinja2.TemplateError as exc:  # a template of the theme or of theme_overrides/
                    raise Failed(EXIT_BUILD, tr("build.template", self.lang, detail=_template_error(exc))) from None
                warnings = counter.count + sum(not p.is_error for p in self.problems)
                if strict and warnings:
                    raise Failed(EXIT_STRICT, key="strict")
                try:
                    swap(temp, final)
                except OSError as exc:  # e.g. the old site is open in another program (Windows) or not ours
                    raise Failed(EXIT_BUILD, tr("build.swap", self.lang, site=final,
                                                detail=exc.strerror or exc)) from None
        finally:
            logging.getLogger("mkdocs").removeHandler(counter)
            # whatever stopped the build (an error, Ctrl-C, SIGTERM), no half-written site is left behind
            shutil.rmtree(temp, ignore_errors=True)
        stats = [plugin.build_stats] + plugin.language_stats  # images published, and those drawn anew
        return Result(final, pages=sum(1 for _ in final.rglob("*.html")), warnings=warnings,
                      images=sum(x.get("files", 0) for x in stats), drawn=sum(x.get("drawn", 0) for x in stats),
                      address=plugin.address)


class _interruptible:
    """SIGTERM (a closed terminal, a CI job cancelled) stops the build as Ctrl-C does, so that the
    cleaning up in `finally` runs; outside the main thread signals cannot be handled, and nothing changes."""

    def __enter__(self):
        self.previous = None
        try:
            self.previous = signal.signal(signal.SIGTERM, self._stop)
        except (ValueError, OSError, AttributeError):
            pass
        return self

    @staticmethod
    def _stop(signum, frame):
        raise KeyboardInterrupt

    def __exit__(self, *exc):
        if self.previous is not None:
            signal.signal(signal.SIGTERM, self.previous)
        return False


def _template_error(exc) -> str:
    """Which template and line (when Jinja knows them) and what went wrong."""
    where = ":".join(str(x) for x in (getattr(exc, "name", None) or getattr(exc, "filename", None),
                                      getattr(exc, "lineno", None)) if x)
    return f"{where} {exc.message or exc}".strip() if where else str(exc.message or exc)


# MkDocs' few lines while it serves (mkdocs/commands/serve.py, commands/build.py, livereload/),
# shown in the officer's language by `showcase serve`; any other line is shown as it is.
_SERVE_LINES = (
    (r"Building documentation\.\.\.", "serve.building"),
    (r"Serving on (?P<url>\S+) and opening it in a browser", "serve.serving"),
    (r"Serving on (?P<url>\S+)", "serve.serving"),
    (r"Watching paths for changes: (?P<paths>.*)", "serve.watching"),
    (r"Detected file changes", "serve.changes"),
    (r"Reloading browsers", "serve.reloading"),
    (r"An error happened during the rebuild\..*", "serve.rebuild_failed"),
    (r"Shutting down\.\.\.", "serve.stopping"),
    (r"Browser connected: (?P<url>.*)", "serve.browser"),
    (r"Documentation built in (?P<seconds>[0-9.]+) seconds", "serve.built"),
    (r"Cleaning site directory", None),                 # the preview's temporary folder: nothing to say
    (r"Building documentation to directory: .*", None),
)


class _ServeLog(logging.Filter):
    """Says MkDocs' serve messages in the officer's language (unknown ones as they are)."""

    def __init__(self, lang: str):
        super().__init__()
        self.lang = lang
        self.lines = [(re.compile(pattern, re.S), key) for pattern, key in _SERVE_LINES]

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith("mkdocs"):
            return True
        message = record.getMessage()
        stamp = re.match(r"\[[0-9:]+\] ", message)  # livereload's lines start with the time
        stamp = stamp.group(0) if stamp else ""
        for pattern, key in self.lines:
            found = pattern.fullmatch(message[len(stamp):])
            if found:
                if key is None:
                    return False
                record.msg, record.args = stamp + tr(key, self.lang, **found.groupdict()), ()
                break
        return True


def serve(config_file: str = "mkdocs.yml", dev_addr: str = "127.0.0.1:8000", lang: str = "zh") -> None:
    """MkDocs' preview server with live reload (the plugin watches data/), at the root of the
    address whatever site_url says: http://127.0.0.1:8000/ and /en/. mkdocs.yml is read as
    `showcase build` reads it (a mistake named with its file and line), at the start and at every
    rebuild; MkDocs' few lines are said in the officer's language."""
    import tempfile

    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import Abort, BuildError, ConfigurationError
    from mkdocs.livereload import LiveReloadServer

    if not Path(config_file).is_file():
        raise Failed(EXIT_BUILD, key="no_config")
    mkdocs_log = logging.getLogger("mkdocs")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.addFilter(_ServeLog(lang))
    site_dir = tempfile.mkdtemp(prefix="showcase-serve-")
    state = {}

    def get_config():
        cfg, plugin = load(config_file, site_dir=site_dir, dev_addr=dev_addr)
        mkdocs_log.setLevel(logging.INFO)  # load() quietens MkDocs while it reads mkdocs.yml
        for p in cfg.showcase_warnings:
            mkdocs_log.warning(p.format(lang))
        plugin.messages_lang = lang
        host, port = cfg.dev_addr
        cfg.site_url = f"http://{host}:{port}/"  # the root, not site_url's path
        state["plugin"] = plugin
        return cfg

    def builder(cfg=None):
        mkdocs_log.info("Building documentation...")
        if cfg is None:  # a rebuild: mkdocs.yml read again, its mistakes said as the first time
            try:
                cfg = get_config()
            except Failed as exc:
                raise Abort("\n".join([p.format(lang) for p in exc.problems]
                                      or [tr(f"cli.{exc.key}", lang, path=config_file)])) from None
        try:
            mkdocs_build(cfg, serve_url=cfg.site_url)
        except (BuildError, ConfigurationError, Abort) as exc:  # MkDocs has logged the reason
            raise Abort("" if str(exc).startswith("Aborted with") else str(exc)) from None

    mkdocs_log.addHandler(handler)
    mkdocs_log.propagate, propagate = False, mkdocs_log.propagate
    config = None
    try:
        config = get_config()
        config.plugins.on_startup(command="serve", dirty=False)
        host, port = config.dev_addr
        server = LiveReloadServer(builder=builder, host=host, port=port, root=site_dir, mount_path="/")

        def error_page(code):
            page = Path(site_dir, f"{code}.html")
            return page.read_bytes() if code in (404, 500) and page.is_file() else None

        server.error_handler = error_page
        try:
            builder(config)
        except Abort as exc:
            plugin = state.get("plugin")
            raise Failed(EXIT_DATA if plugin is not None and plugin.data_failure else EXIT_BUILD,
                         str(exc)) from None
        server.watch(config.docs_dir)
        server.watch(config.config_file_path)
        server = config.plugins.on_serve(server, config=config, builder=builder)
        for item in config.watch:
            server.watch(item)
        try:
            server.serve()
        except KeyboardInterrupt:
            mkdocs_log.info("Shutting down...")
        except OSError as exc:  # the address is taken, or not this machine's
            raise Failed(EXIT_BUILD, tr("serve.address", lang, address=dev_addr,
                                        detail=exc.strerror or str(exc))) from None
        finally:
            server.shutdown()
    finally:
        if config is not None:
            config.plugins.on_shutdown()
        mkdocs_log.removeHandler(handler)
        mkdocs_log.propagate = propagate
        shutil.rmtree(site_dir, ignore_errors=True)


def swap(temp: Path, final: Path) -> None:
    """Put the new site in place of the old in two renames.

    The old site is deleted by a detached process: on a large site that takes
    seconds (file systems mounted with `discard` trim every freed block), and
    the officer's new site is already in place.
    """
    old = final.with_name(f".{final.name}.old-{os.getpid()}")
    moved = False
    try:
        if final.exists():
            final.rename(old)
            moved = True
        temp.rename(final)
    except BaseException:  # a rename refused, or Ctrl-C between the two: the old site goes back
        if moved and not final.exists():
            old.rename(final)
        shutil.rmtree(temp, ignore_errors=True)
        raise
    if moved:
        try:
            subprocess.Popen([sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], True)",
                              str(old)], start_new_session=True, stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except OSError:
            shutil.rmtree(old, ignore_errors=True)
