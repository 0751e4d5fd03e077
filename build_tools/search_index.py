"""The site search's index: Pagefind run over a built site, whatever engine built it.

Pagefind reads the finished HTML (the pages marked ``data-pagefind-body`` by the
renderers, see ``render.search_fields``, and the hand-written pages the theme marks)
and writes a bundle of small files into the site: the index split in chunks a
browser fetches only for the words it searches, plus Pagefind's own script and
WebAssembly. A reader who never searches downloads none of it. The binary comes
from the ``pagefind-bin`` wheel pinned in ``constraints.txt``: nothing is fetched
at build time.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from pagefind_bin import get_executable

BUNDLE_DIR = "pagefind"  # relative to the site root: /pagefind/pagefind.js, …
# Pagefind's ready-made interfaces: the theme's own search script uses pagefind.js
# alone, and some static hosts cap a deployment's file count and size.
UNUSED_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)


class SearchIndexError(Exception):
    """Pagefind failed or could not be run; the message says why, for the build log."""


@dataclass(frozen=True, slots=True)
class SearchBundle:
    path: Path
    files: int
    bytes: int
    seconds: float  # how long indexing took


def bundle_size(folder: Path) -> tuple[int, int]:
    """(files, bytes) under ``folder``."""
    files = total = 0
    for parent, _, names in os.walk(folder):
        for name in names:
            files += 1
            total += (Path(parent) / name).stat().st_size
    return files, total


def index_site(site_dir: Path) -> SearchBundle:
    """Index the built site at ``site_dir`` into ``site_dir/pagefind/``."""
    try:
        executable = get_executable()
    except FileNotFoundError as error:
        raise SearchIndexError(f"the Pagefind binary is missing ({error})") from error
    command = [
        str(executable),
        "--site",
        str(site_dir),
        "--output-subdir",
        BUNDLE_DIR,
        "--silent",
    ]
    bundle = site_dir / BUNDLE_DIR
    shutil.rmtree(bundle, ignore_errors=True)  # Pagefind adds to a bundle, never empties it
    start = time.perf_counter()
    try:
        finished = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as error:
        raise SearchIndexError(f"could not run Pagefind: {error}") from error
    seconds = time.perf_counter() - start
    if finished.returncode != 0:
        said = (finished.stderr or finished.stdout).strip()
        raise SearchIndexError(f"Pagefind failed (exit {finished.returncode}): {said}")
    for name in UNUSED_FILES:
        (bundle / name).unlink(missing_ok=True)
    files, size = bundle_size(bundle)
    return SearchBundle(bundle, files, size, seconds)
