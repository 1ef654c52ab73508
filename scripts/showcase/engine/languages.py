"""A site in several languages: the main one at the root, each other in site/<lang>/.

Each other language is a build of its own (its pages from content/<lang>/ when there, the main
language's stories where content/<lang>/stories/ has no translation), started by the plugin
when the main build ends, so `mkdocs build`, `mkdocs serve` and `showcase build` all make the
whole site.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

LANGUAGE_NAMES = {"zh": "中文", "en": "English"}


def alternates(cfg, main: str, docs: dict, current: str) -> None:
    """Links to the same page in the site's other languages (the main one at the root, the
    others in folders), or to that language's home when it has no such hand-written page.

    Plain links in the footer rather than the theme's language selector, which fetches
    sitemap.xml and so fails from file://.
    """
    up = "" if current == main else "../"
    languages = []
    for lang, pages in docs.items():
        if lang != current:
            base = up if lang == main else f"{up}{lang}/"
            languages.append({"name": LANGUAGE_NAMES[lang], "base": base, "lang": lang,
                              "missing": sorted(docs[current] - pages)})
    cfg.extra["showcase_languages"] = languages


def sources(docs_dir: Path, skip: list[str]) -> set[str]:
    """The hand-written pages of one language, as MkDocs names them."""
    return {p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md")
            if p.relative_to(docs_dir).parts[0] not in skip}


def search_languages(cfg, lang: str, main: str) -> None:
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


def with_stories(own: Path, stories: Path, work: Path) -> Path:
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
            link_or_copy(entry, work / entry.name)
    for folder in (own / "stories", stories):  # the translation first: it wins
        if folder.is_dir():
            for entry in folder.iterdir():
                target = work / "stories" / entry.name
                if not (target.exists() or target.is_symlink()):
                    link_or_copy(entry, target)
    return work


def link_or_copy(src: Path, dest: Path) -> None:
    try:
        dest.symlink_to(src.resolve(), target_is_directory=src.is_dir())
    except OSError:  # e.g. Windows without the right to make links
        if src.is_dir():
            shutil.copytree(src, dest)
        else:
            shutil.copy2(src, dest)


@dataclass
class Language:
    """One other language of the site: where its hand-written pages are read from."""

    lang: str
    docs_dir: Path | None  # None: the main language's pages (no content/<lang>/)


def plan(docs_dir: Path, main: str, languages: list[str], cache_dir: Path) -> tuple[list[Language], dict]:
    """The other languages' sources, and the hand-written pages of every language (for alternates)."""
    others = [x for x in languages if x != main]
    docs = {main: sources(docs_dir, others)}
    out = []
    for other in others:
        own = docs_dir / other
        if own.is_dir():
            merged = with_stories(own, docs_dir / "stories", cache_dir / f"content-{other}")
            docs[other] = sources(own, others) | {f"stories/{p.name}" for p in (merged / "stories").glob("*.md")}
            out.append(Language(other, merged))
        else:
            docs[other] = docs[main]
            out.append(Language(other, None))
    return out, docs
