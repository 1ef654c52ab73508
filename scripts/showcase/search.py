"""Search entries written from the model instead of re-parsing every page.

mkdocs-material would index each generated page's full HTML (about 2.6 KB a
page); a phone cannot load that for thousands of volunteers. People, teams,
projects and organisations are indexed by name and a few words that describe
them; Chinese is segmented with jieba, which also learns every published name
so that a name is found whole.
"""

from __future__ import annotations

import re

import html
import logging

try:
    import jieba

    jieba.setLogLevel(logging.WARNING)  # its dictionary-loading chatter is not for officers
except ImportError:  # pragma: no cover - jieba is a dependency; be graceful anyway
    jieba = None

_HAN = re.compile(r"[\u3400-\u9fff]+")
_SPACES = re.compile(r"\s+")


def teach_names(model) -> None:
    """Add names to jieba's dictionary, so 谭小明 is one word, not 谭 / 小明."""
    if jieba is None:
        return
    for vf in model.published():
        jieba.add_word(vf.record.name, freq=2000)
    for group in (model.teams, model.projects, model.organizations):
        for facts in group.values():
            if len(facts.record.name) <= 12:
                jieba.add_word(facts.record.name, freq=2000)


def segment(text: str) -> str:
    """Chinese runs split into words with zero-width spaces, as mkdocs-material does."""
    if jieba is None or not text:
        return text
    return _HAN.sub(lambda m: "\u200b" + "\u200b".join(jieba.cut(m.group(0))) + "\u200b",
                    text).strip("\u200b")


def entries(plan) -> list[dict]:
    """One search entry per indexed page: its title, and the words that describe it."""
    out = []
    for spec in plan.pages:
        if not spec.search:
            continue
        text = _SPACES.sub(" ", spec.search).strip()
        # the theme shows titles and text as HTML: record text must arrive escaped
        out.append({"location": spec.path, "title": html.escape(segment(spec.title)),
                    "text": html.escape(segment(text))})
    return out
