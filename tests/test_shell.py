"""Pages put together from their folder's shell are byte for byte the pages the theme renders."""

from __future__ import annotations

import json
import shutil
from types import SimpleNamespace

import jinja2
import pytest

from conftest import Project
from showcase.engine import shell


def test_sample_site_is_the_same_with_and_without_shells(sample_site, tmp_path):
    project = sample_site.parent
    slow = tmp_path / "slow"
    shutil.copytree(project, slow, ignore=shutil.ignore_patterns("site"))  # the image cache comes along
    config = slow / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - showcase:\n", "  - showcase:\n      page_shell: false\n"), encoding="utf-8")
    run = Project(slow).run("build")
    assert run.code == 0, run.text
    assert "pages_from_shells" not in json.loads((slow / ".cache/showcase/last-build.json").read_text())
    shelled = json.loads((project / ".cache/showcase/last-build.json").read_text())["pages_from_shells"]
    assert shelled > 50  # the English build's profiles, teams, projects… came from shells

    fast_files = sorted(p.relative_to(sample_site) for p in sample_site.rglob("*") if p.is_file())
    slow_files = sorted(p.relative_to(slow / "site") for p in (slow / "site").rglob("*") if p.is_file())
    assert fast_files == slow_files
    differ = [str(rel) for rel in fast_files if rel.suffix == ".html"
              and (sample_site / rel).read_bytes() != (slow / "site" / rel).read_bytes()]
    assert differ == []


# A theme in miniature: every filter the real one puts on these values, in indented markup.
THEME = """<!doctype html>
<html>
  <head>
    <title>{{ page.meta.title }} - Site</title>
    {% if page.meta.description %}
      <meta name="description" content="{{ page.meta.description }}">
      <meta property="og:description" content="{{ page.meta.description | striptags | e }}">
    {% endif %}
    <link rel="canonical" href="{{ page.canonical_url }}">
    <meta property="og:url" content="{{ page.canonical_url | e }}">
    <meta property="og:title" content="{{ page.title | striptags | e }}">
  </head>
  <body>
    <input type="checkbox" id="__drawer" autocomplete="off">
    <div class="md-header__topic">
      {{ page.title }}
    </div>
    <a href="../{{ page.url }}">other language</a>
    <article>
      {% if "<h1" not in page.content %}<h1>{{ page.title | striptags }}</h1>{% endif %}
      {{ page.content }}
    </article>
  </body>
</html>
"""


def _page(title, description, content, url="volunteers/tan.html"):
    meta = {"title": title, "hide": ["navigation", "toc"]}
    if description is not None:
        meta["description"] = description
    return SimpleNamespace(title=title, meta=meta, canonical_url="https://x.org/s/" + url, url=url,
                           content=content)


def _both_ways(page, template=THEME):
    env = jinja2.Environment()
    tpl = env.from_string(template)
    exact = shell.finish(tpl.render(page=page), "搜索")
    fields = ("T",) + (("D",) if "description" in page.meta else ()) + ("C", "URL")
    heading = "<h1" in page.content
    built = shell.Shell(tpl.render(page=shell.StandInPage(page, fields, heading)), fields, "搜索", heading)
    values = {"T": page.title, "D": page.meta.get("description", ""), "C": page.canonical_url,
              "URL": shell.own_name(page.url)}
    return exact, built.fill({f: values[f] for f in fields}, page.content)


@pytest.mark.parametrize("title, description, content", [
    ("谭晓明", "县司法局 · 宣传员", "\n  <h1>谭晓明</h1>\n  <p>101 小时</p>\n"),
    ("A &amp; B &lt;i&gt;", "x &quot;y&quot; &amp; z", "<p>no heading, no white space</p>"),
    ("谭晓明", None, "   \n   "),                          # white space only
    ("谭 晓明", "line one\n   line two", "<p>x</p>"),      # a line break in a value: the exact way
    (" 谭晓明", "x", "<p>x</p>"),                           # white space at the edge of a value
    ("code `x`", "x", "<p>x</p>"),                          # a backtick changes how pages compact
    ("谭晓明", "x", "<pre>\n  keep   this\n</pre>\n  <p>x</p>"),
    ("谭晓明", "x", "<p>a\u3000\n\u3000b</p>"),              # Unicode white space
])
def test_shell_gives_what_the_theme_gives(title, description, content):
    exact, filled = _both_ways(_page(title, description, content))
    assert filled is None or filled == exact
    if "`" not in title and "<pre" not in content:
        assert filled == exact  # and the shell was used


def test_directory_urls_keep_relative_links():
    exact, filled = _both_ways(_page("谭晓明", "x", "<p>x</p>", url="volunteers/tan/"))
    assert filled == exact


def test_a_filter_the_shell_does_not_know_makes_the_theme_render():
    odd = THEME.replace("{{ page.title }}", "{{ page.title | urlencode }}")
    exact, filled = _both_ways(_page("谭晓明", "x", "<p>x</p>"), odd)
    assert filled is None
    assert "%E8%B0%AD" in exact


def test_content_that_looks_like_a_stand_in_makes_the_theme_render():
    _, filled = _both_ways(_page("谭晓明", "x", "<p>ZZSHELLT&amp;</p>"))
    assert filled is None


def test_profiles_of_a_synthetic_organisation_match(tmp_path):
    """Many pages per folder, the case the shells are for (posters off to keep it quick)."""
    from bench import synth

    root = tmp_path / "org"
    synth.generate(root, 120, 3, 0.0)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace(
        "  - showcase:\n", "  - showcase:\n      posters: false\n      social_cards: false\n")
    config.write_text(text, encoding="utf-8")
    assert Project(root).run("build").code == 0
    fast = {p.relative_to(root / "site"): p.read_bytes() for p in (root / "site").rglob("*.html")}
    shelled = json.loads((root / ".cache/showcase/last-build.json").read_text())["pages_from_shells"]
    config.write_text(text.replace("  - showcase:\n", "  - showcase:\n      page_shell: false\n"), encoding="utf-8")
    assert Project(root).run("build").code == 0
    slow = {p.relative_to(root / "site"): p.read_bytes() for p in (root / "site").rglob("*.html")}
    assert shelled >= 120
    assert fast.keys() == slow.keys()
    assert [str(k) for k in fast if fast[k] != slow[k]] == []


def test_stand_ins_never_reach_a_page(sample_site):
    leaks = [str(p) for p in sample_site.rglob("*.html") if shell.MARK in p.read_text(encoding="utf-8")]
    assert leaks == []
