"""Pages put together from their folder's shell are byte for byte the pages the theme renders."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from types import SimpleNamespace

import jinja2
import pytest
from markupsafe import Markup

from conftest import SAMPLE_URL, TODAY, Project


def figures(root, *args) -> list[dict]:
    """`mkdocs build -v` in a project (the same site as `showcase build`): the figures each
    language's build logs (pages put together from shells, images drawn)."""
    env = {**os.environ, "SHOWCASE_TODAY": TODAY.isoformat(), "NO_MKDOCS_2_WARNING": "1",
           "PYTHONWARNINGS": "ignore"}
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-v", *args], cwd=root, env=env,
                         capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    found = [json.loads(m) for m in re.findall(r"showcase build figures: (\{.*\})", run.stdout + run.stderr)]
    assert found, "the build logs its figures"
    return found
from showcase.engine import shell


def test_sample_site_is_the_same_with_and_without_shells(sample_site, tmp_path):
    project = sample_site.parent
    slow = tmp_path / "slow"
    shutil.copytree(project, slow, ignore=shutil.ignore_patterns("site"))  # the image cache comes along
    config = slow / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - showcase:\n", "  - showcase:\n      page_shell: false\n") + f"site_url: {SAMPLE_URL}\n",
        encoding="utf-8")  # the published address, as the sample site was built
    assert all("pages_from_shells" not in f for f in figures(slow))
    shelled = figures(project, "-d", str(tmp_path / "fast"))[-1]["pages_from_shells"]
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
    shelled = figures(root)[0]["pages_from_shells"]
    fast = {p.relative_to(root / "site"): p.read_bytes() for p in (root / "site").rglob("*.html")}
    config.write_text(text.replace("  - showcase:\n", "  - showcase:\n      page_shell: false\n"), encoding="utf-8")
    assert Project(root).run("build").code == 0
    slow = {p.relative_to(root / "site"): p.read_bytes() for p in (root / "site").rglob("*.html")}
    assert shelled >= 120
    assert fast.keys() == slow.keys()
    assert [str(k) for k in fast if fast[k] != slow[k]] == []


def test_stand_ins_never_reach_a_page(sample_site):
    leaks = [str(p) for p in sample_site.rglob("*.html") if shell.MARK in p.read_text(encoding="utf-8")]
    assert leaks == []


# -- per-page data that other plugins and hooks set (issue 14) -----------------------------------
#
# A shell serves the siblings whose fingerprint is the same as its maker's; the hooks below give
# profiles their own values in threes (so the first two profiles agree, and the shell's own check
# on the second page passes: the fingerprint alone must tell the third apart), record what each
# page should show, and custom_dir partials print the values.

PER_PAGE_HOOKS = '''
import json, pathlib
from mkdocs.plugins import event_priority

seen = {}

def _value(page, what):
    n = seen.setdefault((what, page.file.src_uri), len([k for k in seen if k[0] == what]))
    return f"{what}-{n // 3}"

def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri.startswith("volunteers/v"):
        page.meta["author"] = "编辑 " + _value(page, "author")              # printed by comments.html
        page.meta["revision_date"] = _value(page, "date")                   # printed by the theme itself
        page.showcase_test_badge = _value(page, "badge")                    # a page attribute
    return markdown

@event_priority(-100)  # after the showcase plugin's own on_page_context
def on_page_context(context, page, config, nav):
    if page.file.src_uri.startswith(("volunteers/v", "teams/team-")):
        context["test_editor"] = {"name": _value(page, "editor")}          # a context variable
    return context

def on_post_page(output, page, config):
    if page.file.src_uri.startswith(("volunteers/v", "teams/team-")):
        shown = pathlib.Path(config.config_file_path).parent / "expected.json"
        data = json.loads(shown.read_text()) if shown.exists() else {}
        data[page.file.dest_uri] = {"author": page.meta.get("author"), "date": page.meta.get("revision_date"),
                                    "badge": getattr(page, "showcase_test_badge", None),
                                    "editor": _value(page, "editor")}
        shown.write_text(json.dumps(data, ensure_ascii=False))
    return output
'''
PRINTS = ('<p class="test">{{ page.meta.author }}|{{ page.showcase_test_badge }}|'
          '{{ test_editor.name if test_editor else "" }}</p>')


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """A small synthetic organisation (posters and cards off, to keep it quick); copied per use."""
    from bench import synth

    root = tmp_path_factory.mktemp("synthetic") / "org"
    synth.generate(root, 40, 3, 0.0)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - showcase:\n", "  - showcase:\n      posters: false\n      social_cards: false\n"), encoding="utf-8")
    return root


def _project(synthetic, dest, hooks=(), partials=None, plugins=""):
    """A copy of the synthetic organisation with hook files, custom_dir partials and plugins."""
    shutil.copytree(synthetic, dest)
    config = dest / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("  - showcase:\n", plugins + "  - showcase:\n")
    if partials:
        text = text.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n")
        for name, body in partials.items():
            (dest / "overrides" / name).parent.mkdir(parents=True, exist_ok=True)
            (dest / "overrides" / name).write_text(body, encoding="utf-8")
    if hooks:
        (dest / "hooks").mkdir()
        text += "hooks:\n"
        for i, body in enumerate(hooks):
            (dest / "hooks" / f"h{i}.py").write_text(body, encoding="utf-8")
            text += f"  - hooks/h{i}.py\n"
    config.write_text(text, encoding="utf-8")
    return dest


def _build(root, shells=True) -> tuple[dict, dict]:
    """Every HTML file of the built site, and the build's figures."""
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    flag = "      page_shell: false\n"
    text = text.replace(flag, "") if shells else text.replace("  - showcase:\n", "  - showcase:\n" + flag)
    config.write_text(text, encoding="utf-8")
    (root / "expected.json").unlink(missing_ok=True)
    stats = figures(root)[0]
    pages = {str(p.relative_to(root / "site")): p.read_bytes() for p in (root / "site").rglob("*.html")}
    return pages, stats


def _shown(root, pages) -> dict:
    """Pages that do not show their own values: page -> (what it should show, what it shows)."""
    wrong = {}
    for page, want in json.loads((root / "expected.json").read_text(encoding="utf-8")).items():
        html = pages[page].decode("utf-8")
        if want["author"] is not None:
            line = f'<p class="test">{want["author"]}|{want["badge"]}|{want["editor"]}</p>'
            date = f'</span>\n{want["date"]}\n</span>'  # material's source-file.html, compacted
            if line not in html or date not in html:
                wrong[page] = (line, re.findall(r'<p class="test">[^<]*</p>', html))
        elif f'|{want["editor"]}</p>' not in html:
            wrong[page] = (want["editor"], re.findall(r'<p class="test">[^<]*</p>', html))
    return wrong


def _same_site(fast: dict, slow: dict) -> list[str]:
    assert fast.keys() == slow.keys()
    return [k for k in fast if fast[k] != slow[k]]


def test_per_page_data_from_hooks_and_plugins_reaches_only_its_own_page(synthetic, tmp_path):
    root = _project(synthetic, tmp_path / "org", hooks=[PER_PAGE_HOOKS],
                    partials={"partials/comments.html": PRINTS})
    fast, stats = _build(root)
    assert len(json.loads((root / "expected.json").read_text())) > 40  # profiles and teams were seen
    assert _shown(root, fast) == {}
    assert stats["pages_from_shells"] > 40  # and the shells still served them
    slow, stats = _build(root, shells=False)
    assert "pages_from_shells" not in stats
    assert _shown(root, slow) == {}
    assert _same_site(fast, slow) == []


def test_without_the_fingerprint_another_profile_shows_through(synthetic, tmp_path):
    """The failure the fingerprint prevents, reproduced: with it made constant, the test above fails."""
    constant = "import showcase.engine.shell as shell\nshell.fingerprint = lambda page, context, extra: ()\n"
    root = _project(synthetic, tmp_path / "org", hooks=[PER_PAGE_HOOKS, constant],
                    partials={"partials/comments.html": PRINTS})
    fast, _ = _build(root)
    wrong = _shown(root, fast)
    assert "volunteers/v000003.html" in wrong or len(wrong) > 10, wrong
    assert any("author-0|" in shown[0] for _, shown in wrong.values() if shown)  # the first profile's author


# mkdocs-git-revision-date-localized-plugin gives a generated page (not in git) the time at which
# it sees the page. The hook makes that clock tick a day every three pages, so that profiles have
# their own dates in every build alike; the plugin itself sets page.meta and the theme prints it.
REVISION_CLOCK = '''
import json, pathlib
import mkdocs_git_revision_date_localized_plugin.plugin as revision

class Clock:
    calls = 0
    def time(self):
        Clock.calls += 1
        return 1767225600 + 86400 * (Clock.calls // 3)  # 2026-01-01 on

revision.time = Clock()

def on_post_page(output, page, config):
    if page.file.src_uri.startswith("volunteers/v"):
        shown = pathlib.Path(config.config_file_path).parent / "expected.json"
        data = json.loads(shown.read_text()) if shown.exists() else {}
        data[page.file.dest_uri] = page.meta["git_revision_date_localized"]
        shown.write_text(json.dumps(data, ensure_ascii=False))
    return output
'''
REVISION_PLUGIN = """  - git-revision-date-localized:
      type: date
      fallback_to_build_date: true
      enable_parallel_processing: false
      exclude: [index.md, stories/*]  # not in git either: dated by the clock, to the second, in each build
"""


def test_a_real_plugin_that_dates_each_page(synthetic, tmp_path):
    root = _project(synthetic, tmp_path / "org", hooks=[REVISION_CLOCK], plugins=REVISION_PLUGIN)
    fast, stats = _build(root)
    dates = json.loads((root / "expected.json").read_text(encoding="utf-8"))
    assert len(dates) > 30 and len(set(dates.values())) > 10  # the profiles (a few are not published)
    wrong = {page: date for page, date in dates.items() if f"\n{date}\n</span>" not in fast[page].decode()}
    assert wrong == {}
    assert stats["pages_from_shells"] > 40
    slow, _ = _build(root, shells=False)
    assert _same_site(fast, slow) == []


def test_what_the_fingerprint_cannot_see_is_caught_or_not_cached(synthetic, tmp_path):
    """A custom_dir that prints the page's file (no stand-in, not in the fingerprint) and its title
    in the logo (inside the navigation, which is cached per folder): the shells check themselves
    and fall back, the navigation is rendered for every page, and each page is its own."""
    root = _project(synthetic, tmp_path / "org", partials={
        "partials/comments.html": '<p class="test-file">{{ page.file.src_uri }}</p>',
        "partials/logo.html": '<span class="test-logo">{{ page.title }}</span>'})
    fast, _ = _build(root)
    slow, _ = _build(root, shells=False)
    for pages in (fast, slow):
        html = pages["volunteers/v000005.html"].decode()
        assert '<p class="test-file">volunteers/v000005.md</p>' in html
        titles = set(re.findall(r'<span class="test-logo">([^<]*)</span>', html))
        assert len(titles) == 1 and "<title>" + titles.pop() in html
    assert _same_site(fast, slow) == []


def test_fingerprint_tells_apart_what_prints_apart():
    page = SimpleNamespace(title="谭晓明", meta={"title": "谭晓明", "n": 1}, file=SimpleNamespace(name="tan"))
    other = SimpleNamespace(title="谭晓明", meta={"title": "谭晓明", "n": True}, file=SimpleNamespace(name="tan"))
    assert shell.fingerprint(page, {}, {}) != shell.fingerprint(other, {}, {})
    for a, b in [(0.0, -0.0), ("a", Markup("a")), ([1], (1,)), ({"a": 1}, {"a": 1.0})]:
        assert shell._token(a) != shell._token(b)
    shared = object()
    assert shell._token({"x": [shared, "y"]}) == shell._token({"x": [shared, "y"]})
    assert shell._token(object()) != shell._token(object())  # an object it cannot look into: by identity
    page.meta["title"] = "另一个标题"  # a title the shell's stand-in would not give
    assert shell.fingerprint(page, {}, {}) is None
