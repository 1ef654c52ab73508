"""The preview server: `showcase serve` and `mkdocs serve` answer at the addresses the guide prints
(http://127.0.0.1:8000/ and /en/), whatever site_url's path, and say what they do in Chinese."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from conftest import TODAY

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="stopped with SIGINT as Ctrl-C does")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return answer.status, answer.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, ""


class Server:
    """A real preview server in a subprocess, its output in a file."""

    def __init__(self, project, *command: str):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}/"
        self.log = project.root.parent / f"serve-{self.port}.log"
        env = {**os.environ, "SHOWCASE_TODAY": TODAY.isoformat(), "PYTHONWARNINGS": "ignore"}
        with open(self.log, "wb") as out:
            self.proc = subprocess.Popen([sys.executable, "-m", *command, "-a", f"127.0.0.1:{self.port}"],
                                         cwd=project.root, env=env, stdout=out, stderr=subprocess.STDOUT)

    @property
    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_for(self, words: str, timeout: float = 240) -> None:
        deadline = time.monotonic() + timeout
        while words not in self.output:
            assert self.proc.poll() is None, self.output
            assert time.monotonic() < deadline, self.output
            time.sleep(0.3)

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)  # Ctrl-C
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise
        return self.proc.returncode


@pytest.fixture
def two_languages(project):
    """The mini project (site_url https://qingxi-zhiyuan.github.io/showcase/) in Chinese and English."""
    project.edit("data/site.yml", "name: 测试志愿服务队", "name: 测试志愿服务队\nlanguages: [zh, en]")
    assert "site_url: https://qingxi-zhiyuan.github.io/showcase/" in project.read("mkdocs.yml")
    return project


def assert_served_at_the_root(server: Server) -> None:
    status, home = get(server.base)
    assert status == 200 and "测试志愿服务队" in home
    status, english = get(server.base + "en/")
    assert status == 200 and '<html lang="en"' in english
    status, alice = get(server.base + "volunteers/alice.html")
    assert status == 200 and "volunteers/cards.js" not in alice and "<h1" in alice
    # the pages' own links point at the root too, not at /showcase/
    missing = get(server.base + "404.html")[1]
    assert 'href="/assets/stylesheets/' in missing and '="/showcase/' not in missing
    assert get(server.base + "showcase/")[0] == 404


def test_showcase_serve_answers_at_the_root_and_speaks_chinese(two_languages):
    server = Server(two_languages, "showcase", "serve")
    try:
        server.wait_for("预览网址")
        assert_served_at_the_root(server)
        two_languages.append("data/wishes.yml", "- wish: 一把雨伞\n  requester: 孤寡老人（石桥村）\n  status: 待认领\n")
        server.wait_for("浏览器会自动刷新")
        assert "一把雨伞" in get(server.base + "wishes/index.html")[1]
    finally:
        code = server.stop()
    out = server.output
    assert code == 0, out
    assert f"预览网址：{server.base}（" in out
    for line in ("正在生成网站……", "网站已生成，用时", "留意这些文件和文件夹的改动", "文件有改动，重新生成……",
                 "已重新生成，浏览器会自动刷新", "预览已停止"):
        assert line in out, line
    for english in ("Serving on", "Building documentation", "Detected file changes", "Reloading browsers",
                    "Shutting down", "Traceback"):
        assert english not in out, english


def test_mkdocs_serve_answers_at_the_root(two_languages):
    server = Server(two_languages, "mkdocs", "serve")
    try:
        server.wait_for("Serving on")
        assert_served_at_the_root(server)
    finally:
        code = server.stop()
    assert code == 0, server.output
    assert f"Serving on {server.base}\n" in server.output


def test_a_rebuild_with_a_broken_mkdocs_yml_says_which_line(project):
    server = Server(project, "showcase", "serve")
    try:
        server.wait_for("预览网址")
        project.edit("mkdocs.yml", "use_directory_urls: false", "use_directory_urls: 不要")
        server.wait_for("重新生成没有成功")
        project.edit("mkdocs.yml", "use_directory_urls: 不要", "use_directory_urls: false")
        server.wait_for("浏览器会自动刷新")  # mended: built again by itself
        assert get(server.base)[0] == 200
    finally:
        server.stop()
    out = server.output
    assert "mkdocs.yml:4 use_directory_urls:" in out and "Traceback" not in out, out


def test_a_broken_mkdocs_yml_is_named_before_serving(project):
    project.edit("mkdocs.yml", "use_directory_urls: false", "use_directory_urls: 不要")
    run = project.run("serve", "-a", f"127.0.0.1:{free_port()}")
    assert run.code == 3
    assert "mkdocs.yml:4 use_directory_urls:" in run.err and "预览没有启动。" in run.err
    assert "Traceback" not in run.text and "Aborted" not in run.text


def test_a_port_in_use_is_said_plainly(project):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = project.run("serve", "-a", f"127.0.0.1:{port}")
    assert run.code == 3, run.text
    assert f"不能在 127.0.0.1:{port} 上预览" in run.err and "Traceback" not in run.text
