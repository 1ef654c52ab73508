"""The house rules, read from the code itself: imports point down the stages, nothing imports
the command line, and only the engine knows MkDocs. docs/architecture.md explains them."""

from __future__ import annotations

import ast
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "scripts" / "showcase"

# What each part of the package may import (besides itself and the standard library / third parties).
ALLOWED = {
    "text": set(),
    "records": {"text"},
    "model": {"text", "records"},
    "images": {"text"},
    "paper": {"text", "images"},
    "site": {"text", "records", "model", "images"},
    "engine": {"text", "records", "model", "images", "site", "paper"},
    "officer": {"text", "records", "model"},
    "cli": {"text", "records", "model", "images", "site", "engine", "officer", "paper"},
}
ENGINE_ONLY = ("mkdocs", "material")  # MkDocs and mkdocs-material: the engine's business alone


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        yield path, parts


def _imports(path: Path, parts: tuple[str, ...]):
    """(line, absolute module name) of every import in a file, those inside functions included."""
    package = list(parts[:-1]) if parts[-1] != "__init__" else list(parts[:-1])
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ["showcase"] + package[: len(package) - (node.level - 1)]
                name = ".".join(base + ([node.module] if node.module else []))
                if node.module is None:  # from . import a, b: each may be a module
                    for alias in node.names:
                        yield node.lineno, f"{name}.{alias.name}"
                    continue
                yield node.lineno, name
            else:
                yield node.lineno, node.module


def _stage(parts: tuple[str, ...]) -> str | None:
    return parts[0] if len(parts) > 1 else None  # None: showcase/__init__.py, __main__.py


def test_every_module_is_in_a_stage():
    loose = [p.name for p, parts in _modules() if len(parts) == 1 and parts[0] not in ("__init__", "__main__")]
    assert loose == [], "modules belong in a stage sub-package: " + ", ".join(loose)
    stages = {parts[0] for _, parts in _modules() if len(parts) > 1}
    assert stages == set(ALLOWED), stages ^ set(ALLOWED)


def test_imports_point_down_the_stages():
    wrong = []
    for path, parts in _modules():
        stage = _stage(parts)
        for line, name in _imports(path, parts):
            if not name.startswith("showcase."):
                continue
            target = name.split(".")[1]
            if target in ("__version__",):
                continue
            if stage is None:
                ok = parts == ("__main__",) and target == "cli"
            else:
                ok = target == stage or target in ALLOWED[stage]
            if not ok:
                wrong.append(f"{path.relative_to(PACKAGE)}:{line} ({stage}) imports {name}")
    assert wrong == [], "\n".join(wrong)


def test_nothing_imports_the_command_line():
    wrong = [f"{path.relative_to(PACKAGE)}:{line}" for path, parts in _modules()
             for line, name in _imports(path, parts)
             if (name == "showcase.cli" or name.startswith("showcase.cli.")) and _stage(parts) != "cli"
             and parts != ("__main__",)]
    assert wrong == []


def test_only_the_engine_knows_mkdocs():
    wrong = [f"{path.relative_to(PACKAGE)}:{line} imports {name}" for path, parts in _modules()
             for line, name in _imports(path, parts)
             if name.split(".")[0] in ENGINE_ONLY and _stage(parts) != "engine"]
    assert wrong == [], "\n".join(wrong)


def test_the_rules_catch_a_wrong_import(tmp_path, monkeypatch):
    """The checker itself: a model module that imports the site, or records that import MkDocs."""
    bad = tmp_path / "model" / "bad.py"
    bad.parent.mkdir()
    bad.write_text("from ..site import pages\nimport mkdocs.config\n", encoding="utf-8")
    found = list(_imports(bad, ("model", "bad")))
    assert (1, "showcase.site") in found and (2, "mkdocs.config") in found
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", tmp_path)
    with pytest.raises(AssertionError, match="model/bad.py:1"):
        test_imports_point_down_the_stages()
    with pytest.raises(AssertionError, match="bad.py:2 imports mkdocs"):
        test_only_the_engine_knows_mkdocs()


def test_importing_the_model_and_site_loads_no_mkdocs():
    code = ("import sys; import showcase.model.pipeline, showcase.site.pages, showcase.site.visuals, "
            "showcase.officer.roster; print(sorted({m.split('.')[0] for m in sys.modules} & {'mkdocs', 'material'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
