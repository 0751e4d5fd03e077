"""Roll-ups in the index: places within places and affiliated actors, at any depth."""

from __future__ import annotations

import datetime as dt

from build_tools.format.model import Actor, Archive, Briefing, Location, Quote
from build_tools.indexing.index import build_index, chain, transitive_members


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
