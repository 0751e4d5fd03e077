"""Actor, location and tag pages: who or what it is, then every briefing that lists it.

The first page says what the entity is and is indexed for search (by name and by
every alias) and lists its newest briefings; the older ones continue on
``…/page/N/`` pages of ``page_size`` each, counted from the oldest (``page/1/`` holds
the first briefings), so an actor in 3,000 briefings never makes one huge page, and a
new briefing changes the entity's page and its newest older page, not all of them.
Lists of neighbours (actors seen with, places seen at) are capped for the same
reason: they show the most frequent first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial

from build_tools.format import urls
from build_tools.format.model import Actor, Briefing, Location
from build_tools.format.pages import FeedLink, Page
from build_tools.format.urls import entity_feeds
from build_tools.indexing.index import older_page, older_page_count
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
    PAGER_WINDOW,
    actor_link,
    briefing_list,
    counted_links,
    feed_button,
    kind_label,
    listing_section,
    location_link,
    older_pager,
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
    heading: str,
    order: str,
    chunk: Sequence[Briefing],
    note: Callable[[str, Briefing], Html] | None,
    pages: Html,
) -> Html:
    """One page's share of the entity's briefings, with the pager."""
    return element(
        "section",
        join(
            [
                element("h2", text(heading)),
                element("p", text(order), cls="ba-meta") if order else EMPTY,
                briefing_list(context, page_url, chunk, notes=_notes(page_url, chunk, note)),
                pages,
            ],
            Html("\n"),
        ),
        cls="ba-section ba-briefings",
        **{IGNORED: ""},
    )


@dataclass(frozen=True, slots=True)
class EntityListing:
    """An actor's, place's or tag's list of briefings, as its pages show it.

    ``note(page_url, briefing)`` marks a briefing listed for a reason other than
    naming the entity itself (a place within, an affiliated actor); EMPTY otherwise.
    """

    base_url: str
    kind: str
    name: str
    listings: Mapping[str, tuple[Briefing, ...]]  # the index's, by entity
    key: str
    description: str
    note: Callable[[str, Briefing], Html] | None


def _feeds(context: RenderContext, entity: EntityListing) -> tuple[FeedLink, ...]:
    """The entity's feeds, which its first page and its older pages all advertise."""
    return entity_feeds(entity.base_url, f"{entity.name} — {context.settings.site_name}")


def _first_page(
    context: RenderContext,
    entity: EntityListing,
    first_page_parts: Sequence[Html],
    first_page_after: Sequence[Html],
    search: SearchFields,
) -> Page:
    """The entity's page, with its newest briefings; the older ones are on pages of
    their own (:func:`_older_page`). It alone is in the search index, with ``search``'s
    filters."""
    size = context.settings.page_size
    base_url = entity.base_url
    briefings = entity.listings.get(entity.key, ())
    count = len(briefings)
    listing = _listing_section(
        context,
        base_url,
        f"Briefings ({count:,})",
        "Newest first." if count > 1 else "",
        briefings[:size],
        entity.note,
        older_pager(base_url, base_url, 0, older_pages=older_page_count(count, size)),
    )
    return Page(
        url=base_url,
        title=entity.name,
        description=entity.description,
        html=page_block(
            entity.kind,
            *first_page_parts,
            listing,
            *first_page_after,
            search_block(search),
            indexed=True,
        ),
        kind=entity.kind,
        search=True,
        feeds=_feeds(context, entity),
    )


def _older_page(context: RenderContext, entity: EntityListing, number: int) -> Page:
    """Page ``number`` of the entity's older briefings, counted from the oldest, so that
    its address keeps its briefings as the archive grows; it shows nothing of the whole
    listing (not even its count), so that a new briefing leaves it as it is."""
    size = context.settings.page_size
    page = older_page(entity.listings, entity.key, number, size, PAGER_WINDOW + 1)
    base_url = entity.base_url
    page_url = urls.older(base_url, number)
    title = f"{entity.name} — page {number}"
    last = page.first + len(page.items) - 1
    back = link(urls.relative(page_url, base_url), text(entity.name))
    listing = _listing_section(
        context,
        page_url,
        f"Briefings {page.first:,}–{last:,}",
        "Numbered from the oldest; newest first.",
        page.items,
        entity.note,
        older_pager(page_url, base_url, number, newer_pages=page.newer_pages),
    )
    return Page(
        url=page_url,
        title=title,
        description=entity.description,
        html=page_block(
            entity.kind,
            element("h1", text(title)),
            element("p", Html(f"Older briefings listing {back}."), cls="ba-meta"),
            listing,
            indexed=False,
        ),
        kind=entity.kind,
        search=False,
        feeds=_feeds(context, entity),
    )


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
    once a page depth: a place within is named on many of the items of a page of a
    large country's list."""
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


def _actor_listing(context: RenderContext, actor: Actor) -> EntityListing:
    return EntityListing(
        base_url=urls.actor(actor.id),
        kind="actor",
        name=actor.name,
        listings=context.index.by_actor_and_affiliates,
        key=actor.id,
        description=actor.description
        or f"Briefings on {actor.name} in {context.settings.site_name}.",
        # Who: a briefing on an actor's pages only through affiliated actors.
        note=_through_note(
            actor.id,
            context.index.affiliates.get(actor.id, ()),
            lambda item: item.actors,
            "affiliated: ",
            partial(actor_link, context, with_aliases=False),
        ),
    )


def render_actor(context: RenderContext, actor: Actor, quotes_layout: QuotesLayout) -> Page:
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
    return _first_page(
        context,
        _actor_listing(context, actor),
        first_parts,
        after,
        SearchFields("Actor", actor.name, filters=(("actor", actor.name),)),
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


def _location_listing(context: RenderContext, place: Location) -> EntityListing:
    return EntityListing(
        base_url=urls.location(place.id),
        kind="location",
        name=place.name,
        listings=context.index.by_location_and_within,
        key=place.id,
        description=f"Briefings on {place.name} in {context.settings.site_name}.",
        # Where: a briefing on a place's pages only through places within it.
        note=_through_note(
            place.id,
            context.index.places_within.get(place.id, ()),
            lambda item: item.locations,
            "in ",
            partial(location_link, context, with_aliases=False),
        ),
    )


def render_location(context: RenderContext, place: Location) -> Page:
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
    return _first_page(
        context,
        _location_listing(context, place),
        first_parts,
        after,
        SearchFields(
            "Location",
            place.name,
            filters=tuple(
                ("location", index.archive.locations[p].name)
                for p in (place.id, *index.places_around[place.id])
            ),
        ),
    )


def _tag_listing(context: RenderContext, tag: str) -> EntityListing:
    return EntityListing(
        base_url=urls.tag(tag),
        kind="tag",
        name=tag,
        listings=context.index.by_tag,
        key=tag,
        description=f"Briefings tagged {tag} in {context.settings.site_name}.",
        note=None,
    )


def render_tag(context: RenderContext, tag: str) -> Page:
    base_url = urls.tag(tag)
    briefings = context.index.by_tag.get(tag, ())
    first_parts = [
        weighted(text(tag)),
        _meta(text("Tag"), text(count_text(len(briefings), "briefing"))),
        _follow(base_url, f"Follow “{tag}”"),
        context.graphics.timeline_for(base_url),
    ]
    return _first_page(
        context,
        _tag_listing(context, tag),
        first_parts,
        (),
        SearchFields("Tag", tag, filters=(("tag", tag),)),
    )


def render_actor_older(context: RenderContext, actor_id: str, number: int) -> Page:
    return _older_page(
        context, _actor_listing(context, context.index.archive.actors[actor_id]), number
    )


def render_location_older(context: RenderContext, location_id: str, number: int) -> Page:
    place = context.index.archive.locations[location_id]
    return _older_page(context, _location_listing(context, place), number)


def render_tag_older(context: RenderContext, tag: str, number: int) -> Page:
    return _older_page(context, _tag_listing(context, tag), number)
