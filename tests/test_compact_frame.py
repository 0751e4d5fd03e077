"""``compact_frame``: the theme's frame without its template tags' whitespace.

It may only remove whitespace that does not matter: every page of the compact site
has the same elements, attributes and text (trimmed) as the site built without it.
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from tests.site_builds import SITE_FIXTURE, build, html_pages, write_config

Shape = list[tuple[str, list[tuple[str, str]], str, str]]


def shape(path: Path) -> Shape:
    tree = lxml.html.fromstring(path.read_bytes())
    return [
        (
            str(e.tag),
            sorted((str(k), str(v)) for k, v in e.attrib.items()),
            (e.text or "").strip(),
            (e.tail or "").strip(),
        )
        for e in tree.iter()
        if isinstance(e.tag, str)
    ]


@pytest.mark.slow
def test_a_compact_frame_keeps_every_element_attribute_and_text_in_fewer_bytes(
    tmp_path: Path,
) -> None:
    sites = {}
    for compact in (True, False):
        folder = tmp_path / str(compact)
        config = write_config(folder, SITE_FIXTURE, options={"compact_frame": compact})
        build(config, folder / "site")
        sites[compact] = folder / "site"
    compact_pages = html_pages(sites[True])
    roomy_pages = html_pages(sites[False])
    assert [p.relative_to(sites[True]) for p in compact_pages] == [
        p.relative_to(sites[False]) for p in roomy_pages
    ]
    for compact_page, roomy_page in zip(compact_pages, roomy_pages, strict=True):
        assert shape(compact_page) == shape(roomy_page), compact_page
    compact_bytes = sum(p.stat().st_size for p in compact_pages)
    roomy_bytes = sum(p.stat().st_size for p in roomy_pages)
    assert compact_bytes < 0.93 * roomy_bytes
