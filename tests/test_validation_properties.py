"""Property tests for validate: any input gives well-formed diagnostics, and a valid
briefing generated from its fields comes back as exactly those fields."""

from __future__ import annotations

import datetime as dt
import string
from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from build_tools.format.diagnostics import Diagnostic, Severity
from build_tools.format.format_spec import COUNTRY_CODES, RULE_IDS
from build_tools.format.model import Briefing, Correction, Quote, Source
from build_tools.loading.loader import LoadedArchive, LoadedFile, load_briefing_bytes, parse_yaml
from build_tools.validation.archive import check_archive
from tests.yaml_strategies import yaml_documents

ACTORS_YML = """\
islamic-state:
  name: Islamic State
  kind: armed-group
  aliases: [IS, ISIS, Daesh]
syrian-army:
  name: Syrian Arab Army
  kind: military
  affiliation: syrian-government
syrian-government:
  name: Government of Syria
  kind: government
"""
LOCATIONS_YML = """\
syria:
  name: Syria
  kind: country
palmyra:
  name: Palmyra
  kind: city
  country: SY
  coordinates: [34.56, 38.28]
  within: syria
  aliases: [Tadmur, تدمر]
"""
ACTOR_IDS = ["islamic-state", "syrian-army", "syrian-government"]
LOCATION_IDS = ["syria", "palmyra"]


def registry(path: str, text: str, kind: str) -> LoadedFile:
    document, diagnostics = parse_yaml(path, text)
    assert diagnostics == []
    return LoadedFile(path, "actors" if kind == "actors" else "locations", document)


ACTORS = registry("actors.yml", ACTORS_YML, "actors")
LOCATIONS = registry("locations.yml", LOCATIONS_YML, "locations")


def validate_one(relative: str, data: bytes) -> tuple[list[Briefing], list[Diagnostic]]:
    briefing = load_briefing_bytes(f"briefings/{relative}", relative, data)
    checked = check_archive(
        LoadedArchive("briefings", ACTORS, LOCATIONS, (briefing,), complete=False)
    )
    archive, diagnostics = checked.archive, checked.diagnostics
    return ([] if archive is None else list(archive.briefings)), diagnostics


def assert_well_formed(diagnostics: list[Diagnostic]) -> None:
    for d in diagnostics:
        assert d.path in {"briefings/2015/2015-05-22-fuzz.md", "actors.yml", "locations.yml"}
        assert d.line >= 1
        assert d.column >= 1
        assert d.rule in RULE_IDS
        assert d.message
        assert "\n" not in d.message


# --- never a traceback ------------------------------------------------------------------


@given(yaml_documents(), st.text(max_size=300))
def test_yamlish_front_matter_gives_diagnostics_not_exceptions(front: str, body: str) -> None:
    data = f"---\n{front}\n---\n{body}".encode("utf-8", "surrogatepass")
    _, diagnostics = validate_one("2015/2015-05-22-fuzz.md", data)
    assert_well_formed(diagnostics)


@given(st.binary(max_size=1000))
def test_any_bytes_give_diagnostics_not_exceptions(data: bytes) -> None:
    briefings, diagnostics = validate_one("2015/2015-05-22-fuzz.md", data)
    assert_well_formed(diagnostics)
    assert briefings == [] or not any(d.severity is Severity.ERROR for d in diagnostics)


_BODY_PIECES = st.one_of(
    st.text(max_size=20),
    st.sampled_from(
        [
            "<script>",
            "</b>",
            "<abbr title='x'>",
            "[a](javascript:x)",
            "[a]: jav&#x09;ascript:x",
            "<javascript:x>",
            "```\n",
            "    ",
            "\n\n",
            "- ",
            "> ",
            "`",
            "Islamic State",
            "IS",
            "تدمر",
            "\x0b",
        ]
    ),
)


@given(st.lists(_BODY_PIECES, max_size=30))
def test_any_body_gives_diagnostics_not_exceptions(pieces: list[str]) -> None:
    front = "title: T\ndate: 2015-05-22\nsummary: S\nactors: [islamic-state]\n"
    data = f"---\n{front}---\n{''.join(pieces)}".encode("utf-8", "surrogatepass")
    _, diagnostics = validate_one("2015/2015-05-22-fuzz.md", data)
    assert_well_formed(diagnostics)


@given(yaml_documents(), yaml_documents())
def test_yamlish_registries_give_diagnostics_not_exceptions(actors: str, locations: str) -> None:
    loaded = LoadedArchive(
        "briefings",
        LoadedFile("actors.yml", "actors", parse_yaml("actors.yml", actors)[0]),
        LoadedFile("locations.yml", "locations", parse_yaml("locations.yml", locations)[0]),
        (
            load_briefing_bytes(
                "briefings/2015/2015-05-22-fuzz.md",
                "2015/2015-05-22-fuzz.md",
                b"---\ntitle: T\ndate: 2015-05-22\nsummary: S\nactors: [islamic-state]\n---\nIS",
            ),
        ),
    )
    diagnostics = check_archive(loaded).diagnostics
    assert_well_formed(diagnostics)


# --- a valid briefing round-trips -------------------------------------------------------

# Characters YAML reads as line breaks or refuses raw: written as escapes.
_ESCAPE_RAW = frozenset('\t\n\r\x85\u2028\u2029\ufeff"\\')


def yaml_quoted(text: str) -> str:
    """A double-quoted YAML scalar holding exactly ``text``."""
    out = []
    for char in text:
        code = ord(char)
        if char in _ESCAPE_RAW or code < 0x20 or 0x7F <= code <= 0x9F or code >= 0xFFFE:
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


# Contributor text: anything but what XML or the validator refuses; stripped, not empty.
_TEXT_CHARS = st.characters(
    blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"
) | st.sampled_from("\t\n")


def plain_text(max_size: int, *, one_line: bool = False) -> st.SearchStrategy[str]:
    chars = _TEXT_CHARS.filter(lambda c: c != "\n") if one_line else _TEXT_CHARS
    return st.text(chars, min_size=1, max_size=max_size).map(str.strip).filter(bool)


SLUGS = st.from_regex(r"\A[a-z0-9]{1,6}(-[a-z0-9]{1,6}){0,3}\Z").filter(lambda s: len(s) >= 2)
DATES = st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 1))
URLS = st.builds(
    lambda scheme, host, path: f"{scheme}://{host}.example/{path}",
    st.sampled_from(["http", "https", "HTTPS"]),
    st.from_regex(r"\A[a-z0-9]{1,10}\Z"),
    st.text(string.ascii_letters + string.digits + "-._~/?#=&%", max_size=20),
)


@dataclass(frozen=True)
class Fields:
    """What a contributor wrote, before it is turned into YAML."""

    date: dt.date
    title: str
    summary: str
    actors: list[str]
    locations: list[str]
    tags: list[str]
    quotes: list[Quote]
    sources: list[Source]
    updated: dt.date | dt.datetime | None
    corrections: list[Correction]
    draft: bool | None
    body: str


@st.composite
def updated_after(draw: st.DrawFn, day: dt.date) -> dt.date | dt.datetime:
    later = day + dt.timedelta(days=draw(st.integers(0, 30)))
    if draw(st.booleans()):
        return later
    offset = dt.timezone(dt.timedelta(minutes=draw(st.integers(-14 * 60, 14 * 60))))
    time = draw(st.times()).replace(tzinfo=offset)
    return dt.datetime.combine(later, time)


@st.composite
def valid_fields(draw: st.DrawFn) -> Fields:
    day = draw(DATES.filter(lambda d: d <= dt.date(9999, 11, 1)))
    quotes = draw(
        st.lists(
            st.builds(
                Quote,
                speaker=st.sampled_from(ACTOR_IDS),
                text=plain_text(4000),
                context=st.none() | plain_text(400),
                date=st.none() | DATES,
                source=st.none() | plain_text(200, one_line=True),
            ),
            max_size=3,
        )
    )
    return Fields(
        date=day,
        title=draw(plain_text(200, one_line=True)),
        summary=draw(plain_text(400)),
        actors=draw(st.lists(st.sampled_from(ACTOR_IDS), min_size=1, unique=True)),
        locations=draw(st.lists(st.sampled_from(LOCATION_IDS), unique=True)),
        tags=draw(st.lists(SLUGS, unique=True, max_size=4)),
        quotes=quotes,
        sources=draw(
            st.lists(
                st.builds(Source, name=plain_text(200, one_line=True), url=st.none() | URLS),
                max_size=3,
            )
        ),
        updated=draw(st.none() | updated_after(day)),
        corrections=draw(
            st.lists(st.builds(Correction, date=DATES, note=plain_text(1000)), max_size=3)
        ),
        draft=draw(st.none() | st.booleans()),
        body=draw(st.text(st.sampled_from("abc IS.\n#*-"), max_size=200)),
    )


def _id_list(ids: list[str], flow: bool) -> str:
    if flow or not ids:
        return "[" + ", ".join(ids) + "]"
    return "\n" + "".join(f"  - {i}\n" for i in ids).rstrip("\n")


def _record(pairs: list[tuple[str, str]]) -> str:
    lines = [f"  - {pairs[0][0]}: {pairs[0][1]}"]
    lines += [f"    {key}: {value}" for key, value in pairs[1:]]
    return "\n" + "\n".join(lines)


def to_front_matter(f: Fields, flow: bool, order: list[int]) -> str:
    entries = [
        ("title", yaml_quoted(f.title)),
        ("date", f.date.isoformat()),
        ("summary", yaml_quoted(f.summary)),
        ("actors", _id_list(f.actors, flow)),
        ("locations", _id_list(f.locations, flow)),
        ("tags", _id_list(f.tags, flow)),
    ]
    for q in f.quotes:
        pairs = [("speaker", q.speaker), ("text", yaml_quoted(q.text))]
        if q.context is not None:
            pairs.append(("context", yaml_quoted(q.context)))
        if q.date is not None:
            pairs.append(("date", q.date.isoformat()))
        if q.source is not None:
            pairs.append(("source", yaml_quoted(q.source)))
        entries.append(("quotes", _record(pairs)))
    for s in f.sources:
        pairs = [("name", yaml_quoted(s.name))]
        if s.url is not None:
            pairs.append(("url", s.url))
        entries.append(("sources", _record(pairs)))
    for c in f.corrections:
        entries.append(
            ("corrections", _record([("date", c.date.isoformat()), ("note", yaml_quoted(c.note))]))
        )
    if f.updated is not None:
        entries.append(("updated", f.updated.isoformat()))
    if f.draft is not None:
        entries.append(("draft", "true" if f.draft else "false"))
    # Records of one list stay together; fields come in any order.
    merged: dict[str, str] = {}
    for key, value in entries:
        merged[key] = merged.get(key, "") + value
    keys = list(merged)
    ordered = [keys[i] for i in order if i < len(keys)]
    return "".join(f"{key}: {merged[key]}\n" for key in ordered)


@given(valid_fields(), st.booleans(), st.permutations(range(11)), st.booleans(), st.booleans())
def test_a_valid_briefing_round_trips(
    fields: Fields, flow: bool, order: list[int], bom: bool, crlf: bool
) -> None:
    relative = f"{fields.date.year:04d}/{fields.date.isoformat()}-round-trip.md"
    text = f"---\n{to_front_matter(fields, flow, order)}---\n{fields.body}"
    if crlf:
        text = text.replace("\n", "\r\n")
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    briefings, diagnostics = validate_one(relative, data)
    assert [d for d in diagnostics if d.severity is Severity.ERROR] == []
    (briefing,) = briefings
    assert briefing.id == f"{fields.date.isoformat()}-round-trip"
    assert briefing.date == fields.date
    assert briefing.title == fields.title
    assert briefing.summary == fields.summary
    assert briefing.actors == tuple(fields.actors)
    assert briefing.locations == tuple(fields.locations)
    assert briefing.tags == tuple(fields.tags)
    assert briefing.quotes == tuple(fields.quotes)
    assert briefing.sources == tuple(fields.sources)
    assert briefing.corrections == tuple(sorted(fields.corrections, key=lambda c: c.date))
    assert briefing.updated == fields.updated
    if isinstance(fields.updated, dt.datetime):
        assert isinstance(briefing.updated, dt.datetime)
        assert briefing.updated.utcoffset() == fields.updated.utcoffset()
    assert briefing.draft is bool(fields.draft)
    assert briefing.body == fields.body


@given(st.sampled_from(sorted(COUNTRY_CODES)))
def test_every_country_code_is_read_as_text(code: str) -> None:
    """``country: NO`` is Norway: no YAML 1.1 boolean, null or number guessing."""
    locations = parse_yaml(
        "locations.yml", f"place:\n  name: Place\n  kind: city\n  country: {code}\n"
    )[0]
    checked = check_archive(
        LoadedArchive(
            "briefings",
            ACTORS,
            LoadedFile("locations.yml", "locations", locations),
            complete=False,
        )
    )
    archive, diagnostics = checked.archive, checked.diagnostics
    assert diagnostics == []
    assert archive is not None
    assert archive.locations["place"].country == code
