"""Page bodies remembered between builds: exact by construction, and checked.

A generated page's body is one template rendered over one view at one path, in an environment that
is the same for every page of a build (the language, the organisation's name, our templates and the
organisation's overrides of them, our code). The memo keys a body by a digest of all of that: the
view is serialised only when it is made of plain values (dicts, lists, sets, text, numbers, dates,
Markup), whose pickle says everything they hold; a view with anything else is rendered every time. So a body comes back
only for the same inputs, and a warm build or a `serve` rebuild renders just the pages whose view
changed.

Should an input ever be missed all the same, the memo finds out: the first body it gives back for
each template is rendered again and compared, and on a difference the memo is dropped for the build
and emptied (the caller renders again what it had served; see `needs_check` and `drop`).

The bodies live in one SQLite file in the build cache, one scope per language, pruned to the pages
of the last build; beside them, the HTML of the records' Markdown (site/markup.py), by the version of
our code and libraries.
"""

from __future__ import annotations

import hashlib
import io
import pickle
import sqlite3
from datetime import date, datetime
from pathlib import Path

from markupsafe import Markup

SCHEMA = 1


class _Refused(Exception):
    pass


class _PlainPickler(pickle.Pickler):
    """A pickle of plain values only. Dicts, lists, tuples, sets, text, numbers, None and booleans
    are pickled by Python itself, whole; of anything else only dates and Markup are let through
    (their pickle holds all they are); any other object (a record, a function, a subclass of dict)
    might not say in its pickle everything a template can read of it, so the view gets no key."""

    def reducer_override(self, obj):
        if type(obj) in _OBJECTS or any(obj is kind for kind in _OBJECTS):  # the value, or its class
            return NotImplemented  # pickled as usual
        raise _Refused(type(obj).__name__)


_OBJECTS = (Markup, date, datetime)


def pickled(value) -> bytes | None:
    """The value's pickle, or None when it holds anything but plain values."""
    out = io.BytesIO()
    try:
        _PlainPickler(out, protocol=5).dump(value)
    except _Refused:
        return None
    except Exception:  # noqa: BLE001 - not picklable: rendered every time
        return None
    return out.getvalue()


def folder_digest(folders) -> str:
    """A digest of every file under the given folders (names and contents), in a stable order."""
    h = hashlib.sha256()
    for folder in folders:
        folder = Path(folder)
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            h.update(str(path.relative_to(folder)).encode("utf-8", "surrogateescape") + b"\0")
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


_CODE: list = []


def code_digest() -> str:
    """Our package's files and the versions of the libraries that render: what a render runs."""
    if not _CODE:
        from importlib.metadata import version
        package = Path(__file__).resolve().parents[1]
        _CODE.append(hashlib.sha256("\0".join([
            folder_digest([package]), version("jinja2"), version("markupsafe"), version("nh3"),
            version("markdown")]).encode()).hexdigest())
    return _CODE[0]


class Memo:
    """Bodies by key for one scope (a language's build); `get` after `key`, `put` after a render."""

    def __init__(self, file: Path | None, scope: str, salt: str):
        self.scope = scope
        self.salt = hashlib.sha256(f"{SCHEMA}\0{code_digest()}\0{salt}".encode()).digest()
        self.used: set[str] = set()
        self.fresh: dict[str, str] = {}
        self.checked: set[str] = set()  # templates whose first body from the memo was rendered again
        self.hits = self.misses = 0
        self.texts_used = None  # keep_texts
        self.on = file is not None
        self.db = None
        if self.on:
            self._open(file)

    def _open(self, file: Path) -> None:
        for attempt in (1, 2):
            try:
                file.parent.mkdir(parents=True, exist_ok=True)
                self.db = sqlite3.connect(str(file), timeout=30)
                self.db.execute("CREATE TABLE IF NOT EXISTS pages "
                                "(scope TEXT, key TEXT, body TEXT, PRIMARY KEY (scope, key))")
                self.db.execute("CREATE TABLE IF NOT EXISTS texts "
                                "(scope TEXT, code TEXT, key TEXT, html TEXT, PRIMARY KEY (scope, key))")
                return
            except (sqlite3.OperationalError, OSError):  # locked by another build past the timeout
                break
            except sqlite3.DatabaseError:  # not a database (a damaged cache): made again, once
                self.close()
                self.on = True
                if attempt == 1:
                    try:
                        file.unlink()
                        continue
                    except OSError:
                        break
        self.close()  # every page rendered, nothing kept

    def key(self, template: str, view: dict, path: str) -> str | None:
        """The body's key, or None when the view holds something other than plain values."""
        if not self.on:
            return None
        data = pickled((template, path, view))
        return None if data is None else hashlib.sha256(self.salt + data).hexdigest()

    def get(self, key: str | None) -> str | None:
        if key is None or not self.on:
            return None
        self.used.add(key)
        try:
            row = self.db.execute("SELECT body FROM pages WHERE scope = ? AND key = ?", (self.scope, key)).fetchone()
        except sqlite3.Error:  # locked past the timeout by another build, or damaged: render, keep nothing
            self.close()
            return None
        if row is None:
            self.misses += 1
            return None
        self.hits += 1
        return row[0]

    def texts(self) -> dict:
        """The HTML of records' Markdown converted by the builds before with this code (site/markup.py)."""
        if not self.on:
            return {}
        try:
            return dict(self.db.execute("SELECT key, html FROM texts WHERE scope = ? AND code = ?",
                                        (self.scope, code_digest())))
        except sqlite3.Error:
            self.close()
            return {}

    def keep_texts(self, texts: dict) -> None:
        """This build's converted texts, and only them, kept with the bodies (`finish`)."""
        self.texts_used = texts

    def needs_check(self, template: str) -> bool:
        """True for the first body of this template the memo gives back in this build."""
        if template in self.checked:
            return False
        self.checked.add(template)
        return True

    def put(self, key: str | None, body: str) -> None:
        if key is not None and self.on:
            self.used.add(key)
            self.fresh[key] = body

    def drop(self) -> None:
        """A body from the memo was not what rendering gives: nothing more from it, and it is emptied."""
        self.on = False
        self.fresh.clear()
        if self.db is not None:
            try:
                self.db.execute("DELETE FROM pages WHERE scope = ?", (self.scope,))
                self.db.commit()
            except sqlite3.Error:
                pass
            self.close()

    def finish(self) -> None:
        """Keep this build's bodies and only them (the pages of the last build)."""
        if self.db is None:
            return
        if self.on:
            try:
                self._keep()
            except sqlite3.Error:  # another build holds the file, or the disk is full: nothing kept
                pass
        self.close()

    def _keep(self) -> None:
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO pages VALUES (?, ?, ?)",
                                [(self.scope, k, b) for k, b in self.fresh.items()])
            self.db.execute("CREATE TEMP TABLE IF NOT EXISTS used (key TEXT PRIMARY KEY)")
            self.db.execute("DELETE FROM used")
            self.db.executemany("INSERT INTO used VALUES (?)", [(k,) for k in self.used])
            self.db.execute("DELETE FROM pages WHERE scope = ? AND key NOT IN (SELECT key FROM used)",
                            (self.scope,))
            if self.texts_used is not None:
                code = code_digest()
                self.db.execute("DELETE FROM texts WHERE scope = ?", (self.scope,))
                self.db.executemany("INSERT INTO texts VALUES (?, ?, ?, ?)",
                                    [(self.scope, code, k, h) for k, h in self.texts_used.items()])

    def close(self) -> None:
        """Done with the file: nothing more is read from it or kept in it in this build."""
        self.on = False
        if self.db is not None:
            self.db.close()
            self.db = None
