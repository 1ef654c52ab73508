"""The image pipeline as a reader and an officer meet it: upright photos without
metadata, real Chinese glyphs, QR codes that scan, a cache that does no work twice,
and a clear message for every bad photo."""

from __future__ import annotations

import json
import re
import struct
from pathlib import Path

import pytest
from PIL import ExifTags, Image, ImageDraw

from showcase.images import CardStage, PhotoJob, PhotoStage, find_font, job
from showcase.images import draw as draws
from showcase.images import fonts as fonts_mod

GREEN, RED, BLUE = (0, 160, 0), (220, 0, 0), (0, 0, 220)


def upright_test_image() -> Image.Image:
    """300×400 portrait: a green band on top, red left half and blue right half below."""
    im = Image.new("RGB", (300, 400), RED)
    d = ImageDraw.Draw(im)
    d.rectangle((150, 100, 299, 399), fill=BLUE)
    d.rectangle((0, 0, 299, 99), fill=GREEN)
    return im


def save_as_phone(upright: Image.Image, path: Path, orientation: int, gps: bool = True) -> None:
    """Stored the way a phone stores it: pixels in sensor orientation, plus the EXIF tag."""
    stored = {1: upright, 3: upright.transpose(Image.ROTATE_180),
              6: upright.transpose(Image.ROTATE_90), 8: upright.transpose(Image.ROTATE_270)}[orientation]
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "PhoneMaker"
    if gps:
        g = exif.get_ifd(ExifTags.IFD.GPSInfo)
        g[1], g[2], g[3], g[4] = "N", (26.0, 34.0, 12.5), "E", (107.0, 58.0, 48.0)
    path.parent.mkdir(parents=True, exist_ok=True)
    stored.save(path, "JPEG", quality=95, exif=exif, icc_profile=b"")


def close(a, b, tolerance=40) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b))


@pytest.mark.parametrize("orientation", [1, 3, 6, 8])
def test_photos_come_out_upright(tmp_path, orientation):
    src = tmp_path / "photos" / f"p{orientation}.jpg"
    save_as_phone(upright_test_image(), src, orientation)
    [result] = PhotoStage(tmp_path / "cache", workers=1).run([PhotoJob(src.name, src, src.name, "square", (0.5, 0.0))])
    assert result.problem is None
    largest = next(Path(f) for f, site in result.outputs if site.endswith("-320.jpg") or site.endswith("-300.jpg"))
    with Image.open(largest) as out:
        w, h = out.size
        assert w == h  # square for faces
        rgb = out.convert("RGB")
        assert close(rgb.getpixel((w // 2, h // 10)), GREEN)
        assert close(rgb.getpixel((w // 10, h * 2 // 3)), RED)
        assert close(rgb.getpixel((w * 9 // 10, h * 2 // 3)), BLUE)


METADATA = {"exif", "icc_profile", "xmp", "XML:com.adobe.xmp", "comment"}


def _commented(path: Path, icc: bool) -> None:
    """A camera-app JPEG: a comment (which may name the device or the editor), XMP, maybe a profile."""
    from PIL import ImageCms

    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes() if icc else None
    path.parent.mkdir(parents=True, exist_ok=True)
    upright_test_image().resize((1200, 1600)).save(
        path, "JPEG", comment=b"cmp3.10.3.2Lq3 0x756 PhoneMaker", xmp=b"<x:xmpmeta>PhoneMaker</x:xmpmeta>",
        **({"icc_profile": profile} if profile else {}))


SOURCES = {
    "exif-gps": lambda path: save_as_phone(upright_test_image().resize((1200, 1600)), path, 6),
    "comment-icc-xmp": lambda path: _commented(path, icc=True),
    "comment-no-icc": lambda path: _commented(path, icc=False),
}


@pytest.mark.parametrize("source", sorted(SOURCES))
def test_no_metadata_survives(tmp_path, source):
    src = tmp_path / "photos" / "meta.jpg"
    SOURCES[source](src)
    with Image.open(src) as check:  # the input does carry what must not be published
        assert check.getexif().get_ifd(ExifTags.IFD.GPSInfo) or check.info.get("comment")
    [result] = PhotoStage(tmp_path / "cache", workers=1).run([PhotoJob("meta.jpg", src, "meta.jpg", "wide")])
    assert len(result.outputs) == 6  # three widths, WebP and JPEG
    for cache_file, site_path in result.outputs:
        data = Path(cache_file).read_bytes()
        for secret in (b"Exif", b"GPS", b"PhoneMaker", b"cmp3.10", b"xmpmeta"):
            assert secret not in data, (site_path, secret)
        with Image.open(cache_file) as out:
            assert not out.getexif(), site_path
            assert not METADATA & set(out.info), (site_path, out.info)


def test_sample_photos_in_the_built_site_have_no_exif(sample_site):
    outputs = [p for p in sample_site.rglob("*") if p.suffix in (".jpg", ".jpeg", ".webp", ".png")]
    assert len(outputs) > 30
    assert any(p.parts[-3:-1] == ("posters", "volunteers") for p in outputs)
    for path in outputs:
        with Image.open(path) as im:
            assert not im.getexif(), path
            assert not METADATA & set(im.info), (path, im.info)
    # the sample's own phone photo (EXIF orientation 6, GPS) appears upright: a portrait crop
    profile = (sample_site / "volunteers/lin-feng.html").read_text(encoding="utf-8")
    assert 'srcset="../images/photos/' in profile and 'width="320" height="320"' in profile


def test_responsive_markup(sample_site):
    html = (sample_site / "projects/jiankang-zhitongche.html").read_text(encoding="utf-8")
    assert '<source type="image/webp" srcset="../images/photos/' in html
    assert " 320w, " in html and " 1280w" in html and 'loading="lazy"' in html
    assert 'width="320" height="240"' in html


def test_cjk_font_draws_real_glyphs():
    font = find_font()
    assert fonts_mod.has_glyphs(font.path, font.index, "谭小明政策法规宣传员，服务时长五星志愿者")
    dejavu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    if Path(dejavu).exists():
        assert not fonts_mod.has_glyphs(dejavu, 0, "谭小明")  # a Latin font would draw tofu


SITE_URL = "https://qingxi-zhiyuan.github.io/showcase/"
IMAGE_REF = re.compile(r'(?:href|src|content)="([^"]+\.(?:png|jpe?g|webp))"|srcset="([^"]+)"')


def image_refs(site: Path) -> list[tuple[Path, str, Path]]:
    """(page, reference, file it names) for every image a built page links to, og:image included."""
    found = []
    for page in site.rglob("*.html"):
        for m in IMAGE_REF.finditer(page.read_text(encoding="utf-8")):
            refs = [m.group(1)] if m.group(1) else [c.split()[0] for c in m.group(2).split(",")]
            for ref in refs:
                if ref.startswith((SITE_URL, "/showcase/")):
                    target = site / ref.split("/showcase/", 1)[1]
                elif ref.startswith(("http:", "https:", "data:", "//")):
                    continue
                else:
                    target = (page.parent / ref.split("#")[0].split("?")[0]).resolve()
                found.append((page, ref, target))
    return found


def _no_font_build(project, monkeypatch, *args):
    """`showcase build` in this process, on a machine without a CJK font."""
    from click.testing import CliRunner

    import showcase.images
    from showcase import cli

    def missing():
        raise fonts_mod.FontMissing()

    monkeypatch.setattr(showcase.images, "find_font", missing)
    monkeypatch.chdir(project.root)
    monkeypatch.setenv("SHOWCASE_TODAY", "2026-11-24")
    return CliRunner().invoke(cli.main, ["build", *args])


def test_font_missing_gives_the_fix(monkeypatch, project):
    monkeypatch.setattr(fonts_mod, "KNOWN", ())
    monkeypatch.setattr(fonts_mod, "_fontconfig", lambda: [])
    fonts_mod.find_font.cache_clear()
    try:
        with pytest.raises(fonts_mod.FontMissing) as err:
            fonts_mod.find_font()
        assert "sudo apt-get install fonts-noto-cjk" in err.value.problem.format("zh")
        assert "fonts-noto-cjk" in err.value.problem.format("en")
    finally:
        fonts_mod.find_font.cache_clear()
    # the build stops, naming the fix, and leaves no site with links to posters never drawn
    run = _no_font_build(project, monkeypatch)
    assert run.exit_code not in (0, None), run.output
    assert "sudo apt-get install fonts-noto-cjk" in run.output and "Traceback" not in run.output
    assert not project.path("site").exists()
    # with --keep-going it warns, and builds pages that link to no missing image
    run = _no_font_build(project, monkeypatch, "--keep-going")
    assert run.exit_code == 0, run.output
    assert "sudo apt-get install fonts-noto-cjk" in run.output
    site = project.path("site")
    assert not (site / "posters").exists() and not (site / "images/social").exists()
    assert [(p.name, ref) for p, ref, target in image_refs(site) if not target.is_file()] == []
    bob = project.read("site/volunteers/bob.html")
    assert "posters/" not in bob and 'property="og:image"' not in bob and 'name="twitter:image"' not in bob


def test_line_breaking_keeps_punctuation_off_line_starts():
    font = find_font().at(40)
    text = "党员就是要把群众的事当成自己的事，群众的小事就是我们的大事。服务无止境，奉献永不停。"
    for width in range(200, 900, 37):
        lines = draws.wrap(text, font, width)
        assert "".join(lines) == text
        for line in lines:
            assert font.getlength(line) <= width + font.size  # a pulled-down character may overhang
            assert line[0] not in draws.NO_START
    short = draws.wrap(text, font, 300, max_lines=2)
    assert len(short) == 2 and short[-1].endswith("…")


def test_avatars_are_deterministic(tmp_path):
    font = find_font()
    a = draws.avatar("tan-xiaoming", "谭小明", 200, font)
    b = draws.avatar("tan-xiaoming", "谭小明", 200, font)
    assert a.tobytes() == b.tobytes()
    assert draws.avatar("li-guifang", "李桂芳", 200, font).tobytes() != a.tobytes()
    a.save(tmp_path / "a.png")
    b.save(tmp_path / "b.png")
    assert (tmp_path / "a.png").read_bytes() == (tmp_path / "b.png").read_bytes()
    # the character is drawn: white pixels in the middle, the id's colour at the corner
    assert a.getpixel((2, 2)) == draws.hex_rgb("#005fa3") or a.getpixel((2, 2)) != (255, 255, 255)
    assert any(a.getpixel((x, 100)) == (255, 255, 255) for x in range(60, 140))


def test_poster_qr_code_decodes_to_the_page_url(sample_site):
    zxingcpp = pytest.importorskip("zxingcpp")
    for poster, url in (("posters/volunteers/tan-xiaoming.png",
                         "https://qingxi-zhiyuan.github.io/showcase/volunteers/tan-xiaoming.html"),
                        ("posters/honors/2025.png", "https://qingxi-zhiyuan.github.io/showcase/honors/2025.html")):
        with Image.open(sample_site / poster) as im:
            assert im.size == (1080, 1920)
            found = [r.text for r in zxingcpp.read_barcodes(im)]
        assert found == [url]


def test_poster_text_is_set_in_a_cjk_font(sample_site, tmp_path):
    # Drawn again with the name swapped for characters no font has, the poster must change
    # where the name is: tofu boxes would look alike for any text.
    font = find_font()
    from showcase.images.cards import volunteer_poster

    data = {"site": "青溪县", "title": "志愿者风采", "name": "谭小明", "stars": 5, "star_label": "五星志愿者",
            "org": "孟溪镇", "post": "宣传员", "motto": "为人民服务", "figures": [["服务时长", "100", "小时"]],
            "face": {"id": "x", "name": "谭小明", "photo": None}, "url": None, "footer": "青溪县"}
    real = volunteer_poster(data, font, font).crop((0, 740, 1080, 880))
    tofu = volunteer_poster({**data, "name": "\U0010fffd\U0010fffd\U0010fffd"}, font, font).crop((0, 740, 1080, 880))
    other = volunteer_poster({**data, "name": "李桂芳"}, font, font).crop((0, 740, 1080, 880))
    assert real.tobytes() != tofu.tobytes() and real.tobytes() != other.tobytes()
    assert real.getbbox() is not None


def test_honors_poster_says_how_many_awards_did_not_fit(monkeypatch):
    # A county list can hold dozens of awards; the poster must not end mid-list in silence.
    from showcase.images.cards import honors_poster

    drawn = []
    real_text = ImageDraw.ImageDraw.text
    monkeypatch.setattr(ImageDraw.ImageDraw, "text",
                        lambda self, xy, text, *a, **k: drawn.append(text) or real_text(self, xy, text, *a, **k))
    font = find_font()
    awards = [{"title": f"第{i}项表彰", "names": ["谭小明", "李桂芳"]} for i in range(1, 21)]
    honors_poster({"site": "青溪县", "title": "2025年度表彰", "awards": awards, "notice": "",
                   "more": "……另有 {n} 项表彰，扫码查看全部", "url": None, "footer": "青溪县"}, font, font)
    shown = [a["title"] for a in awards if a["title"] in drawn]
    assert 3 <= len(shown) < 20 and shown == [a["title"] for a in awards[:len(shown)]]
    assert f"……另有 {20 - len(shown)} 项表彰，扫码查看全部" in drawn


LONG = {"site": "青溪县孟溪镇党员志愿服务总队新时代文明实践中心站", "name": "阿卜杜热西提·阿卜杜拉江",
        "title": "新时代文明实践优秀志愿者风采展示暨年度先进典型宣传"}


@pytest.mark.parametrize("kind", ["volunteer", "honors"])
def test_long_texts_stay_on_the_poster(monkeypatch, kind):
    # a 24-character organisation and a long Uyghur name are shrunk, then wrapped: never cut off
    from showcase.images.cards import DARK_RED, PAPER, RED, honors_poster, volunteer_poster

    assert len(LONG["site"]) == 24
    drawn = []
    real_text = ImageDraw.ImageDraw.text
    monkeypatch.setattr(ImageDraw.ImageDraw, "text",
                        lambda self, xy, text, *a, **k: drawn.append(text) or real_text(self, xy, text, *a, **k))
    font = find_font()
    if kind == "volunteer":
        im = volunteer_poster({**LONG, "stars": 5, "star_label": "五星志愿者", "org": "孟溪镇", "post": "宣传员",
                               "motto": "为人民服务", "figures": [["服务时长", "100", "小时"]], "face": None,
                               "url": None, "footer": "青溪县"}, font, font)
        texts = ("site", "title", "name")
    else:
        im = honors_poster({**LONG, "awards": [{"title": "优秀志愿者", "names": [LONG["name"]]}], "notice": "",
                            "more": "", "url": None, "footer": "青溪县"}, font, font)
        texts = ("site", "title")
    for key in texts:
        assert LONG[key] in "".join(drawn), key  # every character is drawn, nothing elided
    for edge in ((0, 0, 20, im.height), (im.width - 20, 0, im.width, im.height)):  # no ink in the margins
        assert {colour for _, colour in im.crop(edge).getcolors(1 << 16)} <= {PAPER, RED, DARK_RED}


def test_build_summary_counts_images(project):
    run = project.run("build")
    assert run.code == 0, run.text
    site = project.path("site")
    files = [p for p in site.rglob("*") if p.suffix in (".png", ".jpg", ".webp") and "assets" not in p.parts]
    assert len(files) > 10
    summary = re.search(r"网站已生成：(\d+) 个页面，(\d+) 张图片（本次新绘制 (\d+) 张），\d+ 条提醒，用时 [\d.]+ 秒。", run.out)
    assert summary, run.out
    assert int(summary[2]) == len(files) == int(summary[3])  # a cold cache: everything drawn
    again = project.run("build", lang="en")
    assert again.code == 0, again.text
    assert re.search(rf"Site built: \d+ pages, {len(files)} images \(0 newly drawn\), \d+ warnings, [\d.]+ s\.",
                     again.out), again.out


def test_every_page_has_a_preview_card(sample_site):
    pages = [p for p in sample_site.rglob("*.html") if p.name != "404.html"
             and "wechat" not in p.relative_to(sample_site).parts]  # 公众号 articles are not pages
    kinds = {p.relative_to(sample_site).parts[0] for p in pages if len(p.relative_to(sample_site).parts) > 1}
    assert {"volunteers", "teams", "projects", "stories", "honors", "stats", "organizations", "wishes"} <= kinds
    cards = set()
    for page in pages:
        html = page.read_text(encoding="utf-8")
        meta = dict(re.findall(r'<meta (?:property|name)="((?:og|twitter):[a-z:]+)" content="([^"]*)"', html))
        assert meta.get("og:title") and meta.get("twitter:card") == "summary_large_image", page
        assert meta["og:image"].startswith(SITE_URL) and meta["twitter:image"] == meta["og:image"], page
        card = sample_site / meta["og:image"][len(SITE_URL):]
        assert card.is_file(), (page, card)
        cards.add(card)
    for card in cards:
        with Image.open(card) as im:
            assert im.format == "PNG" and im.size == (1200, 630), card
    assert [(p.name, ref) for p, ref, target in image_refs(sample_site) if not target.is_file()] == []


def _corner_photo(path: Path) -> None:
    """1600×800, red with a blue block in the top right corner."""
    im = Image.new("RGB", (1600, 800), RED)
    ImageDraw.Draw(im).rectangle((1400, 0, 1599, 199), fill=BLUE)
    path.parent.mkdir(parents=True, exist_ok=True)
    im.save(path, "JPEG", quality=95)


def test_focal_point_moves_the_crop(project, tmp_path):
    _corner_photo(project.path("data/photos/bob.jpg"))
    # by default a face is cropped around the upper centre: the corner is left out
    [plain] = PhotoStage(tmp_path / "cache", workers=1).run(
        [PhotoJob("bob.jpg", project.path("data/photos/bob.jpg"), "bob.jpg", "square")])
    with Image.open(next(f for f, site in plain.outputs if site.endswith("-640.jpg"))) as im:
        assert close(im.getpixel((600, 40)), RED)
    project.edit("data/volunteers/bob.yml", "photo: bob.jpg\n", "photo: bob.jpg\nphoto_focus: [0.95, 0.1]\n")
    assert project.run("build").code == 0
    [out] = project.path("site/images/photos").rglob("*-640.jpg")
    with Image.open(out) as im:
        assert im.size == (640, 640)
        assert close(im.getpixel((600, 40)), BLUE) and close(im.getpixel((600, 300)), RED)
        assert close(im.getpixel((40, 40)), RED)


def test_the_cache_does_no_work_twice(project):
    def build() -> tuple[int, int]:
        """Images published and newly drawn, as the summary tells the officer."""
        run = project.run("build")
        assert run.code == 0, run.text
        published, drawn = re.search(r"(\d+) 张图片（本次新绘制 (\d+) 张）", run.text).groups()
        return int(published), int(drawn)

    files, drawn = build()
    photo_files = len(list(project.path("site/images/photos").rglob("*.*")))  # bob's photo at every width
    assert photo_files >= 2 and drawn > photo_files + 5  # the photo's files (WebP and JPEG), posters, cards
    assert build() == (files, 0)
    # a changed photo redoes only its own files and the one or two cards and posters that show it
    from conftest import make_photo

    make_photo(project.path("data/photos/bob.jpg"), colour=(0, 120, 0))
    published, drawn = build()
    assert published == files and photo_files < drawn <= photo_files + 2


def test_removed_photo_leaves_nothing_behind(project):
    assert project.run("build").code == 0
    old = list(project.path("site/images/photos").rglob("*.jpg"))
    assert old
    project.edit("data/volunteers/bob.yml", "photo: bob.jpg\n", "")
    assert project.run("build").code == 0
    assert not project.path("site/images/photos").exists() or not list(project.path("site/images/photos").rglob("*"))
    assert 'class="vs-profile__face vs-avatar' in project.read("site/volunteers/bob.html")


def test_photo_without_photo_consent_is_not_copied(project):
    project.edit("data/volunteers/bob.yml", "consent: {publish: true, photo: true}", "consent: {publish: true, photo: false}")
    assert project.run("build").code == 0
    assert not project.path("site/images/photos").exists()
    assert "vs-avatar" in project.read("site/volunteers/bob.html")


# -- bad photos -------------------------------------------------------------------------

def _truncated(path: Path):
    upright_test_image().resize((800, 600)).save(path, "JPEG")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _not_an_image(path: Path):
    path.write_text("这不是照片", encoding="utf-8")


def _heic(path: Path):
    path.write_bytes(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64)


def _cmyk(path: Path):
    Image.new("CMYK", (400, 300), (0, 255, 255, 0)).save(path, "JPEG")


def _png16(path: Path):
    Image.new("I;16", (400, 300), 40000).save(path, "PNG")


def _palette(path: Path):
    im = Image.new("P", (400, 300), 0)
    im.putpalette([255, 0, 0] * 256)
    im.info["transparency"] = 0
    im.save(path, "PNG", transparency=0)


def _gif(path: Path):
    frames = [Image.new("RGB", (200, 200), c) for c in (RED, GREEN, BLUE)]
    frames[0].save(path, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)


def _huge(path: Path):
    # 15,000 × 15,000: beyond Pillow's own guard (twice the limit), which refuses to open it
    Image.new("1", (15000, 15000), 0).save(path, "PNG")


def _bomb(path: Path):
    # 10,000 × 10,000 one-bit pixels: 100 megapixels in a few kilobytes
    Image.new("1", (10000, 10000), 0).save(path, "PNG")


BAD = {  # errors: what validate (and the build's check before it draws anything) says of the photo
    "truncated": (_truncated, "error", "照片“truncated.jpg”不完整"),
    "not-an-image": (_not_an_image, "error", "“not-an-image.jpg”不是一张能识别的图片"),
    "heic": (_heic, "error", "照片“heic.jpg”已损坏，无法读取"),  # a HEIC header with no picture behind it
    "bomb": (_bomb, "error", "照片“bomb.png”太大（10000 × 10000 像素，约 100 百万像素，上限 50 百万像素）"),
    "huge": (_huge, "error", "照片“huge.png”太大（15000 × 15000 像素，约 225 百万像素，上限 50 百万像素）"),
    "animated": (_gif, "warning", "这是动图（3 帧），网站只用第一帧"),
    "cmyk": (_cmyk, None, None),
    "png16": (_png16, None, None),
    "palette": (_palette, None, None),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_photos(project, case):
    make, severity, message = BAD[case]
    name = f"{case}.{'png' if case in ('png16', 'palette', 'bomb', 'huge') else 'gif' if case == 'animated' else 'jpg'}"
    make(project.path(f"data/photos/{name}"))
    project.edit("data/volunteers/bob.yml", "photo: bob.jpg", f"photo: {name}")
    run = project.run("build")
    if severity == "error":
        assert run.code == 1, run.text
        assert f"data/volunteers/bob.yml:4 photo: {message}" in run.err
        assert "发现 1 处错误" in run.err and "Traceback" not in run.text
        assert f"data/volunteers/bob.yml:4 photo: {message}" in project.run("validate").err
        kept = project.run("build", "--keep-going")
        assert kept.code == 0, kept.text
        assert f"data/volunteers/bob.yml:4 photo: [提醒] 因为 --keep-going" in kept.text
        assert "vs-avatar" in project.read("site/volunteers/bob.html")
    else:
        assert run.code == 0, run.text
        if message:
            assert f"data/photos/{name} [提醒] {message}" in run.err
        html = project.read("site/volunteers/bob.html")
        assert "vs-avatar" not in html.split("vs-profile__face")[1][:60]  # the photo is shown
        jpg = next(project.path("site/images/photos").rglob("*-160.jpg"), None) or \
            next(project.path("site/images/photos").rglob("*.jpg"))
        with Image.open(jpg) as out:
            assert out.mode == "RGB"


def test_every_bad_photo_is_listed_at_once(project):
    _truncated(project.path("data/photos/a.jpg"))
    _not_an_image(project.path("data/photos/b.jpg"))
    project.edit("data/volunteers/bob.yml", "photo: bob.jpg", "photo: a.jpg")
    project.edit("data/projects/proj-a.yml", "leader: bob", "leader: bob\nphotos: [b.jpg]")
    run = project.run("build")
    assert run.code == 1
    assert "data/volunteers/bob.yml:4 photo: 照片“a.jpg”" in run.err and "data/projects/proj-a.yml:6 photos: “b.jpg”" in run.err
    assert "发现 2 处错误" in run.err


def test_the_organisations_logo_comes_from_site_yml(project):
    """site.yml's `logo` is the header's logo and the tab's icon, made like any photo (stripped)."""
    from bs4 import BeautifulSoup

    project.append("data/site.yml", "logo: bob.jpg\n")
    run = project.run("build")
    assert run.code == 0, run.text
    page = BeautifulSoup(project.read("site/index.html"), "html.parser")
    logo = page.select_one("a.md-logo img")["src"]
    icon = page.select_one('link[rel="icon"]')["href"]
    assert logo == icon and logo.startswith("images/photos/") and logo.endswith(".jpg")
    with Image.open(project.path("site") / logo) as im:
        assert im.width == im.height <= 160 and not im.getexif() and "exif" not in im.info
    # without it, the package's own emblem
    project.edit("data/site.yml", "logo: bob.jpg\n", "")
    assert project.run("build").code == 0
    page = BeautifulSoup(project.read("site/index.html"), "html.parser")
    assert page.select_one("a.md-logo img")["src"] == "assets/showcase/logo.svg"
