"""Cross-references: what a briefing names against what the registries hold.

Listed ids must exist (with a guess at the one meant); an entry the briefing lists
should be named in its body, and an entry the body names should be listed. Over the
whole run, a registry entry no briefing uses (directly, or above one it uses) is
worth a warning.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from build_tools.format import format_spec as spec
from build_tools.format.diagnostics import Diagnostic
from build_tools.format.model import Actor, Location
from build_tools.loading.loader import line_col
from build_tools.loading.mentions import EntityKind, MentionFinder
from build_tools.validation.fields import FileChecker, Located, get

if TYPE_CHECKING:
    from build_tools.validation.briefings import BriefingRead, BriefingResult
    from build_tools.validation.registries import Registries

Span = tuple[int, int]


def check_briefing_refs(
    read: BriefingRead,
    actors: Iterable[str] | None,
    locations: Iterable[str] | None,
    out: list[Diagnostic],
) -> set[tuple[EntityKind, str]]:
    """Report ids the registries lack (None: a registry that could not be read); return
    the entries that listed ids were mistaken for.

    A mistyped id also leaves its entry unlisted, so a body naming that entry would be
    told to list it: the caller keeps quiet about those, the one error says it all."""
    checker = FileChecker(read.file.path, out)
    meant: set[tuple[EntityKind, str]] = set()
    _check_known(checker, get(read.fields, "actors", []), actors, "actor", meant)
    _check_known(checker, get(read.fields, "locations", []), locations, "location", meant)
    listed_meant = set(meant)
    for quote in get(read.fields, "quotes", []):
        speaker = quote.value.get("speaker")
        if speaker is not None:
            _check_known(checker, [speaker], actors, "actor", meant)
    return listed_meant


def _check_known(
    checker: FileChecker,
    items: list[Located],
    known: Iterable[str] | None,
    noun: EntityKind,
    meant: set[tuple[EntityKind, str]],
) -> None:
    if known is None:  # the registry is unreadable, and says so itself
        return
    rule = spec.UNKNOWN_ACTOR if noun == "actor" else spec.UNKNOWN_LOCATION
    for located in items:
        if located.value not in known:
            guess = checker.guess(located.value, known)
            hint = f" (did you mean '{guess}'?)" if guess is not None else ""
            checker.report(located.node, rule, f"unknown {noun} '{located.value}'{hint}")
            if guess is not None:
                meant.add((noun, guess))


def check_mentions(
    read: BriefingRead,
    finder: MentionFinder,
    actors: dict[str, Actor],
    locations: dict[str, Location],
    out: list[Diagnostic],
    meant: set[tuple[EntityKind, str]],
) -> None:
    """Listed entries the body never names, and named entries the briefing omits."""
    masked_body = read.masked_body
    assert masked_body is not None, "only a body within the limits is searched"
    listed: dict[tuple[EntityKind, str], Located] = {}
    for located in get(read.fields, "actors", []):
        listed[("actor", located.value)] = located
    for located in get(read.fields, "locations", []):
        listed[("location", located.value)] = located
    seen: dict[tuple[EntityKind, str], Span] = {}
    for mention in finder.find(masked_body):
        seen.setdefault((mention.kind, mention.id), (mention.start, mention.end))
    registries: dict[str, Any] = {"actor": actors, "location": locations}
    _check_unmentioned(FileChecker(read.file.path, out), listed, seen, registries)
    # A span that names a listed entity is accounted for, whatever else it names too.
    claimed = {span for key, span in seen.items() if key in listed}
    for (kind, entity_id), (start, end) in seen.items():
        if (kind, entity_id) in listed or (start, end) in claimed or (kind, entity_id) in meant:
            continue
        line, column = line_col(read.file.body, start)
        name = registries[kind][entity_id].name
        written = masked_body[start:end]
        shown = name if written == name else f"{name} as '{written}'"
        out.append(
            spec.UNLISTED_MENTION.at(
                read.file.path,
                read.file.body_line + line - 1,
                column,
                f"the body names {shown} ({kind} '{entity_id}') but the briefing does "
                f"not list it; add '{entity_id}' to {kind}s",
            )
        )


def _check_unmentioned(
    checker: FileChecker,
    listed: dict[tuple[EntityKind, str], Located],
    seen: dict[tuple[EntityKind, str], Span],
    registries: dict[str, Any],
) -> None:
    for (kind, entity_id), located in listed.items():
        entity = registries[kind].get(entity_id)
        if entity is not None and (kind, entity_id) not in seen:
            names = ", ".join(f"'{n}'" for n in entity.names)
            checker.report(
                located.node,
                spec.UNMENTIONED_ENTITY,
                f"{kind} '{entity_id}' is listed but the body never names "
                f"it (as {names}); name it in the text or remove it",
            )


def used_by(read: BriefingRead) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The actors (listed or quoted) and locations a briefing uses."""
    used_actors = [a.value for a in get(read.fields, "actors", [])]
    for quote in get(read.fields, "quotes", []):
        speaker = quote.value.get("speaker")
        if speaker is not None:
            used_actors.append(speaker.value)
    used_locations = [a.value for a in get(read.fields, "locations", [])]
    return tuple(used_actors), tuple(used_locations)


def close_over(used: set[str], parent: Callable[[str], str | None]) -> set[str]:
    """``used`` and everything above it: an affiliation or a ``within`` is used too."""
    pending = list(used)
    while pending:
        above = parent(pending.pop())
        if above is not None and above not in used:
            used.add(above)
            pending.append(above)
    return used


def check_unused(
    registries: Registries, results: Iterable[BriefingResult], out: list[Diagnostic]
) -> None:
    """Warn of every registry entry that no briefing of the archive uses."""
    used_actors: set[str] = set()
    used_locations: set[str] = set()
    for result in results:
        used_actors.update(result.used_actors)
        used_locations.update(result.used_locations)
    actors, locations = registries.actors, registries.locations
    close_over(used_actors, lambda i: actors[i].affiliation if i in actors else None)
    close_over(used_locations, lambda i: locations[i].within if i in locations else None)
    for noun, ids, used, path in (
        ("actor", registries.actor_ids, used_actors, registries.actors_path),
        ("location", registries.location_ids, used_locations, registries.locations_path),
    ):
        checker = FileChecker(path, out)
        for entry_id, key in ids.items():
            if entry_id not in used:
                checker.report(
                    key, spec.UNUSED_ENTRY, f"{noun} '{entry_id}' is not used by any briefing"
                )
