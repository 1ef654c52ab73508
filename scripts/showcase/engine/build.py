"""One build for a front end (the `showcase` command): the same MkDocs build as `mkdocs build`,
with the records checked first, the site built into a temporary folder and swapped in only
when the build succeeded, and the figures of the summary.

`mkdocs build` and `mkdocs serve` make the same site: the plugin does all the site's work,
second language included. This module only adds what an officer's command needs around it.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import jinja2

from ..model import pipeline
from ..records.load import Paths
from ..text.catalogue import tr
from ..text.messages import Problem
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


class _Count(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += record.levelno == logging.WARNING


def load(config_file: str, **overrides):
    """MkDocs' configuration and our plugin in it, or Failed with what to change."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    if not Path(config_file).is_file():
        raise Failed(EXIT_BUILD, key="no_config")
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        cfg = load_config(config_file, **overrides)
    except ConfigurationError as exc:  # the file is not YAML, or names a theme that is not there
        raise Failed(EXIT_BUILD, str(exc)) from None
    except Abort:  # an option's value is wrong: MkDocs has logged which and why
        raise Failed(EXIT_BUILD) from None
    plugin = cfg.plugins.get("showcase")
    if plugin is None:
        raise Failed(EXIT_BUILD, key="no_plugin")
    return cfg, plugin


class SiteBuild:
    """A build as the command line runs it: `check()` every language's records and pages first,
    then `run()` MkDocs into a temporary folder and swap it in."""

    def __init__(self, config_file: str = "mkdocs.yml", *, site_dir: str | None = None,
                 site_url: str | None = None, keep_going: bool = False, lang: str = "zh"):
        overrides = {"site_dir": site_dir} if site_dir else {}
        if site_url:
            overrides["site_url"] = site_url if site_url.endswith("/") else site_url + "/"
        self.cfg, self.plugin = load(config_file, **overrides)
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
                if any(p.is_error for p in found):  # e.g. a story of content/<lang>/ is wrong
                    raise Failed(EXIT_DATA, problems=[p for p in found if p not in problems])
            checked[language.lang] = own_records
        plugin.preloaded = (pipeline.model_of(records, today, plugin.config.lang), problems)
        # each other language's build takes its checked records instead of reading them again
        plugin.preloaded_languages = {lang: (lambda r=r, lang=lang: (pipeline.model_of(r, today, lang), []))
                                      for lang, r in checked.items()}
        self.problems = problems
        return problems

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
        for leftover in final.parent.glob(f".{final.name}.building-*"):
            shutil.rmtree(leftover, ignore_errors=True)  # an interrupted build's half-written site
        cfg.site_dir = str(temp)
        counter = _Count()
        logging.getLogger("mkdocs").addHandler(counter)
        built = False
        try:
            mkdocs_build(cfg)
            built = True
        except (Abort, BuildError, ConfigurationError, OSError) as exc:
            message = "" if str(exc).startswith("Aborted with") else str(exc)  # MkDocs has logged the reason
            raise Failed(EXIT_DATA if plugin.data_failure else EXIT_BUILD, message) from None
        except jinja2.TemplateError as exc:  # a template of the theme or of theme_overrides/
            raise Failed(EXIT_BUILD, tr("build.template", self.lang, detail=_template_error(exc))) from None
        finally:
            logging.getLogger("mkdocs").removeHandler(counter)
            if not built:  # whatever stopped the build, no half-written site is left behind
                shutil.rmtree(temp, ignore_errors=True)
        warnings = counter.count + sum(not p.is_error for p in self.problems)
        if strict and warnings:
            shutil.rmtree(temp, ignore_errors=True)
            raise Failed(EXIT_STRICT, key="strict")
        swap(temp, final)
        stats = [plugin.build_stats] + plugin.language_stats  # images published, and those drawn anew
        return Result(final, pages=sum(1 for _ in final.rglob("*.html")), warnings=warnings,
                      images=sum(x.get("files", 0) for x in stats), drawn=sum(x.get("drawn", 0) for x in stats))


def _template_error(exc) -> str:
    """Which template and line (when Jinja knows them) and what went wrong."""
    where = ":".join(str(x) for x in (getattr(exc, "name", None) or getattr(exc, "filename", None),
                                      getattr(exc, "lineno", None)) if x)
    return f"{where} {exc.message or exc}".strip() if where else str(exc.message or exc)


def serve(config_file: str = "mkdocs.yml", dev_addr: str = "127.0.0.1:8000") -> None:
    """MkDocs' own preview server with live reload; the plugin watches data/."""
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.exceptions import Abort, BuildError, ConfigurationError

    if not Path(config_file).is_file():
        raise Failed(EXIT_BUILD, key="no_config")
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        mkdocs_serve(config_file=config_file, dev_addr=dev_addr, livereload=True)
    except (Abort, BuildError, ConfigurationError) as exc:
        raise Failed(EXIT_BUILD, str(exc)) from None


def swap(temp: Path, final: Path) -> None:
    """Put the new site in place of the old in two renames.

    The old site is deleted by a detached process: on a large site that takes
    seconds (file systems mounted with `discard` trim every freed block), and
    the officer's new site is already in place.
    """
    old = final.with_name(f".{final.name}.old-{os.getpid()}")
    if final.exists():
        final.rename(old)
    temp.rename(final)
    if old.exists():
        try:
            subprocess.Popen([sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], True)",
                              str(old)], start_new_session=True, stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except OSError:
            shutil.rmtree(old, ignore_errors=True)
