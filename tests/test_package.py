"""The package stands on its own: a wheel installed outside this checkout builds the sample
with a mkdocs.yml that names no custom_dir, and plain `mkdocs build` makes the same site as
`showcase build`, second language included."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from conftest import REPO, SAMPLE_URL, TODAY

SOURCES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "scripts",
           "mkdocs.yml", "data", "content", "theme_overrides")  # the sample rides in the wheel


def tree(site: Path) -> dict[str, str]:
    """Every file of a built site and a digest of its bytes."""
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def differences(a: Path, b: Path) -> list[str]:
    ta, tb = tree(a), tree(b)
    return sorted(k for k in ta.keys() | tb.keys() if ta.get(k) != tb.get(k))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built from a copy of the repository's sources (the checkout is left untouched)."""
    src = tmp_path_factory.mktemp("src")
    for name in SOURCES:
        (shutil.copytree if (REPO / name).is_dir() else shutil.copy2)(
            REPO / name, src / name, **({"ignore": shutil.ignore_patterns("__pycache__", "*.egg-info")}
                                        if (REPO / name).is_dir() else {}))
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                    "--disable-pip-version-check", "-w", str(out), str(src)], check=True, capture_output=True)
    [whl] = out.glob("volunteer_showcase-*.whl")
    return whl


def test_the_wheel_carries_templates_and_assets_but_no_benchmarks(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("showcase/theme/main.html", "showcase/theme/partials/nav.html",
                   "showcase/theme/showcase/volunteer.html", "showcase/theme/showcase/_macros.html",
                   "showcase/theme/assets/showcase/showcase.css", "showcase/theme/assets/showcase/showcase.js",
                   "showcase/theme/assets/showcase/logo.svg", "showcase/theme/assets/vendor/iframe-worker/shim.js",
                   "showcase/officer/templates/volunteer.yml", "showcase/engine/plugin.py"):
        assert needed in names, needed
    assert not [n for n in names if n.startswith("bench/") or "synth" in n or n.endswith("bench.py")]
    # the sample organisation, for `showcase init --sample`; a new project's own templates
    assert {"showcase/sample/mkdocs.yml", "showcase/sample/data/site.yml", "showcase/sample/content/index.md",
            "showcase/officer/templates/project/data/site.yml", "showcase/officer/templates/project/pages.yml"} <= names


@pytest.mark.xdist_group("sample-builds")
def test_a_wheel_outside_the_checkout_builds_the_sample(wheel, sample_site, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    # the dependencies come from this environment's site-packages (a .pth line adds them, without
    # running this checkout's editable-install hook); the package itself only from the wheel
    purelib = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    Path(purelib, "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run([str(py), "-m", "pip", "install", "--no-deps", "--no-index", "-q",
                    "--disable-pip-version-check", str(wheel)], check=True, capture_output=True)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(SHOWCASE_TODAY=TODAY.isoformat(), PYTHONWARNINGS="ignore")
    where = subprocess.run([str(py), "-c", "import showcase; print(showcase.__file__)"], check=True,
                           capture_output=True, text=True, env=env).stdout
    assert where.startswith(str(venv)), where

    org = tmp_path / "org"
    shutil.copytree(REPO / "data", org / "data")
    shutil.copytree(REPO / "content", org / "content")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = "".join(line for line in config.splitlines(keepends=True) if "custom_dir" not in line)
    (org / "mkdocs.yml").write_text(config, encoding="utf-8")
    run = subprocess.run([str(venv / "bin" / "showcase"), "build", "--site-url", SAMPLE_URL], cwd=org, env=env,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "网站已生成" in run.stdout
    # theme_overrides/ holds no product file: the site is the checkout's, byte for byte
    assert differences(sample_site, org / "site") == []
    # the installed tool alone gives the sample organisation (no checkout to copy it from)
    run = subprocess.run([str(venv / "bin" / "showcase"), "init", "try", "--sample"], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    assert differences(REPO / "data", tmp_path / "try" / "data") == []
    assert differences(REPO / "content", tmp_path / "try" / "content") == []


@pytest.mark.xdist_group("sample-builds")
def test_mkdocs_build_makes_the_same_site_as_showcase_build(sample_site, tmp_path):
    project = sample_site.parent
    env = {**os.environ, "SHOWCASE_TODAY": TODAY.isoformat(), "PYTHONWARNINGS": "ignore",
           "NO_MKDOCS_2_WARNING": "1"}
    config = project / "mkdocs-published.yml"  # mkdocs build takes the address from the configuration
    config.write_text((project / "mkdocs.yml").read_text(encoding="utf-8") + f"site_url: {SAMPLE_URL}\n",
                      encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d",
                          str(tmp_path / "site")], cwd=project, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "site" / "en" / "index.html").is_file()  # the second language too
    assert differences(sample_site, tmp_path / "site") == []
