"""The GitHub Pages workflow an organisation publishes with (.github/workflows/pages.yml).

zizmor (a static checker for GitHub Actions) reports nothing; the rules the
guide promises hold: actions pinned by commit, no credentials left in the
checkout, permissions per job, the address from GitHub, a daily build at
00:10 Beijing time with "today" in Beijing, the image cache kept.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO

WORKFLOW = REPO / ".github" / "workflows" / "pages.yml"


def zizmor() -> str:
    exe = shutil.which("zizmor") or str(Path(sys.executable).parent / "zizmor")
    if not Path(exe).exists():
        pytest.fail("zizmor is not installed: pip install -e '.[test]'")
    return exe


def load() -> dict:
    return yaml.load(WORKFLOW.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # `on` stays a key


def test_zizmor_finds_nothing():
    proc = subprocess.run([zizmor(), "--offline", "--persona=auditor", "--format=json", str(WORKFLOW)],
                          capture_output=True, text=True, timeout=120)
    findings = json.loads(proc.stdout or "[]")
    assert findings == [], json.dumps(findings, ensure_ascii=False, indent=1)[:3000]


def test_zizmor_would_notice_a_bad_workflow(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text(WORKFLOW.read_text(encoding="utf-8").replace(
        'run: showcase build --site-url "$SITE_URL/"',
        'run: showcase build --site-url "${{ github.event.head_commit.message }}"'), encoding="utf-8")
    proc = subprocess.run([zizmor(), "--offline", "--format=json", str(bad)],
                          capture_output=True, text=True, timeout=120)
    assert any(f["determinations"]["severity"] == "High" for f in json.loads(proc.stdout)), proc.stdout[:2000]


def test_actions_are_pinned_by_commit_with_the_version_beside():
    uses = re.findall(r"uses:\s*(\S+)(.*)", WORKFLOW.read_text(encoding="utf-8"))
    assert len(uses) >= 5
    for action, rest in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), action
        assert re.search(r"#\s*v\d+\.\d+\.\d+", rest), (action, rest)


def test_the_build_the_guide_promises():
    flow = load()
    assert flow["permissions"] == {}
    assert {"schedule", "push", "workflow_dispatch"} <= set(flow["on"])
    assert flow["on"]["schedule"] == [{"cron": "10 16 * * *"}]  # 16:10 UTC is 00:10 in Beijing
    build = flow["jobs"]["build"]
    assert build["env"]["TZ"] == "Asia/Shanghai"
    assert build["permissions"] == {"contents": "read"}
    assert flow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    steps = {s.get("uses", "").split("@")[0] or s.get("name"): s for s in build["steps"]}
    assert steps["actions/checkout"]["with"]["persist-credentials"] == "false"
    assert steps["actions/cache"]["with"]["path"] == ".cache/showcase"
    built = next(s for s in build["steps"] if "showcase build" in s.get("run", ""))
    assert built["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}"
    assert "--site-url" in built["run"]
    assert "pip install ." in "".join(s.get("run", "") for s in build["steps"])


def test_the_cache_folder_is_the_plugins():
    from showcase.engine.plugin import ShowcaseConfig

    assert ShowcaseConfig.cache_dir.default == ".cache/showcase"
