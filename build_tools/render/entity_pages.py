"""Actor, location and tag pages: who or what it is, then every briefing that lists it.

The first page says what the entity is and is indexed for search (by name and by
every alias); the list of briefings continues on ``…/page/N/`` pages of
``page_size`` each, so an actor in 3,000 briefings never makes one huge page.
Lists of neighbours (actors seen with, places seen at) are capped for the same
reason: they show the most frequent first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from build_tools import urls
from build_tools.model import Actor, Briefing, Location
from build_tools.pages import FeedLink, Page
from build_tools.render.context import RenderContext
from build_tools.render.markup import (
    EMPTY,
    Html,
    count_text,
    element,
    external_link,
    join,
    link,
    page_block,
    text,
)
from build_tools.render.parts import (
    SEARCH_EXCLUDE,
    actor_link,
    briefing_list,
    counted_links,
    feed_button,
    kind_label,
    listing_section,
    location_link,
    page_title,
    pager,
    pages_of,
    place_chain,
    quote_figure,
)
from build_tools.render.quotes_pages import QuotesLayout

NEIGHBOURS_SHOWN = 30  # co-actors, locations of an actor, actors at a location


def _wikidata(wikidata: str | None) -> Html:
    if wikidata is None:
        return EMPTY
    return external_link(f"https://www.wikidata.org/wiki/{wikidata}", text("Wikidata"))


def _meta(*parts: Html) -> Html:
    return element("p", join((p for p in parts if p), Html(" · ")), cls="ba-meta")


def _also_known_as(names: Sequence[str]) -> Html:
    if not names:
        return EMPTY
    label = element("strong", text("Also known as:"))
    return element("p", Html(f"{label} {text(', '.join(names))}"), cls="ba-aliases-line")


def _labelled(label: str, content: Html) -> Html:
    if not content:
        return EMPTY
    return element("p", Html(f"{element('strong', text(label))} {content}"))


def _more(shown: int, total: int) -> Html:
    if total <= shown:
        return EMPTY
    return element("p", text(f"… and {total - shown:,} more."), cls="ba-meta")


def _seen_with(
    heading: str, ranked: Sequence[tuple[str, int]], link_to: Callable[[str], Html]
) -> Html:
    """A section of the entities most often seen with this one, with their counts:
    the first NEIGHBOURS_SHOWN, so a page stays small for an actor seen everywhere."""
    if not ranked:
        return EMPTY
    shown = ranked[:NEIGHBOURS_SHOWN]
    entries = [(link_to(entity_id), count) for entity_id, count in shown]
    return listing_section(
        heading, Html(f"{counted_links(entries)}{_more(len(shown), len(ranked))}")
    )


def _listing_pages(
    context: RenderContext,
    *,
    base_url: str,
    kind: str,
    name: str,
    first_page_parts: Sequence[Html],
    first_page_after: Sequence[Html],
    briefings: Sequence[Briefing],
    description: str,
) -> list[Page]:
    """The entity's page and the continuation pages of its list of briefings."""
    feed = FeedLink(urls.feed_of(base_url), f"{name} — {context.settings.site_name}")
    chunks = pages_of(briefings, context.settings.page_size)
    total = len(chunks)
    result: list[Page] = []
    for number, chunk in enumerate(chunks, start=1):
        page_url = urls.paged(base_url, number)
        heading = element("h2", text(f"Briefings ({len(briefings):,})"))
        listing = element(
            "section",
            join(
                [
                    heading,
                    element(
                        "p",
                        text("Newest first."),
                        cls="ba-meta",
                    )
                    if len(briefings) > 1
                    else EMPTY,
                    briefing_list(context, page_url, chunk),
                    pager(page_url, base_url, number, total),
                ],
                Html("\n"),
            ),
            cls="ba-section ba-briefings",
            **{SEARCH_EXCLUDE: ""},
        )
        if number == 1:
            parts = [*first_page_parts, listing, *first_page_after]
        else:
            back = link(urls.relative(page_url, base_url), text(name))
            parts = [
                element("h1", text(page_title(name, number))),
                element("p", Html(f"Briefings listing {back}, newest first."), cls="ba-meta"),
                listing,
            ]
        result.append(
            Page(
                url=page_url,
                title=page_title(name, number),
                description=description,
                markdown=page_block(kind, *parts),
                kind=kind,
                search=number == 1,
                feeds=(feed,),
            )
        )
    return result


def _actor_quotes(
    context: RenderContext, page_url: str, actor: Actor, quotes_layout: QuotesLayout
) -> Html:
    refs = context.index.quotes_by_speaker.get(actor.id, ())
    if not refs:
        return EMPTY
    shown = refs[: context.settings.page_size]
    figures = [
        quote_figure(context, page_url, r.quote, briefing=r.briefing, speaker=False) for r in shown
    ]
    if len(refs) > len(shown):
        more = link(
            urls.relative(page_url, quotes_layout.address_of(actor.id)),
            text(f"All {len(refs):,} quotes by {actor.name}"),
        )
        figures.append(element("p", more))
    return listing_section(f"Quotes ({len(refs):,})", join(figures, Html("\n")))


def render_actor(context: RenderContext, actor: Actor, quotes_layout: QuotesLayout) -> list[Page]:
    index = context.index
    base_url = urls.actor(actor.id)
    briefings = index.by_actor.get(actor.id, ())
    affiliation = (
        actor_link(context, base_url, actor.affiliation, with_aliases=False)
        if actor.affiliation
        else EMPTY
    )
    members = join(
        (
            actor_link(context, base_url, m, with_aliases=False)
            for m in index.affiliated.get(actor.id, ())
        ),
        Html(", "),
    )
    neighbours = [
        _seen_with(
            "Appears most with",
            index.co_actors.get(actor.id, ()),
            partial(actor_link, context, base_url, with_aliases=False),
        ),
        _seen_with(
            "Locations",
            index.actor_locations.get(actor.id, ()),
            partial(location_link, context, base_url, with_aliases=False),
        ),
    ]
    first_parts = [
        element("h1", text(actor.name)),
        _meta(
            text(kind_label(actor.kind)),
            text(count_text(len(briefings), "briefing")),
            _wikidata(actor.wikidata),
        ),
        _also_known_as(actor.aliases),
        element("p", text(actor.description)) if actor.description else EMPTY,
        _labelled("Affiliated with:", affiliation),
        _labelled("Affiliated actors:", members),
        element("p", feed_button(base_url, urls.feed_of(base_url), f"Follow {actor.name} (RSS)")),
    ]
    after = [_actor_quotes(context, base_url, actor, quotes_layout), *neighbours]
    description = actor.description or f"Briefings on {actor.name} in {context.settings.site_name}."
    return _listing_pages(
        context,
        base_url=base_url,
        kind="actor",
        name=actor.name,
        first_page_parts=first_parts,
        first_page_after=after,
        briefings=briefings,
        description=description,
    )


def _coordinates(place: Location) -> Html:
    if place.coordinates is None:
        return EMPTY
    latitude, longitude = place.coordinates
    shown = (
        f"{abs(latitude):.2f}° {'N' if latitude >= 0 else 'S'}, "
        f"{abs(longitude):.2f}° {'E' if longitude >= 0 else 'W'}"
    )
    href = (
        f"https://www.openstreetmap.org/?mlat={latitude}&mlon={longitude}"
        f"#map=10/{latitude}/{longitude}"
    )
    return external_link(href, text(shown))


def render_location(context: RenderContext, place: Location) -> list[Page]:
    index = context.index
    base_url = urls.location(place.id)
    briefings = index.by_location.get(place.id, ())
    inside = join(
        (
            location_link(context, base_url, p, with_aliases=False)
            for p in index.contains.get(place.id, ())
        ),
        Html(", "),
    )
    after = [
        _seen_with(
            "Actors seen here",
            index.location_actors.get(place.id, ()),
            partial(actor_link, context, base_url, with_aliases=False),
        )
    ]
    country = text(place.country) if place.country else EMPTY
    first_parts = [
        element("h1", text(place.name)),
        _meta(
            text(kind_label(place.kind)),
            country,
            _coordinates(place),
            text(count_text(len(briefings), "briefing")),
            _wikidata(place.wikidata),
        ),
        _also_known_as(place.aliases),
        _labelled("Within:", place_chain(context, base_url, place)),
        _labelled("Places within:", inside),
        element("p", feed_button(base_url, urls.feed_of(base_url), f"Follow {place.name} (RSS)")),
    ]
    return _listing_pages(
        context,
        base_url=base_url,
        kind="location",
        name=place.name,
        first_page_parts=first_parts,
        first_page_after=after,
        briefings=briefings,
        description=f"Briefings on {place.name} in {context.settings.site_name}.",
    )


def render_tag(context: RenderContext, tag: str) -> list[Page]:
    base_url = urls.tag(tag)
    briefings = context.index.by_tag.get(tag, ())
    first_parts = [
        element("h1", text(tag)),
        _meta(text("Tag"), text(count_text(len(briefings), "briefing"))),
        element("p", feed_button(base_url, urls.feed_of(base_url), f"Follow “{tag}” (RSS)")),
    ]
    return _listing_pages(
        context,
        base_url=base_url,
        kind="tag",
        name=tag,
        first_page_parts=first_parts,
        first_page_after=(),
        briefings=briefings,
        description=f"Briefings tagged {tag} in {context.settings.site_name}.",
    )
