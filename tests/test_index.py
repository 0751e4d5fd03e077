"""The index: roll-ups of places within places and affiliated actors at any depth,
and the related briefings and co-actors, against a plain restatement of each rule."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from build_tools.format.model import Actor, Archive, Briefing, Location, Quote
from build_tools.indexing.index import (
    RELATED_COUNT,
    RELATED_WINDOW,
    build_index,
    chain,
    cut_older_page,
    older_page_count,
    reading_order,
    related_briefings,
    transitive_members,
)


def _place(place_id: str, within: str | None) -> Location:
    return Location(id=place_id, name=place_id.title(), kind="region", country="SY", within=within)


def _actor(actor_id: str, affiliation: str | None = None) -> Actor:
    return Actor(id=actor_id, name=actor_id.title(), kind="organization", affiliation=affiliation)


def _briefing(
    day: int, slug: str, actors: tuple[str, ...], locations: tuple[str, ...], **extra: object
) -> Briefing:
    date = dt.date(2015, 5, day)
    return Briefing(
        id=f"{date.isoformat()}-{slug}",
        path=f"2015/{date.isoformat()}-{slug}.md",
        date=date,
        title=slug,
        summary=slug,
        actors=actors,
        body="",
        locations=locations,
        **extra,  # type: ignore[arg-type]
    )


# Five levels deep: a country, a region, a district, a town, a site in the town.
PLACES = {
    "country": _place("country", None),
    "region": _place("region", "country"),
    "district": _place("district", "region"),
    "town": _place("town", "district"),
    "site": _place("site", "town"),
    "elsewhere": _place("elsewhere", None),
}
ACTORS = {
    "state": _actor("state"),
    "ministry": _actor("ministry", "state"),
    "agency": _actor("agency", "ministry"),
    "spokesman": _actor("spokesman", "agency"),
    "other": _actor("other"),
}


def test_chain_and_members_follow_every_level() -> None:
    within = {p.id: p.within for p in PLACES.values()}
    assert chain(within, "site") == ("town", "district", "region", "country")
    assert chain(within, "country") == ()
    members = transitive_members(within)
    assert members["country"] == ("district", "region", "site", "town")
    assert members["town"] == ("site",)
    assert "site" not in members and "elsewhere" not in members


def test_a_cycle_cannot_hang_the_walk() -> None:
    """The validator rejects cycles; the index must still never loop on one."""
    looped = {"a": "b", "b": "c", "c": "a"}
    assert chain(looped, "a") == ("b", "c")
    assert transitive_members(looped)["a"] == ("b", "c")


def test_briefings_roll_up_to_every_place_and_organisation_above_them() -> None:
    deep = _briefing(
        20,
        "deep",
        ("spokesman",),
        ("site",),
        quotes=(Quote(speaker="spokesman", text="Deep."),),
    )
    both = _briefing(21, "both", ("state", "agency"), ("country", "town"))
    apart = _briefing(22, "apart", ("other",), ("elsewhere",))
    index = build_index(Archive(actors=ACTORS, locations=PLACES, briefings=(deep, both, apart)))

    assert index.by_location.get("country") == (both,)
    assert index.by_location_and_within["country"] == (both, deep)  # newest first, once each
    assert index.by_location_and_within["region"] == (both, deep)
    assert index.by_location_and_within["site"] == (deep,)
    assert index.by_location_and_within["elsewhere"] == (apart,)
    assert index.places_within["region"] == ("district", "site", "town")

    assert index.by_actor_and_affiliates["state"] == (both, deep)
    assert index.by_actor_and_affiliates["ministry"] == (both, deep)  # no briefing of its own
    assert "ministry" not in index.by_actor
    assert index.affiliates["state"] == ("agency", "ministry", "spokesman")
    assert [r.briefing for r in index.affiliate_quotes["state"]] == [deep]
    assert [r.briefing for r in index.affiliate_quotes["agency"]] == [deep]
    assert "spokesman" not in index.affiliate_quotes  # its own quotes are not "affiliated"
    assert "other" not in index.affiliate_quotes


NEAR_DAYS = st.dates(min_value=dt.date(2015, 5, 1), max_value=dt.date(2015, 5, 12))


@st.composite
def _small_archives(draw: st.DrawFn) -> tuple[Briefing, ...]:
    """Briefings newest first, as the index holds them: few days (ties in time), few
    names (ties in shares), each listed once (validation refuses a repeat), and now
    and then a date anywhere in the calendar (the widest gap in days there can be)."""
    names = st.lists(st.sampled_from("abcde"), max_size=4, unique=True).map(tuple)
    made = []
    for number in range(draw(st.integers(min_value=0, max_value=30))):
        date = draw(st.one_of(NEAR_DAYS, NEAR_DAYS, NEAR_DAYS, st.dates()))
        made.append(
            Briefing(
                id=f"{date.isoformat()}-n{draw(st.integers(0, 99)):02d}{number}",
                path="",
                date=date,
                title="",
                summary="",
                actors=draw(names),
                body="",
                locations=draw(names),
                tags=draw(names),
            )
        )
    return tuple(sorted(made, key=lambda b: (b.date, b.id), reverse=True))


def _entities(item: Briefing) -> set[tuple[str, str]]:
    return (
        {("actor", a) for a in item.actors}
        | {("location", p) for p in item.locations}
        | {("tag", t) for t in item.tags}
    )


def _reference_related(
    briefings: tuple[Briefing, ...], count: int, window: int
) -> dict[str, tuple[Briefing, ...]]:
    """The rule restated one briefing at a time: the ``window`` briefings before and
    after it among those naming each entity it names, ranked by entities shared, then
    days apart, then id."""
    oldest = sorted(briefings, key=lambda b: (b.date, b.id))
    related = {}
    for item in oldest:
        mine = _entities(item)
        candidates: set[str] = set()
        for entity in mine:
            naming = [b.id for b in oldest if entity in _entities(b)]
            at = naming.index(item.id)
            candidates.update(naming[max(0, at - window) : at + window + 1])
        candidates.discard(item.id)
        ranked = sorted(
            (b for b in oldest if b.id in candidates),
            key=lambda b: (-len(mine & _entities(b)), abs((b.date - item.date).days), b.id),
        )
        related[item.id] = tuple(ranked[:count])
    return related


@given(
    _small_archives(),
    st.integers(min_value=1, max_value=6),
    st.integers(min_value=0, max_value=4),
)
def test_related_briefings_follow_the_plain_ranking(
    briefings: tuple[Briefing, ...], count: int, window: int
) -> None:
    assert related_briefings(briefings, count, window) == _reference_related(
        briefings, count, window
    )
    assert related_briefings(briefings) == _reference_related(
        briefings, RELATED_COUNT, RELATED_WINDOW
    )


@given(_small_archives())
def test_co_actors_count_the_briefings_each_pair_shares(briefings: tuple[Briefing, ...]) -> None:
    actors = {a: Actor(id=a, name=a, kind="person") for b in briefings for a in b.actors}
    places = {p: _place(p, None) for b in briefings for p in b.locations}
    index = build_index(Archive(actors=actors, locations=places, briefings=briefings[::-1]))
    for actor in actors:
        together = Counter(
            o for b in briefings if actor in b.actors for o in b.actors if o != actor
        )
        expected = tuple(sorted(together.items(), key=lambda pair: (-pair[1], pair[0])))
        assert index.co_actors[actor] == expected


@st.composite
def _saves(draw: st.DrawFn) -> tuple[tuple[Briefing, ...], tuple[Briefing, ...]]:
    """An archive before and after a save: a few briefings gone, new, with another
    date, other names or another title (which no ranking reads); a few, so that most
    briefings keep their related briefings."""
    before = draw(_small_archives())
    names = st.lists(st.sampled_from("abcde"), max_size=4, unique=True).map(tuple)
    after = []
    for item in before:
        edit = draw(st.sampled_from(["keep"] * 12 + ["drop", "date", "names", "places", "title"]))
        if edit == "date":
            after.append(replace(item, date=draw(NEAR_DAYS)))
        elif edit == "names":
            after.append(replace(item, actors=draw(names), tags=draw(names)))
        elif edit == "places":
            after.append(replace(item, locations=draw(names)))
        elif edit == "title":
            after.append(replace(item, title="Retitled"))
        elif edit == "keep":
            after.append(item)
    added = [replace(b, id=f"{b.id}-new") for b in draw(_small_archives())[:1]]
    return before, tuple(sorted([*after, *added], key=lambda b: (b.date, b.id), reverse=True))


@given(_saves(), st.integers(min_value=1, max_value=4), st.integers(min_value=0, max_value=3))
def test_related_briefings_after_a_save_are_those_ranked_afresh(
    save: tuple[tuple[Briefing, ...], tuple[Briefing, ...]], count: int, window: int
) -> None:
    before, after = save
    last = (before, related_briefings(before, count, window))
    afresh = related_briefings(after, count, window)
    again = related_briefings(after, count, window, last=last)
    assert again == afresh
    now = {item.id: item for item in after}
    assert all(r is now[r.id] for listed in again.values() for r in listed)
    groups = {kind: _listings(after, kind) for kind in ("actor", "location", "tag")}
    listing = lambda key: groups[key[0]][key[1]]  # noqa: E731 - as the index passes it
    assert related_briefings(after, count, window, last=last, listing=listing) == afresh


def _listings(briefings: tuple[Briefing, ...], kind: str) -> dict[str, tuple[Briefing, ...]]:
    """Each entity's briefings, newest first, as the index groups them."""
    names = {"actor": "actors", "location": "locations", "tag": "tags"}[kind]
    return {
        key: tuple(b for b in briefings if key in getattr(b, names))
        for key in {k for b in briefings for k in getattr(b, names)}
    }


def _listing(length: int) -> tuple[Briefing, ...]:
    """``length`` briefings, newest first, one a day."""
    return tuple(
        replace(_briefing(1, f"b{n:04d}", (), ()), date=dt.date(2015, 1, 1) + dt.timedelta(n))
        for n in reversed(range(length))
    )


@given(length=st.integers(0, 60), size=st.integers(1, 7))
def test_a_reader_going_down_the_pages_meets_every_briefing_once_in_order(
    length: int, size: int
) -> None:
    listing = _listing(length)
    pages = list(reading_order(listing, size))
    assert [item for _, chunk in pages for item in chunk] == list(listing)
    numbers = [number for number, _ in pages]
    assert numbers == [0, *range(older_page_count(length, size), 0, -1)]
    # Every older page is full but the newest, which holds what is left.
    assert all(len(chunk) == size for number, chunk in pages[2:])
    assert all(0 < len(chunk) <= size for _, chunk in pages[1:2])


@given(length=st.integers(0, 60), added=st.integers(1, 12), size=st.integers(1, 7))
def test_new_briefings_on_top_leave_every_older_page_but_the_newest_as_it_was(
    length: int, added: int, size: int
) -> None:
    """A page's address keeps its briefings: only the newest older page takes the
    briefings pushed off the first page (and counts the pages added above it)."""
    before, after = _listing(length), _listing(length + added)
    assert after[added:] == before
    cap = 3
    newest = older_page_count(length, size)
    for number in range(1, newest):
        old = cut_older_page(before, number, size, cap)
        new = cut_older_page(after, number, size, cap)
        assert (new.items, new.first, new.next_newer) == (old.items, old.first, old.next_newer)
        assert new.newer_pages == min(older_page_count(length + added, size) - number, cap)
        assert old.first == (number - 1) * size + 1
        assert old.next_newer == before[before.index(old.items[0]) - 1]


@given(_saves())
def test_who_is_seen_together_after_a_save_is_counted_afresh(
    save: tuple[tuple[Briefing, ...], tuple[Briefing, ...]],
) -> None:
    """A preview counts again only the entities of the briefings a save touched."""
    before, after = save
    names = {n: _actor(n) for n in "abcde"}
    places = {n: _place(n, None) for n in "abcde"}
    last = build_index(Archive(names, places, tuple(reversed(before))))
    again = build_index(Archive(names, places, tuple(reversed(after))), last)
    afresh = build_index(Archive(names, places, tuple(reversed(after))))
    assert again.co_actors == afresh.co_actors
    assert again.actor_locations == afresh.actor_locations
    assert again.location_actors == afresh.location_actors
