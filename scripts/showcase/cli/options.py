"""What several commands share: their common options and a progress bar."""

from __future__ import annotations

import sys

import click

from ..text.catalogue import tr


def records_folder(command):
    """--root and --data: the project folder and its records folder (validate, stats, import, new)."""
    command = click.option("--data", "data_dir", default="data", help="option.data")(command)
    return click.option("--root", default=".", type=click.Path(file_okay=False), help="option.root")(command)


def config_file(command):
    """-f/--config-file: the site's configuration (build, serve)."""
    return click.option("-f", "--config-file", default="mkdocs.yml", show_default=True,
                        help="option.config_file")(command)


class Progress:
    """Progress bars on a terminal, silent in a CI log: one per stage of a build (photos, pages,
    images), or one for an import; a running count when the total is not known.

    Called as `progress(done, total, stage)` with the count done so far in that stage."""

    def __init__(self, lang: str, label: str = "cli.stage_{stage}"):
        self.lang, self.label = lang, label
        self.bar, self.stage, self.done = None, None, 0

    def __call__(self, done: int, total: int | None, stage: str = "") -> None:
        if not sys.stderr.isatty():
            return
        if stage != self.stage or done < self.done:  # a new stage, or the next language's build
            self.close()
            self.stage = stage
        label = tr(self.label.format(stage=stage), self.lang)
        if not total:
            click.echo(f"\r{label} {done:,}", nl=False, err=True)
        else:
            if self.bar is None:
                self.bar = click.progressbar(length=total, label=label, file=sys.stderr)
                self.bar.__enter__()
            self.bar.update(done - self.done)
        self.done = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.update(self.bar.length - self.done)  # whatever came after the last report
            self.bar.__exit__(None, None, None)
        elif self.done and sys.stderr.isatty():
            click.echo(err=True)  # end the running count's line
        self.bar, self.stage, self.done = None, None, 0
