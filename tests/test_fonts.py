"""A Chinese font is found on Windows, macOS and Linux, and a missing one is answered with that system's fix.

The per-system branches run here with the platform patched and fake font
folders holding links to the Noto collection this machine has.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from showcase.images import fonts

NOTO = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")


@pytest.fixture
def machine(monkeypatch, tmp_path):
    """No font anywhere but where the test puts one; the platform is what the test says."""
    if not NOTO.is_file():
        pytest.fail(f"{NOTO} is missing: the tests need fonts-noto-cjk (bash .ci/install-system.sh test)")
    monkeypatch.delenv("SHOWCASE_FONT", raising=False)
    monkeypatch.setattr(fonts, "KNOWN", ())
    monkeypatch.setattr(fonts, "_fontconfig", lambda: [])
    monkeypatch.setattr(fonts, "MAC_FOLDERS", (str(tmp_path / "System/Library/Fonts"), str(tmp_path / "Library/Fonts")))
    monkeypatch.setenv("WINDIR", str(tmp_path / "Windows"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "AppData/Local"))
    fonts.find_font.cache_clear()

    def on(system: str):
        monkeypatch.setattr(fonts, "_system", lambda: system)
        fonts.find_font.cache_clear()

    yield on, tmp_path
    fonts.find_font.cache_clear()


def place(path: Path, target: Path = NOTO) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)
    return path


def test_windows_finds_microsoft_yahei_in_the_system_folder(machine):
    on, root = machine
    on("Windows")
    place(root / "Windows/Fonts/simhei.ttf")
    yahei = place(root / "Windows/Fonts/msyhbd.ttc")
    font = fonts.find_font()
    assert font.path == str(yahei)  # YaHei before SimHei
    assert font.at(20).getname()[0] == "Noto Sans CJK SC"  # the Simplified face of the collection


def test_windows_finds_a_font_installed_for_one_user(machine):
    on, root = machine
    on("Windows")
    user = place(root / "AppData/Local/Microsoft/Windows/Fonts/NotoSansSC-Bold.otf")
    assert fonts.find_font().path == str(user)


def test_macos_finds_pingfang_and_picks_the_simplified_face(machine):
    on, root = machine
    on("Darwin")
    pingfang = place(root / "System/Library/Fonts/PingFang.ttc")
    font = fonts.find_font()
    assert (font.path, font.index) == (str(pingfang), 2)  # face 2 of the collection is SC, bold


def test_a_damaged_font_or_one_without_chinese_glyphs_is_passed_over(machine):
    on, root = machine
    on("Windows")
    broken = root / "Windows/Fonts/msyhbd.ttc"
    broken.parent.mkdir(parents=True)
    broken.write_bytes(b"\0" * 1000)  # a damaged file under YaHei's name
    latin = next(Path("/usr/share/fonts").rglob("DejaVuSans.ttf"), None)
    if latin is not None:
        place(root / "Windows/Fonts/msyh.ttc", latin)  # a font without Chinese glyphs
    simhei = place(root / "Windows/Fonts/simhei.ttf")
    assert fonts.find_font().path == str(simhei)


@pytest.mark.parametrize("system, words", [
    ("Windows", ["微软雅黑", "SHOWCASE_FONT"]),
    ("Darwin", ["苹方", "字体册"]),
])
def test_missing_font_is_answered_with_this_systems_fix(machine, system, words):
    on, _ = machine
    on(system)
    with pytest.raises(fonts.FontMissing) as err:
        fonts.find_font()
    message = err.value.problem.format("zh")
    assert all(w in message for w in words), message
    assert "apt-get" not in message
    assert "Noto Sans SC" in err.value.problem.format("en")


def test_missing_font_on_linux_without_apt(machine, monkeypatch):
    on, _ = machine
    on("Linux")
    monkeypatch.setattr(fonts.shutil, "which", lambda name: None)
    with pytest.raises(fonts.FontMissing) as err:
        fonts.find_font()
    assert "dnf install" in err.value.problem.format("zh")


def test_showcase_font_wins(machine, monkeypatch):
    on, root = machine
    on("Windows")
    place(root / "Windows/Fonts/msyh.ttc")
    chosen = place(root / "elsewhere/my.ttc")
    monkeypatch.setenv("SHOWCASE_FONT", f"{chosen}:2")
    assert (fonts.find_font().path, fonts.find_font().index) == (str(chosen), 2)
