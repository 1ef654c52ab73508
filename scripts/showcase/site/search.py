"""Search entries written from the model instead of re-parsing every page.

mkdocs-material would index each generated page's full HTML (about 2.6 KB a
page); a phone cannot load that for thousands of volunteers. People, teams,
projects and organisations are indexed by name and a few words that describe
them; Chinese is segmented with jieba, which also learns every published name
so that a name is found whole.

How the reader's browser meets these words (mkdocs-material 9.x, `lang: zh`):
the search worker splits indexed text only at the theme's separator (spaces,
zero-width spaces, Chinese punctuation), so every jieba word joined by U+200B
becomes one index term. A Chinese query is not split by any dictionary: the
worker looks its Han run up against the terms already in the index, taking at
each place the longest term found there — but it never looks the whole query
up, only terms that end before its last character — and every resulting term
gets a trailing wildcard. So 县司法局 became 县* (县 is a word of the 关于我们
page) and matched every 县… term, and 司法局 found nothing: no term started
with it (县司法局 was one word). Hence:

- a name, post or unit standing alone is one term (政策法规宣传员, not
  政策法规 / 宣传员, which a whole post typed would become, with a 缺少 line);
- a word inside it (司法局 in 县司法局, 宣传员 in 政策法规宣传员) is added to
  the entry that holds it, so that typing the word finds the entry;
- for every word of four or more characters the word less its last character
  (县司法 for 县司法局) is made an index term, once in the whole index, so that
  the word typed becomes that term with a wildcard, which matches the word and
  little else. Three-character words (most names) get none: typed whole, they
  are searched whole unless a shorter part of them is a term — a prefix term
  王建 would make 王建国 match every 王建…; for the same reason a two-character
  name (刘玲) carries an invisible word joiner, or 刘玲雨 typed would be 刘玲*.

The added terms go into the entry's text inside a hidden element: the worker
indexes them, the result list does not show them. A volunteer's entry is
boosted: a team's text holds more words starting with 宣传 (宣传, 宣传队) than
a person's one 宣传员, and the worker scores each word a wildcard reaches.
"""

from __future__ import annotations

import functools
import html
import logging
import re
import shutil
import tempfile
from pathlib import Path

from ..records import cache
from ..text.han import HAN, HAN_RUN

try:
    import jieba

    # its dictionary-loading chatter is not for officers, nor its traceback when it cannot write
    # its cache (the cache costs a second, never the build)
    jieba.setLogLevel(logging.CRITICAL + 1)
except ImportError:  # pragma: no cover - jieba is a dependency; be graceful anyway
    jieba = None

JIEBA_CACHE = "jieba.cache"


def prepare(cache_dir: Path | None) -> None:
    """Load jieba's dictionary, its cache kept in our build cache (`cache_dir`/jieba.cache).

    By itself jieba keeps the cache in the shared temporary folder (/tmp/jieba.cache), where
    another user's file is unreadable or cannot be replaced (a traceback and a second lost on
    every build), or is planted: jieba would load it with marshal, which is not safe for data
    someone else wrote. When our cache folder cannot be written, records/cache.usable gives this
    run's own temporary folder; when none is given, the dictionary is built in a private one,
    removed at once.
    """
    if jieba is None or jieba.dt.initialized:
        return
    private = None
    folder = cache.usable(Path(cache_dir)) if cache_dir is not None else None  # or this run's own
    if folder is None:
        private = folder = Path(tempfile.mkdtemp(prefix="showcase-jieba-"))
    jieba.dt.tmp_dir, jieba.dt.cache_file = str(folder), JIEBA_CACHE
    try:
        jieba.dt.initialize()
    finally:
        if private is not None:
            shutil.rmtree(private, ignore_errors=True)

_SPACES = re.compile(r"\s+")
# mkdocs-material's separator for Chinese (partials/languages/zh.html): where the worker splits terms
_SEPARATOR = re.compile("[\\s\u200b\u3000\\-、。，．？！；]")
# a name, post or unit: Chinese (with digits or letters, 3组) standing alone between spaces, one term;
# split into jieba's words, a whole post typed would become several terms, one of them perhaps a
# lone character (老 of 老党员宣讲员) that matches everything
_ALONE = re.compile(f"(?=[^\\s]*[{HAN}])[{HAN}0-9A-Za-z]{{2,12}}")
_JOINER = "\u2060"  # WORD JOINER: invisible, and not a separator of the theme's
_PREFIX_FROM = 4     # words this long get their prefix (all but the last character) as a term
PERSON_BOOST = 3    # a volunteer outranks a team, project or story matching as well
_KIND_ORDER = {"organization": 0, "team": 1, "project": 2, "volunteer": 3}  # who holds a shared term


def teach_names(model, cache_dir: Path | None = None) -> None:
    """Add names to jieba's dictionary, so 谭小明 is one word, not 谭 / 小明."""
    if jieba is None:
        return
    prepare(cache_dir)
    for vf in model.published():
        jieba.add_word(vf.record.name, freq=2000)
    for group in (model.teams, model.projects, model.organizations):
        for facts in group.values():
            if len(facts.record.name) <= 12:
                jieba.add_word(facts.record.name, freq=2000)
    _words.cache_clear()
    _inner_words.cache_clear()


@functools.lru_cache(maxsize=1 << 16)
def _words(run: str) -> tuple[str, ...]:
    """jieba's words of a Han run in running text."""
    return tuple(jieba.cut(run))


def _split(word: str) -> list[str]:
    """jieba's best split of a word into shorter words, never the word itself (县司法局 → 县 / 司法局)."""
    try:
        dag = jieba.dt.get_DAG(word)
        dag[0] = [end for end in dag[0] if end != len(word) - 1] or [0]
        route: dict = {}
        jieba.dt.calc(word, dag, route)
    except (AttributeError, KeyError, TypeError):  # pragma: no cover - another jieba's internals
        return [w for w in jieba.cut_for_search(word) if w != word]
    out, x = [], 0
    while x < len(word):
        y = route[x][1] + 1
        out.append(word[x:y])
        x = y
    return out


@functools.lru_cache(maxsize=1 << 16)
def _inner_words(word: str) -> tuple[str, ...]:
    """Words inside a word, longest first: 县司法局 → 司法局; 县科学技术协会 → 科学技术协会, 科学技术, 协会."""
    if not HAN_RUN.fullmatch(word):      # 寨杆村3组: the words of its Chinese
        runs = [r for r in HAN_RUN.findall(word) if len(r) >= 2]
        return tuple(sorted({w for r in runs for w in (r, *_inner_words(r))}, key=lambda w: (-len(w), w)))
    if len(word) < 3:
        return ()
    parts = _split(word)
    inner = {p for p in parts if len(p) >= 2 and p != word}
    if len(parts) > 1 and len(parts[0]) == 1 and len(parts[1]) > 1 and len(word) > 3:
        inner.add(word[1:])            # what follows 县 in 县人民医院: 人民医院
    for p in list(inner):
        inner.update(_inner_words(p))
    inner = {w for w in inner if HAN_RUN.fullmatch(w)}
    return tuple(sorted(inner, key=lambda w: (-len(w), w)))


def segment(text: str) -> tuple[str, list[str]]:
    """Chinese runs split into words with zero-width spaces, as mkdocs-material does; and those words.

    A name, post or unit standing alone between spaces (政策法规宣传员, 寨杆村3组) stays one word.
    """
    words: list[str] = []
    if jieba is None or not text:
        return text, words

    def cut(m):
        start, end, chunk = m.start(), m.end(), m.string
        found = _words(m.group(0))
        words.extend(found)
        out = "\u200b".join(found)
        # a separator only where the run touches other text (宣传（3): punctuation and spaces separate
        if start and not _SEPARATOR.match(chunk[start - 1]):
            out = "\u200b" + out
        if end < len(chunk) and not _SEPARATOR.match(chunk[end]):
            out += "\u200b"
        return out

    out = []
    for chunk in re.split(r"(\s+)", text):
        if _ALONE.fullmatch(chunk):
            words.append(chunk)
            out.append(chunk)
        else:
            out.append(HAN_RUN.sub(cut, chunk))
    return "".join(out), words


def entries(plan) -> list[dict]:
    """One search entry per indexed page: its title, and the words that describe it."""
    docs = []
    for spec in plan.pages:
        if not spec.search:
            continue
        title, title_words = segment(spec.title)
        text, text_words = segment(_SPACES.sub(" ", spec.search).strip())
        also = []
        if spec.kind == "volunteer" and len(title) == 2 and HAN_RUN.fullmatch(title):
            # 刘玲 as a term would turn 刘玲雨, typed whole, into 刘玲* (the worker takes the longest
            # term before the query's last character): an invisible word joiner keeps it from being one;
            # and in the text as a term of its own (the same term twice would lower its weight), so
            # that 刘玲 typed finds 刘玲 before 刘玲雨
            title += _JOINER
            title_words, also = [title], [title + _JOINER]
        docs.append((spec, title, text, list(dict.fromkeys(title_words + text_words)), also))
    if jieba is None:
        extra = [[] for _ in docs]
    else:
        extra = _extra_terms([d[3] for d in docs], [d[0].kind for d in docs])
    out = []
    for (spec, title, text, _, also), more in zip(docs, extra):
        # the theme shows titles and text as HTML: record text must arrive escaped
        text = html.escape(text)
        if also or more:
            text += "<i hidden>" + html.escape(" ".join(also + more)) + "</i>"
        entry = {"location": spec.path, "title": html.escape(title), "text": text}
        if spec.kind == "volunteer":
            entry["boost"] = PERSON_BOOST
        out.append(entry)
    return out


def _extra_terms(words_of: list[list[str]], kinds: list[str]) -> list[list[str]]:
    """The terms each entry needs beside its visible words (see the module's docstring)."""
    extra: list[list[str]] = []
    known: set[str] = set()
    for words in words_of:
        own = [w for w in words if HAN_RUN.search(w)]
        more: list[str] = []
        for word in own:
            for inner in _inner_words(word):
                if not any(t.startswith(inner) for t in own) and not any(t.startswith(inner) for t in more):
                    more.append(inner)
        extra.append(more)
        known.update(own)
        known.update(more)
    for i in sorted(range(len(words_of)), key=lambda i: _KIND_ORDER.get(kinds[i], 9)):
        own = [w for w in words_of[i] if HAN_RUN.search(w)]
        for word in own + [inner for w in own for inner in _inner_words(w)]:
            if len(word) >= _PREFIX_FROM and HAN_RUN.fullmatch(word) and word[:-1] not in known:
                known.add(word[:-1])
                extra[i].append(word[:-1])
    return extra
