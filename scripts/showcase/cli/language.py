"""The command line in the officer's language, Chinese unless --lang en or SHOWCASE_LANG=en.

click says its own words (Usage:, Options, "No such option" …) through the `gettext` and
`ngettext` its modules import, and reads every `help=` when our modules are imported, before the
language is known. So the root command reads the language from the command line itself, lends
click the catalogue's translation for the run (msgctxt "click"), and turns every `help=` of ours,
which names a catalogue key (help.build, option.root …), into the text in that language.
"""

from __future__ import annotations

import importlib
import os
import sys
from contextlib import contextmanager
from functools import lru_cache

import click

from ..text.catalogue import Translations, tr

# click's modules that say something through gettext (tests/test_text.py checks this against click).
CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "shell_completion", "termui",
                 "types", "utils", "_termui_impl")


def argv_lang(args: list[str]) -> str:
    """The language of `args` (--lang), else of SHOWCASE_LANG, else Chinese: known before click parses."""
    for i, arg in enumerate(args):
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
        if arg == "--lang" and i + 1 < len(args):
            return args[i + 1]
    return os.environ.get("SHOWCASE_LANG", "zh")


class Showcase(click.Group):
    """The root command: speaks the officer's language from the first word click says."""

    def main(self, args=None, *rest, **kwargs):
        lang = argv_lang(sys.argv[1:] if args is None else list(args))
        kwargs.setdefault("obj", {"lang": lang})  # for eager options (--version), before the group's own
        with click_speaks(lang):
            localise(self, lang)
            return super().main(args, *rest, **kwargs)


@contextmanager
def click_speaks(lang: str):
    """click's own words in `lang` while the block runs, its modules as they were afterwards."""
    words = Translations("click", lang)
    modules = [importlib.import_module(f"click.{name}") for name in CLICK_MODULES]
    saved = [(m, name, getattr(m, name)) for m in modules for name in ("_", "ngettext") if hasattr(m, name)]
    for module, name, _ in saved:
        setattr(module, name, words.gettext if name == "_" else words.ngettext)
    try:
        yield
    finally:
        for module, name, original in saved:
            setattr(module, name, original)


def localise(command: click.Command, lang: str) -> None:
    """The help of `command`, its options and its subcommands in `lang`; headings as `lang` ends them."""
    command.help = tr(_key(command), lang)
    command.context_class = _context(lang)
    for param in command.params:
        if isinstance(param, click.Option) and _key(param):
            param.help = tr(_key(param), lang)
    if getattr(command, "_help_option", None) is not None:
        command._help_option = None  # click >= 8.1.8 keeps the -h/--help it made, in that run's language
    for sub in getattr(command, "commands", {}).values():
        localise(sub, lang)


def _key(thing: click.Command | click.Parameter) -> str | None:
    """The catalogue key its `help=` named (kept aside, since `help` becomes the text)."""
    return vars(thing).setdefault("help_key", thing.help)


@lru_cache(maxsize=None)
def _context(lang: str) -> type[click.Context]:
    """click's context, its help's headings ending in `lang`'s colon: 选项： / Options:."""

    class Formatter(click.HelpFormatter):
        def write_heading(self, heading: str) -> None:
            self.write(f"{'':>{self.current_indent}}{tr('cli.heading', lang, heading=heading)}\n")

    return type("Context", (click.Context,), {"formatter_class": Formatter})
