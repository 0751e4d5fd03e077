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
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from build_tools.format_spec import COUNTRY_CODES

GENERATOR_VERSION = 2

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


def _briefing(
    rng: random.Random,
    day: dt.date,
    slug: str,
    title: str,
    actors: list[Entity],
    locations: list[Entity],
    tags: list[str],
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
        lines.append("quotes:")
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
    if rng.random() < 0.7:
        lines.append("sources:")
        for _ in range(rng.randint(1, 3)):
            outlet = " ".join(_sentence_words(rng, 2)).title()
            lines.append(f"  - name: {outlet}")
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
    mentions = [rng.choice(e.names) if rng.random() < 0.4 else e.name for e in actors + locations]
    lines += ["---", "", _body(rng, mentions)]
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


def generate_archive(root: Path, count: int, seed: int = 1) -> None:
    """Write an archive of ``count`` briefings into ``root``, which must be empty or absent."""
    if count < MIN_COUNT:
        raise ValueError(f"count must be at least {MIN_COUNT}, so every registry entry is used")
    if root.exists() and any(root.iterdir()):
        raise ValueError(f"{root} is not empty")
    rng = random.Random(seed)
    words = _Words(rng)
    actors = _make_actors(max(12, count // 20), rng, words)
    locations = _make_locations(max(8, count // 30), rng, words)
    tags: list[str] = []
    while len(tags) < max(5, count // 100):
        tag = "-".join(rng.sample(FILLER, 2))
        if tag not in tags:
            tags.append(tag)

    # Popularity is by rank in a shuffled order, so the busiest actor is not the first.
    actor_order = rng.sample(range(len(actors)), len(actors))
    location_order = rng.sample(range(len(locations)), len(locations))
    actor_weights = _zipf_cumulative(len(actors), 1.1)
    actor_picks = [_pick(rng, actor_weights, rng.randint(2, MAX_ACTORS)) for _ in range(count)]
    actor_picks = _cover(rng, actor_picks, len(actors), MAX_ACTORS)
    location_weights = _zipf_cumulative(len(locations), 1.0)
    location_picks = [
        _pick(rng, location_weights, rng.randint(0, MAX_LOCATIONS)) for _ in range(count)
    ]
    location_picks = _cover(rng, location_picks, len(locations), MAX_LOCATIONS)
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
        text = _briefing(rng, day, slug, title, chosen_actors, chosen_locations, chosen_tags)
        (folder / f"{briefing_id}.md").write_text(text, encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.synthetic",
        description="Write a synthetic archive that validates cleanly under --strict.",
    )
    parser.add_argument("root", type=Path, metavar="DIR", help="empty or new folder")
    parser.add_argument("--count", type=int, required=True, help="number of briefings")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    try:
        generate_archive(args.root, args.count, args.seed)
    except ValueError as exc:
        print(f"synthetic: error: {exc}", file=sys.stderr)
        return 2
    print(f"{args.count} briefings written to {args.root}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
