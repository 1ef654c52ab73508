"""The `showcase` command: validate, build, serve and count, for a publicity officer.

Messages and help are Chinese by default (`--lang en` for English; language.py says how click
is taught them), their wording in the catalogue (text/locale/). A build validates
first and writes nothing when the records have errors; the site is built into
a temporary folder and swapped in only when the build succeeded, so a failed
build never leaves a half-written site.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

import click

from .. import __version__
from ..engine import build as engine
from ..engine.build import EXIT_BUILD, EXIT_DATA
from ..text import fmt, ui
from ..model import pipeline
from ..records.load import Paths
from ..text.catalogue import tr
from ..text.messages import Problem
from . import language, options

EXIT_INTERNAL = 70  # a bug in this program (EX_SOFTWARE)

class _Collect(logging.Handler):
    """Shows MkDocs' warnings and errors as they come (the build counts them)."""

    def __init__(self, lang: str):
        super().__init__(logging.WARNING)
        self.lang = lang

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING:
            message = record.getMessage()
            tag = f"[{tr('warning', self.lang)}]"
            if record.levelno == logging.WARNING and tag not in message:
                message = f"{tag} {message}"
            click.echo(message, err=True)


def _print_problems(problems: list[Problem], lang: str) -> None:
    for p in problems:
        click.echo(p.format(lang), err=p.is_error or None)


def _summary(problems: list[Problem], records, lang: str) -> str:
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if errors:
        return tr("summary.errors", lang, errors=errors, warnings=warnings)
    return tr("summary.ok", lang, volunteers=len(records.volunteers), teams=len(records.teams),
              projects=len(records.projects), rows=records.ledger.rows, warnings=warnings)


def _show_version(ctx: click.Context, _param, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(tr("cli.version", ctx.obj["lang"], version=__version__))
        ctx.exit()


# Every help= names its text in the catalogue: language.Showcase puts it in the officer's language.
@click.group(cls=language.Showcase, help="help.showcase", context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None, help="option.lang")
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_show_version,
              help="option.version")
@click.pass_context
def main(ctx: click.Context, lang: str | None) -> None:
    """Volunteer Showcase: records of volunteers → a publicity website."""
    ctx.obj = {"lang": lang or os.environ.get("SHOWCASE_LANG", "zh")}


@main.command(help="help.validate")
@options.records_folder
@options.config_file
@click.pass_obj
def validate(obj, root: str, data_dir: str, config_file: str) -> None:
    """Check the site's configuration and the records without building the site."""
    lang = obj["lang"]
    config = Path(root) / config_file
    settings = []  # mkdocs.yml as build reads it (its errors stop a build as the records' do)
    if config.is_file():
        try:
            settings = engine.load(str(config) if root != "." else config_file)[0].showcase_warnings
        except engine.Failed as exc:
            settings = exc.problems or [Problem(config_file, None, None, f"cli.{exc.key}", {"path": config_file})]
    paths = Paths.at(root, data_dir)
    records, problems = pipeline.check(paths, pipeline.today(), paths.root / ".cache" / "showcase")
    problems = settings + problems
    _print_problems(problems, lang)
    click.echo(_summary(problems, records, lang), err=any(p.is_error for p in problems) or None)
    sys.exit(EXIT_DATA if any(p.is_error for p in problems) else 0)


@main.command(help="help.build")
@options.config_file
@click.option("-d", "--site-dir", default=None, help="option.site_dir")
@click.option("--site-url", default=None, help="option.site_url")
@click.option("--strict", is_flag=True, help="option.strict")
@click.option("--keep-going", is_flag=True, help="option.keep_going")
@click.pass_obj
def build(obj, config_file: str, site_dir: str | None, site_url: str | None, strict: bool,
          keep_going: bool) -> None:
    """Validate the records and build the site into site/."""
    lang = obj["lang"]
    started = time.monotonic()
    handler = _Collect(lang)
    bar = options.Progress(lang)
    final = Path(site_dir or "site")  # until mkdocs.yml is read: a broken one still gets the message
    try:
        job = engine.SiteBuild(config_file, site_dir=site_dir, site_url=site_url, keep_going=keep_going,
                               lang=lang)
        final = Path(job.cfg.site_dir)
        try:
            problems = job.check()
        except engine.Failed as exc:
            _print_problems(exc.problems, lang)
            click.echo(_summary(exc.problems, None, lang), err=True)
            raise
        _print_problems(problems, lang)
        logging.getLogger("mkdocs").addHandler(handler)
        click.echo(tr("cli.building", lang), err=True)
        try:
            result = job.run(strict=strict, progress=bar)
        finally:
            bar.close()
            logging.getLogger("mkdocs").removeHandler(handler)
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM: the temporary folder is gone, the old site kept
        bar.close()
        click.echo(tr("cli.interrupted", lang, site=final), err=True)
        sys.exit(130)
    except engine.Failed as exc:
        if exc.code == EXIT_BUILD and exc.problems:  # mkdocs.yml or the site folder: what to change
            _print_problems(exc.problems, lang)
        if exc.key:
            click.echo(tr(f"cli.{exc.key}", lang, path=config_file), err=True)
        elif exc.message:
            click.echo(exc.message, err=True)
        if exc.code != EXIT_DATA or not exc.problems:
            if exc.key not in ("no_config", "no_plugin"):
                click.echo(tr("cli.failed", lang, site=final), err=True)
        sys.exit(exc.code)
    click.echo(tr("cli.built", lang, pages=result.pages, warnings=result.warnings, images=result.images,
                  drawn=result.drawn, seconds=time.monotonic() - started))
    if not result.address:  # said once: what QR codes, preview images and the feed need
        click.echo(tr("cli.no_address", lang))
    click.echo(tr("cli.open", lang, index=result.site / "index.html"))


@main.command(help="help.pack")
@click.option("-d", "--site-dir", default="site", show_default=True, type=click.Path(file_okay=False))
@click.option("-o", "--output", default=None, help="option.output")
@click.pass_obj
def pack(obj, site_dir: str, output: str | None) -> None:
    """Zip the built site for an intranet server or a USB stick (it opens from file://)."""
    from ..officer import pack as packing

    lang = obj["lang"]
    site = Path(site_dir)
    if not (site / "index.html").is_file():
        click.echo(tr("cli.no_site", lang, site=site), err=True)
        sys.exit(EXIT_BUILD)
    changed = packing.stale(Path("."), site)
    if changed:  # the officer would hand out a site older than the records
        click.echo(tr("cli.pack_stale", lang, files="、".join(changed)), err=True)
    target = Path(output or f"{site.name}-{pipeline.today().strftime('%Y%m%d')}.zip")
    count = packing.pack(site, target)
    click.echo(tr("cli.packed", lang, zip=target, files=count, mb=round(target.stat().st_size / 2**20, 1)))


@main.command(help="help.serve")
@options.config_file
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True)
@click.pass_obj
def serve(obj, config_file: str, dev_addr: str) -> None:
    """Preview the site with live reload (records and pages are watched)."""
    lang = obj["lang"]
    try:
        engine.serve(config_file, dev_addr, lang)
    except engine.Failed as exc:
        _print_problems(exc.problems, lang)  # mkdocs.yml's mistakes, each with its file and line
        if exc.key:
            click.echo(tr(f"cli.{exc.key}", lang, path=config_file), err=True)
        elif exc.message:
            click.echo(exc.message, err=True)
        if exc.key not in ("no_config", "no_plugin"):
            click.echo(tr("cli.serve_failed", lang), err=True)
        sys.exit(exc.code)
    except KeyboardInterrupt:  # Ctrl-C before the server started
        sys.exit(130)


@main.command(help="help.stats")
@options.records_folder
@click.pass_obj
def stats(obj, root: str, data_dir: str) -> None:
    """Print the headline figures."""
    from ..text.messages import DataError

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
    width = max(fmt.display_width(label) for label, _ in rows)
    click.echo(m.site.name)
    for label, value in rows:
        click.echo(f"  {label}{' ' * (width - fmt.display_width(label))}  {value}")
    stars = "  ".join(f"{i}★ {n}" for i, n in enumerate(t.stars))
    click.echo(f"  {tr('star_distribution')}: {stars}")


from .imports import import_group, init, new  # noqa: E402  (the officer's import and scaffolding commands)

main.add_command(import_group)
main.add_command(new)
main.add_command(init)


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
        click.echo(tr("cli.internal", language.argv_lang(sys.argv[1:]), log=log or "-"), err=True)
        sys.exit(EXIT_INTERNAL)


if __name__ == "__main__":  # pragma: no cover
    run()
