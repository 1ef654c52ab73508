"""The one text catalogue (text/locale/*/LC_MESSAGES/showcase.po): complete in both languages,
every key the code names is in it, a missing key fails loudly, and the command line, click's
own words included, speaks Chinese unless asked for English."""

from __future__ import annotations

import ast
import gettext
import re
import string
import sys
from pathlib import Path

import click
import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po
from click.testing import CliRunner

from showcase import cli
from showcase.cli import language
from showcase.records import privacy
from showcase.text import catalogue, ui
from showcase.text.catalogue import tr

PACKAGE = Path(cli.__file__).resolve().parent.parent
CLICK = Path(click.__file__).resolve().parent
FILE_ENDINGS = {"yml", "yaml", "csv", "md", "html", "json", "xlsx", "po", "py", "txt", "zip", "xml"}


def _po(lang: str):
    with catalogue.po_file(lang).open("rb") as f:
        return read_po(f)


def _fields(template) -> set[str]:
    templates = template if isinstance(template, tuple) else (template,)
    return {name.split(".")[0].split("[")[0] for t in templates
            for _, name, _, _ in string.Formatter().parse(t) if name}


def _ours(lang: str) -> dict[str, str]:
    return {m.id: m.string for m in _po(lang) if m.id and m.context is None}


# -- the catalogue ---------------------------------------------------------------------------------

def test_both_languages_have_the_same_keys_and_placeholders():
    zh, en = _ours("zh"), _ours("en")
    assert sorted(set(zh) ^ set(en)) == []
    differ = [k for k in zh if _fields(zh[k]) != _fields(en[k])]
    assert differ == []
    for key in zh:  # every template can be filled in (a number suits {seconds:.1f} and {name} alike)
        for lang in catalogue.LANGS:
            tr(key, lang, **{name: 1.0 for name in _fields(zh[key])})


def test_only_the_words_meant_to_be_empty_are_empty():
    assert [k for k, v in _ours("zh").items() if not v] == ["ui.unit_gap"]
    assert [k for k, v in _ours("en").items() if not v] == ["ui.services_unit"]


def test_clicks_words_are_all_translated_into_chinese():
    """Every msgid click passes to gettext/ngettext has its Chinese, with click's placeholders."""
    used = {"required"}  # click passes extra["required"] through _(): not a literal
    for path in CLICK.glob("*.py"):
        for _, msgid, _, _ in extract_from_file("python", str(path), keywords={"_": None, "ngettext": (1, 2)}):
            used.add(msgid if isinstance(msgid, str) else msgid[0])
    zh = {(m.id if isinstance(m.id, str) else m.id[0]): m for m in _po("zh") if m.context == "click"}
    assert sorted(used - set(zh)) == [], "click says these in English: translate them in the zh catalogue"
    for m in zh.values():
        assert all(m.string if isinstance(m.string, tuple) else [m.string]), m.id
        assert _fields(m.string) <= _fields(m.id), m.id
    assert not [m.id for m in _po("en") if m.context], "in English click says its own msgid"


def test_the_catalogue_ships_with_the_package():
    import tomllib

    project = tomllib.loads((PACKAGE.parent.parent / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = project["tool"]["setuptools"]["package-data"]["showcase"]
    for lang in catalogue.LANGS:
        rel = catalogue.po_file(lang).relative_to(PACKAGE).as_posix()
        assert any(Path(rel).match(p) for p in patterns), rel


# -- lookups ---------------------------------------------------------------------------------------

def test_a_missing_key_fails_loudly():
    for lang in catalogue.LANGS:
        with pytest.raises(KeyError):
            tr("no.such.key", lang)
        with pytest.raises(KeyError):
            ui.translator(lang)("no_such_word")


def test_lookups_fill_in_or_keep_the_template():
    assert tr("photo.failed", "zh", count=3).startswith("3 张照片有问题")
    assert tr("photo.failed", "fr", count=3) == tr("photo.failed", "zh", count=3)  # anything else: Chinese
    assert tr("consent.missing", "en").endswith("add consent: {publish: true}")
    t = ui.translator("en")
    assert t("colon") == ": " and t("results") == "{n} volunteers" and t("results", n=4) == "4 volunteers"
    assert ui.value("党员", "en") == "Party member" and ui.value("党员", "zh") == "党员"
    assert ui.value("志愿者协会", "en") == "志愿者协会"  # not a fixed value: as written


def _key_literals():
    """(file, string) for each string in the code shaped like a catalogue key (photo.failed, cli.built)."""
    families = {key.split(".")[0] for key in catalogue.texts("zh")}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        in_fstrings = {id(v) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for v in node.values}
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in in_fstrings
                    and re.fullmatch(r"[a-z_]+(\.[a-z_0-9]+)+", node.value)
                    and node.value.split(".")[0] in families and node.value.rsplit(".", 1)[1] not in FILE_ENDINGS):
                yield path.relative_to(PACKAGE).as_posix(), node.value


def _calls(name: str):
    """The constant arguments of every call to `name` (or `x.name`) in the package."""
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == name:
                yield [a.value for a in node.args if isinstance(a, ast.Constant)], \
                      {k.arg: k.value.value for k in node.keywords if isinstance(k.value, ast.Constant)}


def test_every_key_the_code_names_is_in_the_catalogue():
    keys = set(catalogue.texts("zh"))
    missing = [f"{f}: {k}" for f, k in _key_literals() if k not in keys and k != "consent.publish"]  # a field
    # the site's words: t("key") in templates (lang.t() is mkdocs-material's) and in the site's code
    words = {a[0] for a, _ in _calls("t") if a}
    for path in PACKAGE.rglob("*.html"):
        words.update("".join(w) for w in re.findall(r"(?<![.\w])t\((?:'([a-z_0-9]+)'|\"([a-z_0-9]+)\")",
                                                      path.read_text(encoding="utf-8")))
    missing += sorted(f"ui.{w}" for w in words if f"ui.{w}" not in keys)
    # keys put together in code: kinds and where to create them, types, the build's stages and failures
    kinds = {a[0] for a, _ in _calls("kind") if a} | {k for a, _ in _calls("unknown") for k in a}
    kinds |= {kw["ref"] for _, kw in _calls("F") if "ref" in kw}
    private = {kind for kind, _ in privacy.find("13812345678 a@b.cn 110101199003077571")}
    wanted = {f"kind.{k}" for k in kinds | private} | {f"where.{k}" for k in kinds}
    wanted |= {f"type.{a[0]}" for a, _ in _calls("type_") if a} | {"type.number", "type.integer"}
    wanted |= {f"cli.stage_{s}" for s in ("pages", "photos", "images")}
    wanted |= {f"cli.{kw['key']}" for _, kw in _calls("Failed") if "key" in kw}
    missing += sorted(wanted - keys)
    assert missing == []


def test_every_command_and_option_help_is_in_the_catalogue_and_nothing_else():
    used = set()

    def walk(command):
        used.add(language._key(command))
        used.update(language._key(p) for p in command.params if isinstance(p, click.Option) and language._key(p))
        for sub in getattr(command, "commands", {}).values():
            walk(sub)

    walk(cli.main)
    for lang in catalogue.LANGS:
        language.localise(cli.main, lang)  # a KeyError names a missing one
    listed = {k for k in catalogue.texts("zh") if k.split(".")[0] in ("help", "option")}
    assert sorted(used ^ listed) == []


def test_clicks_modules_that_speak_are_all_taught():
    speaking = {p.stem for p in CLICK.glob("*.py") if "from gettext import" in p.read_text(encoding="utf-8")}
    assert speaking - {"_winconsole"} == set(language.CLICK_MODULES)  # _winconsole: Windows only


# -- the command line ------------------------------------------------------------------------------

def test_help_is_chinese_by_default(project):
    run = project.run("--help")
    assert run.code == 0, run.text
    assert re.match(r"用法： (python -m )?showcase \[OPTIONS\]", run.out)
    assert "\n选项：\n" in run.out and "\n命令：\n" in run.out
    assert "提示信息的语言" in run.out and "显示本帮助并退出。" in run.out and "显示版本号并退出。" in run.out
    assert re.search(r"^\s+build\s+检查数据", run.out, re.M)
    run = project.run("build", "-h")
    assert "有提醒也视为失败。" in run.out and "[默认：mkdocs.yml]" in run.out
    assert "Usage" not in run.out and "Options" not in run.out


def test_help_is_english_with_lang_en(project):
    run = project.run("--help", lang="en")
    assert run.code == 0, run.text
    assert re.match(r"Usage: (python -m )?showcase \[OPTIONS\]", run.out)
    assert "\nOptions:\n" in run.out and "\nCommands:\n" in run.out
    assert "Language of messages (default: Chinese, or SHOWCASE_LANG)." in run.out
    assert "Show this message and exit." in run.out
    run = project.run("import", "ledger", "--help", lang="en")
    assert "Check everything, write nothing." in run.out and "用法" not in run.out


def test_clicks_errors_are_chinese(project):
    run = project.run("build", "--no-such-option")
    assert run.code == 2
    assert "错误：没有“--no-such-option”这个选项。" in run.err
    assert re.search(r"可运行“(python -m )?showcase build --help”查看帮助。", run.err)
    run = project.run("new")
    assert run.code == 2 and "错误：缺少参数 'KIND'" in run.err
    run = project.run("--lang", "fr", "stats")
    assert run.code == 2 and "'--lang' 的值无效" in run.err
    run = project.run("build", "--no-such-option", lang="en")
    assert run.code == 2 and "Error: No such option '--no-such-option'" in run.err


def test_version_in_both_languages(project):
    assert project.run("--version").out.strip() == f"showcase 版本 {cli.__version__}"
    assert project.run("--version", lang="en").out.strip() == f"showcase, version {cli.__version__}"


def test_the_language_holds_for_one_run_and_click_is_left_as_it_was():
    """In one process: SHOWCASE_LANG=en, then Chinese, then --lang en; afterwards click speaks English."""
    runner = CliRunner()
    assert "Usage:" in runner.invoke(cli.main, ["--help"], env={"SHOWCASE_LANG": "en"}).output
    zh = runner.invoke(cli.main, ["build", "--help"], env={"SHOWCASE_LANG": None})
    assert "用法：" in zh.output and "显示本帮助并退出。" in zh.output and "有提醒也视为失败。" in zh.output
    en = runner.invoke(cli.main, ["--lang", "en", "build", "--help"])
    assert "Show this message and exit." in en.output and "Treat warnings as failures." in en.output
    assert all(getattr(sys.modules[f"click.{m}"], "_") is gettext.gettext for m in language.CLICK_MODULES)
