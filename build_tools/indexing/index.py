"""Index: the validated archive, cross-referenced every way a page or feed needs it.

Built once, before anything is written (Pelican's ``generate_context`` before
``generate_output``), so every page sees the same complete picture. Pure: the same
archive always gives the same index, in the same order.
"""

from __future__ import annotations

import bisect
import itertools
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Protocol, TypeVar, runtime_checkable

from build_tools.format.model import Archive, Briefing, Correction, Location, Quote

K = TypeVar("K")

RELATED_COUNT = 5
# Related briefings are sought among each shared entity's nearest briefings in time.
# An actor in thousands of briefings would otherwise make this quadratic.
RELATED_WINDOW = 12


@dataclass(frozen=True, slots=True)
class QuoteRef:
    quote: Quote
    briefing: Briefing


@dataclass(frozen=True, slots=True)
class CorrectionRef:
    correction: Correction
    briefing: Briefing


@dataclass(frozen=True, slots=True)
class Index:
    """Published briefings only; every tuple of briefings is newest first."""

    archive: Archive
    briefings: tuple[Briefing, ...]
    by_actor: Mapping[str, tuple[Briefing, ...]]
    by_location: Mapping[str, tuple[Briefing, ...]]
    by_tag: Mapping[str, tuple[Briefing, ...]]
    by_year: Mapping[int, tuple[Briefing, ...]]
    years: tuple[int, ...]  # the keys of by_year, newest first: read without the listings
    # ISO country code → briefings at a place in it (by its ``country``), the country
    # first met first among equals, going down from the newest briefing.
    by_country_count: Mapping[str, int]
    quotes_by_speaker: Mapping[str, tuple[QuoteRef, ...]]
    corrections: tuple[CorrectionRef, ...]
    related: Mapping[str, tuple[Briefing, ...]]
    previous: Mapping[str, Briefing]  # the next older briefing
    next: Mapping[str, Briefing]  # the next newer briefing
    co_actors: Mapping[str, tuple[tuple[str, int], ...]]  # actor → (actor, shared count)
    actor_locations: Mapping[str, tuple[tuple[str, int], ...]]
    location_actors: Mapping[str, tuple[tuple[str, int], ...]]
    affiliated: Mapping[str, tuple[str, ...]]  # actor → actors affiliated with it
    contains: Mapping[str, tuple[str, ...]]  # location → locations within it
    # Roll-ups, transitive at any depth. An entity has a page and feeds exactly when
    # it is a key of these: a country whose briefings all name a town in it has one.
    places_within: Mapping[str, tuple[str, ...]]  # location → every place within it
    places_around: Mapping[str, tuple[str, ...]]  # location → every place it lies within,
    # innermost first (its ``within`` chain)
    affiliates: Mapping[str, tuple[str, ...]]  # actor → every actor affiliated under it
    by_location_and_within: Mapping[str, tuple[Briefing, ...]]
    by_actor_and_affiliates: Mapping[str, tuple[Briefing, ...]]
    affiliate_quotes: Mapping[str, tuple[QuoteRef, ...]]  # quotes by an actor's affiliates


@runtime_checkable
class NewestOf(Protocol):
    """Listings that can say which of their items were taken: a preview's recording view
    (:mod:`build_tools.publishing.page_reads`) notes the newest ``count`` of a listing,
    so that a feed depends on its items alone, not on the whole listing."""

    def newest(self, key: str, count: int) -> tuple[Briefing, ...]: ...


def newest(
    listings: Mapping[str, tuple[Briefing, ...]], key: str, count: int
) -> tuple[Briefing, ...]:
    """The newest ``count`` briefings of the listing ``key`` (listings are newest first)."""
    if isinstance(listings, NewestOf):
        return listings.newest(key, count)
    return listings[key][:count]


@dataclass(frozen=True, slots=True)
class OlderPage:
    """Page ``number`` of a listing's older briefings: those below its first page, cut
    into pages counted from the oldest. A briefing added on top changes the first page
    and the newest of these; every other page keeps its briefings and its address."""

    items: tuple[Briefing, ...]  # newest first
    first: int  # the position of its oldest briefing, counted from the oldest (1-based)
    newer_pages: int  # older pages newer than this one, counted up to a cap
    next_newer: Briefing | None  # the briefing just above its newest, on the next page up


def older_page_count(length: int, size: int) -> int:
    """How many pages of older briefings a listing of ``length`` has below its first
    page of ``size``."""
    return max(0, -(-(length - size) // size))


def cut_older_page(listing: tuple[Briefing, ...], number: int, size: int, cap: int) -> OlderPage:
    length = len(listing)
    start = (number - 1) * size  # positions counted from the oldest
    stop = max(start, min(number * size, length - size))
    above = length - stop - 1
    return OlderPage(
        items=listing[length - stop : length - start],
        first=start + 1,
        newer_pages=min(older_page_count(length, size) - number, cap),
        next_newer=listing[above] if 0 <= above < length else None,
    )


@runtime_checkable
class OlderPagesOf(Protocol):
    """Listings that can say which page of older briefings was taken (as
    :class:`NewestOf`), so that the page depends on its briefings alone."""

    def older_page(self, key: object, number: int, size: int, cap: int) -> OlderPage: ...


def older_page(
    listings: Mapping[K, tuple[Briefing, ...]], key: K, number: int, size: int, cap: int
) -> OlderPage:
    """Page ``number`` (from 1, the oldest) of the listing ``key``'s briefings below its
    first ``size``; ``cap`` bounds how many newer pages it counts (a pager shows a few)."""
    if isinstance(listings, OlderPagesOf):
        return listings.older_page(key, number, size, cap)
    return cut_older_page(listings[key], number, size, cap)


def reading_order(
    listing: tuple[Briefing, ...], size: int
) -> Iterator[tuple[int, tuple[Briefing, ...]]]:
    """A listing's pages as a reader goes down it: the first (0), then its older pages
    from the newest to 1 (:class:`OlderPage`)."""
    yield 0, listing[:size]
    for number in range(older_page_count(len(listing), size), 0, -1):
        yield number, cut_older_page(listing, number, size, 0).items


def _newest_first(items: Iterable[Briefing]) -> tuple[Briefing, ...]:
    return tuple(sorted(items, key=lambda b: (b.date, b.id), reverse=True))


def _group(briefings: tuple[Briefing, ...], keys: str) -> dict[str, tuple[Briefing, ...]]:
    groups: dict[str, list[Briefing]] = defaultdict(list)
    for item in briefings:  # already newest first, so each group is too
        for key in getattr(item, keys):
            groups[key].append(item)
    return {key: tuple(groups[key]) for key in sorted(groups)}


def _ranked(counter: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def _entity_keys(item: Briefing) -> Iterator[tuple[str, str]]:
    yield from (("actor", a) for a in item.actors)
    yield from (("location", loc) for loc in item.locations)
    yield from (("tag", t) for t in item.tags)


Standing = list[tuple[list[int], int]]  # (an entity's positions, one's place among them)


def _numbered_entities(oldest_first: tuple[Briefing, ...]) -> tuple[list[int], list[Standing]]:
    """Each position's entities as the bits of one integer, and for each entity the
    positions naming it with where this position stands among them."""
    numbers: dict[tuple[str, str], int] = {}
    members: list[list[int]] = []  # entity number → positions, oldest first
    masks: list[int] = []
    standings: list[Standing] = []
    for position, item in enumerate(oldest_first):
        mine = {numbers.setdefault(key, len(numbers)) for key in _entity_keys(item)}
        members.extend([] for _ in range(len(numbers) - len(members)))
        standing = []
        for entity in mine:
            standing.append((members[entity], len(members[entity])))
            members[entity].append(position)
        standings.append(standing)
        masks.append(sum(1 << entity for entity in mine))
    return masks, standings


Related = Mapping[str, tuple[Briefing, ...]]
Listing = Callable[[tuple[str, str]], tuple[Briefing, ...]]  # ("actor", id) → its briefings


def _listing_of(oldest_first: tuple[Briefing, ...]) -> Listing:
    """Each entity's briefings, newest first, as the index groups them (for a caller
    that has no index)."""
    groups: dict[tuple[str, str], list[Briefing]] = defaultdict(list)
    for item in reversed(oldest_first):
        for key in _entity_keys(item):
            groups[key].append(item)
    return lambda key: tuple(groups[key])


def _numbered_among(
    oldest_first: tuple[Briefing, ...], only: set[str], listing: Listing
) -> tuple[list[int], list[Standing]]:
    """:func:`_numbered_entities` for the briefings of ``only`` alone, from each of their
    entities' ``listing``: the other positions get the bits of those entities only."""
    position_of = {item.id: p for p, item in enumerate(oldest_first)}
    masks = [0] * len(oldest_first)
    standings: list[Standing] = [[] for _ in oldest_first]
    members: dict[tuple[str, str], list[int]] = {}
    for item_id in only:
        position = position_of[item_id]
        for key in _entity_keys(oldest_first[position]):
            positions = members.get(key)
            if positions is None:
                positions = members[key] = [position_of[b.id] for b in reversed(listing(key))]
                bit = 1 << (len(members) - 1)
                for other in positions:
                    masks[other] |= bit
            standings[position].append((positions, bisect.bisect_left(positions, position)))
    return masks, standings


def _ranked_by(item: Briefing) -> tuple[object, ...]:
    """What a briefing's place in the ranking of related briefings is made from."""
    return (item.date, *_entity_keys(item))


def _changed(
    old: Mapping[str, Briefing], new: Mapping[str, Briefing], read: Callable[[Briefing], object]
) -> set[str] | None:
    """The ids of the briefings added, removed or whose ``read`` differs between two
    builds (a briefing not read again is the same object: compared by identity first);
    None when that is more than a quarter of the archive, for which a count from scratch
    is as quick."""
    changed = {
        i
        for i in old.keys() | new.keys()
        if old.get(i) is not new.get(i)
        and (i not in old or i not in new or read(old[i]) != read(new[i]))
    }
    return None if len(changed) * 4 > len(new) else changed


def _unsettled(
    before: tuple[Briefing, ...], after: tuple[Briefing, ...], window: int
) -> set[str] | None:
    """The briefings of ``after`` whose related briefings may differ from those they
    had in ``before`` (both newest first); None when that is all of them.

    A briefing's candidates are its ``window`` neighbours in time among those naming
    each entity it names. A briefing added, removed, moved in time or naming other
    entities changes the candidates (or the score of a candidate) only of the
    briefings within ``window`` of it in the list of an entity it names or named."""
    old = {item.id: item for item in before}
    new = {item.id: item for item in after}
    changed = _changed(old, new, _ranked_by)
    if changed is None:
        return None
    touched = {
        key
        for listed in (old, new)
        for item_id in changed
        if item_id in listed
        for key in _entity_keys(listed[item_id])
    }
    unsettled = changed & new.keys()
    for listed in (before, after):
        members: dict[object, list[str]] = defaultdict(list)
        for item in reversed(listed):
            for key in _entity_keys(item):
                if key in touched:
                    members[key].append(item.id)
        for ids in members.values():
            for at, item_id in enumerate(ids):
                if item_id in changed:
                    unsettled.update(ids[max(0, at - window - 1) : at + window + 2])
    return unsettled & new.keys()


def related_briefings(
    briefings: tuple[Briefing, ...],
    count: int = RELATED_COUNT,
    window: int = RELATED_WINDOW,
    *,
    last: tuple[tuple[Briefing, ...], Related] | None = None,
    listing: Listing | None = None,
) -> dict[str, tuple[Briefing, ...]]:
    """Rank by shared actors, locations and tags, then closeness in time, then id.

    The candidates are each shared entity's ``window`` nearest briefings on either
    side in time; each is scored by every entity it shares, not only the one that
    found it. A build scores about 150 candidates for each briefing, so each is one
    integer made in one expression: the entities a briefing names are the bits of an
    integer (their number shared is the popcount of an AND), and the whole ranking
    key — fewer shared, then days apart, then id — is packed into one sortable int.

    ``last``: a preview's last published briefings and their related briefings; only
    the briefings a change can reach are ranked again (:func:`_unsettled`), the others
    keep their related briefings, as they are now. ``listing``: each entity's briefings,
    newest first, as the index groups them (those ranked again then find their
    candidates there, without going through every briefing's names).
    """
    oldest_first = tuple(reversed(briefings))
    if not oldest_first:
        return {}
    unsettled = None if last is None else _unsettled(last[0], briefings, window)
    ranked = _ranked_related(oldest_first, count, window, unsettled, listing)
    if last is None or unsettled is None:
        return ranked
    now = {item.id: item for item in briefings}
    return {
        item.id: ranked[item.id]
        if item.id in unsettled
        else tuple(now[other.id] for other in last[1][item.id])
        for item in oldest_first
    }


def _ranked_related(
    oldest_first: tuple[Briefing, ...],
    count: int,
    window: int,
    only: set[str] | None,
    listing: Listing | None = None,
) -> dict[str, tuple[Briefing, ...]]:
    """The ranking of :func:`related_briefings`, of every briefing or of ``only``."""
    days = [item.date.toordinal() for item in oldest_first]
    by_id = sorted(range(len(oldest_first)), key=lambda p: (oldest_first[p].id, p))
    id_rank = [0] * len(by_id)
    for rank, position in enumerate(by_id):
        id_rank[position] = rank
    rank_bits = len(by_id).bit_length()
    low_bits = (1 << rank_bits) - 1
    share_shift = rank_bits + (max(days) - min(days)).bit_length()
    if only is None:
        entity_masks, standings = _numbered_entities(oldest_first)
    else:
        grouped = listing or _listing_of(oldest_first)
        entity_masks, standings = _numbered_among(oldest_first, only, grouped)
    result: dict[str, tuple[Briefing, ...]] = {}
    for position, standing in enumerate(standings):
        if only is not None and oldest_first[position].id not in only:
            continue
        candidates = set(
            itertools.chain.from_iterable(
                positions[max(0, at - window) : at + window + 1] for positions, at in standing
            )
        )
        candidates.discard(position)
        mask, day = entity_masks[position], days[position]
        keys = [
            ((abs(days[other] - day) << rank_bits) | id_rank[other])
            - ((mask & entity_masks[other]).bit_count() << share_shift)
            for other in candidates
        ]
        keys.sort()
        result[oldest_first[position].id] = tuple(
            oldest_first[by_id[key & low_bits]] for key in keys[:count]
        )
    return result


def chain(parent_of: Mapping[str, str | None], start: str) -> tuple[str, ...]:
    """``start``'s parent, its parent's parent, …: innermost first, ``start`` excluded.

    The validator rejects cycles; the walk still stops at a repeat, so a cycle that
    slipped through could never hang a build.
    """
    found: list[str] = []
    seen = {start}
    current = parent_of.get(start)
    while current is not None and current not in seen:
        found.append(current)
        seen.add(current)
        current = parent_of.get(current)
    return tuple(found)


def transitive_members(parent_of: Mapping[str, str | None]) -> dict[str, tuple[str, ...]]:
    """Each id that something lies under → every id under it, at any depth, sorted.

    ``parent_of`` is ``within`` for places and ``affiliation`` for actors.
    """
    members: dict[str, set[str]] = defaultdict(set)
    for member in parent_of:
        for ancestor in chain(parent_of, member):
            members[ancestor].add(member)
    return {key: tuple(sorted(members[key])) for key in sorted(members)}


def _rolled_up(
    briefings: tuple[Briefing, ...], keys: str, parent_of: Mapping[str, str | None]
) -> dict[str, tuple[Briefing, ...]]:
    """Like ``_group``, but each briefing also counts for every ancestor of its keys."""
    groups: dict[str, list[Briefing]] = defaultdict(list)
    ancestors: dict[str, tuple[str, ...]] = {}
    for item in briefings:  # newest first, so each group is too
        owners: dict[str, None] = {}
        for key in getattr(item, keys):
            owners[key] = None
            if key not in ancestors:
                ancestors[key] = chain(parent_of, key)
            owners.update(dict.fromkeys(ancestors[key]))
        for owner in owners:
            groups[owner].append(item)
    return {key: tuple(groups[key]) for key in sorted(groups)}


def _by_country_count(
    published: tuple[Briefing, ...], locations: Mapping[str, Location]
) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for item in published:
        counts.update({locations[p].country or "" for p in item.locations} - {""})
    return dict(counts)


def _by_year(published: tuple[Briefing, ...]) -> dict[int, tuple[Briefing, ...]]:
    by_year: dict[int, list[Briefing]] = defaultdict(list)
    for item in published:
        by_year[item.date.year].append(item)
    return {year: tuple(items) for year, items in sorted(by_year.items(), reverse=True)}


def _quotes_by_speaker(published: tuple[Briefing, ...]) -> dict[str, tuple[QuoteRef, ...]]:
    quotes: dict[str, list[QuoteRef]] = defaultdict(list)
    for item in published:
        for quote in item.quotes:
            quotes[quote.speaker].append(QuoteRef(quote, item))
    return {k: tuple(v) for k, v in sorted(quotes.items())}


def _corrections(published: tuple[Briefing, ...]) -> tuple[CorrectionRef, ...]:
    """Newest correction first; corrections of one day by briefing id, descending."""
    corrections = [CorrectionRef(c, item) for item in published for c in item.corrections]
    corrections.sort(key=lambda c: (c.correction.date, c.briefing.id), reverse=True)
    return tuple(corrections)


Ranking = dict[str, tuple[tuple[str, int], ...]]


Together = tuple[Ranking, Ranking, Ranking]
Ranked = Mapping[str, tuple[tuple[str, int], ...]]


def _seen_together(
    published: tuple[Briefing, ...],
    by_actor: Mapping[str, tuple[Briefing, ...]],
    by_location: Mapping[str, tuple[Briefing, ...]],
    last: tuple[tuple[Briefing, ...], tuple[Ranked, Ranked, Ranked]] | None = None,
) -> Together:
    """Who appears with each actor, where each actor appears and who appears at each
    place, most briefings first: one pass, as the three are counted from the same pairs.

    ``last``: a preview's last published briefings and their rankings; only the
    entities of briefings added, removed or naming other actors or places are counted
    again, from their own briefings (a ranking reads nothing else)."""
    touched = None if last is None else _touched_entities(last[0], published)
    if last is not None and touched is not None:
        return _counted_again(last[1], touched, by_actor, by_location)
    co_counts: dict[str, Counter[str]] = defaultdict(Counter)
    location_counts: dict[str, Counter[str]] = defaultdict(Counter)
    actor_counts: dict[str, Counter[str]] = defaultdict(Counter)
    for item in published:
        for actor in item.actors:
            co_counts[actor].update(item.actors)  # itself too: taken out below
            location_counts[actor].update(item.locations)
        for place in item.locations:
            actor_counts[place].update(item.actors)
    for actor, counts in co_counts.items():
        del counts[actor]
    return (
        {k: _ranked(v) for k, v in sorted(co_counts.items())},
        {k: _ranked(v) for k, v in sorted(location_counts.items())},
        {k: _ranked(v) for k, v in sorted(actor_counts.items())},
    )


def _counted_again(
    last: tuple[Ranked, Ranked, Ranked],
    touched: tuple[set[str], set[str]],
    by_actor: Mapping[str, tuple[Briefing, ...]],
    by_location: Mapping[str, tuple[Briefing, ...]],
) -> Together:
    """The rankings of :func:`_seen_together`, the ``touched`` actors' and places'
    counted again from their own briefings, the others' as they were."""
    actors, places = touched

    def again(
        rankings: Ranked,
        listings: Mapping[str, tuple[Briefing, ...]],
        recount: set[str],
        names: str,
        itself: bool,
    ) -> Ranking:
        return {
            key: _counted(listed, names, key if itself else None)
            if key in recount
            else rankings[key]
            for key, listed in listings.items()
        }

    return (
        again(last[0], by_actor, actors, "actors", True),
        again(last[1], by_actor, actors, "locations", False),
        again(last[2], by_location, places, "actors", False),
    )


def _counted(
    listed: tuple[Briefing, ...], names: str, itself: str | None
) -> tuple[tuple[str, int], ...]:
    counts: Counter[str] = Counter()
    for item in listed:
        counts.update(getattr(item, names))
    if itself is not None:
        del counts[itself]
    return _ranked(counts)


def _touched_entities(
    before: tuple[Briefing, ...], after: tuple[Briefing, ...]
) -> tuple[set[str], set[str]] | None:
    """The actors and places of the briefings added, removed or naming others between
    ``before`` and ``after``; None when that is more than a quarter of the archive."""
    old = {item.id: item for item in before}
    new = {item.id: item for item in after}
    changed = _changed(old, new, _named)
    if changed is None:
        return None
    named = [_named(side[i]) for i in changed for side in (old, new) if i in side]
    return {a for actors, _ in named for a in actors}, {p for _, places in named for p in places}


def _named(item: Briefing) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return item.actors, item.locations


def _direct_members(parent_of: Mapping[str, str | None]) -> dict[str, tuple[str, ...]]:
    """Each parent's direct members (actors affiliated with it, places within it)."""
    members: dict[str, list[str]] = defaultdict(list)
    for member, parent in parent_of.items():
        if parent is not None:
            members[parent].append(member)
    return {k: tuple(sorted(v)) for k, v in sorted(members.items())}


def _affiliate_quotes(
    published: tuple[Briefing, ...], affiliation: Mapping[str, str | None]
) -> dict[str, tuple[QuoteRef, ...]]:
    """Each actor's quotes and those of every actor affiliated with it, in any step."""
    affiliate_quotes: dict[str, list[QuoteRef]] = defaultdict(list)
    for ref in (ref for item in published for ref in _quote_refs(item)):
        for owner in chain(affiliation, ref.quote.speaker):
            affiliate_quotes[owner].append(ref)
    return {k: tuple(v) for k, v in sorted(affiliate_quotes.items())}


def _neighbours(
    published: tuple[Briefing, ...],
) -> tuple[dict[str, Briefing], dict[str, Briefing]]:
    """Each briefing's previous (older) and next (newer) briefing."""
    previous: dict[str, Briefing] = {}
    following: dict[str, Briefing] = {}
    for newer, older in itertools.pairwise(published):
        previous[newer.id] = older
        following[older.id] = newer
    return previous, following


def build_index(archive: Archive, last: Index | None = None) -> Index:
    """``last``: a preview's last index, whose related briefings are kept where the
    change cannot reach them (:func:`related_briefings`)."""
    published = _newest_first(archive.published)
    within = {p.id: p.within for p in archive.locations.values()}
    affiliation = {a.id: a.affiliation for a in archive.actors.values()}
    previous, following = _neighbours(published)
    by_year = _by_year(published)
    by_actor, by_location = _group(published, "actors"), _group(published, "locations")
    by_tag = _group(published, "tags")
    groups = {"actor": by_actor, "location": by_location, "tag": by_tag}
    co_actors, actor_locations, location_actors = _seen_together(
        published,
        by_actor,
        by_location,
        None
        if last is None
        else (last.briefings, (last.co_actors, last.actor_locations, last.location_actors)),
    )
    return Index(
        archive=archive,
        briefings=published,
        by_actor=by_actor,
        by_location=by_location,
        by_tag=by_tag,
        by_year=by_year,
        years=tuple(by_year),
        by_country_count=_by_country_count(published, archive.locations),
        quotes_by_speaker=_quotes_by_speaker(published),
        corrections=_corrections(published),
        related=related_briefings(
            published,
            last=None if last is None else (last.briefings, last.related),
            listing=lambda key: groups[key[0]][key[1]],
        ),
        previous=previous,
        next=following,
        co_actors=co_actors,
        actor_locations=actor_locations,
        location_actors=location_actors,
        affiliated=_direct_members(affiliation),
        contains=_direct_members(within),
        places_within=transitive_members(within),
        places_around={place: chain(within, place) for place in sorted(within)},
        affiliates=transitive_members(affiliation),
        by_location_and_within=_rolled_up(published, "locations", within),
        by_actor_and_affiliates=_rolled_up(published, "actors", affiliation),
        affiliate_quotes=_affiliate_quotes(published, affiliation),
    )


def _quote_refs(item: Briefing) -> Iterable[QuoteRef]:
    return (QuoteRef(quote, item) for quote in item.quotes)
