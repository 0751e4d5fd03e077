"""The data exports as a JSON or GeoJSON tool loads them."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from build_tools import urls
from build_tools.exports import build_exports
from build_tools.index import Index, build_index
from build_tools.model import Archive
from tests.test_feeds import (
    REAL_SITE_URL,
    SETTINGS,
    SITE_URL,
    built_real_site,
    feeds_of,
    fixture_archive,
    permalink,
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
    return build_exports(index, SETTINGS)


def loaded(exports: Mapping[str, bytes], path: str) -> Any:
    return json.loads(exports[path].decode("utf-8"))


def test_the_site_publishes_three_data_files(exports: Mapping[str, bytes]) -> None:
    assert set(exports) == {urls.API_BRIEFINGS, urls.API_ACTORS, urls.API_LOCATIONS}
    for data in exports.values():
        assert data.endswith(b"}\n")


def test_briefings_lists_every_published_briefing_newest_first(
    exports: Mapping[str, bytes], index: Index
) -> None:
    document = loaded(exports, urls.API_BRIEFINGS)
    assert document["version"] == 1
    records = document["briefings"]
    assert [r["id"] for r in records] == [b.id for b in index.briefings]
    assert "2020-04-01-unpublished" not in {r["id"] for r in records}
    assert len({frozenset(r) for r in records}) == 1  # every record has the same keys
    assert all(r["url"] == permalink(r["id"]) for r in records)


def test_a_briefing_record_carries_its_fields_and_entity_urls(
    exports: Mapping[str, bytes],
) -> None:
    records = {r["id"]: r for r in loaded(exports, urls.API_BRIEFINGS)["briefings"]}
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
        {"name": "Delta Press", "url": "https://example.com/delta"},
        {"name": "A wire service", "url": None},
    ]
    assert "body" not in review


def test_non_ascii_is_written_as_itself(exports: Mapping[str, bytes]) -> None:
    assert "Tadmūr".encode() in exports[urls.API_BRIEFINGS]
    assert b"\\u" not in exports[urls.API_LOCATIONS]


def test_actors_match_the_registry_and_the_pages(
    exports: Mapping[str, bytes], index: Index, archive: Archive
) -> None:
    document = loaded(exports, urls.API_ACTORS)
    records = document["actors"]
    assert [r["id"] for r in records] == sorted(archive.actors)
    feeds = feeds_of(archive)
    for record in records:
        count = len(index.by_actor.get(record["id"], ()))
        assert record["briefing_count"] == count
        if count:
            assert record["url"] == f"{SITE_URL}actors/{record['id']}/"
            assert record["feed_url"] == f"{SITE_URL}actors/{record['id']}/feed.xml"
            assert urls.feed_of(urls.actor(record["id"])) in feeds
        else:
            assert record["url"] is None
            assert record["feed_url"] is None
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
        count = len(index.by_location.get(place_id, ()))
        assert properties["briefing_count"] == count
        assert properties["url"] == (f"{SITE_URL}locations/{place_id}/" if count else None)
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
    assert build_exports(build_index(reversed_registries), SETTINGS) == exports


DATA_DOC = Path(__file__).resolve().parent.parent / "docs" / "data.md"


def documented(section: str) -> tuple[set[str], list[Any]]:
    """The field names in a section's table of docs/data.md, and its JSON examples."""
    text = DATA_DOC.read_text(encoding="utf-8").split(f"### `{section}`", 1)[1]
    text = text.split("\n### ", 1)[0]
    fields = set(re.findall(r"^\| `([a-z_]+)` \|", text, flags=re.M))
    examples = [json.loads(block) for block in re.findall(r"```json\n(.*?)```", text, re.S)]
    return fields, examples


def test_docs_list_exactly_the_fields_the_files_have(exports: Mapping[str, bytes]) -> None:
    briefing = loaded(exports, urls.API_BRIEFINGS)["briefings"][0]
    actor = loaded(exports, urls.API_ACTORS)["actors"][0]
    feature = loaded(exports, urls.API_LOCATIONS)["features"][0]
    for section, record in (
        (urls.API_BRIEFINGS, briefing),
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
    briefings = files[urls.API_BRIEFINGS]["briefings"]
    assert briefings
    found = [u for u in _urls(files) if u is not None]
    assert len(found) > len(briefings)
    for url in found:
        assert target(url).is_file(), url
    listed = {p.parent.name for p in (real_site / "briefings").glob("*/*/index.html")}
    assert {b["id"] for b in briefings} == listed  # every briefing page, and no other


def exports_paths() -> tuple[str, ...]:
    return (urls.API_BRIEFINGS, urls.API_ACTORS, urls.API_LOCATIONS)


def _urls(value: object) -> list[str | None]:
    """Every value of a ``url`` or ``feed_url`` key, at any depth."""
    if isinstance(value, dict):
        found = [v for k, v in value.items() if k in {"url", "feed_url"}]
        return found + [u for v in value.values() for u in _urls(v)]
    if isinstance(value, list):
        return [u for v in value for u in _urls(v)]
    return []
