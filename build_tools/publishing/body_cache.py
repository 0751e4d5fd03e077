"""Rendered bodies kept from one build to the next, in a file of the project's.

Turning each body's Markdown into sanitised HTML is the largest single part of a
build: about 7 s of a 10,000-briefing build, and more for longer bodies. A body's
HTML depends on its text and on the code that renders it, nothing else (mention
links are added later, per page). So a build keeps every body's HTML in one file,
keyed by a digest of the text, and the next build renders only the bodies it does
not find there: a deploy's CI job that restores the folder renders only what the
merged pull request changed.

Nothing stale can be used. The file carries a fingerprint of everything rendering
depends on (every source file of ``build_tools`` and the versions of Python-Markdown
and nh3); another fingerprint, a missing or unreadable file, and the build renders
every body, as it does with the cache off. Whatever the file holds goes through the
page wall with the rest of its page, as every page does. It is JSON, never pickle:
reading it runs no code.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Mapping
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TypeVar

from build_tools.rendering.body import render_bodies

K = TypeVar("K")
CACHE_FILE = "bodies.json"
_PACKAGE = Path(__file__).resolve().parents[1]  # build_tools/
_LIBRARIES = ("markdown", "nh3")


@cache
def renderer_fingerprint() -> str:
    """A digest of the code a body's HTML comes from: ours, and the libraries'."""
    hasher = hashlib.blake2b(digest_size=16)
    for name in _LIBRARIES:
        hasher.update(f"{name}=={metadata.version(name)}\n".encode())
    for path in sorted(_PACKAGE.rglob("*.py")):
        data = path.read_bytes()
        hasher.update(f"{path.relative_to(_PACKAGE).as_posix()} {len(data)}\n".encode())
        hasher.update(data)
    return hasher.hexdigest()


def _key(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class StoredBodies:
    """:func:`~build_tools.rendering.body.render_bodies` for a build, rendering only
    the bodies the last build of this project did not; :meth:`save` keeps this
    build's for the next (and only them: the file never outgrows the archive)."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / CACHE_FILE
        self._fingerprint = renderer_fingerprint()
        self._before = self._load()
        self._now: dict[str, str] = {}
        self.rendered = 0  # bodies the last call rendered

    def _load(self) -> dict[str, str]:
        try:
            stored = json.loads(self.path.read_bytes())
        except (OSError, ValueError):
            return {}
        if not isinstance(stored, dict) or stored.get("fingerprint") != self._fingerprint:
            return {}
        bodies = stored.get("bodies")
        if not isinstance(bodies, dict):
            return {}
        return {k: v for k, v in bodies.items() if isinstance(k, str) and isinstance(v, str)}

    def __call__(self, bodies: Mapping[K, str]) -> dict[K, str]:
        keys = {item: _key(text) for item, text in bodies.items()}
        missing = {
            keys[item]: text for item, text in bodies.items() if keys[item] not in self._before
        }
        rendered = render_bodies(missing)
        self.rendered = len(rendered)
        known = {**self._before, **rendered}
        self._now.update((key, known[key]) for key in keys.values())
        return {item: known[key] for item, key in keys.items()}

    def save(self) -> None:
        """Write this build's bodies in one step (a build killed meanwhile leaves the
        old file whole), unless they are the ones the file holds already; a folder
        that cannot be written only loses the saving."""
        if self._now == self._before:
            return
        data = json.dumps({"fingerprint": self._fingerprint, "bodies": self._now}).encode()
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(prefix=".bodies-", dir=self.path.parent)
            try:
                with os.fdopen(handle, "wb") as file:
                    file.write(data)
                Path(name).replace(self.path)
            except OSError:
                Path(name).unlink(missing_ok=True)
                raise
