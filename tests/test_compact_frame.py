"""``compact_frame``: the theme's frame without its templates' whitespace, and with its
icons drawn by one stylesheet instead of inline in every page.

It may only remove what does not show: every page of the compact site has the same
elements, attributes and text (each run of whitespace counted as one space, which
is how HTML renders it) as the site built without it, and each icon there is an
empty ``<svg>`` with the same ``viewBox`` whose class the icon stylesheet paints with
the very drawing the roomy page has inline.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import lxml.html
import pytest
from lxml import etree

from build_tools.engines.mkdocs.compact_frame import ICON_SHEET
from tests.site_builds import (
    SITE_FIXTURE,
    build,
    build_real_site,
    cached_site,
    html_pages,
    write_config,
)

Shape = list[tuple[str, list[tuple[str, str]], str, str]]
SVG = "{http://www.w3.org/2000/svg}"
_ICON_RULE = re.compile(
    r'\.(ba-icon--[a-z0-9-]+) \{ --ba-icon: url\("data:image/svg\+xml,([^"]+)"\); \}'
)


def words(text: str | None) -> str:
    return " ".join((text or "").split())


def drawing(svg: etree._Element) -> str:
    """An icon's drawing: the path data inside it, in order."""
    return " ".join(str(p.get("d")) for p in svg.iter() if str(p.tag).endswith("path"))


def sheet_icons(site: Path) -> dict[str, str]:
    """Class → the drawing the icon stylesheet paints for it."""
    css = (site / ICON_SHEET).read_text(encoding="utf-8")
    return {
        name: drawing(etree.fromstring(unquote(data).encode()))
        for name, data in _ICON_RULE.findall(css)
    }


def shape(path: Path, icons: dict[str, str] | None = None) -> Shape:
    """Every element of the page as (tag, attributes, text, tail), whitespace runs as
    one space; an icon as ``icon`` with its viewBox and drawing, from the stylesheet
    when ``icons`` is given."""
    tree = lxml.html.fromstring(path.read_bytes())
    found: Shape = []
    skip: set[object] = set()
    for e in tree.iter():
        if not isinstance(e.tag, str) or e in skip:
            continue
        if e.tag == "link" and str(e.get("href", "")).endswith(ICON_SHEET.rsplit("/", 1)[1]):
            continue
        if e.tag == "svg" and (icons is not None or e.get("xmlns") is not None):
            classes = str(e.get("class", "")).split()
            if icons is not None and "ba-icon" in classes:
                name = next(c for c in classes if c.startswith("ba-icon--"))
                found.append(
                    ("icon", [("viewBox", str(e.get("viewbox")))], icons[name], words(e.tail))
                )
                continue
            if icons is None and not e.get("class"):
                skip.update(e.iter())
                found.append(
                    ("icon", [("viewBox", str(e.get("viewbox")))], drawing(e), words(e.tail))
                )
                continue
        attributes = sorted((str(k), words(str(v))) for k, v in e.attrib.items())
        found.append((str(e.tag), attributes, words(e.text), words(e.tail)))
    return found


@pytest.mark.slow
def test_a_compact_frame_keeps_every_element_attribute_text_and_icon_in_fewer_bytes(
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
    icons = sheet_icons(sites[True])
    assert len(icons) >= 4  # the logo, the menu, search and its close button
    assert not (sites[False] / ICON_SHEET).exists()
    for compact_page, roomy_page in zip(compact_pages, roomy_pages, strict=True):
        assert shape(compact_page, icons) == shape(roomy_page), compact_page
        assert b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">' not in (
            compact_page.read_bytes()
        ), compact_page
    compact_bytes = sum(p.stat().st_size for p in compact_pages)
    roomy_bytes = sum(p.stat().st_size for p in roomy_pages)
    assert compact_bytes < 0.85 * roomy_bytes


@pytest.mark.slow
def test_every_icon_of_the_real_sites_frame_comes_from_the_icon_stylesheet(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """The project's theme settings add the palette toggles and the back-to-top button."""
    site = cached_site(tmp_path_factory, "real", build_real_site)
    icons = sheet_icons(site)
    assert {
        "ba-icon--material-weather-night",
        "ba-icon--material-weather-sunny",
        "ba-icon--material-arrow-up",
    } <= set(icons)
    for path in html_pages(site):
        tree = lxml.html.fromstring(path.read_bytes())
        frame_svgs = [
            svg
            for svg in tree.iter("svg")
            if not any(a.tag == "article" for a in svg.iterancestors())
        ]
        assert frame_svgs, path
        for svg in frame_svgs:
            names = [c for c in str(svg.get("class")).split() if c.startswith("ba-icon--")]
            assert len(names) == 1 and names[0] in icons and len(svg) == 0, path
