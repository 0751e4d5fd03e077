"""Actor, location and tag pages: who or what it is, then every briefing that lists it.

The first page says what the entity is and is indexed for search (by name and by
every alias); the list of briefings continues on ``…/page/N/`` pages of
``page_size`` each, so an actor in 3,000 briefings never makes one huge page.
Lists of neighbours (actors seen with, places seen at) are capped for the same
reason: they show the most frequent first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import partial

from build_tools.format import urls
from build_tools.format.model import Actor, Briefing, Location
from build_tools.format.pages import Page
from build_tools.format.urls import entity_feeds
from build_tools.rendering.context import RenderContext
from build_tools.rendering.markup import (
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
from build_tools.rendering.parts import (
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
from build_tools.rendering.quotes_pages import QuotesLayout
from build_tools.rendering.search_fields import (
    IGNORED,
    NAME_WEIGHT,
    SearchFields,
    search_block,
    weighted,
)

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
    aliases = element("span", text(", ".join(names)), data_pagefind_weight=NAME_WEIGHT)
    return element("p", Html(f"{label} {aliases}"), cls="ba-aliases-line")


def _labelled(label: str, content: Html) -> Html:
    if not content:
        return EMPTY
    return element("p", Html(f"{element('strong', text(label))} {content}"))


def _follow(base_url: str, label: str) -> Html:
    """The RSS button, then the same feed in Atom and JSON Feed for readers that prefer them."""
    others = join(
        [
            link(urls.relative(base_url, urls.atom_of(base_url)), text("Atom")),
            link(urls.relative(base_url, urls.json_feed_of(base_url)), text("JSON Feed")),
        ],
        Html(" · "),
    )
    button = feed_button(base_url, urls.feed_of(base_url), f"{label} (RSS)")
    return element(
        "p", Html(f"{button} {element('span', Html(f'also as {others}'), cls='ba-meta')}")
    )


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


def _notes(
    page_url: str, chunk: Sequence[Briefing], note: Callable[[str, Briefing], Html] | None
) -> dict[str, Html]:
    if note is None:
        return {}
    marked = ((item.id, note(page_url, item)) for item in chunk)
    return {item_id: made for item_id, made in marked if made}


def _listing_section(
    context: RenderContext,
    page_url: str,
    base_url: str,
    page: tuple[int, int],
    chunk: Sequence[Briefing],
    count: int,
    note: Callable[[str, Briefing], Html] | None,
) -> Html:
    """One page's share of the entity's briefings (``page``: its number, of how many),
    under a heading that counts them all, with the pager."""
    number, total = page
    return element(
        "section",
        join(
            [
                element("h2", text(f"Briefings ({count:,})")),
                element("p", text("Newest first."), cls="ba-meta") if count > 1 else EMPTY,
                briefing_list(context, page_url, chunk, notes=_notes(page_url, chunk, note)),
                pager(page_url, base_url, number, total),
            ],
            Html("\n"),
        ),
        cls="ba-section ba-briefings",
        **{IGNORED: ""},
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
    note: Callable[[str, Briefing], Html] | None,
    search: SearchFields,
) -> list[Page]:
    """The entity's page and the continuation pages of its list of briefings; only the
    first is in the search index, with ``search``'s filters.

    ``note(page_url, briefing)`` marks a briefing listed for a reason other than
    naming the entity itself (a place within, an affiliated actor); EMPTY otherwise.
    """
    feeds = entity_feeds(base_url, f"{name} — {context.settings.site_name}")
    chunks = pages_of(briefings, context.settings.page_size)
    total = len(chunks)
    result: list[Page] = []
    for number, chunk in enumerate(chunks, start=1):
        page_url = urls.paged(base_url, number)
        listing = _listing_section(
            context, page_url, base_url, (number, total), chunk, len(briefings), note
        )
        if number == 1:
            parts = [*first_page_parts, listing, *first_page_after, search_block(search)]
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
                html=page_block(kind, *parts, indexed=number == 1),
                kind=kind,
                search=number == 1,
                feeds=feeds,
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


def _affiliate_quotes(context: RenderContext, page_url: str, actor: Actor) -> Html:
    """Quotes of the actors affiliated with this one, each with its speaker."""
    refs = context.index.affiliate_quotes.get(actor.id, ())
    if not refs:
        return EMPTY
    shown = refs[: context.settings.page_size]
    figures = [quote_figure(context, page_url, r.quote, briefing=r.briefing) for r in shown]
    return listing_section(
        f"Quotes by affiliated actors ({len(refs):,})",
        Html(f"{join(figures, Html(chr(10)))}{_more(len(shown), len(refs))}"),
    )


def _through_note(
    own: str,
    under: Iterable[str],
    listed: Callable[[Briefing], Sequence[str]],
    prefix: str,
    entity_link: Callable[[str, str], Html],
) -> Callable[[str, Briefing], Html]:
    """The note of a briefing listed only through entities under this one (``under``:
    affiliated actors, places within): ``prefix`` and their links. Each link is made
    once a page depth for the whole listing: a place within is named on most of the
    pages of a large country's list."""
    inner = frozenset(under)
    links: dict[tuple[int, str], Html] = {}

    def note(page_url: str, item: Briefing) -> Html:
        entities = listed(item)
        if own in entities:
            return EMPTY
        depth = page_url.count("/")
        named: list[Html] = []
        for entity_id in entities:
            if entity_id in inner:
                made = links.get((depth, entity_id))
                if made is None:
                    made = links[(depth, entity_id)] = entity_link(page_url, entity_id)
                named.append(made)
        return Html(f"{text(prefix)}{join(named, Html(', '))}")

    return note


def _affiliate_note(context: RenderContext, actor: Actor) -> Callable[[str, Briefing], Html]:
    """Who: a briefing on an actor's pages only through affiliated actors."""
    return _through_note(
        actor.id,
        context.index.affiliates.get(actor.id, ()),
        lambda item: item.actors,
        "affiliated: ",
        partial(actor_link, context, with_aliases=False),
    )


def _place_note(context: RenderContext, place: Location) -> Callable[[str, Briefing], Html]:
    """Where: a briefing on a place's pages only through places within it."""
    return _through_note(
        place.id,
        context.index.places_within.get(place.id, ()),
        lambda item: item.locations,
        "in ",
        partial(location_link, context, with_aliases=False),
    )


def _rolled_up_count(total: int, direct: int, through: str) -> Html:
    """``5 briefings (2 directly, 3 through places within)``; plain when all are direct."""
    if total == direct:
        return text(count_text(total, "briefing"))
    return text(
        f"{count_text(total, 'briefing')} ({direct:,} directly, {total - direct:,} {through})"
    )


def _affiliations(context: RenderContext, page_url: str, actor: Actor) -> tuple[Html, Html]:
    """What the actor is affiliated with, and the actors directly affiliated with it."""
    affiliation = (
        actor_link(context, page_url, actor.affiliation, with_aliases=False)
        if actor.affiliation
        else EMPTY
    )
    members = join(
        (
            actor_link(context, page_url, m, with_aliases=False)
            for m in context.index.affiliated.get(actor.id, ())
        ),
        Html(", "),
    )
    return _labelled("Affiliated with:", affiliation), _labelled("Affiliated actors:", members)


def render_actor(context: RenderContext, actor: Actor, quotes_layout: QuotesLayout) -> list[Page]:
    index = context.index
    base_url = urls.actor(actor.id)
    briefings = index.by_actor_and_affiliates.get(actor.id, ())
    direct = len(index.by_actor.get(actor.id, ()))
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
        weighted(text(actor.name)),
        _meta(
            text(kind_label(actor.kind)),
            _rolled_up_count(len(briefings), direct, "through affiliated actors"),
            _wikidata(actor.wikidata),
        ),
        _also_known_as(actor.aliases),
        element("p", text(actor.description)) if actor.description else EMPTY,
        *_affiliations(context, base_url, actor),
        _follow(base_url, f"Follow {actor.name}"),
        context.graphics.timeline_for(base_url),
    ]
    after = [
        _actor_quotes(context, base_url, actor, quotes_layout),
        _affiliate_quotes(context, base_url, actor),
        *neighbours,
    ]
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
        note=_affiliate_note(context, actor),
        search=SearchFields("Actor", filters=(("actor", actor.name),)),
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


def _breadcrumb(context: RenderContext, page_url: str, place: Location) -> Html:
    """``Jisr al-Shughour › Idlib Governorate › Syria``: the place, then what it lies within."""
    if place.within is None:
        return EMPTY
    here = element("span", text(place.name))
    trail = Html(f"{here} › {place_chain(context, page_url, place)}")
    return element("nav", element("p", trail), cls="ba-breadcrumb", aria_label="Lies within")


def _places_within(context: RenderContext, page_url: str, place: Location) -> Html:
    """The places directly within this one, most briefings first (counting their own
    places within); a place with none is named without a link (it has no page)."""
    rolled_up = context.index.by_location_and_within
    inside = context.index.contains.get(place.id, ())
    ranked = sorted(
        ((p, len(rolled_up.get(p, ()))) for p in inside), key=lambda pc: (-pc[1], pc[0])
    )
    return _seen_with(
        "Places within", ranked, partial(location_link, context, page_url, with_aliases=False)
    )


def render_location(context: RenderContext, place: Location) -> list[Page]:
    index = context.index
    base_url = urls.location(place.id)
    briefings = index.by_location_and_within.get(place.id, ())
    direct = len(index.by_location.get(place.id, ()))
    after = [
        _places_within(context, base_url, place),
        _seen_with(
            "Actors seen here",
            index.location_actors.get(place.id, ()),
            partial(actor_link, context, base_url, with_aliases=False),
        ),
    ]
    country = text(place.country) if place.country else EMPTY
    first_parts = [
        weighted(text(place.name)),
        _meta(
            text(kind_label(place.kind)),
            country,
            _coordinates(place),
            _rolled_up_count(len(briefings), direct, "at places within"),
            _wikidata(place.wikidata),
        ),
        _also_known_as(place.aliases),
        _breadcrumb(context, base_url, place),
        _follow(base_url, f"Follow {place.name}"),
        context.graphics.map_for(base_url),
        context.graphics.timeline_for(base_url),
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
        note=_place_note(context, place),
        search=SearchFields(
            "Location",
            filters=tuple(
                ("location", index.archive.locations[p].name)
                for p in (place.id, *index.places_around[place.id])
            ),
        ),
    )


def render_tag(context: RenderContext, tag: str) -> list[Page]:
    base_url = urls.tag(tag)
    briefings = context.index.by_tag.get(tag, ())
    first_parts = [
        weighted(text(tag)),
        _meta(text("Tag"), text(count_text(len(briefings), "briefing"))),
        _follow(base_url, f"Follow “{tag}”"),
        context.graphics.timeline_for(base_url),
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
        note=None,
        search=SearchFields("Tag", filters=(("tag", tag),)),
    )
