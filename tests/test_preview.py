"""``mkdocs serve`` as a maintainer uses it: save, look at the browser, save again.

A real ``mkdocs serve`` subprocess on a copy of the published fixture archive, and a
real headless Chromium on one of its pages, relying on MkDocs' own live reload.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Dialog, expect

from tests.browser import search
from tests.serving import Preview
from tests.site_builds import SITE_FIXTURE

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ASSAULT = "briefings/2015/2015-05-20-palmyra-assault.md"
ASSAULT_URL = "briefings/2015/2015-05-20-palmyra-assault/"
HOSTILE_ACTOR = "<img src=x onerror=window.__xss=1>"
# The fixture's briefings cite no sources, so every file of it carries a warning too;
# the report is checked for this file's lines, all of them.
BROKEN_REPORT = [
    f"{ASSAULT}:2:1: warning: the briefing cites no sources; add 'sources:' with at least "
    "the outlet's name (and its headline, date and url where there is one) [missing-sources]",
    f"{ASSAULT}:3:7: error: date '2015-05-40' is not a valid date "
    "(day is out of range for month) [invalid-date]",
    f"{ASSAULT}:5:25: error: '{HOSTILE_ACTOR}' in actors is not a valid id "
    "(lowercase letters, digits and single hyphens, 2 to 80 characters) [invalid-id]",
    f"{ASSAULT}:15:38: warning: the body names Syrian Observatory for Human Rights as "
    "'SOHR' (actor 'sohr') but the briefing does not list it; add 'sohr' to actors "
    "[unlisted-mention]",
    f"{ASSAULT}:16:5: warning: the body names Syrian Arab Army (actor 'syrian-army') but "
    "the briefing does not list it; add 'syrian-army' to actors [unlisted-mention]",
]
RELOAD = 60_000  # ms: a rebuild of the fixture takes about a second, on a busy machine more


def break_assault(briefings: Path) -> str:
    path = briefings / ASSAULT.removeprefix("briefings/")
    original = path.read_text(encoding="utf-8")
    broken = original.replace("date: 2015-05-20", "date: 2015-05-40").replace(
        "actors: [islamic-state, syrian-army, sohr]",
        f'actors: [islamic-state, "{HOSTILE_ACTOR}"]',
    )
    assert broken != original
    path.write_text(broken, encoding="utf-8")
    return original


def test_a_broken_save_shows_its_errors_where_the_reader_is_then_the_fixed_page(
    browser: Browser, tmp_path: Path
) -> None:
    with Preview(SITE_FIXTURE, tmp_path) as preview:
        page = browser.new_page()
        alerts: list[str] = []

        def dismiss(dialog: Dialog) -> None:
            alerts.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", dismiss)
        page.goto(preview.url(ASSAULT_URL))
        heading = page.locator("article h1")
        expect(heading).to_have_text("Islamic State assaults Palmyra")

        original = break_assault(preview.briefings)
        report = page.locator("#briefings-diagnostics li", has_text=f"{ASSAULT}:")
        expect(report).to_have_text(BROKEN_REPORT, timeout=RELOAD)
        assert page.url == preview.url(ASSAULT_URL)
        assert page.evaluate("window.__xss") is None
        assert page.locator("#briefings-diagnostics img").count() == 0
        terminal = preview.output()
        for line in BROKEN_REPORT:
            assert line in terminal
        assert "Traceback" not in terminal

        # Another page of the site, opened while the archive is broken: the same report.
        other = browser.new_page()
        other.goto(preview.url("actors/islamic-state/"))
        other_report = other.locator("#briefings-diagnostics li", has_text=f"{ASSAULT}:")
        expect(other_report).to_have_text(BROKEN_REPORT)
        other.close()

        (preview.briefings / ASSAULT.removeprefix("briefings/")).write_text(
            original, encoding="utf-8"
        )
        expect(heading).to_have_text("Islamic State assaults Palmyra", timeout=RELOAD)
        assert page.url == preview.url(ASSAULT_URL)
        assert page.locator("#briefings-diagnostics").count() == 0
        assert alerts == []


SEARCH_CAUGHT_UP = "briefings: search is up to date"


def wait_for_terminal(preview: Preview, text: str, count: int) -> None:
    """Until the terminal has said ``text`` ``count`` times."""
    deadline = time.monotonic() + RELOAD / 1000
    while preview.output().count(text) < count:
        assert time.monotonic() < deadline, f"the terminal never said {text!r}:\n{preview.output()}"
        time.sleep(0.2)


def test_a_saved_body_is_shown_at_once_and_found_once_the_terminal_says_so(
    browser: Browser, tmp_path: Path
) -> None:
    with Preview(SITE_FIXTURE, tmp_path) as preview:
        wait_for_terminal(preview, SEARCH_CAUGHT_UP, 1)  # the first build's index
        page = browser.new_page()
        page.goto(preview.url(ASSAULT_URL))
        assert search(page, "Zenobiaword") == []

        path = preview.briefings / ASSAULT.removeprefix("briefings/")
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("The attack on", "The Zenobiaword attack on"), "utf-8")
        expect(page.locator("article")).to_contain_text("The Zenobiaword attack", timeout=RELOAD)
        assert "1 briefing bod(y/ies) rebuilt" in preview.output()

        wait_for_terminal(preview, SEARCH_CAUGHT_UP, 2)
        page.reload()
        found = search(page, "Zenobiaword")
        assert [title for title, _ in found] == ["Islamic State assaults Palmyra"]
