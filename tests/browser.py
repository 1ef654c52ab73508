"""Headless Chromium (Debian's package) driven by Playwright, and a local server.

`playwright install` cannot download a browser here, so the system's
/usr/bin/chromium is used; the flags keep it from calling Google's services.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import os
import shutil
import threading
from pathlib import Path

CHROMIUM = os.environ.get("SHOWCASE_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-default-apps"]
SUBPATH = "showcase"


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files with gzip for text, as GitHub Pages and a usual nginx serve them."""

    COMPRESS = (".html", ".css", ".js", ".json", ".xml", ".svg", ".csv", ".txt")

    def log_message(self, *args):  # keep test output clean
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if (not path.endswith(self.COMPRESS) or "gzip" not in self.headers.get("Accept-Encoding", "")
                or not os.path.isfile(path)):
            return super().send_head()
        with open(path, "rb") as fh:
            body = gzip.compress(fh.read(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return io.BytesIO(body)


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        import sys

        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)  # a browser hanging up is not an error


class SiteServer:
    """Serves a built site under /showcase/ on 127.0.0.1, as GitHub Pages would."""

    def __init__(self, site: Path, root: Path):
        root.mkdir(parents=True, exist_ok=True)
        link = root / SUBPATH
        if not link.exists():
            link.symlink_to(site, target_is_directory=True)
        handler = functools.partial(_Handler, directory=str(root))
        self.httpd = _Server(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/{SUBPATH}/"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)


def external_blocker(page, attempts: list):
    """Block and record every request that would leave the machine."""

    def route(r):
        url = r.request.url
        if url.startswith(("http://127.0.0.1", "file://", "data:", "blob:", "about:")):
            r.continue_()
        else:
            attempts.append(url)
            r.abort()

    page.route("**/*", route)
