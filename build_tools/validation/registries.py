"""Registry checks: actors.yml and locations.yml → entries, their names indexed.

Each registry is read as a mapping from id to record (:mod:`.fields`); then the rules
that span its entries: references to other entries (``affiliation``, ``within``) exist,
never loop and stay short; no name points to two entries, none is so common that every
text would seem to name it, none impersonates another. The registries are read once per
run, and every briefing is checked against the :class:`Registries` that result.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from build_tools.format import format_spec as spec
from build_tools.format.confusables import skeleton
from build_tools.format.diagnostics import Diagnostic
from build_tools.format.format_spec import Record, Rule
from build_tools.format.model import Actor, Location
from build_tools.loading.loader import LoadedFile, Mapping, Node, Scalar
from build_tools.loading.mentions import MentionFinder, is_case_sensitive, name_key
from build_tools.validation.fields import FileChecker, Located, get, get_value, is_slug

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    key: Scalar
    node: Node
    fields: dict[str, Located]

    def names(self) -> list[Located]:
        """Its name (when readable), then its aliases."""
        names: list[Located] = []
        if "name" in self.fields:
            names.append(self.fields["name"])
        names.extend(get(self.fields, "aliases", []))
        return names


@dataclass(frozen=True, slots=True)
class Registries:
    """The registries as every briefing is checked against them.

    Read once per run; a run's worker processes inherit it as it is.
    """

    actors: dict[str, Actor]
    locations: dict[str, Location]
    finder: MentionFinder
    diagnostics: tuple[Diagnostic, ...]
    # Every entry with a valid id, also one too broken to become an Actor or a Location
    # (a briefing naming it is not told the id is unknown), with the key it is under.
    actor_ids: dict[str, Scalar]
    location_ids: dict[str, Scalar]
    actors_path: str
    locations_path: str
    # False when the registry could not be read at all (reported once, at the registry):
    # ids that refer to it are then not reported as unknown.
    actors_readable: bool = True
    locations_readable: bool = True


def what_briefings_see(registries: Registries) -> bytes:
    """A digest of all a briefing's check reads of the registries: which ids exist
    (also of broken entries), whether each registry could be read, and every entry's
    names (the mention finder is made of them). A change elsewhere (a description, a
    kind, coordinates) changes no briefing's result, and a preview checks none again."""
    seen = (
        registries.actors_readable,
        registries.locations_readable,
        sorted(registries.actor_ids),
        sorted(registries.location_ids),
        [(actor.id, actor.names) for actor in registries.actors.values()],
        [(location.id, location.names) for location in registries.locations.values()],
    )
    return hashlib.blake2b(repr(seen).encode("utf-8", "surrogatepass"), digest_size=16).digest()


def read_registries(actors_file: LoadedFile, locations_file: LoadedFile) -> Registries:
    """Check both registries and index their names, for checking briefings against them."""
    out: list[Diagnostic] = []
    read_actors = read_registry(actors_file, spec.ACTOR, out)
    read_locations = read_registry(locations_file, spec.LOCATION, out)
    actor_entries = read_actors or {}
    location_entries = read_locations or {}
    actor_checker = FileChecker(actors_file.path, out)
    check_entries(actor_checker, actor_entries, "affiliation", spec.AFFILIATION_CYCLE, "actor")
    location_checker = FileChecker(locations_file.path, out)
    check_entries(location_checker, location_entries, "within", spec.WITHIN_CYCLE, "location")
    check_countries(location_checker, location_entries)
    actors = build_actors(actor_entries)
    locations = build_locations(location_entries)
    finder = MentionFinder(
        [("actor", a.id, a.names) for a in actors.values()]
        + [("location", loc.id, loc.names) for loc in locations.values()]
    )
    return Registries(
        actors,
        locations,
        finder,
        tuple(out),
        {e.id: e.key for e in actor_entries.values()},
        {e.id: e.key for e in location_entries.values()},
        actors_file.path,
        locations_file.path,
        actors_readable=read_actors is not None,
        locations_readable=read_locations is not None,
    )


def read_registry(
    file: LoadedFile, record: Record, out: list[Diagnostic]
) -> dict[str, Entry] | None:
    """The registry's entries, or None when it could not be read as a registry at all:
    its one diagnostic is then the answer, not an unknown id in every briefing."""
    out.extend(file.diagnostics)
    checker = FileChecker(file.path, out)
    document = file.document
    if document is None:
        if not file.diagnostics:
            checker.report(
                Scalar("", True, 1, 1),
                spec.FIELD_TYPE,
                f"{file.kind}.yml is empty; it must map each {record.name} id to its record "
                "(write {} for a registry with no entries yet)",
            )
        return None
    if not isinstance(document, Mapping):
        checker.report(
            document, spec.FIELD_TYPE, f"{file.kind}.yml must be a mapping from id to {record.name}"
        )
        return None
    entries: dict[str, Entry] = {}
    for key, value in document.entries:
        if not is_slug(key.value):
            checker.report(
                key,
                spec.INVALID_ID,
                f"'{key.value}' is not a valid {record.name} id (lowercase "
                "letters, digits and single hyphens, 2 to 80 characters)",
            )
            continue
        fields = checker.record(value, record, f"{record.name} '{key.value}'")
        if fields is not None:
            entries[key.value] = Entry(key.value, key, value, fields)
    return entries


def check_entries(
    checker: FileChecker, entries: dict[str, Entry], link: str, cycle: Rule, noun: str
) -> None:
    """The rules that span one registry's entries, in the order they are reported."""
    unknown = spec.UNKNOWN_ACTOR if noun == "actor" else spec.UNKNOWN_LOCATION
    check_references(checker, entries, link, unknown, cycle, noun)
    check_aliases(checker, entries, noun)
    check_confusables(checker, entries, noun)


def check_references(
    checker: FileChecker,
    entries: dict[str, Entry],
    link: str,
    unknown: Rule,
    cycle: Rule,
    noun: str,
) -> None:
    """References to other entries of the same registry exist, never loop, and form
    chains no longer than MAX_CHAIN. Linear: every entry is walked once."""
    parent: dict[str, str] = {}
    for entry in entries.values():
        target = entry.fields.get(link)
        if target is None:
            continue
        if target.value in entries:
            parent[entry.id] = target.value
        else:
            checker.report(
                target.node,
                unknown,
                f"unknown {noun} '{target.value}' in '{link}'"
                f"{checker.suggest(target.value, entries)}",
            )
    order = {key: number for number, key in enumerate(entries)}
    depth = _chain_depths(checker, entries, parent, order, link, cycle)
    too_deep = [key for key in entries if depth.get(key, 0) > spec.MAX_CHAIN]
    if too_deep:
        key = min(too_deep, key=order.__getitem__)
        checker.report(
            entries[key].fields[link].node,
            spec.OVER_LIMIT,
            f"the '{link}' chain above {noun} '{key}' is {depth[key]} steps long; "
            f"the limit is {spec.MAX_CHAIN}",
        )


def _chain_depths(
    checker: FileChecker,
    entries: dict[str, Entry],
    parent: dict[str, str],
    order: dict[str, int],
    link: str,
    cycle: Rule,
) -> dict[str, int]:
    """Links from each entry up to the top of its chain (0 in a loop), each loop
    reported once, from its first entry in file order."""
    depth: dict[str, int] = {}
    in_loop: set[str] = set()
    for start in entries:
        path: list[str] = []
        on_path: set[str] = set()
        current: str | None = start
        while current is not None and current not in depth and current not in on_path:
            path.append(current)
            on_path.add(current)
            current = parent.get(current)
        if current is not None and current in on_path:
            loop = path[path.index(current) :]
            in_loop.update(loop)
            _report_loop(checker, entries, loop, order, link, cycle)
        above = 0 if current is None or current in on_path else depth[current] + 1
        for key in reversed(path):
            if key in in_loop:
                depth[key] = 0
                continue
            depth[key] = above
            above += 1
    return depth


def _report_loop(
    checker: FileChecker,
    entries: dict[str, Entry],
    loop: list[str],
    order: dict[str, int],
    link: str,
    cycle: Rule,
) -> None:
    first = min(loop, key=order.__getitem__)
    turn = loop.index(first)
    loop = loop[turn:] + loop[:turn]
    shown = loop if len(loop) <= 8 else [*loop[:4], f"… ({len(loop)} entries) …"]
    checker.report(
        entries[first].fields[link].node,
        cycle,
        f"'{link}' goes round in a circle: {' → '.join([*shown, first])}",
    )


def ambiguous(alias: str) -> bool:
    """A single letter or digit, or a common word matched in any case: every briefing
    would seem to name its entry."""
    words = _WORD.findall(alias)
    if len(words) != 1:
        return False
    word = words[0]
    return len(word) == 1 or (not is_case_sensitive(alias) and word.casefold() in spec.COMMON_WORDS)


def check_aliases(checker: FileChecker, entries: dict[str, Entry], noun: str) -> None:
    for entry in entries.values():
        for located in get(entry.fields, "aliases", []):
            if ambiguous(located.value):
                checker.report(
                    located.node,
                    spec.AMBIGUOUS_ALIAS,
                    f"alias '{located.value}' is a single letter or a common word: every "
                    f"text would seem to name {noun} '{entry.id}'; use a longer name",
                )
    owners: dict[str, str] = {}
    for entry in entries.values():
        mine: set[str] = set()
        for located in entry.names():
            key = name_key(located.value)
            if not key or key in mine:
                continue
            mine.add(key)
            owner = owners.get(key)
            if owner is not None and owner != entry.id:
                checker.report(
                    located.node,
                    spec.ALIAS_COLLISION,
                    f"'{located.value}' is already a name or alias of "
                    f"{noun} '{owner}'; each name must point to one {noun}",
                )
            else:
                owners[key] = entry.id


def check_confusables(checker: FileChecker, entries: dict[str, Entry], noun: str) -> None:
    """A name that looks like another entry's name but is written with other characters
    (Greek Ι for Latin I, an invisible joiner) impersonates it: warn, by TR39 skeleton.
    Linear: one skeleton per name, looked up in a dict."""
    owners: dict[str, tuple[str, str]] = {}  # skeleton → (entry id, the name)
    for entry in entries.values():
        for located in entry.names():
            value: str = located.value
            owner_id, other = owners.setdefault(skeleton(value), (entry.id, value))
            if owner_id == entry.id or name_key(other) == name_key(value):
                continue  # its own name, or an alias-collision already
            odd = [c for c in dict.fromkeys(value) if c not in other][:3]
            shown = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'unnamed')}" for c in odd)
            checker.report(
                located.node,
                spec.CONFUSABLE_NAME,
                f"'{value}' looks like '{other}' ({noun} '{owner_id}') but is written with "
                f"other characters ({shown}); a reader cannot tell them apart",
            )


def check_countries(checker: FileChecker, entries: dict[str, Entry]) -> None:
    """Every place below a country says which country it is in."""
    for entry in entries.values():
        kind = entry.fields.get("kind")
        if kind is None or kind.value == "country":
            continue
        if isinstance(entry.node, Mapping) and entry.node.get("country") is None:
            checker.report(
                kind.node,
                spec.MISSING_COUNTRY,
                f"location '{entry.id}' of kind '{kind.value}' "
                "needs a 'country' (ISO code such as SY)",
            )


def build_actors(entries: dict[str, Entry]) -> dict[str, Actor]:
    return {
        e.id: Actor(
            id=e.id,
            name=e.fields["name"].value,
            kind=e.fields["kind"].value,
            aliases=tuple(a.value for a in get(e.fields, "aliases", [])),
            description=get_value(e.fields, "description"),
            affiliation=get_value(e.fields, "affiliation"),
            wikidata=get_value(e.fields, "wikidata"),
        )
        for e in entries.values()
        if "name" in e.fields and "kind" in e.fields
    }


def build_locations(entries: dict[str, Entry]) -> dict[str, Location]:
    return {
        e.id: Location(
            id=e.id,
            name=e.fields["name"].value,
            kind=e.fields["kind"].value,
            country=get_value(e.fields, "country"),
            coordinates=get_value(e.fields, "coordinates"),
            within=get_value(e.fields, "within"),
            aliases=tuple(a.value for a in get(e.fields, "aliases", [])),
            wikidata=get_value(e.fields, "wikidata"),
        )
        for e in entries.values()
        if "name" in e.fields and "kind" in e.fields
    }
