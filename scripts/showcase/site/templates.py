"""The Jinja environment our page templates render in: views only.

Templates receive view models (site/pages.py): dicts, lists, text, numbers and
dates. The environment is a sandbox that also refuses, at render time, any
object of the records or the model (a `Volunteer` with its `private` contacts,
a `VolunteerFacts` with its record) wherever it would come from, and any
attribute starting with `_`: an organisation's override of one of our
templates (showcase/*.html), or a view that by mistake carries a record, fails
the build with a message instead of publishing what it reaches.

The theme's own templates (main.html, partials) render in MkDocs' environment,
not here: an override of those in theme_overrides/ is code, and can reach
anything MkDocs' configuration reaches.
"""

from __future__ import annotations

import functools

import jinja2
from markupsafe import Markup
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

_PACKAGE = __name__.split(".")[0]
_REFUSED = (f"{_PACKAGE}.records", f"{_PACKAGE}.model")  # whose objects templates never see


_KINDS: dict = {}  # type -> whether its objects are records (asked for every value printed)


def is_record(obj) -> bool:
    """An object of the records or the model stage (a record, facts, totals)."""
    kind = type(obj)
    found = _KINDS.get(kind)
    if found is None:
        module = kind.__module__ or ""
        found = _KINDS[kind] = any(module == p or module.startswith(p + ".") for p in _REFUSED)
    return found


_PLAIN = frozenset({str, Markup, int, float, bool, type(None)})  # most values printed: nothing to look into
_DICT_NAMES = frozenset(dir(dict))  # x.items is the method; any other x.name of a dict is its item


def refuse_records(value, depth: int = 0):
    """The value, unless it is a record or holds one (a few levels into lists, tuples, sets, dicts)."""
    if type(value) in _PLAIN:
        return value
    if is_record(value):
        raise SecurityError(f"a {type(value).__name__}: templates are given views, not records")
    if depth < 3 and isinstance(value, (list, tuple, set, frozenset, dict)):
        for item in (value.values() if isinstance(value, dict) else value):
            refuse_records(item, depth + 1)
    return value


def _guarded(fn):
    """A filter that refuses records as its input (join, string, pprint … would print their repr)."""
    skip = 0 if getattr(fn, "jinja_pass_arg", None) is None else 1  # context/environment come first

    @functools.wraps(fn)  # keeps jinja_pass_arg
    def guarded(*args, **kwargs):
        if len(args) > skip:
            refuse_records(args[skip])
        return fn(*args, **kwargs)

    return guarded


class ViewTemplate(jinja2.Template):
    def render(self, *args, **kwargs) -> str:
        context = dict(*args, **kwargs)
        for name, value in context.items():
            if is_record(value):  # not even printed: a record's repr names what it holds
                raise SecurityError(f"{name} is a {type(value).__name__}: templates are given views, not records")
        return super().render(context)


class ViewEnvironment(SandboxedEnvironment):
    """Autoescaped (record text is untrusted), strict about undefined names, records refused
    wherever they would come from: the context, an attribute or an item of a view."""

    template_class = ViewTemplate

    def __init__(self, dirs):
        super().__init__(loader=jinja2.FileSystemLoader(dirs), autoescape=True, trim_blocks=True,
                         lstrip_blocks=True, undefined=jinja2.StrictUndefined, finalize=refuse_records)
        self.filters = {name: _guarded(fn) for name, fn in self.filters.items()}

    def getitem(self, obj, argument):
        if is_record(obj):
            return self.unsafe_undefined(obj, str(argument))
        value = super().getitem(obj, argument)
        return self.unsafe_undefined(obj, str(argument)) if is_record(value) else value

    def getattr(self, obj, attribute):
        if type(obj) is dict and attribute not in _DICT_NAMES:  # a view's field: what Jinja would do, faster
            if attribute in obj:
                value = obj[attribute]
                return self.unsafe_undefined(obj, attribute) if is_record(value) else value
            return self.undefined(obj=obj, name=attribute)
        if is_record(obj):
            return self.unsafe_undefined(obj, attribute)
        value = super().getattr(obj, attribute)  # a view's item (x.face) comes this way, unchecked
        return self.unsafe_undefined(obj, attribute) if is_record(value) else value


def compiled_cache(folder, env: jinja2.Environment) -> jinja2.FileSystemBytecodeCache:
    """Templates compiled once and kept in the build cache for this environment.

    Jinja reuses a compiled template only while its source is the same (it keeps the source's
    checksum beside it), but not what the environment adds to the code: its options, the Jinja and
    Python versions. So each set of those has a folder of its own."""
    import hashlib
    import sys
    from pathlib import Path

    def named(value):
        return f"{value.__module__}.{value.__qualname__}" if callable(value) else repr(value)

    options = [type(env).__module__, type(env).__qualname__, jinja2.__version__, sys.version,
               env.block_start_string, env.block_end_string, env.variable_start_string,
               env.variable_end_string, env.comment_start_string, env.comment_end_string,
               env.line_statement_prefix, env.line_comment_prefix, env.trim_blocks, env.lstrip_blocks,
               env.newline_sequence, env.keep_trailing_newline, env.optimized, named(env.autoescape),
               named(env.finalize) if env.finalize else None, named(env.code_generator_class),
               named(env.context_class), sorted(env.extensions),
               sorted(getattr(env, "intercepted_binops", ())), sorted(getattr(env, "intercepted_unops", ()))]
    key = hashlib.sha256(repr(options).encode()).hexdigest()[:20]
    folder = Path(folder) / key
    folder.mkdir(parents=True, exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(folder))
