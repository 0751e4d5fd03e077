"""The data exports as a JSON or GeoJSON tool loads them."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from build_tools.format import urls
from build_tools.format.model import Archive, Quote
from build_tools.indexing.index import Index, build_index
from build_tools.publishing.data_exports import (
    BRIEFING_CSV_COLUMNS,
    CSV_LIST_SEPARATOR,
    QUOTE_CSV_COLUMNS,
    build_data_exports,
)
from tests import site_builds
from tests.test_feeds import (
    REAL_SITE_URL,
    SETTINGS,
    SITE_URL,
    built_real_site,
    feeds_of,
    fixture_archive,
    permalink,
    with_briefings,
)

# RFC 7946, as much of it as this archive uses: Points, or no geometry at all.
GEOJSON_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["type", "features"],
    "properties": {
        "type": {"const": "FeatureCollection"},
        "features": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "geometry", "properties"],
                "properties": {
                    "type": {"const": "Feature"},
                    "id": {"type": "string"},
                    "properties": {"type": "object"},
                    "geometry": {
                        "oneOf": [
                            {"type": "null"},
                            {
                                "type": "object",
                                "required": ["type", "coordinates"],
                                "properties": {
                                    "type": {"const": "Point"},
                                    "coordinates": {
                                        "type": "array",
                                        "prefixItems": [
                                            {"type": "number", "minimum": -180, "maximum": 180},
                                            {"type": "number", "minimum": -90, "maximum": 90},
                                        ],
                                        "minItems": 2,
                                        "maxItems": 2,
                                    },
                                },
                            },
                        ]
                    },
                },
            },
        },
    },
}


@pytest.fixture(scope="module")
def archive() -> Archive:
    return fixture_archive()


@pytest.fixture(scope="module")
def index(archive: Archive) -> Index:
    return build_index(archive)


@pytest.fixture(scope="module")
def exports(index: Index) -> Mapping[str, bytes]:
    return build_data_exports(index, SETTINGS)


def loaded(exports: Mapping[str, bytes], path: str) -> Any:
    return json.loads(exports[path].decode("utf-8"))


def briefing_records(exports: Mapping[str, bytes]) -> list[dict[str, Any]]:
    """Every briefing record, found as a tool would: the index, then each year's file."""
    records: list[dict[str, Any]] = []
    for year in loaded(exports, urls.API_BRIEFINGS)["years"]:
        assert year["url"].startswith(SITE_URL)
        document = loaded(exports, year["url"][len(SITE_URL) :])
        assert document["year"] == year["year"]
        assert len(document["briefings"]) == year["briefing_count"]
        records += document["briefings"]
    return records


def test_the_site_publishes_its_data_files(exports: Mapping[str, bytes], index: Index) -> None:
    years = {urls.api_briefings_year(year) for year in index.by_year}
    assert years == {"api/briefings/2020.json"}
    assert set(exports) == {
        urls.API_BRIEFINGS,
        urls.API_ACTORS,
        urls.API_LOCATIONS,
        urls.API_BRIEFINGS_CSV,
        urls.API_QUOTES_CSV,
        *years,
    }
    for path, data in exports.items():
        assert data.endswith(b"}\n" if path.endswith(("json", "geojson")) else b"\r\n")


def test_briefings_json_is_an_index_of_the_years(
    exports: Mapping[str, bytes], index: Index
) -> None:
    document = loaded(exports, urls.API_BRIEFINGS)
    assert document == {
        "version": 2,
        "briefing_count": len(index.briefings),
        "years": [
            {
                "year": 2020,
                "briefing_count": len(index.briefings),
                "url": f"{SITE_URL}api/briefings/2020.json",
            }
        ],
        "csv_url": f"{SITE_URL}api/briefings.csv",
        "quotes_csv_url": f"{SITE_URL}api/quotes.csv",
    }


def test_briefings_lists_every_published_briefing_newest_first(
    exports: Mapping[str, bytes], index: Index
) -> None:
    assert loaded(exports, urls.api_briefings_year(2020))["version"] == 2
    records = briefing_records(exports)
    assert [r["id"] for r in records] == [b.id for b in index.briefings]
    assert "2020-04-01-unpublished" not in {r["id"] for r in records}
    assert len({frozenset(r) for r in records}) == 1  # every record has the same keys
    assert all(r["url"] == permalink(r["id"]) for r in records)


def test_a_briefing_record_carries_its_fields_and_entity_urls(
    exports: Mapping[str, bytes],
) -> None:
    records = {r["id"]: r for r in briefing_records(exports)}
    ministry = records["2020-03-01-ministry-statement"]
    assert ministry["date"] == "2020-03-01"
    assert ministry["updated"] == "2020-03-02T08:30:00+02:00"
    assert ministry["summary"] == "Gamma Ministry spoke; Delta Press reported it."
    assert ministry["actors"] == [
        {
            "id": "gamma-ministry",
            "name": "Gamma Ministry",
            "url": f"{SITE_URL}actors/gamma-ministry/",
        },
        {"id": "delta-press", "name": "Delta Press", "url": f"{SITE_URL}actors/delta-press/"},
    ]
    assert ministry["tags"] == [{"id": "talks", "url": f"{SITE_URL}tags/talks/"}]
    assert ministry["quotes"] == [
        {
            "speaker": {
                "id": "delta-press",
                "name": "Delta Press",
                "url": f"{SITE_URL}actors/delta-press/",
            },
            "text": "The ministry spoke.",
            "context": None,
            "date": "2020-03-01",
            "source": "Delta Press",
        }
    ]
    assert [c["date"] for c in ministry["corrections"]] == [
        "2020-03-02",
        "2020-03-02",
        "2020-03-05",
    ]
    talks = records["2020-02-10-talks-open"]
    assert talks["updated"] == "2020-02-12"
    assert talks["locations"][0] == {
        "id": "hill-fort",
        "name": "Hill Fort of Tadmūr",
        "url": f"{SITE_URL}locations/hill-fort/",
    }
    review = records["2020-04-20-press-review"]
    assert review["title"] == 'Delta Press: "talks" resume & stall <again>'
    assert review["sources"] == [
        {
            "name": "Delta Press",
            "title": "Talks resume, and stall",
            "date": "2020-04-19",
            "url": "https://example.com/delta",
        },
        {"name": "A wire service", "title": None, "date": None, "url": None},
    ]
    assert "body" not in review


def test_non_ascii_is_written_as_itself(exports: Mapping[str, bytes]) -> None:
    assert "Tadmūr".encode() in exports[urls.api_briefings_year(2020)]
    assert b"\\u" not in exports[urls.API_LOCATIONS]


def test_actors_match_the_registry_and_the_pages(
    exports: Mapping[str, bytes], index: Index, archive: Archive
) -> None:
    document = loaded(exports, urls.API_ACTORS)
    records = document["actors"]
    assert [r["id"] for r in records] == sorted(archive.actors)
    feeds = feeds_of(archive)
    for record in records:
        assert record["briefing_count"] == len(index.by_actor.get(record["id"], ()))
        rolled_up = len(index.by_actor_and_affiliates.get(record["id"], ()))
        assert record["briefing_count_with_affiliates"] == rolled_up
        page = urls.actor(record["id"])
        for key, path in (
            ("url", page),
            ("feed_url", urls.feed_of(page)),
            ("atom_url", urls.atom_of(page)),
            ("json_feed_url", urls.json_feed_of(page)),
        ):
            assert record[key] == (f"{SITE_URL}{path}" if rolled_up else None)
            assert (path in feeds) == bool(rolled_up and key != "url")
    by_id = {r["id"]: r for r in records}
    assert by_id["alpha-force"]["briefing_count"] == 3
    assert by_id["echo-unit"]["briefing_count"] == 0  # only in a draft
    assert by_id["gamma-ministry"]["affiliation"] == "beta-council"
    assert by_id["delta-press"]["quote_count"] == 1
    assert by_id["beta-council"]["wikidata"] == "Q42"


def test_locations_are_valid_geojson_with_longitude_first(
    exports: Mapping[str, bytes], index: Index, archive: Archive
) -> None:
    document = loaded(exports, urls.API_LOCATIONS)
    jsonschema.validate(document, GEOJSON_SCHEMA)
    features = {f["id"]: f for f in document["features"]}
    assert list(features) == sorted(archive.locations)
    # Riverton is at 51.5 N, 0.12 W; Hill Fort at 33.9 S, 151.2 E.
    assert features["riverton"]["geometry"] == {"type": "Point", "coordinates": [-0.12, 51.5]}
    assert features["hill-fort"]["geometry"]["coordinates"] == [151.2, -33.9]
    assert features["norland"]["geometry"] is None  # no coordinates: RFC 7946 allows null
    for place_id, feature in features.items():
        properties = feature["properties"]
        assert properties["briefing_count"] == len(index.by_location.get(place_id, ()))
        rolled_up = len(index.by_location_and_within.get(place_id, ()))
        assert properties["briefing_count_with_places_within"] == rolled_up
        assert properties["url"] == (f"{SITE_URL}locations/{place_id}/" if rolled_up else None)
        place = archive.locations[place_id]
        assert (properties["name"], properties["kind"], properties["country"]) == (
            place.name,
            place.kind,
            place.country,
        )
    assert features["draftville"]["properties"]["briefing_count"] == 0


def test_a_rebuild_is_byte_identical(archive: Archive, exports: Mapping[str, bytes]) -> None:
    reversed_registries = dataclasses.replace(
        archive,
        actors=dict(reversed(list(archive.actors.items()))),
        locations=dict(reversed(list(archive.locations.items()))),
    )
    assert build_data_exports(build_index(reversed_registries), SETTINGS) == exports


DATA_DOC = Path(__file__).resolve().parent.parent / "docs" / "data.md"


def documented(section: str) -> tuple[set[str], list[Any]]:
    """The field names in a section's table of docs/data.md, and its JSON examples."""
    text = DATA_DOC.read_text(encoding="utf-8").split(f"### `{section}`", 1)[1]
    text = text.split("\n### ", 1)[0]
    fields = set(re.findall(r"^\| `([a-z_]+)` \|", text, flags=re.M))
    examples = [json.loads(block) for block in re.findall(r"```json\n(.*?)```", text, re.S)]
    return fields, examples


def test_docs_list_exactly_the_fields_the_files_have(exports: Mapping[str, bytes]) -> None:
    briefing = briefing_records(exports)[0]
    actor = loaded(exports, urls.API_ACTORS)["actors"][0]
    feature = loaded(exports, urls.API_LOCATIONS)["features"][0]
    for section, record in (
        (urls.API_BRIEFINGS, loaded(exports, urls.API_BRIEFINGS)),
        ("api/briefings/YYYY.json", briefing),
        (urls.API_ACTORS, actor),
        (urls.API_LOCATIONS, feature["properties"]),
    ):
        fields, examples = documented(section)
        assert fields == set(record), section
        (example,) = examples
        keys = set(example.get("properties", example))
        assert keys == set(record), section


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_real_site(tmp_path_factory)


@pytest.mark.slow
def test_every_url_in_the_built_exports_is_a_page_or_feed_of_the_site(real_site: Path) -> None:
    def target(url: str) -> Path:
        assert url.startswith(REAL_SITE_URL), url
        path = real_site / url[len(REAL_SITE_URL) :]
        return path / "index.html" if url.endswith("/") else path

    files = {path: json.loads((real_site / path).read_bytes()) for path in exports_paths()}
    files.update(
        {
            year["url"]: json.loads(target(year["url"]).read_bytes())
            for year in files[urls.API_BRIEFINGS]["years"]
        }
    )
    briefings = [
        b for year in files[urls.API_BRIEFINGS]["years"] for b in files[year["url"]]["briefings"]
    ]
    assert briefings
    found = [u for u in _urls(files) if u is not None]
    assert len(found) > len(briefings)
    for url in found:
        assert target(url).is_file(), url
    listed = {p.parent.name for p in (real_site / "briefings").glob("*/*/index.html")}
    assert {b["id"] for b in briefings} == listed  # every briefing page, and no other


def exports_paths() -> tuple[str, ...]:
    return (urls.API_BRIEFINGS, urls.API_ACTORS, urls.API_LOCATIONS)


URL_KEYS = {"url", "feed_url", "atom_url", "json_feed_url", "csv_url", "quotes_csv_url"}


def _urls(value: object) -> list[str | None]:
    """Every value of a key naming an address of the site, at any depth."""
    if isinstance(value, dict):
        found = [v for k, v in value.items() if k in URL_KEYS]
        return found + [u for v in value.values() for u in _urls(v)]
    if isinstance(value, list):
        return [u for v in value for u in _urls(v)]
    return []


def csv_rows(data: bytes) -> list[dict[str, str]]:
    """A CSV file as Python's ``csv`` module reads it, the way its docs advise."""
    text = data.decode("utf-8")
    assert not text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_briefings_csv_has_one_row_per_briefing_matching_the_json(
    exports: Mapping[str, bytes], index: Index
) -> None:
    rows = csv_rows(exports[urls.API_BRIEFINGS_CSV])
    assert list(rows[0]) == list(BRIEFING_CSV_COLUMNS)
    records = briefing_records(exports)
    assert [r["id"] for r in rows] == [r["id"] for r in records]
    for row, record in zip(rows, records, strict=True):
        assert row["url"] == record["url"]
        assert row["title"] == record["title"]
        assert row["summary"] == record["summary"]
        assert row["updated"] == (record["updated"] or "")
        for column in ("actors", "locations", "tags"):
            ids = row[column].split(CSV_LIST_SEPARATOR) if row[column] else []
            assert ids == [entity["id"] for entity in record[column]]
        assert int(row["quote_count"]) == len(record["quotes"])
        assert int(row["source_count"]) == len(record["sources"])
        assert int(row["correction_count"]) == len(record["corrections"])
    review = next(r for r in rows if r["id"] == "2020-04-20-press-review")
    assert review["title"] == 'Delta Press: "talks" resume & stall <again>'


def test_the_csv_files_are_rfc_4180(exports: Mapping[str, bytes]) -> None:
    for path in (urls.API_BRIEFINGS_CSV, urls.API_QUOTES_CSV):
        data = exports[path]
        assert data.endswith(b"\r\n")
        assert b"\n" not in data.replace(b"\r\n", b"")  # line breaks inside fields are quoted
        rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
        assert len({len(row) for row in rows}) == 1  # every row as wide as the header


def test_quotes_csv_has_every_quote_with_its_speaker_and_briefing(
    archive: Archive, index: Index
) -> None:
    """A quote over two lines, with a comma and quotes, survives; a cell that a
    spreadsheet would run as a formula is defused with a leading apostrophe."""
    base = next(b for b in archive.briefings if b.id == "2020-03-01-ministry-statement")
    tricky = dataclasses.replace(
        base,
        id="2020-03-02-tricky",
        date=dt.date(2020, 3, 2),
        title='=HYPERLINK("https://example.com", "click")',
        quotes=(Quote(speaker="delta-press", text='First line, "quoted"\nsecond line'),),
        corrections=(),
    )
    trickier = with_briefings(archive, tricky)
    exports = build_data_exports(build_index(trickier), SETTINGS)
    rows = csv_rows(exports[urls.API_QUOTES_CSV])
    assert list(rows[0]) == list(QUOTE_CSV_COLUMNS)
    expected = [
        (item.id, quote.speaker, quote.text)
        for item in build_index(trickier).briefings
        for quote in item.quotes
    ]
    assert [(r["briefing_id"], r["speaker"], r["text"]) for r in rows] == expected
    first = rows[0]
    assert first == {
        "briefing_id": "2020-03-02-tricky",
        "briefing_url": f"{SITE_URL}briefings/2020/2020-03-02-tricky/",
        "briefing_date": "2020-03-02",
        "speaker": "delta-press",
        "speaker_name": "Delta Press",
        "text": 'First line, "quoted"\nsecond line',
        "context": "",
        "date": "",
        "source": "",
    }
    (row,) = [r for r in csv_rows(exports[urls.API_BRIEFINGS_CSV]) if r["id"] == tricky.id]
    assert row["title"] == "'" + tricky.title
    (record,) = [r for r in briefing_records(exports) if r["id"] == tricky.id]
    assert record["title"] == tricky.title


def test_docs_list_exactly_the_csv_columns(exports: Mapping[str, bytes]) -> None:
    text = DATA_DOC.read_text(encoding="utf-8").split("### `api/briefings.csv`", 1)[1]
    briefings_part, quotes_part = text.split("`api/quotes.csv`, one row per quote", 1)
    for part, path in (
        (briefings_part, urls.API_BRIEFINGS_CSV),
        (quotes_part, urls.API_QUOTES_CSV),
    ):
        cells = re.findall(r"^\| ((?:`[a-z_]+`(?:, )?)+) \|", part, flags=re.M)
        columns = [name for cell in cells for name in re.findall(r"`([a-z_]+)`", cell)]
        assert columns == next(csv.reader(io.StringIO(exports[path].decode("utf-8")))), path


@pytest.mark.slow
def test_the_exports_match_the_built_pages(real_site: Path) -> None:
    """Each CSV row and JSON record describes the page at its url: same title, and the
    quote text on the page it names."""
    rows = csv_rows((real_site / urls.API_BRIEFINGS_CSV).read_bytes())
    assert rows
    for row in rows:
        tree = site_builds.page(real_site, row["url"][len(REAL_SITE_URL) :])
        assert str(tree.xpath("string(//h1)")).strip() == row["title"]
    for quote in csv_rows((real_site / urls.API_QUOTES_CSV).read_bytes()):
        tree = site_builds.page(real_site, quote["briefing_url"][len(REAL_SITE_URL) :])
        shown = [" ".join(q.text_content().split()) for q in tree.xpath("//blockquote")]
        assert " ".join(quote["text"].split()) in shown
