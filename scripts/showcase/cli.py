"""The `showcase` command: validate, build, serve and count, for a publicity officer.

Messages are Chinese by default (`--lang en` for English). A build validates
first and writes nothing when the records have errors; the site is built into
a temporary folder and swapped in only when the build succeeded, so a failed
build never leaves a half-written site.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import click

from . import __version__, fmt, pipeline, ui
from .load import Paths
from .messages import Problem

EXIT_DATA = 1      # the records have errors
EXIT_BUILD = 3     # MkDocs or the site's configuration failed
EXIT_STRICT = 4    # warnings with --strict
EXIT_INTERNAL = 70  # a bug in this program (EX_SOFTWARE)

SAY = {
    "building": ("正在生成网站……", "Building the site…"),
    "stage_pages": ("生成页面", "Pages"),
    "stage_photos": ("处理照片", "Photos"),
    "stage_images": ("绘制海报和分享图", "Posters and cards"),
    "built": ("网站已生成：{pages} 个页面，{images} 张图片（本次新绘制 {drawn} 张），{warnings} 条提醒，用时 {seconds:.1f} 秒。",
              "Site built: {pages} pages, {images} images ({drawn} newly drawn), {warnings} warnings, {seconds:.1f} s."),
    "open": ("用浏览器打开 {index} 即可浏览；预览并自动刷新：make serve",
             "Open {index} in a browser; to preview with live reload: make serve"),
    "failed": ("网站生成失败，原有的 {site} 没有改动。", "The build failed; {site} was left as it was."),
    "no_config": ("找不到网站配置文件 {path}。请在项目根目录（有 mkdocs.yml 的地方）运行。",
                  "No site configuration at {path}. Run this in the project folder (where mkdocs.yml is)."),
    "strict": ("有提醒，且使用了 --strict：视为失败。", "Warnings with --strict: treated as a failure."),
    "mkdocs_warning": ("提醒", "warning"),
    "no_site": ("{site} 里还没有网站。请先运行 make site", "There is no site in {site} yet. Run make site first."),
    "packed": ("已打包：{zip}（{files} 个文件，{mb} MB）。解压后用浏览器打开其中的 index.html 即可浏览",
               "Packed {zip} ({files} files, {mb} MB). Unzip it and open index.html in a browser."),
    "internal": ("程序内部出错了（不是您的数据问题）。网站没有被改动。请把 {log} 发给网站维护人员。",
                 "An internal error occurred (not a problem in your records); the site was not changed. "
                 "Please send {log} to the site maintainer."),
}


def say(key: str, lang: str, **params) -> str:
    zh, en = SAY[key]
    return (en if lang == "en" else zh).format(**params)


class _Collect(logging.Handler):
    """Shows MkDocs' warnings and errors as they come, and counts them."""

    def __init__(self, lang: str):
        super().__init__(logging.WARNING)
        self.lang = lang
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING:
            self.count += record.levelno == logging.WARNING
            message = record.getMessage()
            tag = f"[{say('mkdocs_warning', self.lang)}]"
            if record.levelno == logging.WARNING and tag not in message:
                message = f"{tag} {message}"
            click.echo(message, err=True)


def _print_problems(problems: list[Problem], lang: str) -> None:
    for p in problems:
        click.echo(p.format(lang), err=p.is_error or None)


def _summary(problems: list[Problem], records, lang: str) -> str:
    from .messages import text

    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if errors:
        return text("summary.errors", lang, errors=errors, warnings=warnings)
    return text("summary.ok", lang, volunteers=len(records.volunteers), teams=len(records.teams),
                projects=len(records.projects), rows=records.ledger.rows, warnings=warnings)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None,
              help="Language of messages (default: Chinese, or SHOWCASE_LANG).")
@click.version_option(__version__, prog_name="showcase")
@click.pass_context
def main(ctx: click.Context, lang: str | None) -> None:
    """Volunteer Showcase: records of volunteers → a publicity website."""
    ctx.obj = {"lang": lang or os.environ.get("SHOWCASE_LANG", "zh")}


def _load_config(config_file: str, lang: str, **overrides):
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    if not Path(config_file).is_file():
        click.echo(say("no_config", lang, path=config_file), err=True)
        sys.exit(EXIT_BUILD)
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        return load_config(config_file, **overrides)
    except ConfigurationError as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_BUILD)


def _plugin(cfg):
    plugin = cfg.plugins.get("showcase")
    if plugin is None:
        click.echo("mkdocs.yml: plugins: 缺少 showcase / the showcase plugin is not enabled", err=True)
        sys.exit(EXIT_BUILD)
    return plugin


@main.command()
@click.option("--root", default=".", type=click.Path(file_okay=False), help="Project folder.")
@click.option("--data", "data_dir", default="data", help="Records folder inside the project.")
@click.pass_obj
def validate(obj, root: str, data_dir: str) -> None:
    """Check the records without building the site."""
    lang = obj["lang"]
    paths = Paths.at(root, data_dir)
    records, problems = pipeline.check(paths, pipeline.today(), paths.root / ".cache" / "showcase")
    _print_problems(problems, lang)
    click.echo(_summary(problems, records, lang), err=any(p.is_error for p in problems) or None)
    sys.exit(EXIT_DATA if any(p.is_error for p in problems) else 0)


@main.command()
@click.option("-f", "--config-file", default="mkdocs.yml", show_default=True)
@click.option("-d", "--site-dir", default=None, help="Output folder (default: mkdocs.yml's site_dir).")
@click.option("--site-url", default=None,
              help="The address the site is published at, e.g. https://<user>.github.io/<repo>/.")
@click.option("--strict", is_flag=True, help="Treat warnings as failures.")
@click.option("--keep-going", is_flag=True, help="Show the avatar for photos that cannot be used, and warn.")
@click.pass_obj
def build(obj, config_file: str, site_dir: str | None, site_url: str | None, strict: bool,
          keep_going: bool) -> None:
    """Validate the records and build the site into site/."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import Abort, BuildError, ConfigurationError

    lang = obj["lang"]
    started = time.monotonic()
    overrides = {"site_dir": site_dir} if site_dir else {}
    if site_url:
        overrides["site_url"] = site_url if site_url.endswith("/") else site_url + "/"
    cfg = _load_config(config_file, lang, **overrides)
    plugin = _plugin(cfg)
    plugin.config.keep_going = plugin.config.keep_going or keep_going
    plugin.messages_lang = lang
    root = Path(cfg.config_file_path).resolve().parent
    paths = Paths.at(root, plugin.config.data_dir, os.path.relpath(cfg.docs_dir, root))
    today = pipeline.today(plugin.config.today)
    records, problems = pipeline.check(paths, today, root / plugin.config.cache_dir)
    _print_problems(problems, lang)
    if any(p.is_error for p in problems):
        click.echo(_summary(problems, records, lang), err=True)
        sys.exit(EXIT_DATA)
    plugin.preloaded = (pipeline.model_of(records, today, plugin.config.lang), problems)
    main_lang = plugin.config.lang or records.site.locale
    others = [x for x in records.site.languages if x != main_lang]

    final = Path(cfg.site_dir)
    temp = final.with_name(f".{final.name}.building-{os.getpid()}")
    for leftover in final.parent.glob(f".{final.name}.building-*"):
        shutil.rmtree(leftover, ignore_errors=True)  # an interrupted build's half-written site
    builds = [(cfg, plugin, temp)]
    if others:
        # a second language lives in site/<lang>/, with its own pages from content/<lang>/ if there
        # and the main language's stories where content/<lang>/stories/ has no translation
        docs = {main_lang: _sources(Path(cfg.docs_dir), others)}
        own_docs = {}
        for other in others:
            own = Path(cfg.docs_dir) / other
            if own.is_dir():
                own_docs[other] = _with_stories(own, Path(cfg.docs_dir) / "stories",
                                                root / plugin.config.cache_dir / f"content-{other}")
                docs[other] = _sources(own, others) | {
                    f"stories/{p.name}" for p in (own_docs[other] / "stories").glob("*.md")}
            else:
                docs[other] = docs[main_lang]
        _alternates(cfg, main_lang, docs, main_lang)
        for other in others:
            extra = {"site_dir": str(temp / other)}
            if other in own_docs:
                extra["docs_dir"] = str(own_docs[other])
            if cfg.site_url:
                extra["site_url"] = cfg.site_url.rstrip("/") + f"/{other}/"
            cfg2 = _load_config(config_file, lang, **overrides, **extra)
            cfg2.nav = None  # mkdocs.yml's nav names the main language's pages: the plugin makes one
            _search_languages(cfg2, other, main_lang)
            plugin2 = _plugin(cfg2)
            plugin2.config.lang = other
            plugin2.config.keep_going = plugin.config.keep_going
            plugin2.messages_lang, plugin2.photo_warnings = lang, False  # the same photos, told once
            paths2 = Paths.at(root, plugin2.config.data_dir, os.path.relpath(cfg2.docs_dir, root))
            records2, problems2 = pipeline.check(paths2, today, root / plugin2.config.cache_dir)
            if any(p.is_error for p in problems2):  # e.g. a story of content/<lang>/ is wrong
                _print_problems([p for p in problems2 if p not in problems], lang)
                click.echo(_summary(problems2, records2, lang), err=True)
                sys.exit(EXIT_DATA)
            plugin2.preloaded = (pipeline.model_of(records2, today, other), [])
            _alternates(cfg2, main_lang, docs, other)
            builds.append((cfg2, plugin2, temp / other))
    handler = _Collect(lang)
    logging.getLogger("mkdocs").addHandler(handler)
    click.echo(say("building", lang), err=True)
    try:
        for one_cfg, one_plugin, one_dir in builds:
            bar = _Progress(lang)
            one_plugin.progress = bar.update
            one_cfg.site_dir = str(one_dir)
            try:
                mkdocs_build(one_cfg)
            finally:
                bar.close()
    except (Abort, BuildError, ConfigurationError, OSError) as exc:
        shutil.rmtree(temp, ignore_errors=True)
        if not str(exc).startswith("Aborted with"):  # MkDocs has already logged the reason
            click.echo(str(exc), err=True)
        click.echo(say("failed", lang, site=final), err=True)
        sys.exit(EXIT_DATA if any(b[1].data_failure for b in builds) else EXIT_BUILD)
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)
    warnings = handler.count + sum(not p.is_error for p in problems)
    if strict and warnings:
        shutil.rmtree(temp, ignore_errors=True)
        click.echo(say("strict", lang), err=True)
        click.echo(say("failed", lang, site=final), err=True)
        sys.exit(EXIT_STRICT)
    _swap(temp, final)
    pages = sum(1 for _ in final.rglob("*.html"))
    stats = [b[1].build_stats for b in builds]  # images published, and those not taken from the cache
    click.echo(say("built", lang, pages=pages, warnings=warnings, images=sum(x.get("files", 0) for x in stats),
                   drawn=sum(x.get("drawn", 0) for x in stats), seconds=time.monotonic() - started))
    click.echo(say("open", lang, index=final / "index.html"))


LANGUAGE_NAMES = {"zh": "中文", "en": "English"}


def _alternates(cfg, main: str, docs: dict, current: str) -> None:
    """Links to the same page in the site's other languages (the main one at the root, the
    others in folders), or to that language's home when it has no such hand-written page.

    Plain links in the footer rather than the theme's language selector, which fetches
    sitemap.xml and so fails from file://.
    """
    up = "" if current == main else "../"
    languages = []
    for lang, sources in docs.items():
        if lang != current:
            base = up if lang == main else f"{up}{lang}/"
            languages.append({"name": LANGUAGE_NAMES[lang], "base": base, "lang": lang,
                              "missing": sorted(docs[current] - sources)})
    cfg.extra["showcase_languages"] = languages


def _sources(docs_dir: Path, skip: list[str]) -> set[str]:
    """The hand-written pages of one language, as MkDocs names them."""
    return {p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md")
            if p.relative_to(docs_dir).parts[0] not in skip}


def _search_languages(cfg, lang: str, main: str) -> None:
    """Another language's site searches in that language (its stop words) and in the main one,
    whose text it shows wherever no translation exists.

    Without a `pipeline` in mkdocs.yml the search plugin takes the one of the theme's language,
    zh: a stemmer, which for English keeps "volunt" of "volunteers" in the index, while the
    theme's queries (volunteers*, always with a wildcard) skip the stemmer and find nothing.
    English gets mkdocs-material's English default instead: stop words, no stemmer.

    MkDocs keeps one search plugin for both builds, so the settings are made when this build
    starts (before the search plugin reads them), not on the shared plugin now.
    """
    search = cfg.plugins.get("material/search") or cfg.plugins.get("search")
    if search is None or not hasattr(search, "config"):
        return
    langs = [lang] + [x for x in (search.config.lang or [main]) if x != lang]
    pipeline = search.config.pipeline or (["stopWordFilter"] if lang == "en" else None)

    def configure(config):
        search.config.lang = langs
        if pipeline is not None:
            search.config.pipeline = list(pipeline)

    cfg.plugins.events["config"].insert(0, configure)


def _with_stories(own: Path, stories: Path, work: Path) -> Path:
    """The pages another language's build reads: content/<lang>/, and each story of content/stories/
    that content/<lang>/stories/ has no translation of (same file name), shown as written — text
    not translated stays Chinese, as in the records. Links in `work` (under the cache), so that
    messages still name the real files; copies where the system allows no links."""
    if not stories.is_dir():
        return own
    shutil.rmtree(work, ignore_errors=True)
    (work / "stories").mkdir(parents=True)
    for entry in own.iterdir():
        if entry.name != "stories":
            _link(entry, work / entry.name)
    for folder in (own / "stories", stories):  # the translation first: it wins
        if folder.is_dir():
            for entry in folder.iterdir():
                target = work / "stories" / entry.name
                if not (target.exists() or target.is_symlink()):
                    _link(entry, target)
    return work


def _link(src: Path, dest: Path) -> None:
    try:
        dest.symlink_to(src.resolve(), target_is_directory=src.is_dir())
    except OSError:  # e.g. Windows without the right to make links
        if src.is_dir():
            shutil.copytree(src, dest)
        else:
            shutil.copy2(src, dest)


@main.command()
@click.option("-d", "--site-dir", default="site", show_default=True, type=click.Path(file_okay=False))
@click.option("-o", "--output", default=None, help="The zip file (default: site-YYYYMMDD.zip).")
@click.pass_obj
def pack(obj, site_dir: str, output: str | None) -> None:
    """Zip the built site for an intranet server or a USB stick (it opens from file://)."""
    import zipfile

    lang = obj["lang"]
    site = Path(site_dir)
    if not (site / "index.html").is_file():
        click.echo(say("no_site", lang, site=site), err=True)
        sys.exit(EXIT_BUILD)
    target = Path(output or f"{site.name}-{pipeline.today().strftime('%Y%m%d')}.zip")
    files = sorted(p for p in site.rglob("*") if p.is_file())
    temp = target.with_name(target.name + ".tmp")
    with zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in files:
            info = zipfile.ZipInfo(f"{site.name}/{path.relative_to(site).as_posix()}", (1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, path.read_bytes())  # fixed dates: the same site gives the same zip
    temp.replace(target)
    click.echo(say("packed", lang, zip=target, files=len(files),
                   mb=round(target.stat().st_size / 2**20, 1)))


def _swap(temp: Path, final: Path) -> None:
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


class _Progress:
    """Progress bars on a terminal, one per stage (photos, pages, images); silent in a CI log."""

    def __init__(self, lang: str):
        self.lang = lang
        self.bar = None
        self.stage = None

    def update(self, done: int, total: int, stage: str = "pages") -> None:
        if not sys.stderr.isatty():
            return
        if stage != self.stage:
            self.close()
            self.stage = stage
            self.bar = click.progressbar(length=total, label=say(f"stage_{stage}", self.lang), file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None
            self.stage = None


@main.command()
@click.option("-f", "--config-file", default="mkdocs.yml", show_default=True)
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True)
@click.pass_obj
def serve(obj, config_file: str, dev_addr: str) -> None:
    """Preview the site with live reload (records and pages are watched)."""
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.exceptions import Abort, BuildError, ConfigurationError

    lang = obj["lang"]
    if not Path(config_file).is_file():
        click.echo(say("no_config", lang, path=config_file), err=True)
        sys.exit(EXIT_BUILD)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        mkdocs_serve(config_file=config_file, dev_addr=dev_addr, livereload=True)
    except (Abort, BuildError, ConfigurationError) as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_BUILD)


@main.command()
@click.option("--root", default=".", type=click.Path(file_okay=False), help="Project folder.")
@click.option("--data", "data_dir", default="data", help="Records folder inside the project.")
@click.pass_obj
def stats(obj, root: str, data_dir: str) -> None:
    """Print the headline figures."""
    from .messages import DataError

    lang = obj["lang"]
    paths = Paths.at(root, data_dir)
    try:
        m, _ = pipeline.build_model(paths, pipeline.today(), paths.root / ".cache" / "showcase")
    except DataError as err:
        _print_problems(err.problems, lang)
        sys.exit(EXIT_DATA)
    t, tr = m.totals, ui.translator(lang)
    rows = [
        (tr("total_volunteers"), fmt.number(t.volunteers, lang)),
        (tr("party_members"), fmt.number(t.party_members, lang)),
        (tr("teams"), fmt.number(t.teams, lang)),
        (tr("projects"), fmt.number(t.projects, lang)),
        (tr("total_hours"), f"{fmt.number(t.hours, lang)} {tr('hours_unit')}"),
        (tr("services"), fmt.number(t.services, lang)),
        (tr("points"), fmt.number(t.points, lang)),
        (tr("people_served"), fmt.number(t.beneficiaries, lang)),
        (tr("economic_value"), fmt.money(t.economic_value, lang)),
        (tr("pairings_count"), fmt.number(t.pairings, lang)),
        (tr("pairing_funds"), fmt.money(t.pairing_funds, lang)),
        (tr("wishes_done"), f"{t.wishes_done} / {t.wishes}"),
    ]
    width = max(_display_width(label) for label, _ in rows)
    click.echo(m.site.name)
    for label, value in rows:
        click.echo(f"  {label}{' ' * (width - _display_width(label))}  {value}")
    stars = "  ".join(f"{i}★ {n}" for i, n in enumerate(t.stars))
    click.echo(f"  {tr('star_distribution')}: {stars}")


def _display_width(text: str) -> int:
    """Columns a string takes in a terminal (Chinese characters take two)."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


from .import_cli import import_group, new  # noqa: E402  (the officer's import and scaffolding commands)

main.add_command(import_group)
main.add_command(new)


def run() -> None:
    """The console entry point: a bug shows a short note, its details go to a file."""
    try:
        main()
    except Exception:  # noqa: BLE001 - the last line of defence for an officer
        import traceback

        log = Path(".cache/showcase/last-error.txt")
        try:
            log.parent.mkdir(parents=True, exist_ok=True)
            log.write_text(traceback.format_exc(), encoding="utf-8")
        except OSError:
            log = None
        click.echo(say("internal", _argv_lang(), log=log or "-"), err=True)
        sys.exit(EXIT_INTERNAL)


def _argv_lang() -> str:
    args = sys.argv[1:]
    for i, arg in enumerate(args):
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
        if arg == "--lang" and i + 1 < len(args):
            return args[i + 1]
    return os.environ.get("SHOWCASE_LANG", "zh")


if __name__ == "__main__":  # pragma: no cover
    run()
