"""``/map/``: every located place of the archive on one map, and the same as a list.

The list under the map is its text equivalent (every place, its briefing count, a
link to its page) and names the places that have no coordinates: those are never
placed on the map by guess.
"""

from __future__ import annotations

from build_tools.format import urls
from build_tools.format.pages import Page
from build_tools.rendering.context import RenderContext
from build_tools.rendering.markup import EMPTY, Html, count_text, element, page_block, text
from build_tools.rendering.parts import counted_links, location_link
from build_tools.rendering.search_fields import IGNORED


def render_map_page(context: RenderContext) -> Page:
    index = context.index
    locations = index.archive.locations
    page_url = urls.MAP
    located = [p for p in index.by_location if locations[p].coordinates is not None]
    located.sort(key=lambda p: (-len(index.by_location[p]), locations[p].name.casefold(), p))
    entries = [
        (location_link(context, page_url, p, with_aliases=False), len(index.by_location[p]))
        for p in located
    ]
    listing = (
        element(
            "section",
            Html(
                element("h2", text("Every place on the map"))
                + element("p", text("By number of briefings, most first."), cls="ba-meta")
                + counted_links(entries)
            ),
            cls="ba-section",
            **{IGNORED: ""},
        )
        if entries
        else EMPTY
    )
    unlocated = len(index.by_location) - len(located)
    intro = (
        f"{count_text(len(located), 'place')} of the archive, each mark sized by its number "
        "of briefings and linked to its page."
    )
    if unlocated:
        verb = "has no coordinates and is" if unlocated == 1 else "have no coordinates and are"
        intro += f" {count_text(unlocated, 'place')} {verb} listed under the map."
    body = context.graphics.map_for(page_url) or element(
        "p", text("No place of the archive has coordinates yet."), cls="ba-empty"
    )
    return Page(
        url=page_url,
        title="Map",
        description=f"Every place in {context.settings.site_name} on a map.",
        html=page_block(
            "map",
            element("h1", text("Map")),
            element("p", text(intro), cls="ba-meta"),
            body,
            listing,
        ),
        kind="map",
        search=False,
    )
