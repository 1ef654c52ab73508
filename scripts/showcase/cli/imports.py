"""The officer's commands for getting records in: `showcase import ledger|roster` and `showcase new`.

Exit codes: 0 done (warnings allowed), 1 the data has errors (nothing was
written), 2 the command line is wrong (no such file, sheet, kind or id).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..model import pipeline
from ..records.load import Paths
from ..text.catalogue import tr
from ..text.messages import Problem
from ..engine.build import EXIT_DATA
from . import options

EXIT_USAGE = 2



def _echo_problems(problems: list[Problem], lang: str) -> None:
    for p in problems:
        click.echo(p.format(lang), err=True)


def _usage(code: str, lang: str, **params) -> None:
    click.echo(tr(code, lang, **params), err=True)
    sys.exit(EXIT_USAGE)


def _directory(paths: Paths, lang: str):
    """Who is who in the records; stops with exit 1 when those files cannot be read."""
    from ..officer import directory

    d, problems = directory.read(paths)
    if problems:
        _echo_problems(problems, lang)
        click.echo(tr("import.records_broken", lang, errors=len(problems)), err=True)
        sys.exit(EXIT_DATA)
    return d


def _finish(result, lang: str, dry_run: bool, summary: str, listing=(), **params) -> None:
    """Notes, messages, what was written and the summary; exit 1 when anything was an error."""
    for code, note in result.notes:
        click.echo(tr(code, lang, **note), err=True)
    _echo_problems(result.problems, lang)
    errors = sum(p.is_error for p in result.problems)
    if errors:
        click.echo(tr("import.failed", lang, errors=errors, warnings=len(result.problems) - errors),
                   err=True)
        sys.exit(EXIT_DATA)
    for line in listing:
        click.echo(line)
    click.echo(tr(summary, lang, seconds=result.seconds, **params))
    if dry_run:
        click.echo(tr("import.dry_run", lang))


@click.group("import", help="help.import")
def import_group() -> None:
    """Import a spreadsheet: the service ledger (台账) or the roster (花名册)."""


@import_group.command("ledger", help="help.import.ledger")
@click.argument("file")
@click.option("--sheet", default=None, help="option.sheet")
@click.option("--dry-run", is_flag=True, help="option.dry_run")
@options.records_folder
@click.pass_obj
def ledger(obj, file: str, sheet: str | None, dry_run: bool, root: str, data_dir: str) -> None:
    """Import a service ledger (.xlsx or .csv) into data/records/<year>.csv."""
    from ..officer.importer import LedgerImport
    from ..officer.sheet import SheetError

    lang = obj["lang"]
    paths = Paths.at(root, data_dir)
    d = _directory(paths, lang)
    progress = options.Progress(lang, "import.progress")
    try:
        result = LedgerImport(paths, d, pipeline.today()).run(Path(file), file, sheet, dry_run, progress)
    except SheetError as err:
        _usage(err.code, lang, **err.params)
    finally:
        progress.close()
    files = (tr("ui.colon", lang) + ", ".join(result.files)) if result.files else ""
    _finish(result, lang, dry_run, "import.summary", rows=result.rows, written=result.written,
            duplicates=result.duplicates, count=len(result.files), files=files)


@import_group.command("roster", help="help.import.roster")
@click.argument("file")
@click.option("--sheet", default=None, help="option.sheet")
@click.option("--update", is_flag=True, help="option.update")
@click.option("--dry-run", is_flag=True, help="option.dry_run")
@options.records_folder
@click.pass_obj
def roster(obj, file: str, sheet: str | None, update: bool, dry_run: bool, root: str, data_dir: str) -> None:
    """Import a roster (花名册, .xlsx or .csv) into data/volunteers/<id>.yml."""
    from ..officer.roster import RosterImport
    from ..officer.sheet import SheetError

    lang = obj["lang"]
    paths = Paths.at(root, data_dir)
    d = _directory(paths, lang)
    try:
        result = RosterImport(paths, d).run(Path(file), file, sheet, update, dry_run)
    except SheetError as err:
        _usage(err.code, lang, **err.params)
    listed = [tr("roster.created", lang, file=f, name=n) for f, n in result.created]
    listed += [tr("roster.updated", lang, file=f, fields=n) for f, n in result.updated]
    if len(listed) > LISTED:
        listed[LISTED:] = [tr("roster.more", lang, count=len(listed) - LISTED)]
    if result.created:
        listed.append(tr("roster.consent", lang))
    _finish(result, lang, dry_run, "roster.summary", listed, rows=result.rows, created=len(result.created),
            updated=len(result.updated), unchanged=result.unchanged)


LISTED = 50  # files named one by one after a roster import


@click.command("new", help="help.new")
@click.argument("kind")
@click.argument("record_id", metavar="ID")
@click.option("--name", default=None, help="option.name")
@options.records_folder
@click.pass_obj
def new(obj, kind: str, record_id: str, name: str | None, root: str, data_dir: str) -> None:
    """Create a record file to fill in: showcase new volunteer|team|project|honor ID."""
    from ..officer.scaffold import ScaffoldError, check_id, create

    lang = obj["lang"]
    try:
        check_id(kind, record_id)
    except ScaffoldError as err:
        _usage(err.code, lang, **err.params)
    paths = Paths.at(root, data_dir)
    d = _directory(paths, lang)
    try:
        path = create(kind, record_id, d, pipeline.today(), name)
    except ScaffoldError as err:
        click.echo(tr(err.code, lang, **err.params), err=True)
        sys.exit(EXIT_DATA)
    click.echo(tr("new.created", lang, file=paths.rel(path)))


@click.command("init", help="help.init")
@click.argument("folder", type=click.Path(file_okay=False))
@click.option("--name", default=None, help="option.init_name")
@click.option("--short-name", default=None, help="option.init_short_name")
@click.option("--url", default=None, help="option.init_url")
@click.option("--sample", is_flag=True, help="option.init_sample")
@click.option("--force", is_flag=True, help="option.init_force")
@click.pass_obj
def init(obj, folder: str, name: str | None, short_name: str | None, url: str | None, sample: bool,
         force: bool) -> None:
    """A project for a new organisation (or, with --sample, the sample one) in FOLDER."""
    from ..officer import init as project

    lang = obj["lang"]
    try:
        if sample:
            files = project.sample_project()
        else:
            if name is None and sys.stdin.isatty():
                name = click.prompt(tr("init.ask_name", lang))
                short_name = short_name or click.prompt(tr("init.ask_short_name", lang), default=name)
                url = url if url is not None else click.prompt(tr("init.ask_url", lang), default="",
                                                               show_default=False)
            files = project.new_project(project.Essentials(name or "", short_name or "", url or ""),
                                        pipeline.today())
        outcome = project.create(Path(folder), files, force)
    except project.InitError as err:
        _usage(err.code, lang, **err.params)
    click.echo(tr("init.done", lang, folder=folder, count=len(outcome.written)))
    if outcome.kept:
        shown = "、".join(outcome.kept[:LISTED]) + ("……" if len(outcome.kept) > LISTED else "")
        click.echo(tr("init.kept", lang, count=len(outcome.kept), files=shown))
    click.echo(tr("init.next", lang, folder=folder))
