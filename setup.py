"""Packaging beyond pyproject.toml: the sample organisation rides in the wheel.

`showcase init DIR --sample` copies the sample organisation (mkdocs.yml,
data/, content/, theme_overrides/ at the top of this repository). A wheel
has no top level, so building one copies those into showcase/sample/.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
SAMPLE = ("mkdocs.yml", "data", "content", "theme_overrides")


class BuildWithSample(build_py):
    def run(self):
        super().run()
        target = Path(self.build_lib) / "showcase" / "sample"
        shutil.rmtree(target, ignore_errors=True)
        for part in SAMPLE:
            source = HERE / part
            if source.is_dir():
                shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__", ".*"))
            elif source.is_file():
                target.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target / part)


setup(cmdclass={"build_py": BuildWithSample})
