"""The Jinja environment our page templates render in: views only.

Templates receive view models (site/pages.py): dicts, lists, text, numbers and
dates. The environment is a sandbox that also refuses, at render time, any
object of the records or the model (a `Volunteer` with its `private` contacts,
a `VolunteerFacts` with its record) and any attribute starting with `_`: a
template an organisation overrides, or a view that by mistake carries a record,
fails the build with a message instead of publishing what it reaches.
"""

from __future__ import annotations

import jinja2
from jinja2.sandbox import SandboxedEnvironment

_REFUSED = ("showcase.records", "showcase.model")  # packages whose objects templates never see


def is_record(obj) -> bool:
    """An object of the records or the model stage (a record, facts, totals)."""
    module = type(obj).__module__ or ""
    return any(module == p or module.startswith(p + ".") for p in _REFUSED)


class ViewEnvironment(SandboxedEnvironment):
    """Autoescaped (record text is untrusted), strict about undefined names, records refused."""

    def __init__(self, dirs):
        super().__init__(loader=jinja2.FileSystemLoader(dirs), autoescape=True, trim_blocks=True,
                         lstrip_blocks=True, undefined=jinja2.StrictUndefined)

    def is_safe_attribute(self, obj, attr, value) -> bool:
        return not is_record(obj) and super().is_safe_attribute(obj, attr, value)

    def getitem(self, obj, argument):
        if is_record(obj):
            return self.unsafe_undefined(obj, str(argument))
        return super().getitem(obj, argument)
