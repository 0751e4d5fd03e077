"""Edit to preview: how long after a save ``make serve`` serves the updated page.

A real ``mkdocs serve --dirty`` (what ``make serve`` runs) of a copy of the synthetic
archive, started once per size; then, several times each, a save of one briefing's
body and a save of a registry entry. Each time counts from just before the file is
written until the page that shows the change is served with it: the server's
polling for changes, the rebuild and the request all included, as a maintainer
waits for them. Search catches up behind the reload (``search_refresh``): the time
from the last body save until the terminal says so is measured too.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from benchmarks.site_builds import BENCH_SITE_URL, prepare_site
from build_tools.loading.loader import find_briefing_files

STARTUP_TIMEOUT = 3600.0  # s: the first build of 10,000 briefings takes minutes
EDIT_TIMEOUT = 600.0
POLL_INTERVAL = 0.05
DESCRIPTION = re.compile(r"^(  description: )(.*)$", re.MULTILINE)
_ENTRY = re.compile(r"^([a-z0-9-]+):$", re.MULTILINE)
TITLE = re.compile(r"^title: .*$", re.MULTILINE)
SEARCH_CAUGHT_UP = "briefings: search is up to date"


@dataclass(frozen=True, slots=True)
class PreviewTimes:
    startup: float  # s: first build until the server answers
    body_edits: tuple[float, ...]  # s, one per save
    registry_edits: tuple[float, ...]
    new_briefings: tuple[float, ...]  # s, from a new file's save until its page is served,
    # the file dated the newest day
    back_dated_briefings: tuple[float, ...]  # the same, filed a third of the way in
    renamed_briefings: tuple[float, ...]  # s, from a file's rename until its new page is served
    search_after_body_edit: float  # s, from the last body save until search shows it


def interruptible() -> None:
    """In a server about to start: Ctrl-C (SIGINT) stops it as in a terminal, even when
    this process was started in the background by a shell, which ignores SIGINT in
    what it starts so (and Python then keeps it ignored): stopped otherwise, MkDocs
    leaves its temporary site behind."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=EDIT_TIMEOUT) as response:  # noqa: S310
            text: str = response.read().decode("utf-8", "replace")
            return text
    except OSError:
        return None


def _wait_for(
    url: str, marker: str, timeout: float, server: subprocess.Popen[bytes] | None = None
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server is not None and server.poll() is not None:
            raise RuntimeError(f"mkdocs serve exited with {server.returncode}")
        page = _fetch(url)
        if page is not None and marker in page:
            return
        time.sleep(POLL_INTERVAL)
    raise TimeoutError(f"{url} did not show {marker!r} within {timeout:.0f} s")


def _settled(url: str, marker: str) -> None:
    """Wait until ``url`` no longer shows ``marker`` (or is gone): a series' undoing is
    rebuilt before the next series times its first save."""
    deadline = time.monotonic() + EDIT_TIMEOUT
    while time.monotonic() < deadline:
        page = _fetch(url)
        if page is None or marker not in page:
            return
        time.sleep(POLL_INTERVAL)
    raise TimeoutError(f"{url} still showed {marker!r} after {EDIT_TIMEOUT:.0f} s")


def _timed_save(path: Path, text: str, url: str, marker: str) -> float:
    start = time.perf_counter()
    path.write_text(text, encoding="utf-8")
    _wait_for(url, marker, EDIT_TIMEOUT)
    return time.perf_counter() - start


def measure_preview(archive_root: Path, folder: Path, edits: int) -> PreviewTimes:
    """Serve a copy of the archive and time ``edits`` body saves and registry saves."""
    folder = folder.resolve()
    shutil.rmtree(folder, ignore_errors=True)
    root = folder / "briefings"
    shutil.copytree(archive_root, root)
    config_file = prepare_site(root, folder)
    port = _free_port()
    base = f"http://127.0.0.1:{port}{BENCH_SITE_URL.removeprefix('https://example.org')}"
    command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-f", str(config_file)]
    command += ["-a", f"127.0.0.1:{port}"]
    # Its temporary site and working folders go in a folder of its own, which stopping
    # it must leave empty.
    temporary = folder / "tmp"
    temporary.mkdir()
    environment = {
        **os.environ,
        "SITE_URL": BENCH_SITE_URL,
        "NO_MKDOCS_2_WARNING": "1",
        "TMPDIR": str(temporary),
    }
    with (folder / "serve.log").open("wb") as log:
        start = time.perf_counter()
        process = subprocess.Popen(
            command,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=environment,
            cwd=folder,
            preexec_fn=interruptible,  # noqa: PLW1509 - no thread runs here yet
        )
        try:
            _wait_for(base, "<html", STARTUP_TIMEOUT, process)
            startup = time.perf_counter() - start
            body_edits, search = _body_edits(root, base, edits, folder / "serve.log")
            registry = _registry_edits(root, base, edits)
            added = _new_briefings(root, base, edits, newest=True)
            back_dated = _new_briefings(root, base, edits, newest=False)
            renamed = _renamed_briefings(root, base, edits)
            return PreviewTimes(startup, body_edits, registry, added, back_dated, renamed, search)
        finally:
            # As Ctrl-C stops it: MkDocs then removes its temporary site (a gigabyte at
            # 10,000 briefings) and the plugin its working folders, which SIGTERM leaves.
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


BODY_REBUILT = "bod(y/ies) rebuilt, nothing else changed"


def _search_caught_up(log: Path) -> bool:
    """Whether the terminal says search is up to date after the last body rebuild
    (a save cancels the Pagefind run of the save before, which never says so)."""
    text = log.read_text(encoding="utf-8", errors="replace")
    return SEARCH_CAUGHT_UP in text[text.rfind(BODY_REBUILT) :]


def _body_edits(root: Path, base: str, edits: int, log: Path) -> tuple[tuple[float, ...], float]:
    """Each save's time to the page; and, after the last, to search."""
    files = find_briefing_files(root)
    path = files[len(files) // 2]
    url = f"{base}briefings/{path.parent.name}/{path.stem}/"
    original = path.read_text(encoding="utf-8")
    times = []
    start = time.perf_counter()
    for number in range(edits):
        marker = f"Benchmarkedit{number}word"
        start = time.perf_counter()
        times.append(_timed_save(path, f"{original.rstrip()}\n\n{marker}\n", url, marker))
    while not _search_caught_up(log):
        if time.perf_counter() - start > EDIT_TIMEOUT:
            raise TimeoutError(f"search did not catch up within {EDIT_TIMEOUT:.0f} s")
        time.sleep(POLL_INTERVAL)
    search = time.perf_counter() - start
    path.write_text(original, encoding="utf-8")
    _settled(url, f"Benchmarkedit{edits - 1}word")
    return tuple(times), search


def _registry_edits(root: Path, base: str, edits: int) -> tuple[float, ...]:
    path = root / "actors.yml"
    original = path.read_text(encoding="utf-8")
    found = DESCRIPTION.search(original)
    if found is None:
        raise RuntimeError("no actor with a description in the synthetic registry")
    actor_id = _ENTRY.findall(original[: found.start()])[-1]
    url = f"{base}actors/{actor_id}/"
    times = []
    for number in range(edits):
        marker = f"Registryedit{number}word"
        text = f"{original[: found.end()]} {marker}{original[found.end() :]}"
        times.append(_timed_save(path, text, url, marker))
    path.write_text(original, encoding="utf-8")
    _settled(url, f"Registryedit{edits - 1}word")
    return tuple(times)


def _new_briefings(root: Path, base: str, edits: int, *, newest: bool) -> tuple[float, ...]:
    """Each new briefing's time to its own page (a copy of one briefing under a new
    file name and title: its entities' pages, listings and feeds change with it). As
    a newsroom files them, of the newest day (``newest``), or back-dated a third of the
    way into the archive: every listing page newer than it then changes too."""
    files = find_briefing_files(root)
    model = files[-1] if newest else files[len(files) // 3]
    original = model.read_text(encoding="utf-8")
    times = []
    added = []
    for number in range(edits):
        marker = f"Newbriefing{number}word"
        path = model.with_name(f"{model.stem}-benchmark-{number}.md")
        url = f"{base}briefings/{path.parent.name}/{path.stem}/"
        text = TITLE.sub(f"title: {marker}", original, count=1)
        times.append(_timed_save(path, text, url, marker))
        added.append((path, url, marker))
    for path, _, _ in added:
        path.unlink()
    for _, url, marker in added:
        _settled(url, marker)
    return tuple(times)


def _renamed_briefings(root: Path, base: str, edits: int) -> tuple[float, ...]:
    """Each renamed briefing's time to its page at its new address (the file moved to a
    new slug: its old page goes, and every page that links it changes)."""
    files = find_briefing_files(root)
    times = []
    for number in range(edits):
        model = files[len(files) // 2 + number]
        path = model.with_name(f"{model.stem}-renamed{number}.md")
        url = f"{base}briefings/{path.parent.name}/{path.stem}/"
        start = time.perf_counter()
        model.rename(path)
        _wait_for(url, path.stem, EDIT_TIMEOUT)  # in the page's own address, on the page
        times.append(time.perf_counter() - start)
    return tuple(times)
