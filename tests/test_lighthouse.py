"""Lighthouse's accessibility and best-practices scores: 100 on the pages readers land on.

Lighthouse (Node, from ``make tools``) audits the home, a briefing, an actor and a
location page in one headless Chromium; a run takes ten seconds or more a page, so
this module runs it once for all of them. Best practices include "no error in the
console", so a failed request fails here too.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser import CHROMIUM, Served, serve
from tests.site_builds import REPO, cached_site
from tests.test_accessibility import build_real_site_at_root

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.lighthouse]

TOOLS = REPO / "tests" / "tools"
PAGES = {
    "home": "",
    "briefing": "briefings/2015/2015-05-22-al-tanf-border-crossing/",
    "actor": "actors/islamic-state/",
    "location": "locations/palmyra/",
    "search": "search/?q=palmyra",
}
SKIPPED_AUDITS: list[str] = []  # none: every audit counts


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    yield from serve(cached_site(tmp_path_factory, "real-at-root", build_real_site_at_root))


def test_accessibility_and_best_practices_score_100(real: Served) -> None:
    """One test, so that test workers never run Lighthouse twice."""
    node = shutil.which("node")
    assert node, "Lighthouse needs Node (Debian: nodejs)"
    assert (TOOLS / "node_modules" / "lighthouse").is_dir(), "run `make tools`"
    urls = {kind: real.url(path) for kind, path in PAGES.items()}
    run = subprocess.run(
        [node, "lighthouse-scores.mjs", ",".join(SKIPPED_AUDITS), *urls.values()],
        cwd=TOOLS,
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    by_url: dict[str, dict[str, Any]] = json.loads(run.stdout)
    results = {kind: by_url[url] for kind, url in urls.items()}
    assert {kind: r["failed"] for kind, r in results.items()} == {kind: [] for kind in PAGES}
    perfect = {"accessibility": 1, "best-practices": 1}
    assert {kind: r["scores"] for kind, r in results.items()} == dict.fromkeys(PAGES, perfect)
