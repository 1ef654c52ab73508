"""Hostile photos: every bad photo file is named by `showcase validate` (file, line, field) as
`showcase build` would name it, in bounded time, never with a traceback, and a failed build
leaves site/ as it was; and every image that reaches site/, from data/ or content/, has lost
its EXIF, GPS, XMP, text and comments."""

from __future__ import annotations

import io
import struct
import time
import zlib
from pathlib import Path

import pytest
from PIL import ExifTags, Image, PngImagePlugin

from showcase.images import photos
from showcase.records import photofile

PHONE = "13912345678"
BOMB = zlib.compress(b"\0" * (16 * 2**20), 9)   # 16 MB of text in 16 KB


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png(size=(40, 30), before_pixels=b"", after_pixels=b"") -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buf, "PNG")
    raw = buf.getvalue()
    iend = raw.rfind(b"IEND") - 4
    return raw[:33] + before_pixels + raw[33:iend] + after_pixels + raw[iend:]  # 33: signature + IHDR


def _jpeg(size=(800, 600)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(buf, "JPEG", quality=90)
    return buf.getvalue()


def _bomb_png() -> bytes:
    """A few dozen bytes declaring 100,000 × 100,000 pixels (ten gigapixels): nothing is allocated."""
    ihdr = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", zlib.compress(b"")) + _chunk(b"IEND", b"")


HOSTILE = {
    # name: (bytes, what validate and build say after “data/volunteers/bob.yml:4 photo: ”)
    "empty.jpg": (lambda: b"", "照片“empty.jpg”是空文件（0 字节）"),
    "truncated.jpg": (lambda: _jpeg()[:3000], "照片“truncated.jpg”不完整：文件在中间断了"),
    "drawing.jpg": (lambda: b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg">'
                    b'<script>alert(1)</script></svg>', "“drawing.jpg”是 SVG 矢量图，不是照片"),
    "page.jpg": (lambda: b"<!DOCTYPE html><html><body>hello</body></html>", "“page.jpg”不是一张能识别的图片"),
    # a HEIC's header and nothing else (a real one is read: see the end of this file)
    "iphone.jpg": (lambda: b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64,
                   "照片“iphone.jpg”已损坏，无法读取。请重新拷贝或导出这张照片"),
    "bomb.png": (_bomb_png, "照片“bomb.png”太大（100000 × 100000 像素，约 10000 百万像素，上限 50 百万像素）"),
    "ztxt-first.png": (lambda: _png(before_pixels=_chunk(b"zTXt", b"Comment\0\0" + BOMB)),
                       "图片“ztxt-first.png”里夹带的文字信息解压后过大（超过 1 MB）"),
    "ztxt-last.png": (lambda: _png(after_pixels=_chunk(b"zTXt", b"Comment\0\0" + BOMB)),
                      "图片“ztxt-last.png”里夹带的文字信息解压后过大（超过 1 MB）"),
    "itxt.png": (lambda: _png(after_pixels=_chunk(b"iTXt", b"Comment\0\x01\0\0\0" + BOMB)),
                 "图片“itxt.png”里夹带的文字信息解压后过大（超过 1 MB）"),
}


def _old_site(project) -> dict:
    project.write("site/index.html", "<p>昨天的网站</p>\n")
    return project.tree()


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_photo_is_named_by_validate_and_build(project, name):
    make, message = HOSTILE[name]
    project.path(f"data/photos/{name}").write_bytes(make())
    project.edit("data/volunteers/bob.yml", "photo: bob.jpg", f"photo: {name}")
    before = _old_site(project)
    for command in ("validate", "build"):
        started = time.monotonic()
        run = project.run(command)
        assert time.monotonic() - started < 10, command
        assert run.code == 1, run.text
        assert f"data/volunteers/bob.yml:4 photo: {message}" in run.text, run.text
        assert "Traceback" not in run.text and "内部出错" not in run.text
    assert project.tree() == before  # the failed build left yesterday's site as it was
    en = project.run("validate", lang="en")
    assert en.code == 1 and "data/volunteers/bob.yml:4 photo: " in en.text and "照片" not in en.text


@pytest.mark.parametrize("where, field", [
    ("data/projects/proj-a.yml", "photos"), ("data/teams/team-a.yml", "logo"),
    ("data/site.yml", "logo"), ("content/stories/2025-06-01-tan.md", "cover")])
def test_every_kind_of_record_photo_is_checked(project, where, field):
    project.path("data/photos/bad.jpg").write_bytes(b"")
    if where.endswith(".md"):
        project.edit(where, "tags: [政策宣讲]", "tags: [政策宣讲]\ncover: bad.jpg")
    else:
        project.append(where, f"{field}: {'[bad.jpg]' if field == 'photos' else 'bad.jpg'}\n")
    run = project.run("validate")
    assert run.code == 1, run.text
    assert f"{where}:" in run.text and f" {field}: 照片“bad.jpg”是空文件" in run.text, run.text


def test_a_photo_used_twice_is_read_once(project, monkeypatch):
    project.edit("data/projects/proj-a.yml", "leader: bob", "leader: bob\nphotos: [bob.jpg]")
    project.append("data/teams/team-a.yml", "logo: bob.jpg\n")
    reads = []
    real = photofile._inspect
    monkeypatch.setattr(photofile, "_seen", {})
    monkeypatch.setattr(photofile, "_inspect", lambda path, size: reads.append(path) or real(path, size))
    _, problems = project.check()
    assert not [p for p in problems if p.code.startswith("photo")]
    assert len(reads) == 1


def test_wrong_extension_is_a_warning(project):
    project.path("data/photos/bob.jpg").write_bytes(_png())
    run = project.run("validate")
    assert run.code == 0, run.text
    assert "data/volunteers/bob.yml:4 photo: [提醒] 照片“bob.jpg”其实是 PNG 格式，扩展名却是 .jpg" in run.text


def test_keep_going_leaves_a_hostile_photo_out(project):
    project.path("data/photos/bob.jpg").write_bytes(HOSTILE["iphone.jpg"][0]())
    run = project.run("build", "--keep-going")
    assert run.code == 0, run.text
    assert "data/volunteers/bob.yml:4 photo: [提醒] 照片“bob.jpg”已损坏，无法读取" in run.text
    assert "data/volunteers/bob.yml:4 photo: [提醒] 因为 --keep-going" in run.text
    assert "vs-avatar" in project.read("site/volunteers/bob.html")


def test_image_stage_names_a_text_bomb_itself(tmp_path):
    """The build's own decoding, a second line behind validate: a message, not a ValueError."""
    source = tmp_path / "bomb.png"
    source.write_bytes(_png(before_pixels=_chunk(b"zTXt", b"Comment\0\0" + BOMB)))
    [result] = photos.PhotoStage(tmp_path / "cache", workers=1).run([photos.PhotoJob("bomb.png", source, "x")])
    assert result.problem and result.problem[0] == "photo.text_bomb" and not result.outputs


def test_limits_are_the_image_stages():
    assert photofile.MAX_PIXELS == photos.MAX_PIXELS and photofile.MAX_BYTES == photos.MAX_BYTES
    assert photofile.FORMATS == photos.FORMATS
    assert set(photofile.SUFFIXES) == photos.IMAGE_SUFFIXES


# -- images beside the pages (content/) ------------------------------------------------------------

def _phone_photo(orientation: int = 1, band: int = 160) -> tuple[Image.Image, Image.Exif]:
    """A picture as a phone takes it: a yellow band along the top edge as it should be seen, and
    EXIF with the orientation, a maker, a phone number in the description and GPS."""
    im = Image.new("RGB", (320, 240), (30, 120, 200))
    im.paste((250, 250, 0), (0, 0, band, 40))
    if orientation == 6:
        im = im.transpose(Image.ROTATE_90)     # stored as the sensor saw it
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "PhoneMaker"
    exif[0x010E] = f"打电话 {PHONE}"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[1], gps[2], gps[3], gps[4] = "N", (26.0, 34.0, 12.5), "E", (107.0, 58.0, 48.0)
    return im, exif


def _gps_jpeg(path: Path, orientation: int = 1) -> bytes:
    im, exif = _phone_photo(orientation)
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">' + PHONE.encode() + b"</x:xmpmeta>"
    im.save(path, "JPEG", quality=90, exif=exif, comment=f"联系 {PHONE}", xmp=xmp)
    return path.read_bytes()


def _assert_clean(data: bytes) -> None:
    assert PHONE.encode() not in data and "联系".encode() not in data
    assert b"Exif\0\0" not in data and b"xmpmeta" not in data and b"PhoneMaker" not in data
    assert struct.pack(">HH", 0x8825, 4) not in data and struct.pack("<HH", 0x8825, 4) not in data  # GPS IFD
    assert struct.pack(">II", 26, 1) not in data and struct.pack("<II", 26, 1) not in data  # 26° N
    with Image.open(io.BytesIO(data)) as im:
        assert not im.getexif() and not im.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert not {"exif", "xmp", "comment", "XML:com.adobe.xmp"} & set(im.info)
        assert not getattr(im, "text", {})


def test_photo_beside_a_story_loses_gps_and_keeps_its_name(project):
    original = _gps_jpeg(project.path("content/stories/field.jpg"))
    project.append("content/stories/2025-06-01-tan.md", "\n![田间](field.jpg)\n")
    run = project.run("build")
    assert run.code == 0, run.text
    assert 'src="field.jpg"' in project.read("site/stories/2025-06-01-tan.html")
    published = project.path("site/stories/field.jpg").read_bytes()
    _assert_clean(published)
    assert project.path("content/stories/field.jpg").read_bytes() == original  # the officer's file untouched
    with Image.open(io.BytesIO(published)) as out, Image.open(io.BytesIO(original)) as src:
        assert out.tobytes() == src.tobytes()  # stripped, not re-encoded: every pixel as it was
    assert project.leaks(PHONE) == []
    again = project.run("build")  # from the cache: the same file
    assert again.code == 0 and project.path("site/stories/field.jpg").read_bytes() == published


def test_sideways_photo_beside_a_story_comes_out_upright(project):
    _gps_jpeg(project.path("content/stories/turned.jpg"), orientation=6)
    assert project.run("build").code == 0
    published = project.path("site/stories/turned.jpg").read_bytes()
    _assert_clean(published)
    with Image.open(io.BytesIO(published)) as out:
        assert out.size == (320, 240)
        r, g, b = out.convert("RGB").getpixel((20, 5))
        assert r > 200 and g > 200 and b < 80  # the yellow band is on top again


def test_png_text_beside_a_page_is_stripped(project):
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", f"联系人电话 {PHONE}")
    info.add_text("Author", PHONE, zip=True)
    info.add_itxt("Description", f"电话 {PHONE}", zip=False)
    Image.new("RGB", (50, 40), (10, 200, 10)).save(project.path("content/map.png"), "PNG", pnginfo=info)
    project.append("content/index.md", "\n![地图](map.png)\n")
    run = project.run("build")
    assert run.code == 0, run.text
    published = project.path("site/map.png").read_bytes()
    _assert_clean(published)
    with Image.open(io.BytesIO(published)) as out:
        assert out.tobytes() == Image.new("RGB", (50, 40), (10, 200, 10)).tobytes()
    assert project.leaks(PHONE) == []


def test_other_formats_beside_a_page_are_stripped(project):
    im = Image.new("RGB", (60, 40), (200, 10, 10))
    exif = Image.Exif()
    exif[0x010E] = PHONE
    im.save(project.path("content/a.webp"), "WEBP", exif=exif, xmp=PHONE.encode())
    im.convert("P").save(project.path("content/b.gif"), "GIF", comment=PHONE.encode())
    im.save(project.path("content/c.tif"), "TIFF", exif=exif)
    assert project.run("build").code == 0
    for name in ("a.webp", "b.gif", "c.tif"):
        data = project.path(f"site/{name}").read_bytes()
        assert PHONE.encode() not in data, name
        with Image.open(io.BytesIO(data)) as out:
            assert out.size == (60, 40) and not {0x010E, 0x8825, 0x8769} & set(out.getexif()), name


@pytest.mark.parametrize("name, message", [
    ("stories/cut.jpg", "content/stories/cut.jpg 照片“content/stories/cut.jpg”不完整"),
    ("stories/iphone.jpg", "content/stories/iphone.jpg 照片“content/stories/iphone.jpg”已损坏，无法读取"),
    ("huge.png", "content/huge.png 照片“content/huge.png”太大（100000 × 100000 像素"),
    ("bomb.png", "content/bomb.png 图片“content/bomb.png”里夹带的文字信息解压后过大"),
])
def test_bad_image_beside_the_pages_is_named(project, name, message):
    data = {"stories/cut.jpg": lambda: _jpeg()[:2500], "stories/iphone.jpg": HOSTILE["iphone.jpg"][0],
            "huge.png": _bomb_png, "bomb.png": HOSTILE["ztxt-last.png"][0]}[name]()
    project.path(f"content/{name}").write_bytes(data)
    before = _old_site(project)
    for command in ("validate", "build", "build --keep-going"):
        started = time.monotonic()
        run = project.run(*command.split())
        assert time.monotonic() - started < 10, command
        assert run.code == 1, run.text
        assert message in run.text, run.text
        assert "Traceback" not in run.text and "内部出错" not in run.text
    assert project.tree() == before


SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">{}</svg>'


@pytest.mark.parametrize("inside, message", [
    ("<script>alert(1)</script>", "里有会运行的内容（<script>）"),
    ('<rect width="5" height="5" onload="alert(1)"/>', "里有会运行的内容（onload=…）"),
    ('<a xlink:href="javascript:alert(1)"><text>x</text></a>', "里有会运行的内容（href=javascript:alert(1)）"),
    ('<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>', "里有会运行的内容（<foreignobject>）"),
    ('<image href="https://tracker.example/p.png" width="5" height="5"/>', "引用了别的网站"),
    ("<style>@import url(https://x.example/a.css);</style>", "引用了别的网站"),
    ('<!DOCTYPE svg [<!ENTITY a "aaaa">]><text>&a;</text>', "读不出来"),
    ('<a href="java&#x09;script:alert(1)"><text>x</text></a>', "里有会运行的内容（href=javascript:alert(1)）"),
    ('<rect width="5" height="5"><set attributeName="onmouseover" to="alert(1)"/></rect>',
     "里有会运行的内容（<set attributeName=onmouseover>）"),
    ('<a><animate attributeName="href" values="javascript:alert(1)"/><text>x</text></a>',
     "里有会运行的内容（<animate attributeName=href>）"),
])
def test_an_svg_beside_the_pages_that_would_run_or_fetch_is_refused(project, inside, message):
    assert project.run("build").code == 0
    before = project.tree()
    body = SVG.format(inside)
    if inside.startswith("<!DOCTYPE"):
        body = inside.split("]>")[0] + "]>" + SVG.format(inside.split("]>")[1])
    project.write("content/stories/logo.svg", body)
    for command in ("validate", "build"):
        run = project.run(command)
        assert run.code == 1, run.text
        assert f"content/stories/logo.svg 这张 SVG 图{message}" in run.text, run.text
    assert project.tree() == before


def test_a_plain_svg_beside_the_pages_is_published(project):
    project.write("content/stories/logo.svg", SVG.format('<circle cx="5" cy="5" r="4" fill="#c00"/>'))
    run = project.run("build")
    assert run.code == 0, run.text
    assert project.path("site/stories/logo.svg").is_file()


# -- iPhone photos (HEIC), read through pillow-heif -----------------------------------------------

def _heic(path: Path, orientation: int = 1) -> bytes:
    """A real HEIC as pillow-heif writes it, like an iPhone's: EXIF with GPS and a maker, and a
    yellow band along the top of the picture as it should be seen."""
    import pillow_heif

    im, exif = _phone_photo(orientation, band=320)
    pillow_heif.from_pillow(im).save(path, quality=70, exif=exif.tobytes())
    data = path.read_bytes()
    assert data[4:12] == b"ftypheic" and PHONE.encode() in data  # the GPS and the phone are in it
    return data


def _upright(data: bytes) -> None:
    with Image.open(io.BytesIO(data)) as out:
        assert out.format in ("JPEG", "WEBP")
        r, g, b = out.convert("RGB").getpixel((out.width // 2, 3))
        assert r > 200 and g > 200 and b < 80, (r, g, b)  # the yellow band is on top
        r, g, b = out.convert("RGB").getpixel((out.width // 2, out.height - 3))
        assert b > 150 and r < 80, (r, g, b)


@pytest.mark.parametrize("name, orientation", [("bob.heic", 1), ("bob-iphone.jpg", 6)])
def test_an_iphone_heic_photo_is_published_as_webp_and_jpeg_without_gps(project, name, orientation):
    _heic(project.path(f"data/photos/{name}"), orientation)
    project.edit("data/volunteers/bob.yml", "photo: bob.jpg", f"photo: {name}")
    run = project.run("validate")
    assert run.code == 0, run.text
    if name.endswith(".jpg"):  # a HEIC named .jpg: used all the same, the name pointed out
        assert "照片“bob-iphone.jpg”其实是 HEIF 格式，扩展名却是 .jpg。网站照常使用" in run.text
    run = project.run("build")
    assert run.code == 0, run.text
    published = sorted(project.path("site/images/photos").rglob("*"))
    outputs = [p for p in published if p.is_file()]
    assert {p.suffix for p in outputs} == {".webp", ".jpg"}
    assert "bob" in project.read("site/volunteers/bob.html") and "vs-avatar" not in project.read(
        "site/volunteers/bob.html").split("<main", 1)[-1].split("</article>", 1)[0]
    for path in outputs:
        data = path.read_bytes()
        _assert_clean(data)
        _upright(data)
    assert project.leaks(PHONE) == []


def test_an_iphone_heic_beside_a_story_is_published_as_a_clean_jpeg(project):
    _heic(project.path("content/stories/field.jpg"), orientation=6)
    project.append("content/stories/2025-06-01-tan.md", "\n![田间](field.jpg)\n")
    run = project.run("build")
    assert run.code == 0, run.text
    published = project.path("site/stories/field.jpg").read_bytes()
    assert published[:3] == b"\xff\xd8\xff"  # a JPEG every browser shows, WeChat's too
    _assert_clean(published)
    _upright(published)
    assert project.leaks(PHONE) == []


def test_a_broken_heic_is_named_as_damaged(project):
    project.path("data/photos/bob.heic").write_bytes(HOSTILE["iphone.jpg"][0]())
    project.edit("data/volunteers/bob.yml", "photo: bob.jpg", "photo: bob.heic")
    for command in ("validate", "build"):
        run = project.run(command)
        assert run.code == 1, run.text
        assert "data/volunteers/bob.yml:4 photo: " in run.text and "已损坏" in run.text, run.text
        assert "Traceback" not in run.text


def test_without_pillow_heif_a_heic_is_refused_with_how_to_convert_it(monkeypatch, tmp_path):
    """The hint stays for an installation without pillow-heif: the one place that decides."""
    monkeypatch.setattr(photofile, "HEIF", False)
    raw = HOSTILE["iphone.jpg"][0]()
    assert photofile.decodable(raw) == "heic"
    monkeypatch.setattr(photos, "HEIF", False)
    source = tmp_path / "a.heic"
    source.write_bytes(raw)
    [result] = photos.PhotoStage(tmp_path / "cache", workers=1).run([photos.PhotoJob("a.heic", source, "x")])
    assert result.problem[0] == "photo.heic"


@pytest.mark.parametrize("name, message", [
    ("stories/page.xhtml", "content/stories/page.xhtml content/ 里的 .xhtml 文件会原样发布"),
    ("old.html", "content/old.html content/ 里的 .html 文件会原样发布"),
    ("feed.xml", "content/feed.xml content/ 里的 .xml 文件会原样发布"),
    ("stories/g.jfif", "content/stories/g.jfif 这种图片格式（.jfif）不能去掉拍摄地点等信息就发布"),
])
def test_a_file_in_content_that_would_run_or_keep_its_gps_is_refused(site_project, name, message):
    if name.endswith(".jfif"):
        _gps_jpeg(site_project.path("content/" + name))
    else:
        site_project.write("content/" + name, "<html><body><script>alert(1)</script></body></html>")
    site_project.refused(message)


def test_a_link_back_up_in_content_is_named_not_followed_for_ever(site_project):
    site_project.path("content/stories/up").symlink_to("..")
    started = time.monotonic()
    site_project.refused("content/stories/up 这是指向它自己所在文件夹（或上级文件夹）的快捷方式")
    assert time.monotonic() - started < 60
