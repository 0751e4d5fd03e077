"""The JSON Schemas agree with the validator they are generated beside.

Whatever the validator accepts, the schema accepts (so an editor never flags a
valid file), and the structural mistakes are rejected by both. Files are compared
as a YAML 1.2 editor reads them: the loader's nodes, with plain scalars resolved by
YAML 1.2's core schema (dates stay text, ``NO`` stays text, ``true`` is a boolean).
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from build_tools.commands.cli import main
from build_tools.format import json_schema
from build_tools.format.diagnostics import Severity
from build_tools.loading.loader import (
    LoadedArchive,
    LoadedFile,
    Mapping,
    Node,
    Scalar,
    Sequence,
    load_archive,
    load_briefing_bytes,
)
from build_tools.validation.archive import check_archive

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
RULE_EXAMPLES = FIXTURES / "rules"
BASE = RULE_EXAMPLES / "base" / "briefings"
BRIEFING = "2015/2015-05-22-al-tanf-border-crossing.md"
REGENERATE = ".venv/bin/briefings schema docs/schemas"
TITLE_LINE = "title: Islamic State seizes al-Tanf, the last Syria–Iraq crossing it did not hold"

_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")

SCHEMAS = {
    "briefing": json_schema.briefing_schema(),
    "actors": json_schema.actors_schema(),
    "locations": json_schema.locations_schema(),
}
CHECKERS = {kind: jsonschema.Draft202012Validator(schema) for kind, schema in SCHEMAS.items()}


def plain(node: Node) -> Any:
    """A node as data, the way a YAML 1.2 editor's parser would hand it to the schema."""
    if isinstance(node, Mapping):
        return {key.value: plain(value) for key, value in node.entries}
    if isinstance(node, Sequence):
        return [plain(item) for item in node.items]
    assert isinstance(node, Scalar)
    value = node.value
    if not node.plain:
        return value
    if value in ("", "~", "null", "Null", "NULL"):
        return None
    if value in ("true", "True", "TRUE"):
        return True
    if value in ("false", "False", "FALSE"):
        return False
    if _INT.match(value):
        return int(value)
    if _FLOAT.match(value):
        return float(value)
    return value


def schema_errors(file: LoadedFile) -> list[str]:
    assert file.document is not None
    return [error.message for error in CHECKERS[file.kind].iter_errors(plain(file.document))]


def files_of(loaded: LoadedArchive) -> list[LoadedFile]:
    return [loaded.actors, loaded.locations, *loaded.briefings]


def validator_errors(loaded: LoadedArchive) -> dict[str, list[str]]:
    """File path → the rules of the errors reported in that file."""
    diagnostics = check_archive(loaded).diagnostics
    found: dict[str, list[str]] = {}
    for d in diagnostics:
        if d.severity is Severity.ERROR:
            found.setdefault(d.path, []).append(d.rule)
    return found


def _archives() -> list[Path]:
    """The real archive and every fixture archive (the rule examples are overlays: below)."""
    fixtures = sorted(p.parent for p in FIXTURES.rglob("actors.yml"))
    return [ROOT / "briefings", *(p for p in fixtures if RULE_EXAMPLES not in p.parents)]


def test_committed_schemas_are_the_generated_ones() -> None:
    for name, schema in json_schema.schemas().items():
        committed = ROOT / "docs" / "schemas" / name
        assert committed.is_file(), f"docs/schemas/{name} is missing; run: {REGENERATE}"
        assert committed.read_text(encoding="utf-8") == json_schema.render(schema), (
            f"docs/schemas/{name} is out of date with build_tools/format/format_spec.py; "
            f"regenerate with: {REGENERATE}"
        )


def test_schema_command_writes_the_three_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["schema", str(tmp_path / "schemas")]) == 0
    written = sorted(p.name for p in (tmp_path / "schemas").iterdir())
    assert written == sorted(json_schema.FILE_NAMES.values())
    for name in written:
        assert (tmp_path / "schemas" / name).read_bytes() == (
            ROOT / "docs" / "schemas" / name
        ).read_bytes()
    assert len(capsys.readouterr().out.splitlines()) == 3


@pytest.mark.parametrize("kind", sorted(SCHEMAS))
def test_schemas_are_valid_draft_2020_12(kind: str) -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMAS[kind])
    assert SCHEMAS[kind]["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_registries_point_editors_to_their_schema() -> None:
    for kind in ("actors", "locations"):
        first = (ROOT / "briefings" / f"{kind}.yml").read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../docs/schemas/{kind}.schema.json"


@pytest.mark.parametrize("archive", _archives(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_file_the_validator_accepts_the_schema_accepts(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    loaded = load_archive(archive)
    rejected = validator_errors(loaded)
    accepted = [f for f in files_of(loaded) if f.document is not None and f.path not in rejected]
    if archive == ROOT / "briefings":
        assert len(accepted) == len(files_of(loaded)), "the real archive validates"
    for file in accepted:
        assert schema_errors(file) == [], file.path


def _overlaid(rule: str, where: Path) -> LoadedArchive:
    shutil.copytree(RULE_EXAMPLES / "base", where, dirs_exist_ok=True)
    shutil.copytree(RULE_EXAMPLES / rule, where, dirs_exist_ok=True)
    return load_archive(where / "briefings")


RULE_EXAMPLE_IDS = sorted(p.name for p in RULE_EXAMPLES.iterdir() if p.name != "base")
# Rules a schema can express: each such example file is rejected by the schema too.
STRUCTURAL = {
    "control-character",
    "duplicate-item",
    "field-type",
    "invalid-coordinates",
    "invalid-country",
    "invalid-date",
    "invalid-id",
    "invalid-kind",
    "invalid-url",
    "invalid-wikidata",
    "missing-country",
    "missing-field",
    "multiline-text",
    "text-too-long",
    "unknown-field",
    "yaml-too-deep",
}


@pytest.mark.parametrize("rule", RULE_EXAMPLE_IDS)
def test_rule_examples_agree(rule: str, tmp_path: Path) -> None:
    loaded = _overlaid(rule, tmp_path)
    rejected = validator_errors(loaded)
    for file in files_of(loaded):
        if file.document is None:
            continue
        by_schema = schema_errors(file)
        if file.path not in rejected:
            assert by_schema == [], file.path
        elif rule in STRUCTURAL and rule in rejected[file.path]:
            assert by_schema, f"{file.path}: the schema misses [{rule}]"


def _long_title(length: int) -> str:
    words = "Islamic State seizes al-Tanf, the last crossing it did not hold "
    return (words * (length // len(words) + 1))[:length].strip().ljust(length, "x")


# (what is wrong, file, text in the example archive, replacement, rule the validator reports)
MISTAKES: list[tuple[str, str, str, str, str]] = [
    (
        "no title",
        BRIEFING,
        TITLE_LINE + "\n",
        "",
        "missing-field",
    ),
    ("no actors", BRIEFING, "actors: [islamic-state, syrian-army]", "actors: []", "missing-field"),
    (
        "empty title",
        BRIEFING,
        TITLE_LINE,
        'title: ""',
        "missing-field",
    ),
    (
        "unknown field",
        BRIEFING,
        "tags: [border-crossings]",
        "tags: [border-crossings]\nauthor: Jane Doe",
        "unknown-field",
    ),
    (
        "unknown source field",
        BRIEFING,
        "    url: https://www.reuters.com/",
        "    link: https://www.reuters.com/",
        "unknown-field",
    ),
    (
        "actors not a list",
        BRIEFING,
        "actors: [islamic-state, syrian-army]",
        "actors: islamic-state",
        "field-type",
    ),
    (
        "draft not boolean",
        BRIEFING,
        "tags: [border-crossings]",
        "tags: [border-crossings]\ndraft: maybe",
        "field-type",
    ),
    (
        "sources not records",
        BRIEFING,
        "sources:\n  - name: Reuters\n    url: https://www.reuters.com/",
        "sources: Reuters",
        "field-type",
    ),
    (
        "quote without speaker",
        BRIEFING,
        "tags: [border-crossings]",
        'tags: [border-crossings]\nquotes:\n  - text: "We will stay."',
        "missing-field",
    ),
    (
        "tag with capitals",
        BRIEFING,
        "tags: [border-crossings]",
        "tags: [Border_Crossings]",
        "invalid-id",
    ),
    ("tag too short", BRIEFING, "tags: [border-crossings]", "tags: [b]", "invalid-id"),
    (
        "tag with double hyphen",
        BRIEFING,
        "tags: [border-crossings]",
        "tags: [border--crossings]",
        "invalid-id",
    ),
    (
        "actor twice",
        BRIEFING,
        "actors: [islamic-state, syrian-army]",
        "actors: [islamic-state, islamic-state]",
        "duplicate-item",
    ),
    (
        "ftp url",
        BRIEFING,
        "    url: https://www.reuters.com/",
        "    url: ftp://ftp.reuters.com/",
        "invalid-url",
    ),
    (
        "javascript url",
        BRIEFING,
        "    url: https://www.reuters.com/",
        "    url: javascript:alert(1)",
        "invalid-url",
    ),
    (
        "relative url",
        BRIEFING,
        "    url: https://www.reuters.com/",
        "    url: www.reuters.com",
        "invalid-url",
    ),
    (
        "title too long",
        BRIEFING,
        TITLE_LINE,
        f"title: {_long_title(201)}",
        "text-too-long",
    ),
    (
        "title on two lines",
        BRIEFING,
        TITLE_LINE,
        'title: "Islamic State seizes al-Tanf\\nthe last crossing"',
        "multiline-text",
    ),
    (
        "control character",
        BRIEFING,
        TITLE_LINE,
        'title: "Islamic State\\u0007 seizes al-Tanf"',
        "control-character",
    ),
    ("date not ISO", BRIEFING, "date: 2015-05-22", "date: 2015-5-22", "invalid-date"),
    (
        "updated without offset",
        BRIEFING,
        "tags: [border-crossings]",
        "tags: [border-crossings]\nupdated: 2015-05-23T10:00",
        "invalid-date",
    ),
    ("actor kind", "actors.yml", "  kind: armed-group", "  kind: militia", "invalid-kind"),
    (
        "location kind",
        "locations.yml",
        "  kind: border-crossing",
        "  kind: village",
        "invalid-kind",
    ),
    ("actor without name", "actors.yml", "  name: Syrian Arab Army\n", "", "missing-field"),
    (
        "actor unknown field",
        "actors.yml",
        "  kind: military",
        "  kind: military\n  website: https://example.org/",
        "unknown-field",
    ),
    ("actor id with capitals", "actors.yml", "syrian-army:", "Syrian_Army:", "invalid-id"),
    (
        "aliases not a list",
        "actors.yml",
        "  aliases: [Syrian Army, SAA]",
        "  aliases: Syrian Army",
        "field-type",
    ),
    ("country as a name", "locations.yml", "  country: SY", "  country: Syria", "invalid-country"),
    ("country in lower case", "locations.yml", "  country: SY", "  country: sy", "invalid-country"),
    ("country not assigned", "locations.yml", "  country: SY", "  country: XX", "invalid-country"),
    ("no country", "locations.yml", "  country: SY\n", "", "missing-country"),
    (
        "latitude out of range",
        "locations.yml",
        "  coordinates: [33.49, 38.66]",
        "  coordinates: [95, 38.66]",
        "invalid-coordinates",
    ),
    (
        "longitude out of range",
        "locations.yml",
        "  coordinates: [33.49, 38.66]",
        "  coordinates: [33.49, 190]",
        "invalid-coordinates",
    ),
    (
        "one coordinate",
        "locations.yml",
        "  coordinates: [33.49, 38.66]",
        "  coordinates: [33.49]",
        "invalid-coordinates",
    ),
    (
        "three coordinates",
        "locations.yml",
        "  coordinates: [33.49, 38.66]",
        "  coordinates: [33.49, 38.66, 0]",
        "invalid-coordinates",
    ),
    (
        "coordinates as text",
        "locations.yml",
        "  coordinates: [33.49, 38.66]",
        "  coordinates: 33.49 N, 38.66 E",
        "invalid-coordinates",
    ),
    (
        "wikidata without Q",
        "actors.yml",
        "  wikidata: Q2429253",
        "  wikidata: 2429253",
        "invalid-wikidata",
    ),
]


@pytest.mark.parametrize(
    ("relative", "old", "new", "rule"), [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES]
)
def test_structural_mistakes_are_rejected_by_both(
    relative: str, old: str, new: str, rule: str, tmp_path: Path
) -> None:
    shutil.copytree(BASE, tmp_path, dirs_exist_ok=True)
    target = tmp_path / relative
    text = target.read_text(encoding="utf-8")
    assert text.count(old) == 1
    target.write_text(text.replace(old, new), encoding="utf-8")
    loaded = load_archive(tmp_path)
    file = next(f for f in files_of(loaded) if Path(f.path).resolve() == target.resolve())
    assert rule in validator_errors(loaded).get(file.path, [])
    assert schema_errors(file), f"the schema accepts a file the validator rejects [{rule}]"


# --- text fields: the same verdict both ways, for any text ------------------------------

_REGISTRIES = load_archive(BASE, only=[])
_BASE_BRIEFING = (BASE / BRIEFING).read_text(encoding="utf-8")
_LINES = {
    "title": TITLE_LINE,
    "summary": (
        "summary: >-\n  Syrian and Iraqi forces withdrew from the al-Tanf crossing, leaving every\n"
        "  official crossing on the Syria–Iraq border in Islamic State hands."
    ),
    "tags": "tags: [border-crossings]",
}
_AWKWARD = "ab \n\t\r\x0b\x0c\x1c\x1f\x07\x00\x85\u2028é-"
_SPACE = st.text(alphabet=" \n\t\x1c", max_size=2)


def _near_limit(lead: str, length: int, middle: str, trail: str) -> str:
    """Text whose stripped length is just below, at or just above a field's limit."""
    words = "a" * length
    return lead + words[: length // 2] + middle + words[length // 2 + len(middle) :] + trail


_TEXTS = st.one_of(
    st.text(max_size=12),
    st.text(alphabet=_AWKWARD, max_size=12),
    st.builds(
        _near_limit,
        _SPACE,
        st.sampled_from([198, 199, 200, 201, 202, 398, 399, 400, 401, 402]),
        st.sampled_from(["", " ", "\n", "é", "\x1c"]),
        _SPACE,
    ),
    st.from_regex(r"\s{0,2}[a-z0-9]{1,3}(-[a-z0-9]{1,3}){0,2}\s{0,2}", fullmatch=True),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(sorted(_LINES)), value=_TEXTS)
def test_text_and_slug_rules_give_the_same_verdict(field: str, value: str) -> None:
    quoted = json.dumps(value)  # a JSON string is a YAML double-quoted scalar
    written = f"tags: [{quoted}]" if field == "tags" else f"{field}: {quoted}"
    data = _BASE_BRIEFING.replace(_LINES[field], written).encode("utf-8")
    file = load_briefing_bytes(f"briefings/{BRIEFING}", BRIEFING, data)
    assume(file.document is not None)
    accepted_by_validator = not validator_errors(replace(_REGISTRIES, briefings=(file,)))
    assert accepted_by_validator == (schema_errors(file) == []), repr(value)
