"""The home page, read as the front page of a news archive.

A masthead says what the archive covers, derived from the content (the countries
it reports on most, its date range, how many briefings, places and actors) and who
keeps it; then the latest briefings with their date, places and actors, the map of
the latest month's places, and the actors and places most present. Feeds are
offered after the news, not above it.
"""

from __future__ import annotations

from collections import Counter

from build_tools.format import urls
from build_tools.format.model import Briefing
from build_tools.format.pages import Page
from build_tools.rendering.context import RenderContext
from build_tools.rendering.markup import (
    EMPTY,
    Html,
    count_text,
    date_text,
    element,
    join,
    link,
    month_name,
    page_block,
    text,
    time_element,
)
from build_tools.rendering.parts import (
    actor_link,
    counted_links,
    location_link,
)

HOME_LATEST = 10
MOST_PRESENT = 8
COUNTRIES_NAMED = 3


def _and(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _covers(context: RenderContext) -> str:
    """``Syria and Iraq``: the countries with the most briefings, by name."""
    index = context.index
    locations = index.archive.locations
    names = context.graphics.country_names
    counts: Counter[str] = Counter(index.by_country_count)
    for place_id, place in locations.items():  # a country record may leave out its code
        if place.kind == "country" and place.country is None and place_id in index.by_location:
            code = next((c for c, n in names.items() if n == place.name), None)
            if code is not None and code not in counts:
                counts[code] = len(index.by_location[place_id])
    ranked = [code for code, _ in counts.most_common() if code in names]
    shown = [names[c] for c in ranked[:COUNTRIES_NAMED]]
    rest = len(ranked) - len(shown)
    if rest > 0:
        shown.append(count_text(rest, "other country", "other countries"))
    return _and(shown)


def _masthead(context: RenderContext) -> Html:
    index = context.index
    settings = context.settings
    items = index.briefings
    if items:
        first, last = items[-1].date, items[0].date
        when = (
            f"from {month_name(first.year, first.month)} to {month_name(last.year, last.month)}"
            if (first.year, first.month) != (last.year, last.month)
            else f"in {month_name(last.year, last.month)}"
        )
        covers = _covers(context)
        what = (
            f"News briefings{f' on {covers}' if covers else ''}: "
            f"{count_text(len(items), 'briefing')} {when}, at "
            f"{count_text(len(index.by_location), 'place')} and naming "
            f"{count_text(len(index.by_actor), 'actor')}, each linked to the people, "
            "places and topics it covers, with the quotes and sources behind it."
        )
        latest = f"Latest briefing: {date_text(last)}."
    else:
        what = "News briefings, cross-linked by actor, place and topic. No briefings yet."
        latest = ""
    who = text(
        "Written in its own words from named sources and kept by its contributors, "
        "in the open: every briefing and every correction is a reviewed change."
    )
    if settings.about_url is not None:
        about = link(
            urls.relative(urls.HOME, settings.about_url),
            text("About the archive and its editorial standards"),
        )
        who = Html(f"{who} {about}.")
    return element(
        "header",
        join(
            [
                element("h1", text(settings.site_name)),
                element("p", text(what), cls="ba-masthead__what"),
                element("p", who, cls="ba-masthead__who"),
                element("p", text(latest), cls="ba-meta") if latest else EMPTY,
            ],
            Html("\n"),
        ),
        cls="ba-masthead",
    )


def _lead_item(context: RenderContext, item: Briefing) -> Html:
    page_url = urls.HOME
    title = link(urls.relative(page_url, urls.briefing(item)), text(item.title))
    facts: list[Html] = [time_element(item.date)]
    if item.locations:
        facts.append(
            join(
                (location_link(context, page_url, p, with_aliases=False) for p in item.locations),
                Html(", "),
            )
        )
    facts.append(
        join(
            (actor_link(context, page_url, a, with_aliases=False) for a in item.actors),
            Html(", "),
        )
    )
    return element(
        "li",
        join(
            [
                element("h3", title, cls="ba-lead__title"),
                element("p", join(facts, Html(" · ")), cls="ba-lead__facts"),
                element("p", text(item.summary), cls="ba-item__summary"),
            ],
            Html("\n"),
        ),
        cls="ba-lead",
    )


def _latest(context: RenderContext) -> Html:
    items = context.index.briefings[:HOME_LATEST]
    if not items:
        return element("p", text("No briefings yet."), cls="ba-empty")
    more = link(urls.relative(urls.HOME, urls.ARCHIVE), text("Every briefing, by date"))
    return join(
        [
            element(
                "ul", join((_lead_item(context, i) for i in items), Html("\n")), cls="ba-leads"
            ),
            element("p", Html(f"{more} →")),
        ],
        Html("\n"),
    )


def _most_present(context: RenderContext) -> Html:
    index = context.index
    actors = sorted(index.by_actor.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:MOST_PRESENT]
    places = sorted(index.by_location.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:MOST_PRESENT]
    if not actors:
        return EMPTY
    page_url = urls.HOME
    actor_entries = [
        (actor_link(context, page_url, a, with_aliases=False), len(v)) for a, v in actors
    ]
    place_entries = [
        (location_link(context, page_url, p, with_aliases=False), len(v)) for p, v in places
    ]
    parts = [
        element("h2", text("Most present")),
        element("h3", text("Actors")),
        counted_links(actor_entries),
        link(urls.relative(page_url, urls.ACTORS), text("All actors")),
    ]
    if place_entries:
        parts += [
            element("h3", text("Places")),
            counted_links(place_entries),
            link(urls.relative(page_url, urls.LOCATIONS), text("All places")),
        ]
    return element("section", join(parts, Html("\n")), cls="ba-section ba-most")


def _where(context: RenderContext) -> Html:
    block = context.graphics.map_for(urls.HOME)
    if not block or not context.index.briefings:
        return EMPTY
    latest = context.index.briefings[0].date
    heading = element("h2", text(f"Where: {month_name(latest.year, latest.month)}"))
    whole = link(urls.relative(urls.HOME, urls.MAP), text("The map of the whole archive"))
    return element(
        "section",
        join([heading, block, element("p", Html(f"{whole} →"))], Html("\n")),
        cls="ba-section ba-where",
    )


def _browse_and_follow() -> Html:
    page_url = urls.HOME
    browse = [
        element("li", link(urls.relative(page_url, target), text(label)))
        for label, target in (
            ("Archive by date", urls.ARCHIVE),
            ("Map", urls.MAP),
            ("Actors", urls.ACTORS),
            ("Places", urls.LOCATIONS),
            ("Tags", urls.TAGS),
            ("Quotes", urls.QUOTES),
            ("Corrections", urls.CORRECTIONS),
        )
    ]
    feeds = join(
        [
            link(urls.relative(page_url, urls.RSS), text("RSS")),
            link(urls.relative(page_url, urls.ATOM), text("Atom")),
            link(urls.relative(page_url, urls.JSON_FEED), text("JSON Feed")),
        ],
        Html(", "),
    )
    follow = element(
        "p",
        Html(
            text("Follow the latest briefings in a feed reader: ")
            + feeds
            + text(". Every actor, place and tag has its own feed too.")
        ),
        cls="ba-follow",
    )
    return element(
        "section",
        join(
            [
                element("h2", text("Browse and follow")),
                element("ul", join(browse, Html("\n")), cls="ba-inline-list"),
                follow,
            ],
            Html("\n"),
        ),
        cls="ba-section",
    )


def render_front_page(context: RenderContext) -> Page:
    settings = context.settings
    html = page_block(
        "home",
        _masthead(context),
        element("h2", text("Latest briefings")),
        _latest(context),
        _where(context),
        _most_present(context),
        _browse_and_follow(),
    )
    return Page(
        url=urls.HOME,
        title=settings.site_name,
        description=f"{settings.site_name}: news briefings cross-linked by actor, place and tag.",
        html=html,
        kind="home",
        search=False,
    )
