"""Field reading: one file's YAML nodes → typed values, driven by :mod:`format_spec`.

Each :class:`~build_tools.format.format_spec.Field` names the :class:`Kind` its value is read
as; one reader per kind turns a node into a value or reports why it cannot, and reading
carries on (every mistake of a file in one run). Scalars are read here, never by YAML:
``country: NO`` is Norway, not ``False``.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit

from build_tools.format import format_spec as spec
from build_tools.format.diagnostics import Diagnostic
from build_tools.format.format_spec import Field, Kind, Record, Rule
from build_tools.format.safety import WEB_SCHEMES, XML_ILLEGAL
from build_tools.loading.loader import Mapping, Node, Scalar, Sequence

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|[+-]\d{2}(:?\d{2})?)?$"
)
# What breaks a line of text (as str.splitlines sees it) and XML allows in a document.
_LINE_BREAK = re.compile("[\n\r\x85\u2028\u2029]")
# White space (as str.isspace sees it) or a control character: never inside an address.
_URL_BREAKER = re.compile(r"[\s\x00-\x1f]")
_NUMBER = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")
NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"})
_FALSE = frozenset({"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"})
_NOT_AN_ID = "is not a valid id (lowercase letters, digits and single hyphens, 2 to 80 characters)"


def closest(value: str, candidates: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(value, list(candidates), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(value: str, candidates: Iterable[str]) -> str:
    close = closest(value, candidates)
    return f" (did you mean '{close}'?)" if close is not None else ""


def is_slug(value: str) -> bool:
    return spec.SLUG_MIN <= len(value) <= spec.SLUG_MAX and bool(spec.SLUG_RE.fullmatch(value))


def control_characters(text: str) -> str:
    """Every character of ``text`` that XML 1.0 forbids, named once, in order of code."""
    found = sorted({ord(c) for c in XML_ILLEGAL.findall(text)})
    listed = ", ".join(f"U+{code:04X}" for code in found)
    return f"the control character{'s' if len(found) > 1 else ''} {listed}"


def is_null(node: Node | None) -> bool:
    """A plain empty value (``~``, ``null``, nothing): the field is absent."""
    return isinstance(node, Scalar) and node.plain and node.value in NULLS


@dataclass(frozen=True, slots=True)
class Located:
    """A read value and the node it came from, for positions in later checks."""

    value: Any
    node: Node


def get(fields: dict[str, Located], name: str, default: Any) -> Any:
    located = fields.get(name)
    return default if located is None else located.value


def get_value(fields: dict[str, Located], name: str) -> Any:
    return get(fields, name, None)


# A reader of a whole node (lists, records, text), or of one scalar's stripped text.
NodeReader = Callable[["FileChecker", Node, Field, str], Any]
ScalarReader = Callable[["FileChecker", Scalar, str, Field], Any]


class FileChecker:
    """Reads one file's nodes against the spec, collecting diagnostics."""

    def __init__(self, path: str, out: list[Diagnostic]) -> None:
        self.path = path
        self.out = out
        self.suggestions_left = spec.MAX_SUGGESTIONS

    def guess(self, value: str, candidates: Iterable[str]) -> str | None:
        """closest() for the first MAX_SUGGESTIONS unknown ids of a file: each compares
        with every entry, and a file of thousands of unknown ids would take hours."""
        if self.suggestions_left <= 0:
            return None
        self.suggestions_left -= 1
        return closest(value, candidates)

    def suggest(self, value: str, candidates: Iterable[str]) -> str:
        """did_you_mean, within the same budget as :meth:`guess`."""
        close = self.guess(value, candidates)
        return f" (did you mean '{close}'?)" if close is not None else ""

    def report(self, node: Node | Scalar, rule: Rule, message: str) -> None:
        self.out.append(rule.at(self.path, node.line, node.column, message))

    def record(self, node: Node, record: Record, where: str) -> dict[str, Located] | None:
        if not isinstance(node, Mapping):
            self.report(node, spec.FIELD_TYPE, f"{where} must be a mapping of fields (name: value)")
            return None
        values: dict[str, Located] = {}
        for key, value in node.entries:
            field = record.field(key.value)
            if field is None:
                names = [f.name for f in record.fields]
                self.report(
                    key,
                    spec.UNKNOWN_FIELD,
                    f"unknown field '{key.value}' in {where}{did_you_mean(key.value, names)}",
                )
                continue
            read = self.value(value, field, where)
            if read is not None:
                values[field.name] = Located(read, value)
        for field in record.fields:
            if field.required and field.name not in values and node.get(field.name) is None:
                self.report(
                    node,
                    spec.MISSING_FIELD,
                    f"{where} is missing the required field '{field.name}'",
                )
        return values

    def value(self, node: Node, field: Field, where: str) -> Any:
        """``node`` read as ``field`` says, or None (reported) when it cannot be."""
        limit = field.max_items
        if limit is not None and isinstance(node, Sequence) and len(node.items) > limit:
            self.report(
                node.items[limit],
                spec.OVER_LIMIT,
                f"{field.name} lists {len(node.items):,} items; the limit is "
                f"{limit} per entry (each one multiplies pages and feeds)",
            )
            return None
        if isinstance(node, Scalar) and node.plain and node.value in NULLS:  # is_null, inline
            if field.required:
                self.report(node, spec.MISSING_FIELD, f"{field.name} in {where} must not be empty")
            return None
        node_reader = NODE_READERS.get(field.kind)
        if node_reader is not None:
            return node_reader(self, node, field, where)
        scalar = self.scalar(node, field.name)
        if scalar is None:
            return None
        return SCALAR_READERS[field.kind](self, scalar, scalar.value.strip(), field)

    def scalar(self, node: Node, label: str) -> Scalar | None:
        if isinstance(node, Scalar):
            return node
        shape = "a list" if isinstance(node, Sequence) else "a mapping"
        self.report(node, spec.FIELD_TYPE, f"{label} must be a single value, not {shape}")
        return None

    # --- whole nodes -------------------------------------------------------------------

    def text(self, node: Node, field: Field, where: str = "") -> str | None:
        label = field.name
        scalar = self.scalar(node, label)
        if scalar is None:
            return None
        text = scalar.value.strip()
        if not text:
            if field.required:
                self.report(scalar, spec.MISSING_FIELD, f"{label} must not be empty")
            return None
        ok = self.clean_text(scalar, text, label)
        line_break = _LINE_BREAK.search(text) if field.kind is Kind.LINE else None
        if line_break is not None:
            # A YAML escape ("\r", "\u2028") breaks a line no editor shows.
            char = line_break.group()
            shown = "" if char == "\n" else f" (it holds U+{ord(char):04X}, a line break)"
            self.report(scalar, spec.MULTILINE_TEXT, f"{label} must be one line{shown}")
            ok = False
        if field.max_length is not None and len(text) > field.max_length:
            self.report(
                scalar,
                spec.TEXT_TOO_LONG,
                f"{label} is {len(text)} characters long; the limit is {field.max_length}",
            )
            ok = False
        return text if ok else None

    def clean_text(self, scalar: Scalar, text: str, label: str) -> bool:
        if XML_ILLEGAL.search(text) is None:
            return True
        self.report(scalar, spec.CONTROL_CHARACTER, f"{label} contains {control_characters(text)}")
        return False

    def text_list(self, node: Node, field: Field, where: str) -> list[Located] | None:
        label = field.name
        if not isinstance(node, Sequence):
            self.report(node, spec.FIELD_TYPE, f"{label} must be a list, e.g. [First, Second]")
            return None
        items: list[Located] = []
        seen: set[str] = set()
        line_field = Field(field.name, Kind.LINE, True, "", max_length=field.max_length)
        for item in node.items:
            text = self.text(item, line_field) if isinstance(item, Scalar) else None
            if not isinstance(item, Scalar):
                self.report(item, spec.FIELD_TYPE, f"each item of {label} must be plain text")
            if text is None:
                continue
            if text.casefold() in seen:
                self.report(item, spec.DUPLICATE_ITEM, f"'{text}' is listed twice in {label}")
                continue
            seen.add(text.casefold())
            items.append(Located(text, item))
        return items

    def id_list(self, node: Node, field: Field, where: str) -> list[Located] | None:
        label = field.name
        if not isinstance(node, Sequence):
            example = field.example or "[first-id, second-id]"
            self.report(node, spec.FIELD_TYPE, f"{label} must be a list, e.g. {example}")
            return None
        items: list[Located] = []
        seen: set[str] = set()
        for item in node.items:
            if not isinstance(item, Scalar):
                self.report(item, spec.FIELD_TYPE, f"each item of {label} must be an id")
                continue
            text = item.value.strip()
            if not is_slug(text):
                self.report(item, spec.INVALID_ID, f"'{text}' in {label} {_NOT_AN_ID}")
                continue
            if text in seen:
                self.report(item, spec.DUPLICATE_ITEM, f"'{text}' is listed twice in {label}")
                continue
            seen.add(text)
            items.append(Located(text, item))
        if len(items) < field.min_items and len(node.items) == 0:
            self.report(node, spec.MISSING_FIELD, f"{label} must list at least {field.min_items}")
        return items

    def records(self, node: Node, field: Field, where: str) -> list[Located] | None:
        assert field.record is not None
        if not isinstance(node, Sequence):
            self.report(
                node, spec.FIELD_TYPE, f"{field.name} must be a list (each item starting with '- ')"
            )
            return None
        items = []
        for index, item in enumerate(node.items, start=1):
            read = self.record(item, field.record, f"{field.record.name} {index}")
            if read is not None:
                items.append(Located(read, item))
        return items

    def coordinates(self, node: Node, field: Field, where: str) -> tuple[float, float] | None:
        message = f"{field.name} must be [latitude, longitude] in degrees, e.g. [34.55, 38.27]"
        if not isinstance(node, Sequence) or len(node.items) != 2:
            self.report(node, spec.INVALID_COORDINATES, message)
            return None
        numbers: list[float] = []
        for item in node.items:
            if not isinstance(item, Scalar) or not _NUMBER.match(item.value.strip()):
                self.report(item, spec.INVALID_COORDINATES, message)
                return None
            numbers.append(float(item.value))
        for axis, value, limit, item in zip(
            ("latitude", "longitude"), numbers, (90, 180), node.items, strict=True
        ):
            if not (-limit <= value <= limit) or not math.isfinite(value):
                self.report(
                    item, spec.INVALID_COORDINATES, f"{axis} {value} is outside -{limit}..{limit}"
                )
                return None
        return numbers[0], numbers[1]

    # --- one scalar's text -------------------------------------------------------------

    def read_date(self, scalar: Scalar, text: str, field: Field) -> date | None:
        label = field.name
        if not _DATE.match(text):
            self.report(
                scalar, spec.INVALID_DATE, f"{label} '{text}' is not a date in the form YYYY-MM-DD"
            )
            return None
        try:
            return date.fromisoformat(text)
        except ValueError as exc:
            self.report(scalar, spec.INVALID_DATE, f"{label} '{text}' is not a valid date ({exc})")
            return None

    def read_date_or_datetime(
        self, scalar: Scalar, text: str, field: Field
    ) -> date | datetime | None:
        if _DATE.match(text):
            return self.read_date(scalar, text, field)
        return self.read_datetime(scalar, text, field)

    def read_datetime(self, scalar: Scalar, text: str, field: Field) -> datetime | None:
        label = field.name
        if not _DATETIME.match(text):
            self.report(
                scalar,
                spec.INVALID_DATE,
                f"{label} '{text}' is not a date (YYYY-MM-DD) or a date-time "
                "(YYYY-MM-DDTHH:MM:SS+00:00)",
            )
            return None
        try:
            value = datetime.fromisoformat(text.replace(" ", "T", 1).replace(" ", ""))
        except ValueError as exc:
            self.report(
                scalar, spec.INVALID_DATE, f"{label} '{text}' is not a valid date-time ({exc})"
            )
            return None
        problem = _datetime_problem(value)
        if problem is not None:
            self.report(scalar, spec.INVALID_DATE, f"{label} '{text}' {problem}")
            return None
        return value

    def read_bool(self, scalar: Scalar, text: str, field: Field) -> bool | None:
        if scalar.plain and text in _TRUE:
            return True
        if scalar.plain and text in _FALSE:
            return False
        self.report(scalar, spec.FIELD_TYPE, f"{field.name} must be true or false, not '{text}'")
        return None

    def read_id(self, scalar: Scalar, text: str, field: Field) -> str | None:
        if not is_slug(text):
            self.report(scalar, spec.INVALID_ID, f"{field.name} '{text}' {_NOT_AN_ID}")
            return None
        return text

    def read_url(self, scalar: Scalar, text: str, field: Field) -> str | None:
        try:
            parts = urlsplit(text)
        except ValueError:
            parts = None
        if (
            parts is None
            or parts.scheme not in WEB_SCHEMES
            or not parts.netloc
            or _URL_BREAKER.search(text)
        ):
            self.report(
                scalar,
                spec.INVALID_URL,
                f"{field.name} '{text}' is not an absolute http or https address",
            )
            return None
        return text

    def read_choice(self, scalar: Scalar, text: str, field: Field) -> str | None:
        if text in field.choices:
            return text
        self.report(
            scalar,
            spec.INVALID_KIND,
            f"{field.name} '{text}' is not one of {', '.join(field.choices)}"
            f"{did_you_mean(text, field.choices)}",
        )
        return None

    def read_country(self, scalar: Scalar, text: str, field: Field) -> str | None:
        if text in spec.COUNTRY_CODES:
            return text
        hint = " (use upper case)" if text.upper() in spec.COUNTRY_CODES else ""
        self.report(
            scalar,
            spec.INVALID_COUNTRY,
            f"{field.name} '{text}' is not an ISO 3166-1 alpha-2 country code{hint}",
        )
        return None

    def read_wikidata(self, scalar: Scalar, text: str, field: Field) -> str | None:
        if re.match(spec.WIKIDATA_PATTERN, text):
            return text
        self.report(
            scalar,
            spec.INVALID_WIKIDATA,
            f"{field.name} '{text}' is not a Wikidata id (Q followed by digits)",
        )
        return None


def _datetime_problem(value: datetime) -> str | None:
    """What makes a parsed date-time unusable on a feed's time line, if anything."""
    if value.tzinfo is None:
        return "needs a time-zone offset, e.g. +00:00"
    try:
        value.astimezone(UTC)
    except OverflowError:
        return "falls outside the years 1 to 9999 in UTC"
    return None


NODE_READERS: dict[Kind, NodeReader] = {
    Kind.TEXT: FileChecker.text,
    Kind.LINE: FileChecker.text,
    Kind.TEXT_LIST: FileChecker.text_list,
    Kind.ID_LIST: FileChecker.id_list,
    Kind.SLUG_LIST: FileChecker.id_list,
    Kind.RECORDS: FileChecker.records,
    Kind.COORDINATES: FileChecker.coordinates,
}
SCALAR_READERS: dict[Kind, ScalarReader] = {
    Kind.DATE: FileChecker.read_date,
    Kind.DATE_OR_DATETIME: FileChecker.read_date_or_datetime,
    Kind.BOOL: FileChecker.read_bool,
    Kind.ID: FileChecker.read_id,
    Kind.URL: FileChecker.read_url,
    Kind.CHOICE: FileChecker.read_choice,
    Kind.COUNTRY: FileChecker.read_country,
    Kind.WIKIDATA: FileChecker.read_wikidata,
}
