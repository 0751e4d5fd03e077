"""A synthetic archive of any size, for benchmarks and scale tests.

The real archive is a handful of briefings; the tools must stay fast at tens of
thousands. This writes an archive shaped like a large real one — a few actors in
thousands of briefings and a long tail in a few, places nested country → region →
town, quotes, sources and corrections here and there — that validates with no
diagnostic at all under ``--strict``. A benchmark of a validator that stops early
or drowns in warnings would measure the wrong thing.

The text is pseudo-Latin filler and every name is an invented word: nothing here
reads as news, and no name can be found by accident inside filler or inside
another name. The same count and seed always give byte-identical files; bump
``GENERATOR_VERSION`` whenever the output changes, so cached archives are remade.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import itertools
import random
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from build_tools.format.format_spec import COUNTRY_CODES
from build_tools.loading.mentions import is_case_sensitive, name_key

GENERATOR_VERSION = 3
# "plain": the archive described above. "varied": bodies and names shaped otherwise
# (see _varied_entities), so that no speed holds only for the shape we wrote first.
SHAPES = ("plain", "varied")

FILLER = tuple(
    dict.fromkeys(
        """
    lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor
    incididunt ut labore et dolore magna aliqua enim ad minim veniam quis nostrud
    exercitation ullamco laboris nisi aliquip ex ea commodo consequat duis aute irure
    in reprehenderit voluptate velit esse cillum fugiat nulla pariatur excepteur sint
    occaecat cupidatat non proident sunt culpa qui officia deserunt mollit anim id est
    laborum curabitur pretium tincidunt lacus nunc gravida vitae ante faucibus
    pellentesque habitant morbi tristique senectus netus malesuada fames turpis
    egestas vestibulum tortor quam feugiat eget ultricies mi tellus semper libero
    nam porta lectus vel arcu mauris placerat eleifend leo integer posuere erat
    ligula suscipit nibh fermentum viverra orci varius natoque penatibus magnis dis
    parturient montes nascetur ridiculus mus donec quam felis ultrices pellentesque
    pretium massa sapien blandit aliquam cras vulputate accumsan etiam rhoncus
    maecenas dapibus condimentum sem neque sodales ornare augue iaculis hendrerit
    praesent commodo cursus magna scelerisque nisl consectetur facilisis
    """.split()
    )
)
_FILLER_SET = frozenset(FILLER)
# Words of the few links and headings the bodies carry besides filler.
_OTHER_WORDS = ("see", "also", "https", "example", "org")

# Nouns that end multi-word names ("Vardel Council"); never names on their own.
_ACTOR_SUFFIXES = {
    "government": ("Government", "Cabinet", "Administration"),
    "military": ("Army", "Guard", "Navy", "Air Force"),
    "armed-group": ("Front", "Brigades", "Movement", "Legion"),
    "organization": ("Council", "Institute", "Foundation", "Observatory"),
    "media": ("Herald", "Courier", "Broadcasting", "Gazette"),
    "other": ("Group", "Circle"),
}
_LOCATION_SUFFIXES = {
    "region": ("Province", "Highlands", "District", "Governorate"),
    "border-crossing": ("Crossing", "Gate"),
    "site": ("Dam", "Airbase", "Oilfield"),
}
_NON_PERSON_KINDS = ("government", "military", "armed-group", "organization", "media", "other")
# Words YAML 1.1 reads as something other than text: never an alias written plainly.
_YAML_SPECIAL = frozenset({"Y", "N", "YES", "NO", "ON", "OFF", "TRUE", "FALSE", "NULL", "NAN"})

# Real content is rarely pure ASCII: some aliases are spelt in another script.
_CYRILLIC = str.maketrans("abdefghiklmnoprstuvz", "абдефгхиклмнопрстувз")
_ONSETS = ("b br d dr f g gr k kr l m n p r s st t tr v z th sh h").split()
_VOWELS = ("a e i o u ae io ou ei").split()
_CODAS = ("", "", "n", "r", "l", "s", "th", "nd", "rk", "m", "sk")

FIRST_YEAR = 2012
YEARS = 8
MAX_ACTORS = 6
MAX_LOCATIONS = 4
MAX_TAGS = 3
MIN_COUNT = 10


@dataclass(frozen=True, slots=True)
class Entity:
    """An actor or a location: what the registry says and what the body may call it."""

    id: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    parent: str | None  # affiliation (actor) or within (location)
    country: str | None = None
    coordinates: tuple[float, float] | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


class _Words:
    """Invented words, each used once across the whole archive."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._taken: set[str] = {w.casefold() for w in (*FILLER, *_OTHER_WORDS)}
        for suffixes in (*_ACTOR_SUFFIXES.values(), *_LOCATION_SUFFIXES.values()):
            for suffix in suffixes:
                self._taken.update(w.casefold() for w in suffix.split())

    def new(self) -> str:
        rng = self._rng
        while True:
            word = "".join(
                rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)
                for _ in range(rng.choice((2, 2, 3)))
            )
            if word not in self._taken and len(word) >= 4:
                self._taken.add(word)
                return word.capitalize()

    def cyrillic(self, word: str) -> str:
        """The same invented word in Cyrillic letters, as a local spelling would be."""
        spelt = word.lower().translate(_CYRILLIC).capitalize()
        self._taken.add(spelt.casefold())
        return spelt

    def acronym(self, name: str) -> str | None:
        """Initials of a multi-word name, if no other name or word is spelt that way."""
        letters = "".join(w[0] for w in name.split()).upper()
        for extra in ("", "A", "E", "O"):
            candidate = letters + extra
            key = candidate.casefold()
            if (
                2 <= len(candidate) <= 5
                and candidate not in _YAML_SPECIAL
                and key not in self._taken
            ):
                self._taken.add(key)
                return candidate
        return None


def slug_of(text: str) -> str:
    return "-".join(text.lower().split())


def _make_actors(count: int, rng: random.Random, words: _Words) -> list[Entity]:
    actors: list[Entity] = []
    governments: list[str] = []
    non_persons: list[str] = []
    for index in range(count):
        # The first few are institutions, so every person has somewhere to belong.
        if index < 3:
            kind = _NON_PERSON_KINDS[index]
        elif rng.random() < 0.5:
            kind = "person"
        else:
            kind = rng.choice(_NON_PERSON_KINDS)
        aliases: list[str] = []
        parent: str | None = None
        if kind == "person":
            given, family = words.new(), words.new()
            name = f"{given} {family}"
            if rng.random() < 0.5:
                aliases.append(family)
            parent = rng.choice(non_persons) if rng.random() < 0.7 else None
        else:
            name = f"{words.new()} {rng.choice(_ACTOR_SUFFIXES[kind])}"
            if rng.random() < 0.6:
                acronym = words.acronym(name)
                if acronym is not None:
                    aliases.append(acronym)
            if rng.random() < 0.2:
                aliases.append(words.new())
            if kind in ("military", "media") and governments and rng.random() < 0.6:
                parent = rng.choice(governments)
            if kind == "government":
                governments.append(slug_of(name))
            non_persons.append(slug_of(name))
        actors.append(Entity(slug_of(name), name, kind, tuple(aliases), parent))
    return actors


def _make_locations(count: int, rng: random.Random, words: _Words) -> list[Entity]:
    codes = sorted(COUNTRY_CODES)
    country_count = max(2, count // 15)
    region_count = max(2, count // 5)
    locations: list[Entity] = []
    countries: list[tuple[str, str, float, float]] = []
    regions: list[tuple[str, str, float, float]] = []
    for index in range(count):
        if index < country_count:
            name = words.new()
            code = codes[(index * 37) % len(codes)]
            centre = (round(rng.uniform(-50, 60), 2), round(rng.uniform(-170, 170), 2))
            countries.append((slug_of(name), code, *centre))
            locations.append(Entity(slug_of(name), name, "country", (), None, country=code))
            continue
        if index < country_count + region_count:
            parent, code, lat, lon = rng.choice(countries)
            name = f"{words.new()} {rng.choice(_LOCATION_SUFFIXES['region'])}"
            centre = (round(lat + rng.uniform(-4, 4), 2), round(lon + rng.uniform(-4, 4), 2))
            regions.append((slug_of(name), code, *centre))
            locations.append(Entity(slug_of(name), name, "region", (), parent, country=code))
            continue
        parent, code, lat, lon = rng.choice(regions)
        kind = rng.choice(("city", "town", "town", "border-crossing", "site", "city"))
        base = words.new()
        name = (
            f"{base} {rng.choice(_LOCATION_SUFFIXES[kind])}" if kind in _LOCATION_SUFFIXES else base
        )
        aliases: tuple[str, ...] = ()
        if rng.random() < 0.1:
            aliases = (words.new(),)
        elif rng.random() < 0.1:
            aliases = (words.cyrillic(base),)
        coordinates = (
            max(-90.0, min(90.0, round(lat + rng.uniform(-1.5, 1.5), 2))),
            max(-180.0, min(180.0, round(lon + rng.uniform(-1.5, 1.5), 2))),
        )
        locations.append(
            Entity(slug_of(name), name, kind, aliases, parent, code, coordinates=coordinates)
        )
    return locations


def _zipf_cumulative(count: int, exponent: float) -> list[float]:
    return list(itertools.accumulate(1.0 / (rank**exponent) for rank in range(1, count + 1)))


def _pick(rng: random.Random, cumulative: list[float], how_many: int) -> list[int]:
    """``how_many`` distinct ranks, popular ones far more often (a Zipf-like law)."""
    total = cumulative[-1]
    chosen: list[int] = []
    while len(chosen) < how_many:
        rank = bisect.bisect_right(cumulative, rng.random() * total)
        if rank not in chosen:
            chosen.append(rank)
    return chosen


def _cover(
    rng: random.Random, picks: list[list[int]], population: int, most: int
) -> list[list[int]]:
    """Give every entity at least one briefing: a registry entry nobody uses is a warning."""
    used = {i for p in picks for i in p}
    for missing in range(population):
        if missing in used:
            continue
        while True:
            target = picks[rng.randrange(len(picks))]
            if len(target) < most:
                target.append(missing)
                break
    return picks


def _sentence_words(rng: random.Random, count: int) -> list[str]:
    return rng.choices(FILLER, k=count)


def _text(rng: random.Random, low: int, high: int) -> str:
    words = _sentence_words(rng, rng.randint(low, high))
    return " ".join(words).capitalize() + "."


def _wrap(text: str, width: int = 78) -> list[str]:
    lines: list[str] = []
    current: list[str] = []
    length = 0
    for word in text.split(" "):
        if current and length + 1 + len(word) > width:
            lines.append(" ".join(current))
            current, length = [], 0
        length += len(word) + (1 if current else 0)
        current.append(word)
    if current:
        lines.append(" ".join(current))
    return lines


def _body(rng: random.Random, mentions: list[str]) -> str:
    """Paragraphs of filler of 150–400 words in all, naming every listed entity."""
    total = rng.randint(150, 400)
    tokens: list[str] = _sentence_words(rng, max(40, total - 2 * len(mentions)))
    for name in mentions:
        tokens.insert(rng.randrange(len(tokens) + 1), name)
    sentences: list[str] = []
    position = 0
    while position < len(tokens):
        length = rng.randint(8, 22)
        words = tokens[position : position + length]
        position += length
        if rng.random() < 0.08:
            spot = rng.randrange(len(words))
            if words[spot] in _FILLER_SET:
                words[spot] = f"*{words[spot]}*"
        sentence = " ".join(words)
        if len(words) > 12 and rng.random() < 0.15:
            sentence = f"{' '.join(words[:6])} \u2013 {' '.join(words[6:])}"
        sentences.append(sentence[0].upper() + sentence[1:] + ".")
    paragraphs: list[str] = []
    position = 0
    while position < len(sentences):
        length = rng.randint(2, 5)
        paragraphs.append("\n".join(_wrap(" ".join(sentences[position : position + length]))))
        position += length
    if len(paragraphs) > 2 and rng.random() < 0.5:
        heading = " ".join(_sentence_words(rng, rng.randint(2, 4))).capitalize()
        paragraphs.insert(rng.randint(1, len(paragraphs) - 1), f"## {heading}")
    if rng.random() < 0.2:
        label = " ".join(_sentence_words(rng, 3))
        paragraphs.append(f"See also [{label}](https://example.org/{slug_of(label)}).")
    return "\n\n".join(paragraphs) + "\n"


def _flow_or_block(key: str, ids: Sequence[str], rng: random.Random) -> list[str]:
    if rng.random() < 0.5:
        return [f"{key}: [{', '.join(ids)}]"]
    return [f"{key}:", *(f"  - {i}" for i in ids)]


def _folded(key: str, text: str, indent: str = "") -> list[str]:
    return [f"{indent}{key}: >-", *(f"{indent}  {line}" for line in _wrap(text, 72))]


_BodyWriter = Callable[[random.Random, list["Entity"]], str]


def _quotes(rng: random.Random, day: dt.date, actors: list[Entity]) -> list[str]:
    """A ``quotes:`` list of one or two, drawing from ``rng`` as the briefing goes on."""
    lines = ["quotes:"]
    for _ in range(rng.randint(1, 2)):
        speaker = rng.choice(actors)
        lines.append(f"  - speaker: {speaker.id}")
        lines += _folded("text", _text(rng, 10, 40), "    ")
        if rng.random() < 0.5:
            lines.append(f"    context: {_text(rng, 4, 10)}")
        if rng.random() < 0.5:
            said = day - dt.timedelta(days=rng.randint(0, 3))
            lines.append(f"    date: {said.isoformat()}")
        if rng.random() < 0.3:
            lines.append(f"    source: {_text(rng, 2, 3).rstrip('.').title()}")
    return lines


def _briefing(
    rng: random.Random,
    day: dt.date,
    slug: str,
    title: str,
    actors: list[Entity],
    locations: list[Entity],
    tags: list[str],
    body: _BodyWriter,
) -> str:
    summary = _text(rng, 18, 40)[:390].rstrip(" .") + "."
    lines = ["---", f"title: {title}", f"date: {day.isoformat()}"]
    lines += _folded("summary", summary)
    lines += _flow_or_block("actors", [a.id for a in actors], rng)
    if locations:
        lines += _flow_or_block("locations", [loc.id for loc in locations], rng)
    if tags:
        lines.append(f"tags: [{', '.join(tags)}]")
    if rng.random() < 0.15:
        lines += _quotes(rng, day, actors)
    cited = rng.random() < 0.7  # a full citation; otherwise the outlet's name alone
    lines.append("sources:")
    for _ in range(rng.randint(1, 3)):
        outlet = " ".join(_sentence_words(rng, 2)).title()
        lines.append(f"  - name: {outlet}")
        if cited:
            lines.append(f"    title: {_text(rng, 5, 12).rstrip('.')}")
            lines.append(f"    date: {day.isoformat()}")
        if rng.random() < 0.5:
            lines.append(f"    url: https://example.org/{slug_of(outlet)}/{slug}")
    corrected: dt.date | None = None
    if rng.random() < 0.04:
        lines.append("corrections:")
        for _ in range(rng.randint(1, 2)):
            corrected = day + dt.timedelta(days=rng.randint(1, 30))
            lines.append(f"  - date: {corrected.isoformat()}")
            lines.append(f"    note: {_text(rng, 6, 20)}")
    if corrected is not None or rng.random() < 0.06:
        updated = corrected or day + dt.timedelta(days=rng.randint(0, 10))
        if rng.random() < 0.5:
            lines.append(f"updated: {updated.isoformat()}")
        else:
            lines.append(f"updated: {updated.isoformat()}T{rng.randint(6, 22):02d}:30:00+00:00")
    lines += ["---", "", body(rng, actors + locations)]
    return "\n".join(lines)


def _registry(header: str, entities: list[Entity], is_actor: bool, rng: random.Random) -> str:
    lines = [f"# {header} (synthetic, generated by benchmarks.synthetic)", ""]
    for entity in entities:
        lines += [f"{entity.id}:", f"  name: {entity.name}", f"  kind: {entity.kind}"]
        if entity.country is not None:
            lines.append(f"  country: {entity.country}")
        if entity.coordinates is not None:
            lines.append(f"  coordinates: [{entity.coordinates[0]}, {entity.coordinates[1]}]")
        if entity.parent is not None:
            lines.append(f"  {'affiliation' if is_actor else 'within'}: {entity.parent}")
        if entity.aliases:
            lines.append(f"  aliases: [{', '.join(entity.aliases)}]")
        if is_actor and rng.random() < 0.5:
            lines.append(f"  description: {_text(rng, 6, 16)}")
        lines.append("")
    return "\n".join(lines)


def _plain_entities(
    count: int, rng: random.Random, words: _Words
) -> tuple[list[Entity], list[Entity]]:
    actors = _make_actors(max(12, count // 20), rng, words)
    return actors, _make_locations(max(8, count // 30), rng, words)


def _plain_body(rng: random.Random, entities: list[Entity]) -> str:
    mentions = [rng.choice(e.names) if rng.random() < 0.4 else e.name for e in entities]
    return _body(rng, mentions)


# --- the varied shape -------------------------------------------------------------------
#
# Written to be hard on the mention finder, as an archive of the region's news is:
# thousands of names, each with 5-15 spellings in four scripts; a few first words
# shared by hundreds of names ("Al-...", a country's name before its army's and its
# council's); short names that begin longer ones; long bodies naming a dozen entities
# in lists, headings, links, brackets, emphasis, possessives and hyphenated compounds.

_GREEK = str.maketrans("abdefghiklmnoprstuvz", "αβδεφγχικλμνοπρστυωζ")
_ARABIC = str.maketrans("abdefghiklmnoprstuvz", "ابديفغهيكلمنوبرستوفز")
_AL = "Al"
# Words the varied shape writes besides filler and invented words (never invented).
_VARIED_WORDS = ("the", "republic", "pro", "anti", "backed", "led", "aligned", "based", "al")
_BEFORE = ("pro", "anti")
_AFTER = ("backed", "led", "aligned", "based")


class _Names:
    """Names and aliases whose keys (what they match) are unique in the whole archive."""

    def __init__(self) -> None:
        self._keys: set[str] = set()

    def take(self, name: str) -> bool:
        key = name_key(name)
        if not key or key in self._keys:
            return False
        self._keys.add(key)
        return True

    def aliases(self, name: str, candidates: list[str], rng: random.Random) -> tuple[str, ...]:
        """4-14 of ``candidates`` that nothing else is called, so 5-15 names in all."""
        rng.shuffle(candidates)
        wanted = rng.randint(4, 14)
        chosen: list[str] = []
        for candidate in candidates:
            if len(chosen) < wanted and candidate != name and self.take(candidate):
                chosen.append(candidate)
        return tuple(chosen)


def _scripts(text: str) -> list[str]:
    """``text`` spelt in Cyrillic, Greek and Arabic letters, as local spellings would be."""
    words = text.lower().replace("-", " ").split()
    return [
        " ".join(w.translate(table).capitalize() for w in words)
        for table in (_CYRILLIC, _GREEK, _ARABIC)
    ]


def _varied_entities(
    count: int, rng: random.Random, words: _Words
) -> tuple[list[Entity], list[Entity]]:
    """Actors and locations of 5-15 names each. A few countries' names ("stems") begin
    hundreds of other names, and so does "Al"."""
    words._taken.update(_VARIED_WORDS)
    names = _Names()
    stems = [words.new() for _ in range(max(4, count // 500))]
    locations = _varied_locations(max(20, count // 20), stems, rng, words, names)
    actors = _varied_actors(max(30, count // 10), stems, rng, words, names)
    return actors, locations


def _varied_actors(
    count: int, stems: list[str], rng: random.Random, words: _Words, names: _Names
) -> list[Entity]:
    actors: list[Entity] = []
    non_persons: list[str] = []
    for index in range(count):
        kind = _NON_PERSON_KINDS[index] if index < 3 else rng.choice(("person", "person", "other"))
        if kind == "other":
            kind = rng.choice(_NON_PERSON_KINDS)
        parent: str | None = None
        if kind == "person":
            given, family = words.new(), words.new()
            surname = f"al-{family}" if rng.random() < 0.5 else family
            name = f"{given} {surname}"
            candidates = [surname, f"{given[0]}. {surname}", f"{_AL}-{given}", family]
            candidates += _scripts(name) + _scripts(family)
            if non_persons and rng.random() < 0.7:
                parent = rng.choice(non_persons)
        else:
            core, suffix = words.new(), rng.choice(_ACTOR_SUFFIXES[kind])
            form = rng.random()
            if form < 0.35:
                name = f"{rng.choice(stems)} {core} {suffix}"
            elif form < 0.65:
                name = f"{_AL}-{core} {suffix}"
            else:
                name = f"{core} {suffix}"
            other = rng.choice(_ACTOR_SUFFIXES[kind])
            candidates = [core, f"{core} {suffix}", f"{_AL}-{core}", f"the {core} {suffix}"]
            candidates += [f"{core} {other}", *_scripts(name), *_scripts(core)]
            acronym = words.acronym(name)
            if acronym is not None:
                candidates.append(acronym)
            non_persons.append(slug_of(name))
        names.take(name)
        candidates += [words.new() for _ in range(rng.randint(0, 3))]
        actors.append(
            Entity(slug_of(name), name, kind, names.aliases(name, candidates, rng), parent)
        )
    return actors


def _varied_locations(
    count: int, stems: list[str], rng: random.Random, words: _Words, names: _Names
) -> list[Entity]:
    codes = sorted(COUNTRY_CODES)
    locations: list[Entity] = []
    countries: list[tuple[str, str, float, float]] = []
    regions: list[tuple[str, str, float, float]] = []
    country_count = max(len(stems) + 2, count // 15)
    region_count = max(2, count // 5)
    for index in range(count):
        coordinates: tuple[float, float] | None = None
        if index < country_count:
            kind, parent = "country", None
            name = stems[index] if index < len(stems) else words.new()
            code = codes[(index * 37) % len(codes)]
            centre = (round(rng.uniform(-50, 60), 2), round(rng.uniform(-170, 170), 2))
            countries.append((slug_of(name), code, *centre))
            candidates = [f"{name} Republic", f"the Republic of {name}", *_scripts(name)]
        elif index < country_count + region_count:
            kind = "region"
            parent, code, lat, lon = rng.choice(countries)
            core, suffix = words.new(), rng.choice(_LOCATION_SUFFIXES["region"])
            name = f"{core} {suffix}"
            if rng.random() < 0.4:
                name = f"{rng.choice(stems)} {name}"
            centre = (round(lat + rng.uniform(-4, 4), 2), round(lon + rng.uniform(-4, 4), 2))
            regions.append((slug_of(name), code, *centre))
            candidates = [core, f"{core} {suffix}", *_scripts(name), *_scripts(core)]
        else:
            parent, code, lat, lon = rng.choice(regions)
            kind = rng.choice(("city", "town", "town", "border-crossing", "site", "city"))
            core = words.new()
            if kind in _LOCATION_SUFFIXES:
                name = f"{core} {rng.choice(_LOCATION_SUFFIXES[kind])}"
            else:
                name = f"{_AL}-{core}" if rng.random() < 0.4 else core
            candidates = [core, f"{_AL}-{core}", *_scripts(name), *_scripts(core)]
            coordinates = (
                max(-90.0, min(90.0, round(lat + rng.uniform(-1.5, 1.5), 2))),
                max(-180.0, min(180.0, round(lon + rng.uniform(-1.5, 1.5), 2))),
            )
        names.take(name)
        candidates += [words.new() for _ in range(rng.randint(1, 4))]
        aliases = names.aliases(name, candidates, rng)
        locations.append(
            Entity(slug_of(name), name, kind, aliases, parent, code, coordinates=coordinates)
        )
    return locations


def _written(rng: random.Random, entity: Entity) -> str:
    """One of an entity's names as a text writes it: in its own case mostly."""
    name = entity.name if rng.random() < 0.3 else rng.choice(entity.names)
    if not is_case_sensitive(name) and rng.random() < 0.15:
        return name.upper() if rng.random() < 0.3 else name.lower()
    return name


def _in_running_text(rng: random.Random, name: str) -> str:
    """A name as a word of a sentence: bare, or in brackets, emphasis, a link, ..."""
    frame = rng.randrange(12)
    if frame == 0:
        return f"({name})"
    if frame == 1:
        return f"[{name}]"
    if frame == 2:
        return f"*{name}*"
    if frame == 3:
        return f"**{name}**"
    if frame == 4:
        return f"[{name}](https://example.org/r/{rng.randrange(10**6)})"
    if frame == 5:
        return f"{name}{rng.choice(_APOSTROPHE_S)}"
    if frame == 6:
        return f"{rng.choice(_BEFORE)}-{name}"
    if frame == 7:
        return f"{name}-{rng.choice(_AFTER)}"
    if frame == 8:
        return f"({' '.join(_sentence_words(rng, 2))} {name})"
    return name


_APOSTROPHE_S = ("'s", "\u2019s")


def _varied_sentence(rng: random.Random, names: list[str]) -> str:
    """Filler with ``names`` among it, never two side by side; often first or last."""
    words = _sentence_words(rng, rng.randint(6, 24))
    slots = rng.sample(range(1, len(words)), min(len(names), len(words) - 1))
    slots.sort(reverse=True)
    for slot, name in zip(slots, names, strict=False):
        words.insert(slot, _in_running_text(rng, name))
    if names and rng.random() < 0.3:
        words.insert(0, _in_running_text(rng, names[-1]) + ",")
    elif names and rng.random() < 0.3:
        words[-1] = f"{words[-1]}, {names[-1]}"
    sentence = " ".join(words)
    return sentence[0].upper() + sentence[1:] + rng.choice((".", ".", ".", "?", ":"))


def _varied_body(rng: random.Random, entities: list[Entity]) -> str:
    """600-1,500 words in paragraphs, lists, headings and quotes, naming every entity
    one to three times, each time as one of its names."""
    pending = [_written(rng, e) for e in entities for _ in range(rng.randint(1, 3))]
    rng.shuffle(pending)
    total = rng.randint(600, 1500)
    blocks: list[str] = []
    written = 0
    while written < total or pending:
        block = rng.randrange(10)
        take = [pending.pop() for _ in range(min(len(pending), rng.randint(0, 2)))]
        if block == 0:
            items = [_varied_sentence(rng, [n]) for n in take] or [_varied_sentence(rng, [])]
            marker = "- " if rng.random() < 0.5 else "1. "
            items += [_varied_sentence(rng, []) for _ in range(rng.randint(1, 3))]
            text = "\n".join(marker + item for item in items)
        elif block == 1:
            level = "#" * rng.randint(2, 3)
            heading = " ".join(_sentence_words(rng, rng.randint(1, 4))).capitalize()
            if take:
                # The name first: one last in a heading could run on into a name that
                # starts the next block, across the blank line, as one longer name.
                heading = f"{take[0]} {heading.lower()}"
                pending.extend(take[1:])
            text = f"{level} {heading}"
        elif block == 2:
            # One line: a name wrapped onto a second "> " line would not be found.
            text = f"> {_varied_sentence(rng, take)}"
        else:
            sentences = [_varied_sentence(rng, take)]
            sentences += [_varied_sentence(rng, []) for _ in range(rng.randint(1, 5))]
            rng.shuffle(sentences)
            text = "\n".join(_wrap(" ".join(sentences)))
        written += len(text.split())
        blocks.append(text)
    if blocks[0].startswith("#"):
        blocks.insert(0, _varied_sentence(rng, []))
    return "\n\n".join(blocks) + "\n"


@dataclass(frozen=True, slots=True)
class _Shape:
    """What differs between archive shapes: the registries, and how bodies read."""

    make_entities: Callable[[int, random.Random, _Words], tuple[list[Entity], list[Entity]]]
    actors_per_briefing: tuple[int, int]
    locations_per_briefing: tuple[int, int]
    body: _BodyWriter


_SHAPES = {
    "plain": _Shape(_plain_entities, (2, MAX_ACTORS), (0, MAX_LOCATIONS), _plain_body),
    "varied": _Shape(_varied_entities, (4, 12), (2, 8), _varied_body),
}


def generate_archive(root: Path, count: int, seed: int = 1, shape: str = "plain") -> None:
    """Write an archive of ``count`` briefings of the given ``shape`` (one of
    :data:`SHAPES`) into ``root``, which must be empty or absent."""
    if shape not in _SHAPES:
        raise ValueError(f"unknown shape {shape!r}; choose from {', '.join(SHAPES)}")
    if count < MIN_COUNT:
        raise ValueError(f"count must be at least {MIN_COUNT}, so every registry entry is used")
    if root.exists() and any(root.iterdir()):
        raise ValueError(f"{root} is not empty")
    form = _SHAPES[shape]
    rng = random.Random(seed)
    words = _Words(rng)
    actors, locations = form.make_entities(count, rng, words)
    tags: list[str] = []
    while len(tags) < max(5, count // 100):
        tag = "-".join(rng.sample(FILLER, 2))
        if tag not in tags:
            tags.append(tag)

    # Popularity is by rank in a shuffled order, so the busiest actor is not the first.
    actor_order = rng.sample(range(len(actors)), len(actors))
    location_order = rng.sample(range(len(locations)), len(locations))
    actor_weights = _zipf_cumulative(len(actors), 1.1)
    fewest, most = form.actors_per_briefing
    actor_picks = [_pick(rng, actor_weights, rng.randint(fewest, most)) for _ in range(count)]
    actor_picks = _cover(rng, actor_picks, len(actors), most)
    location_weights = _zipf_cumulative(len(locations), 1.0)
    fewest, most = form.locations_per_briefing
    location_picks = [_pick(rng, location_weights, rng.randint(fewest, most)) for _ in range(count)]
    location_picks = _cover(rng, location_picks, len(locations), most)
    tag_weights = _zipf_cumulative(len(tags), 1.0)

    root.mkdir(parents=True, exist_ok=True)
    (root / "actors.yml").write_text(
        _registry("Registry of actors", actors, True, rng), encoding="utf-8"
    )
    (root / "locations.yml").write_text(
        _registry("Registry of locations", locations, False, rng), encoding="utf-8"
    )
    first = dt.date(FIRST_YEAR, 1, 1)
    days = (dt.date(FIRST_YEAR + YEARS, 1, 1) - first).days
    ids: set[str] = set()
    folders: set[Path] = set()
    for index in range(count):
        day = first + dt.timedelta(days=rng.randrange(days))
        chosen_actors = [actors[actor_order[r]] for r in actor_picks[index]]
        chosen_locations = [locations[location_order[r]] for r in location_picks[index]]
        chosen_tags = [tags[r] for r in _pick(rng, tag_weights, rng.randint(0, MAX_TAGS))]
        headline = " ".join(_sentence_words(rng, rng.randint(4, 9)))
        title = f"{chosen_actors[0].name} {headline}"
        slug = slug_of(headline)[:60].strip("-")
        briefing_id = f"{day.isoformat()}-{slug}"
        while briefing_id in ids:
            slug = f"{slug}-{rng.randint(2, 99)}"
            briefing_id = f"{day.isoformat()}-{slug}"
        ids.add(briefing_id)
        folder = root / f"{day.year:04d}"
        if folder not in folders:
            folder.mkdir(exist_ok=True)
            folders.add(folder)
        text = _briefing(
            rng, day, slug, title, chosen_actors, chosen_locations, chosen_tags, form.body
        )
        (folder / f"{briefing_id}.md").write_text(text, encoding="utf-8")


def write_archive(path: Path, count: int, *, shape: str = "plain", seed: int = 1) -> None:
    """:func:`generate_archive`, the shape named: for benchmarks of either shape."""
    generate_archive(path, count, seed, shape)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.synthetic",
        description="Write a synthetic archive that validates cleanly under --strict.",
    )
    parser.add_argument("root", type=Path, metavar="DIR", help="empty or new folder")
    parser.add_argument("--count", type=int, required=True, help="number of briefings")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--shape", choices=SHAPES, default="plain", help="default: plain")
    args = parser.parse_args(argv)
    try:
        generate_archive(args.root, args.count, args.seed, args.shape)
    except ValueError as exc:
        print(f"synthetic: error: {exc}", file=sys.stderr)
        return 2
    print(f"{args.count} briefings written to {args.root}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
