"""JSON Schemas for a briefing's front matter and both registries, made from format_spec.

Editors with YAML language support read these (through a ``$schema`` comment) to
complete field names and flag mistakes while a contributor types. They are generated
from the records the validator walks, so a field added to the format appears here too.

A schema sees the data as a YAML 1.2 editor reads it, while the validator reads each
scalar by the field it is in. So where YAML 1.2 would type a valid value differently
(``title: 1984`` is a number, ``draft: yes`` a string), the schema accepts that form
too: whatever the validator accepts, the schema must not flag. The reverse holds for
the structural rules (shapes, required and unknown fields, patterns, choices, limits);
rules that need the whole archive (unknown ids, cycles, dates in file names,
mentions) are for ``briefings validate`` alone.
"""

from __future__ import annotations

import json
from typing import Any

from build_tools.format import format_spec as spec
from build_tools.format.format_spec import Field, Kind, Record

DRAFT = "https://json-schema.org/draft/2020-12/schema"

Schema = dict[str, Any]

# Characters XML 1.0 forbids. Those that are also whitespace (\v, \f, U+001C-U+001F) only
# count between other characters: the validator strips the ends of a text first.
_CONTROL = (
    "[\\u0000-\\u0008\\u000E-\\u001B\\uD800-\\uDFFF\\uFFFE\\uFFFF]"
    "|\\S[\\s\\S]*[\\u000B\\u000C\\u001C-\\u001F][\\s\\S]*\\S"
)
_DATE = r"^\s*\d{4}-\d{2}-\d{2}\s*$"
_DATE_OR_DATETIME = (
    r"^\s*\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|[+-]\d{2}(:?\d{2})?))?\s*$"
)
_URL = r"^\s*[Hh][Tt][Tt][Pp][Ss]?://[^/?#\s]+\S*\s*$"
_NUMBER = r"^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$"
# Plain words YAML 1.1 reads as booleans; a YAML 1.2 editor sees strings.
_BOOL_WORDS = ("yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF")

FILE_NAMES = {
    "briefing": "briefing.schema.json",
    "actors": "actors.schema.json",
    "locations": "locations.schema.json",
}


def text_pattern(*, one_line: bool, required: bool, max_length: int | None) -> str:
    """Text as the validator reads it: stripped, then checked for emptiness, breaks, length.

    maxLength would count the whitespace the validator ignores (a folded ``>`` block
    ends with a line break), so the length is part of the pattern.
    """
    # One line: none of the breaks the validator refuses there (\r, U+0085, U+2028/9).
    inner = r"[^\n\r\u0085\u2028\u2029]" if one_line else r"[\s\S]"
    if max_length is None:
        middle = f"{inner}*"
    else:
        assert max_length >= 2
        middle = f"{inner}{{0,{max_length - 2}}}"
    core = rf"\S(?:{middle}\S)?"
    return rf"^\s*{core}\s*$" if required else rf"^\s*(?:{core})?\s*$"


def _text(field: Field, *, required: bool) -> Schema:
    one_line = field.kind is Kind.LINE
    said = "Plain text" + (" on one line" if one_line else "")
    if field.max_length is not None:
        said += f", up to {field.max_length} characters"
    return {
        "type": ["string", "number", "boolean"],
        "pattern": text_pattern(one_line=one_line, required=required, max_length=field.max_length),
        # Shown by editors (VS Code, yaml-language-server) instead of the raw pattern.
        "patternErrorMessage": said + ("" if required else ", or nothing") + ".",
        "not": {"type": "string", "pattern": _CONTROL},
    }


def _slug() -> Schema:
    """An id, tag or slug in a field, which the validator strips before checking."""
    body = spec.SLUG_PATTERN.removeprefix("^").removesuffix("$")
    return {
        # An id of digits only is a number to YAML 1.2, and still an id to the validator.
        "type": ["string", "integer"],
        "pattern": rf"^\s*(?=\S{{{spec.SLUG_MIN},{spec.SLUG_MAX}}}\s*$){body}\s*$",
        "patternErrorMessage": (
            "Lowercase letters, digits and single hyphens, "
            f"{spec.SLUG_MIN} to {spec.SLUG_MAX} characters."
        ),
        "minimum": 0,
    }


def _coordinate(limit: int) -> Schema:
    return {
        "type": ["number", "string"],
        "pattern": _NUMBER,
        "minimum": -limit,
        "maximum": limit,
    }


def _value(field: Field) -> Schema:  # noqa: C901 - one flat branch per Kind, in its order
    """The schema of one field's value, ignoring whether it may be left empty."""
    kind = field.kind
    if kind in (Kind.TEXT, Kind.LINE):
        return _text(field, required=field.required)
    if kind is Kind.DATE:
        return {"type": "string", "format": "date", "pattern": _DATE}
    if kind is Kind.DATE_OR_DATETIME:
        return {"type": "string", "pattern": _DATE_OR_DATETIME}
    if kind is Kind.BOOL:
        return {"enum": [True, False, *_BOOL_WORDS]}
    if kind is Kind.ID:
        return _slug()
    if kind in (Kind.ID_LIST, Kind.SLUG_LIST):
        schema: Schema = {"type": "array", "items": _slug(), "uniqueItems": True}
        if field.min_items:
            schema["minItems"] = field.min_items
        if field.max_items is not None:
            schema["maxItems"] = field.max_items
        return schema
    if kind is Kind.TEXT_LIST:
        item = Field(field.name, Kind.LINE, True, "", max_length=field.max_length)
        listed: Schema = {"type": "array", "items": _text(item, required=True), "uniqueItems": True}
        if field.max_items is not None:
            listed["maxItems"] = field.max_items
        return listed
    if kind is Kind.URL:
        return {"type": "string", "format": "uri", "pattern": _URL}
    if kind is Kind.CHOICE:
        return {"enum": list(field.choices)}
    if kind is Kind.COUNTRY:
        return {"enum": sorted(spec.COUNTRY_CODES)}
    if kind is Kind.COORDINATES:
        return {
            "type": "array",
            "prefixItems": [_coordinate(90), _coordinate(180)],
            "minItems": 2,
            "maxItems": 2,
        }
    if kind is Kind.WIKIDATA:
        return {"type": "string", "pattern": spec.WIKIDATA_PATTERN}
    if kind is Kind.RECORDS:
        assert field.record is not None
        records: Schema = {"type": "array", "items": {"$ref": f"#/$defs/{field.record.name}"}}
        if field.max_items is not None:
            records["maxItems"] = field.max_items
        return records
    raise AssertionError(kind)  # pragma: no cover - every Kind is handled above


def _or_empty(schema: Schema) -> Schema:
    """An optional field may be written and left empty (``context:``): YAML's null."""
    if "enum" in schema:
        return {**schema, "enum": [*schema["enum"], None]}
    types = schema["type"]
    return {**schema, "type": [*(types if isinstance(types, list) else [types]), "null"]}


def _field(field: Field) -> Schema:
    value = _value(field)
    if not field.required:
        value = _or_empty(value)
    return {"description": field.description, **value}


def _record(record: Record) -> Schema:
    return {
        "type": "object",
        "description": record.description,
        "properties": {f.name: _field(f) for f in record.fields},
        "required": [f.name for f in record.fields if f.required],
        "additionalProperties": False,
    }


def _nested(record: Record) -> dict[str, Schema]:
    """Every record a record's fields hold, by name, for ``$defs``."""
    found: dict[str, Schema] = {}
    for f in record.fields:
        if f.record is not None:
            found[f.record.name] = _record(f.record)
            found.update(_nested(f.record))
    return found


def briefing_schema() -> Schema:
    return {
        "$schema": DRAFT,
        "title": "Briefing front matter",
        **_record(spec.BRIEFING),
        "$defs": _nested(spec.BRIEFING),
    }


def _registry(record: Record, title: str, entry: Schema) -> Schema:
    return {
        "$schema": DRAFT,
        "title": title,
        "description": f"A mapping from {record.name} id to {record.name} record.",
        "type": "object",
        "propertyNames": {
            "pattern": spec.SLUG_PATTERN,
            "minLength": spec.SLUG_MIN,
            "maxLength": spec.SLUG_MAX,
        },
        "additionalProperties": {"$ref": f"#/$defs/{record.name}"},
        "$defs": {record.name: entry},
    }


def actors_schema() -> Schema:
    return _registry(spec.ACTOR, "Actors registry (briefings/actors.yml)", _record(spec.ACTOR))


def locations_schema() -> Schema:
    entry = _record(spec.LOCATION)
    # Rule missing-country: every place that is not itself a country names its country.
    entry["if"] = {
        "properties": {"kind": {"not": {"const": "country"}}},
        "required": ["kind"],
    }
    entry["then"] = {"required": ["country"]}
    return _registry(spec.LOCATION, "Locations registry (briefings/locations.yml)", entry)


def schemas() -> dict[str, Schema]:
    """File name → schema, for everything ``briefings schema`` writes."""
    return {
        FILE_NAMES["briefing"]: briefing_schema(),
        FILE_NAMES["actors"]: actors_schema(),
        FILE_NAMES["locations"]: locations_schema(),
    }


def render(schema: Schema) -> str:
    """Stable text: committed copies are compared with freshly generated ones."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
