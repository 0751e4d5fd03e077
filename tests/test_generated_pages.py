"""Where a generated page is written and what its output depends on."""

from __future__ import annotations

import pytest

from build_tools.engines.mkdocs.generated_pages import dest_uri, page_inputs
from build_tools.format.pages import Page


def generated_page(**changes: object) -> Page:
    values: dict[str, object] = {
        "url": "actors/islamic-state/",
        "title": "Islamic State",
        "description": "Briefings on the Islamic State.",
        "html": "<h1>Islamic State</h1>",
        "kind": "actor",
    }
    values.update(changes)
    return Page(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("source", "written"),
    [
        ("index.md", "index.html"),
        ("actors/index.md", "actors/index.html"),
        ("about.md", "about/index.html"),
        ("feed.xml", "feed.xml"),
    ],
)
def test_a_source_is_written_where_mkdocs_writes_it_with_directory_urls(
    source: str, written: str
) -> None:
    assert dest_uri(source) == written


def test_the_digest_of_a_page_changes_with_what_it_shows_and_its_frame() -> None:
    page = generated_page()
    same = page_inputs(page, None, b"frame")
    assert page_inputs(generated_page(), None, b"frame") == same
    assert page_inputs(page, "Actors", b"frame") != same  # the nav's title
    assert page_inputs(page, None, b"another frame") != same
    assert page_inputs(generated_page(title="Daesh"), None, b"frame") != same
    assert page_inputs(page, None, b"frame", page_html="<h1>other</h1>") != same
