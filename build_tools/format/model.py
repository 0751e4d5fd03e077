"""The archive as plain data: what ``validate`` hands to every later stage.

Everything here is frozen and holds only validated values, so later stages never
re-check input and never see a half-valid record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    description: str | None = None
    affiliation: str | None = None
    wikidata: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class Location:
    id: str
    name: str
    kind: str
    country: str | None = None
    coordinates: tuple[float, float] | None = None  # (latitude, longitude)
    within: str | None = None
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class Quote:
    speaker: str
    text: str
    context: str | None = None
    date: dt.date | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Source:
    """A citation: the outlet or body, the headline or document, its date, its address."""

    name: str
    title: str | None = None
    date: dt.date | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Correction:
    date: dt.date
    note: str


@dataclass(frozen=True, slots=True)
class Briefing:
    """One briefing. ``body`` is the contributor's Markdown, not yet rendered."""

    id: str
    path: str  # as given to the loader, for messages
    date: dt.date
    title: str
    summary: str
    actors: tuple[str, ...]
    body: str
    locations: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    quotes: tuple[Quote, ...] = ()
    sources: tuple[Source, ...] = ()
    updated: dt.date | dt.datetime | None = None
    corrections: tuple[Correction, ...] = ()
    draft: bool = False
    body_line: int = 1  # line of the file on which the body starts

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def slug(self) -> str:
        return self.id[11:]


def same_but_body(old: Briefing, new: Briefing) -> bool:
    """Whether two briefings differ in their body (and the line it starts on) at most:
    a preview rebuilds such a change as a change of the body alone."""
    return old is new or replace(new, body=old.body, body_line=old.body_line) == old


@dataclass(frozen=True, slots=True)
class Archive:
    """A whole validated archive. Briefings are sorted oldest first, then by id."""

    actors: Mapping[str, Actor]
    locations: Mapping[str, Location]
    briefings: tuple[Briefing, ...] = field(default=())

    @property
    def published(self) -> tuple[Briefing, ...]:
        return tuple(b for b in self.briefings if not b.draft)
