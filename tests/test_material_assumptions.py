"""What the MkDocs adapter assumes about Material for MkDocs, pinned against the installed copy.

The plugin, its page skeletons and its theme overrides (``build_tools/engines/mkdocs/``) rely
on how Material's templates print a page: which blocks exist, what they print raw,
where the title, description, canonical address, head links and content go, which
attributes its frame carries, what its script fetches. An update of Material that
changes one of these would not fail a build: it would publish a wrong site (a title
escaped twice, a page without its feed links, a frame the skeletons cannot fill).
Each test here names the assumption it checks, so such an update fails here first,
with a message saying what to revisit.
"""

from __future__ import annotations

import difflib
import re
from importlib.metadata import entry_points
from pathlib import Path

import material
import pytest
from jinja2 import Environment, nodes

from build_tools.engines.mkdocs.compact_frame import ICON_FOLDER, ICON_SOURCE
from build_tools.engines.mkdocs.plugin import MATERIAL_TOGGLES, SLOT_MARKERS, THEME_DIR, valid_frame

MATERIAL = Path(material.__file__).parent / "templates"


def material_file(relative: str) -> str:
    return (MATERIAL / relative).read_text(encoding="utf-8")


def blocks(source: str) -> set[str]:
    """The names of the Jinja blocks a template defines."""
    return {
        block.name for block in Environment(autoescape=True).parse(source).find_all(nodes.Block)
    }


def assumption(holds: bool, text: str) -> None:
    """Fail with the assumption's own words when an update of Material breaks it."""
    if not holds:
        pytest.fail(f"Material assumption broken: {text}", pytrace=False)


def test_every_block_the_theme_overrides_is_one_of_materials() -> None:
    ours = blocks((THEME_DIR / "main.html").read_text(encoding="utf-8"))
    missing = ours - blocks(material_file("base.html"))
    assumption(
        not missing,
        f"base.html no longer defines the block(s) {sorted(missing)} that "
        "build_tools/engines/mkdocs/theme/main.html overrides; the override would never render "
        "(the page title, web fonts, styles, search marks, scripts or head links with it)",
    )


def test_our_main_html_extends_materials_base_and_material_keeps_none_of_its_own() -> None:
    """Skeletons render ``main.html``: ours, put first by the plugin, over Material's base."""
    ours = (THEME_DIR / "main.html").read_text(encoding="utf-8")
    assumption('{% extends "base.html" %}' in ours, "theme/main.html extends base.html")
    theirs = material_file("main.html")
    assumption(
        '{% extends "base.html" %}' in theirs and not blocks(theirs),
        "Material's main.html is base.html and nothing more, so replacing it loses nothing",
    )


@pytest.mark.parametrize(
    ("printed", "what"),
    [
        (
            '<meta name="description" content="{{ page.meta.description }}">',
            "base.html prints page.meta.description raw into <meta name=description> "
            "(the plugin hands it over HTML-escaped once; the skeletons' description slot)",
        ),
        (
            '<link rel="canonical" href="{{ page.canonical_url }}">',
            "base.html prints page.canonical_url raw into <link rel=canonical> "
            "(the skeletons' canonical slot)",
        ),
        (
            "{% block extrahead %}{% endblock %}",
            "base.html leaves the extrahead block empty for themes: theme/main.html prints "
            "the feed links, Open Graph tags and JSON-LD there (the skeletons' head slot)",
        ),
        (
            '{% set hidden = "hidden" if "toc" in page.meta.hide %}',
            'base.html hides the table of contents of a page whose meta "hide" lists "toc" '
            "(every generated page does)",
        ),
        (
            "{% if page.toc | first is defined %}",
            "base.html prints its 'Skip to content' link only for a page with a table of "
            "contents, to its first entry (a generated page gets one entry: PAGE_ID)",
        ),
    ],
)
def test_base_html_prints_a_page_where_the_adapter_expects(printed: str, what: str) -> None:
    assumption(printed in material_file("base.html"), what)


def test_base_html_titles_a_page_with_striptags_which_the_theme_overrides() -> None:
    """``striptags`` unescapes entities: theme/main.html escapes the title again."""
    base = material_file("base.html")
    assumption(
        "{% block htmltitle %}" in base and "{{ page.title | striptags }}" in base,
        "base.html prints <title> in the htmltitle block, with page.title through "
        "striptags (which unescapes: theme/main.html replaces the block to escape again)",
    )


def test_the_content_partial_prints_the_content_raw_after_its_own_heading_check() -> None:
    content = material_file("partials/content.html")
    assumption(
        '{% if "\\u003ch1" not in page.content %}' in content,
        "partials/content.html adds a heading of its own only when '<h1' is not in the "
        "content (the skeletons' content marker is an <h1 so generated pages take the "
        "branch they take when filled; search_index.help_page_document titles a "
        "hand-written page the same way)",
    )
    assumption(
        SLOT_MARKERS["content"].startswith("<h1"),
        "the content marker starts with <h1 (see SLOT_MARKERS)",
    )
    assumption(
        "{{ page.content }}" in content,
        "partials/content.html prints page.content raw (generated pages are finished, "
        "sanitised HTML; an escaping Material would show their markup as text)",
    )


def test_the_toggle_checkboxes_carry_the_autocomplete_the_plugin_strips() -> None:
    base = material_file("base.html")
    for toggle in MATERIAL_TOGGLES:
        assumption(
            f'{toggle} autocomplete="off">' in base,
            f'base.html prints {toggle} autocomplete="off"> exactly; valid_frame removes '
            "that attribute (invalid on a checkbox, reported by the Nu Html Checker on "
            "every page) and would silently stop doing so if the markup changed",
        )
    frame = "".join(f'{toggle} autocomplete="off">' for toggle in MATERIAL_TOGGLES)
    assert "autocomplete" not in valid_frame(frame)


def copied_header() -> str:
    """theme/partials/header.html with the archive's one change taken out again."""
    ours = (THEME_DIR / "partials" / "header.html").read_text(encoding="utf-8")
    ours = re.sub(
        r"\A\{#-\n.*?\n-#\}\n",
        "{#-\n  This file was automatically generated - do not edit\n-#}\n",
        ours,
        count=1,
        flags=re.DOTALL,
    )
    change = '    {% else %}\n      {% include "partials/briefings-search.html" %}\n'
    assert change in ours, "the archive's change is no longer in theme/partials/header.html"
    return ours.replace(change, "", 1)


def test_the_header_partial_is_materials_own_with_one_change() -> None:
    """A copy of Material's partial goes stale when Material changes it: the diff shows
    what to carry over into build_tools/engines/mkdocs/theme/partials/header.html."""
    theirs = material_file("partials/header.html")
    ours = copied_header()
    if ours != theirs:
        diff = "".join(
            difflib.unified_diff(
                ours.splitlines(keepends=True),
                theirs.splitlines(keepends=True),
                "build_tools/engines/mkdocs/theme/partials/header.html (our change taken out)",
                "material/templates/partials/header.html (installed)",
            )
        )
        pytest.fail(
            "Material assumption broken: theme/partials/header.html is Material's "
            "partials/header.html with one change (the archive's search box when "
            "Material's search plugin is off), and Material's has changed since:\n" + diff,
            pytrace=False,
        )


def test_the_header_prints_the_page_title_raw() -> None:
    header = material_file("partials/header.html")
    assumption(
        "{{ page.meta.title }}" in header,
        "partials/header.html prints page.meta.title raw in the header topic (the plugin "
        "hands generated titles over HTML-escaped once)",
    )


def test_materials_script_fetches_a_sitemap_beside_links_whose_rel_is_exactly_alternate() -> None:
    """Feed links are ``rel="alternate feed"`` so this fetch leaves them alone."""
    (bundle,) = (MATERIAL / "assets" / "javascripts").glob("bundle.*.min.js")
    script = bundle.read_text(encoding="utf-8")
    assumption(
        '"link[rel=alternate]"' in script and "sitemap.xml" in script,
        "Material's script selects link[rel=alternate] (an exact match) and fetches a "
        "sitemap.xml beside each: if the selector became [rel~=alternate] it would also "
        "take our 'alternate feed' links and fetch a sitemap beside every feed",
    )
    assumption(
        "rel~=alternate" not in script,
        "Material's script does not select by the alternate token (rel~=alternate)",
    )


def test_materials_search_plugin_is_named_as_the_theme_checks() -> None:
    """theme/main.html and the header load the archive's search unless this plugin is on."""
    names = {entry.name for entry in entry_points(group="mkdocs.plugins")}
    assumption(
        "material/search" in names,
        "Material's search plugin is registered as 'material/search' (theme/main.html "
        "and theme/partials/header.html test config.plugins for that name)",
    )
    main = (THEME_DIR / "main.html").read_text(encoding="utf-8")
    assert '"material/search" not in config.plugins' in main


# The icons the project's theme prints in its frame (mkdocs.yml and Material's defaults).
FRAME_ICONS = (
    "material/library",  # the logo
    "material/menu",
    "material/magnify",
    "material/close",
    "material/arrow-up",  # back to top
    "material/weather-night",  # the palette toggles of mkdocs.yml
    "material/weather-sunny",
)


@pytest.mark.parametrize("icon", FRAME_ICONS)
def test_materials_icons_are_single_svg_files_that_compact_frame_draws_from_a_stylesheet(
    icon: str,
) -> None:
    source = material_file(f".icons/{icon}.svg")
    assumption(
        ICON_SOURCE.fullmatch(source) is not None,
        f".icons/{icon}.svg is one <svg xmlns=… viewBox=…> with its drawing inside; "
        "compact_frame (build_tools/engines/mkdocs/compact_frame.py) no longer recognises "
        "it and leaves it inline in every page",
    )


def test_material_includes_its_icons_as_templates_from_the_icons_folder() -> None:
    for partial in ("base.html", "partials/logo.html", "partials/palette.html"):
        assumption(
            f'{{% include "{ICON_FOLDER}" ~ ' in material_file(partial),
            f"{partial} includes its icons from {ICON_FOLDER}, as templates compact_frame "
            "sees when Jinja compiles them",
        )


def test_materials_css_sizes_an_icon_by_its_svg_element() -> None:
    """compact_frame's icon is an empty <svg> with the icon's viewBox: Material's own
    rules give it the icon's box, and the stylesheet paints it."""
    css = next((MATERIAL / "assets" / "stylesheets").glob("main.*.min.css")).read_text("utf-8")
    for rule in (
        ".md-icon svg{display:block;width:1.2rem;height:1.2rem;fill:currentcolor}",
        ".md-header__button.md-logo svg{display:block;width:auto;height:1.2rem",
        ".md-nav__title .md-nav__button.md-logo svg{display:block;width:auto;",
    ):
        assumption(rule in css, f"Material's CSS sizes icons by their <svg>: {rule}")


def test_materials_templates_print_no_preformatted_text() -> None:
    """compact_frame turns each run of whitespace in the templates into one character,
    which changes nothing only where whitespace is not preformatted."""
    found = [
        path.relative_to(MATERIAL).as_posix()
        for path in MATERIAL.rglob("*.html")
        if re.search(r"<(pre|textarea)\b|white-space\s*:\s*pre", path.read_text("utf-8"))
    ]
    assumption(not found, f"no <pre>, <textarea> or white-space: pre in templates: {found}")
