"""``/search/``: the full search, with filters, and where a reader without JavaScript lands.

The header's search box is a form that sends its query here (``?q=…``). With
JavaScript, the theme's search script fills this page: results, filters by actor,
location, tag, year and kind with their counts, and the query and filters kept in
the address. Without it, the page says so and leads to the indexes that reach every
briefing by browsing. The page itself is not in the search index.
"""

from __future__ import annotations

from build_tools.format import urls
from build_tools.format.pages import Page
from build_tools.rendering.context import RenderContext
from build_tools.rendering.markup import Html, element, join, link, page_block, text

APP_ID = "ba-search-app"  # where the search script builds the search (theme script)
NO_SCRIPT_CLASS = "ba-search-nojs"  # hidden by the search script once it runs

_INDEXES = (
    (urls.ARCHIVE, "Archive", "every briefing by date"),
    (urls.ACTORS, "Actors", "every actor, with the briefings that list it"),
    (urls.LOCATIONS, "Locations", "every place, including the places within it"),
    (urls.TAGS, "Tags", "every topic"),
)


def render_search(context: RenderContext) -> Page:
    page_url = urls.SEARCH
    entries = [
        element("li", Html(f"{link(urls.relative(page_url, url), text(label))}: {text(what)}"))
        for url, label, what in _INDEXES
    ]
    no_script = element(
        "div",
        join(
            [
                element(
                    "p",
                    text(
                        "Searching needs JavaScript, which is turned off or did not load in "
                        "this browser. Every briefing can also be reached by browsing:"
                    ),
                ),
                element("ul", join(entries, Html("\n"))),
            ],
            Html("\n"),
        ),
        cls=NO_SCRIPT_CLASS,
    )
    about = element(
        "p",
        text(
            "Finds briefings by their words and by the name or any alias of the actors "
            "and places they list. Narrow the results by actor, location (a place includes "
            "the places within it), tag, year and kind; the address keeps the search, "
            "so it can be bookmarked or shared."
        ),
        cls="ba-meta",
    )
    return Page(
        url=page_url,
        title="Search",
        description=f"Search {context.settings.site_name} by words, names and aliases, "
        "with filters by actor, location, tag, year and kind.",
        html=page_block(
            "search",
            element("h1", text("Search")),
            about,
            no_script,
            element("div", cls="ba-search-app", id=APP_ID),
        ),
        kind="search",
        search=False,
    )
