"""The whole site as data: complete, deterministic, one output per address."""

from __future__ import annotations

import pytest

from build_tools.body import render_bodies, render_body
from build_tools.index import build_index
from build_tools.loader import load_archive
from build_tools.pages import Page, SiteContent, SiteSettings
from build_tools.site_content import (
    DuplicateAddress,
    build_site_content,
    check_unique,
)
from build_tools.validate import validate
from tests.hostile_archive import unvalidated_archive
from tests.site_builds import FIXTURE_URL, SITE_FIXTURE


def content(page_size: int = 3) -> SiteContent:
    archive, _ = validate(load_archive(SITE_FIXTURE))
    assert archive is not None
    return build_site_content(archive, SiteSettings(FIXTURE_URL, page_size=page_size))


def test_the_same_archive_gives_the_same_site() -> None:
    assert content() == content()


def test_only_briefings_and_entity_pages_are_searchable() -> None:
    searchable = {p.url for p in content().pages if p.search}
    kinds = {p.kind for p in content().pages if p.search}
    assert kinds == {"briefing", "actor", "location", "tag"}
    assert not any("/page/" in url for url in searchable)


def test_long_listings_never_exceed_the_page_size() -> None:
    for page in content(page_size=3).pages:
        if page.kind in ("actor", "location", "tag", "archive", "corrections"):
            assert page.html.count('class="ba-item"') <= 3, page.url


def test_two_outputs_at_one_address_are_refused() -> None:
    page = Page(url="a/", title="t", description="d", html="<div></div>\n", kind="x")
    with pytest.raises(DuplicateAddress, match=r"a/index\.md"):
        check_unique([page, page], [])
    with pytest.raises(DuplicateAddress, match=r"a/index\.md"):
        check_unique([page], ["a/index.md"])


def test_bodies_rendered_together_match_render_body() -> None:
    """One converter, reset between bodies: footnotes and abbreviations do not carry over."""
    index = build_index(unvalidated_archive())
    assert len(index.briefings) > 1
    together = render_bodies({b.id: b.body for b in index.briefings})
    assert together == {b.id: render_body(b.body) for b in index.briefings}
