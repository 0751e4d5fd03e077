"""Validate: loaded nodes → an :class:`Archive`, plus every problem found on the way.

Each check appends to one list and carries on (Pelican's "don't short-circuit"), so
a contributor sees every mistake of every file in one run. An Archive comes back
only when there is no error: later stages never see invalid data.

The rules about one briefing need only that file and the registries
(:func:`check_briefing`); the few that span briefings run once over all the results
(:func:`combine`). So a large archive can be checked on every core
(:mod:`build_tools.parallel`) and still give the answer :func:`validate` gives.
"""

from __future__ import annotations

import bisect
import difflib
import html
import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

from markdown.extensions.fenced_code import FencedBlockPreprocessor

from build_tools import format_spec as spec
from build_tools.confusables import skeleton
from build_tools.diagnostics import Diagnostic, Severity, error, sort_diagnostics, warning
from build_tools.format_spec import Field, Kind, Record
from build_tools.loader import (
    LoadedArchive,
    LoadedFile,
    Mapping,
    Node,
    Scalar,
    Sequence,
    cycle_collection_paused,
    line_col,
)
from build_tools.markdown_parse import inspect as inspect_markdown
from build_tools.mentions import EntityKind, MentionFinder, is_case_sensitive, name_key
from build_tools.model import Actor, Archive, Briefing, Correction, Location, Quote, Source

# Characters XML 1.0 forbids: they would break every feed the archive writes.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_WORD = re.compile(r"\w+")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|[+-]\d{2}(:?\d{2})?)?$"
)
# What breaks a line of text (as str.splitlines sees it) and XML allows in a document.
_LINE_BREAK = re.compile("[\n\r\x85\u2028\u2029]")
# White space (as str.isspace sees it) or a control character: never inside an address.
_URL_BREAKER = re.compile(r"[\s\x00-\x1f]")
_NUMBER = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")
_BRIEFING_PATH = re.compile(r"^(?P<folder>[^/]+)/(?P<date>\d{4}-\d{2}-\d{2})-(?P<slug>[^/]+)\.md$")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"})
_FALSE = frozenset({"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"})


def closest(value: str, candidates: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(value, list(candidates), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(value: str, candidates: Iterable[str]) -> str:
    close = closest(value, candidates)
    return f" (did you mean '{close}'?)" if close is not None else ""


def is_slug(value: str) -> bool:
    return spec.SLUG_MIN <= len(value) <= spec.SLUG_MAX and bool(spec.SLUG_RE.fullmatch(value))


@dataclass(frozen=True, slots=True)
class Located:
    """A read value and the node it came from, for positions in later checks."""

    value: Any
    node: Node


class _FileChecker:
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

    def error(self, node: Node | Scalar, message: str, rule: str) -> None:
        self.out.append(error(self.path, node.line, node.column, message, rule))

    def warn(self, node: Node | Scalar, message: str, rule: str) -> None:
        self.out.append(warning(self.path, node.line, node.column, message, rule))

    def record(self, node: Node, record: Record, where: str) -> dict[str, Located] | None:
        if not isinstance(node, Mapping):
            self.error(node, f"{where} must be a mapping of fields (name: value)", "field-type")
            return None
        values: dict[str, Located] = {}
        for key, value in node.entries:
            field = record.field(key.value)
            if field is None:
                names = [f.name for f in record.fields]
                self.error(
                    key,
                    f"unknown field '{key.value}' in {where}{did_you_mean(key.value, names)}",
                    "unknown-field",
                )
                continue
            read = self.value(value, field, where)
            if read is not None:
                values[field.name] = Located(read, value)
        for field in record.fields:
            if field.required and field.name not in values and node.get(field.name) is None:
                self.error(
                    node, f"{where} is missing the required field '{field.name}'", "missing-field"
                )
        return values

    def value(self, node: Node, field: Field, where: str) -> Any:
        kind = field.kind
        label = field.name
        if (
            field.max_items is not None
            and isinstance(node, Sequence)
            and len(node.items) > field.max_items
        ):
            self.error(
                node.items[field.max_items],
                f"{label} lists {len(node.items):,} items; the limit is {field.max_items} "
                "per entry (each one multiplies pages and feeds)",
                "over-limit",
            )
            return None
        if isinstance(node, Scalar) and node.plain and node.value in _NULLS:
            if field.required:
                self.error(node, f"{label} in {where} must not be empty", "missing-field")
            return None
        if kind in (Kind.TEXT, Kind.LINE):
            return self.text(node, field, label)
        if kind is Kind.TEXT_LIST:
            return self.text_list(node, field, label)
        if kind in (Kind.ID_LIST, Kind.SLUG_LIST):
            return self.id_list(node, field, label)
        if kind is Kind.RECORDS:
            assert field.record is not None
            if not isinstance(node, Sequence):
                self.error(
                    node, f"{label} must be a list (each item starting with '- ')", "field-type"
                )
                return None
            items = []
            for index, item in enumerate(node.items, start=1):
                read = self.record(item, field.record, f"{field.record.name} {index}")
                if read is not None:
                    items.append(Located(read, item))
            return items
        if kind is Kind.COORDINATES:
            return self.coordinates(node, label)
        scalar = self.scalar(node, label)
        if scalar is None:
            return None
        text = scalar.value.strip()
        if kind is Kind.DATE:
            return self.date(scalar, text, label)
        if kind is Kind.DATE_OR_DATETIME:
            if _DATE.match(text):
                return self.date(scalar, text, label)
            return self.datetime(scalar, text, label)
        if kind is Kind.BOOL:
            if scalar.plain and text in _TRUE:
                return True
            if scalar.plain and text in _FALSE:
                return False
            self.error(scalar, f"{label} must be true or false, not '{text}'", "field-type")
            return None
        if kind is Kind.ID:
            if not is_slug(text):
                self.error(
                    scalar,
                    f"{label} '{text}' is not a valid id (lowercase letters, "
                    "digits and single hyphens, 2 to 80 characters)",
                    "invalid-id",
                )
                return None
            return text
        if kind is Kind.URL:
            return self.url(scalar, text, label)
        if kind is Kind.CHOICE:
            if text not in field.choices:
                self.error(
                    scalar,
                    f"{label} '{text}' is not one of {', '.join(field.choices)}"
                    f"{did_you_mean(text, field.choices)}",
                    "invalid-kind",
                )
                return None
            return text
        if kind is Kind.COUNTRY:
            if text not in spec.COUNTRY_CODES:
                hint = " (use upper case)" if text.upper() in spec.COUNTRY_CODES else ""
                self.error(
                    scalar,
                    f"{label} '{text}' is not an ISO 3166-1 alpha-2 country code{hint}",
                    "invalid-country",
                )
                return None
            return text
        if kind is Kind.WIKIDATA:
            if not re.match(spec.WIKIDATA_PATTERN, text):
                self.error(
                    scalar,
                    f"{label} '{text}' is not a Wikidata id (Q followed by digits)",
                    "invalid-wikidata",
                )
                return None
            return text
        raise AssertionError(kind)  # pragma: no cover - every Kind is handled above

    def scalar(self, node: Node, label: str) -> Scalar | None:
        if isinstance(node, Scalar):
            return node
        shape = "a list" if isinstance(node, Sequence) else "a mapping"
        self.error(node, f"{label} must be a single value, not {shape}", "field-type")
        return None

    def text(self, node: Node, field: Field, label: str) -> str | None:
        scalar = self.scalar(node, label)
        if scalar is None:
            return None
        text = scalar.value.strip()
        if not text:
            if field.required:
                self.error(scalar, f"{label} must not be empty", "missing-field")
            return None
        ok = self.clean_text(scalar, text, label)
        line_break = _LINE_BREAK.search(text) if field.kind is Kind.LINE else None
        if line_break is not None:
            # A YAML escape ("\r", "\u2028") breaks a line no editor shows.
            char = line_break.group()
            shown = "" if char == "\n" else f" (it holds U+{ord(char):04X}, a line break)"
            self.error(scalar, f"{label} must be one line{shown}", "multiline-text")
            ok = False
        if field.max_length is not None and len(text) > field.max_length:
            self.error(
                scalar,
                f"{label} is {len(text)} characters long; the limit is {field.max_length}",
                "text-too-long",
            )
            ok = False
        return text if ok else None

    def clean_text(self, scalar: Scalar, text: str, label: str) -> bool:
        if XML_ILLEGAL.search(text) is None:
            return True
        self.error(scalar, f"{label} contains {control_characters(text)}", "control-character")
        return False

    def text_list(self, node: Node, field: Field, label: str) -> list[Located] | None:
        if not isinstance(node, Sequence):
            self.error(node, f"{label} must be a list, e.g. [First, Second]", "field-type")
            return None
        items: list[Located] = []
        seen: set[str] = set()
        line_field = Field(field.name, Kind.LINE, True, "", max_length=field.max_length)
        for item in node.items:
            text = self.text(item, line_field, label) if isinstance(item, Scalar) else None
            if not isinstance(item, Scalar):
                self.error(item, f"each item of {label} must be plain text", "field-type")
            if text is None:
                continue
            if text.casefold() in seen:
                self.error(item, f"'{text}' is listed twice in {label}", "duplicate-item")
                continue
            seen.add(text.casefold())
            items.append(Located(text, item))
        return items

    def id_list(self, node: Node, field: Field, label: str) -> list[Located] | None:
        if not isinstance(node, Sequence):
            example = field.example or "[first-id, second-id]"
            self.error(node, f"{label} must be a list, e.g. {example}", "field-type")
            return None
        items: list[Located] = []
        seen: set[str] = set()
        for item in node.items:
            if not isinstance(item, Scalar):
                self.error(item, f"each item of {label} must be an id", "field-type")
                continue
            text = item.value.strip()
            if not is_slug(text):
                self.error(
                    item,
                    f"'{text}' in {label} is not a valid id (lowercase letters, "
                    "digits and single hyphens, 2 to 80 characters)",
                    "invalid-id",
                )
                continue
            if text in seen:
                self.error(item, f"'{text}' is listed twice in {label}", "duplicate-item")
                continue
            seen.add(text)
            items.append(Located(text, item))
        if len(items) < field.min_items and len(node.items) == 0:
            self.error(node, f"{label} must list at least {field.min_items}", "missing-field")
        return items

    def date(self, scalar: Scalar, text: str, label: str) -> date | None:
        if not _DATE.match(text):
            self.error(
                scalar, f"{label} '{text}' is not a date in the form YYYY-MM-DD", "invalid-date"
            )
            return None
        try:
            return date.fromisoformat(text)
        except ValueError as exc:
            self.error(scalar, f"{label} '{text}' is not a valid date ({exc})", "invalid-date")
            return None

    def datetime(self, scalar: Scalar, text: str, label: str) -> datetime | None:
        if not _DATETIME.match(text):
            self.error(
                scalar,
                f"{label} '{text}' is not a date (YYYY-MM-DD) or a date-time "
                "(YYYY-MM-DDTHH:MM:SS+00:00)",
                "invalid-date",
            )
            return None
        try:
            value = datetime.fromisoformat(text.replace(" ", "T", 1).replace(" ", ""))
        except ValueError as exc:
            self.error(scalar, f"{label} '{text}' is not a valid date-time ({exc})", "invalid-date")
            return None
        if value.tzinfo is None:
            self.error(
                scalar, f"{label} '{text}' needs a time-zone offset, e.g. +00:00", "invalid-date"
            )
            return None
        try:
            value.astimezone(UTC)
        except OverflowError:
            self.error(
                scalar,
                f"{label} '{text}' falls outside the years 1 to 9999 in UTC",
                "invalid-date",
            )
            return None
        return value

    def url(self, scalar: Scalar, text: str, label: str) -> str | None:
        try:
            parts = urlsplit(text)
        except ValueError:
            parts = None
        if (
            parts is None
            or parts.scheme not in spec.URL_SCHEMES
            or not parts.netloc
            or _URL_BREAKER.search(text)
        ):
            self.error(
                scalar, f"{label} '{text}' is not an absolute http or https address", "invalid-url"
            )
            return None
        return text

    def coordinates(self, node: Node, label: str) -> tuple[float, float] | None:
        message = f"{label} must be [latitude, longitude] in degrees, e.g. [34.55, 38.27]"
        if not isinstance(node, Sequence) or len(node.items) != 2:
            self.error(node, message, "invalid-coordinates")
            return None
        numbers: list[float] = []
        for item in node.items:
            if not isinstance(item, Scalar) or not _NUMBER.match(item.value.strip()):
                self.error(item, message, "invalid-coordinates")
                return None
            numbers.append(float(item.value))
        latitude, longitude = numbers
        if not (-90 <= latitude <= 90) or not math.isfinite(latitude):
            self.error(
                node.items[0], f"latitude {latitude} is outside -90..90", "invalid-coordinates"
            )
            return None
        if not (-180 <= longitude <= 180) or not math.isfinite(longitude):
            self.error(
                node.items[1], f"longitude {longitude} is outside -180..180", "invalid-coordinates"
            )
            return None
        return latitude, longitude


# --- registries -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Entry:
    id: str
    key: Scalar
    node: Node
    fields: dict[str, Located]


def _read_registry(
    file: LoadedFile, record: Record, out: list[Diagnostic]
) -> dict[str, _Entry] | None:
    """The registry's entries, or None when it could not be read as a registry at all:
    its one diagnostic is then the answer, not an unknown id in every briefing."""
    out.extend(file.diagnostics)
    checker = _FileChecker(file.path, out)
    document = file.document
    if document is None:
        if not file.diagnostics:
            checker.error(
                Scalar("", True, 1, 1),
                f"{file.kind}.yml is empty; it must map each {record.name} id to its record "
                "(write {} for a registry with no entries yet)",
                "field-type",
            )
        return None
    if not isinstance(document, Mapping):
        checker.error(
            document, f"{file.kind}.yml must be a mapping from id to {record.name}", "field-type"
        )
        return None
    entries: dict[str, _Entry] = {}
    for key, value in document.entries:
        if not is_slug(key.value):
            checker.error(
                key,
                f"'{key.value}' is not a valid {record.name} id (lowercase "
                "letters, digits and single hyphens, 2 to 80 characters)",
                "invalid-id",
            )
            continue
        fields = checker.record(value, record, f"{record.name} '{key.value}'")
        if fields is not None:
            entries[key.value] = _Entry(key.value, key, value, fields)
    return entries


def _check_references(
    checker: _FileChecker,
    entries: dict[str, _Entry],
    link: str,
    rule_unknown: str,
    rule_cycle: str,
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
            checker.error(
                target.node,
                f"unknown {noun} '{target.value}' in '{link}'"
                f"{checker.suggest(target.value, entries)}",
                rule_unknown,
            )
    order = {key: number for number, key in enumerate(entries)}
    depth: dict[str, int] = {}  # links from an entry up to the top of its chain
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
            first = min(loop, key=order.__getitem__)
            turn = loop.index(first)
            loop = loop[turn:] + loop[:turn]
            in_loop.update(loop)
            shown = loop if len(loop) <= 8 else [*loop[:4], f"… ({len(loop)} entries) …"]
            checker.error(
                entries[first].fields[link].node,
                f"'{link}' goes round in a circle: {' → '.join([*shown, first])}",
                rule_cycle,
            )
        above = 0 if current is None or current in on_path else depth[current] + 1
        for key in reversed(path):
            if key in in_loop:
                depth[key] = 0
                continue
            depth[key] = above
            above += 1
    too_deep = [key for key in entries if depth.get(key, 0) > spec.MAX_CHAIN]
    if too_deep:
        key = min(too_deep, key=order.__getitem__)
        checker.error(
            entries[key].fields[link].node,
            f"the '{link}' chain above {noun} '{key}' is {depth[key]} steps long; "
            f"the limit is {spec.MAX_CHAIN}",
            "over-limit",
        )


def ambiguous(alias: str) -> bool:
    """A single letter or digit, or a common word matched in any case: every briefing
    would seem to name its entry."""
    words = _WORD.findall(alias)
    if len(words) != 1:
        return False
    word = words[0]
    return len(word) == 1 or (not is_case_sensitive(alias) and word.casefold() in spec.COMMON_WORDS)


def _check_aliases(checker: _FileChecker, entries: dict[str, _Entry], noun: str) -> None:
    for entry in entries.values():
        for located in entry.fields["aliases"].value if "aliases" in entry.fields else []:
            if ambiguous(located.value):
                checker.error(
                    located.node,
                    f"alias '{located.value}' is a single letter or a common word: every "
                    f"text would seem to name {noun} '{entry.id}'; use a longer name",
                    "ambiguous-alias",
                )
    owners: dict[str, str] = {}
    for entry in entries.values():
        names: list[Located] = []
        if "name" in entry.fields:
            names.append(entry.fields["name"])
        names.extend(entry.fields["aliases"].value if "aliases" in entry.fields else [])
        mine: set[str] = set()
        for located in names:
            key = name_key(located.value)
            if not key or key in mine:
                continue
            mine.add(key)
            owner = owners.get(key)
            if owner is not None and owner != entry.id:
                checker.error(
                    located.node,
                    f"'{located.value}' is already a name or alias of "
                    f"{noun} '{owner}'; each name must point to one {noun}",
                    "alias-collision",
                )
            else:
                owners[key] = entry.id


def _check_confusables(checker: _FileChecker, entries: dict[str, _Entry], noun: str) -> None:
    """A name that looks like another entry's name but is written with other characters
    (Greek Ι for Latin I, an invisible joiner) impersonates it: warn, by TR39 skeleton.
    Linear: one skeleton per name, looked up in a dict."""
    owners: dict[str, tuple[str, str]] = {}  # skeleton → (entry id, the name)
    for entry in entries.values():
        names: list[Located] = []
        if "name" in entry.fields:
            names.append(entry.fields["name"])
        names.extend(entry.fields["aliases"].value if "aliases" in entry.fields else [])
        for located in names:
            value: str = located.value
            key = skeleton(value)
            owner = owners.setdefault(key, (entry.id, value))
            owner_id, other = owner
            if owner_id == entry.id or name_key(other) == name_key(value):
                continue  # its own name, or an alias-collision already
            odd = [c for c in dict.fromkeys(value) if c not in other][:3]
            shown = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'unnamed')}" for c in odd)
            checker.warn(
                located.node,
                f"'{value}' looks like '{other}' ({noun} '{owner_id}') but is written with "
                f"other characters ({shown}); a reader cannot tell them apart",
                "confusable-name",
            )


def _build_actors(entries: dict[str, _Entry]) -> dict[str, Actor]:
    return {
        e.id: Actor(
            id=e.id,
            name=e.fields["name"].value,
            kind=e.fields["kind"].value,
            aliases=tuple(a.value for a in _get(e.fields, "aliases", [])),
            description=_get_value(e.fields, "description"),
            affiliation=_get_value(e.fields, "affiliation"),
            wikidata=_get_value(e.fields, "wikidata"),
        )
        for e in entries.values()
        if "name" in e.fields and "kind" in e.fields
    }


def _build_locations(entries: dict[str, _Entry]) -> dict[str, Location]:
    return {
        e.id: Location(
            id=e.id,
            name=e.fields["name"].value,
            kind=e.fields["kind"].value,
            country=_get_value(e.fields, "country"),
            coordinates=_get_value(e.fields, "coordinates"),
            within=_get_value(e.fields, "within"),
            aliases=tuple(a.value for a in _get(e.fields, "aliases", [])),
            wikidata=_get_value(e.fields, "wikidata"),
        )
        for e in entries.values()
        if "name" in e.fields and "kind" in e.fields
    }


def _get(fields: dict[str, Located], name: str, default: Any) -> Any:
    located = fields.get(name)
    return default if located is None else located.value


def _get_value(fields: dict[str, Located], name: str) -> Any:
    return _get(fields, name, None)


# --- briefings --------------------------------------------------------------------------

# Python-Markdown's own fence pattern (the renderer uses its fenced_code extension): a
# fence it would not recognise, such as one never closed, is text it renders, so it must
# not be masked here. Masking errs towards checking too much, never too little.
_FENCED = FencedBlockPreprocessor.FENCED_BLOCK_RE
# Inline code lives inside one paragraph (in a quote, a bare '>' line ends one too); an
# escaped backtick opens nothing.
_INLINE_CODE = re.compile(r"(?<![\\`])(`+)(?!`)(?:(?!\n[ \t>]*\n).)+?(?<!`)\1(?!`)", re.S)
_LIST_ITEM = re.compile(r" {0,3}(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)")


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group())


def _mask_indented_code(markdown: str) -> str:
    """Blank indented code blocks, but not indented paragraphs that continue a list item."""
    if (
        "\n    " not in markdown
        and "\n\t" not in markdown
        and not markdown.startswith(("    ", "\t"))
    ):
        return markdown  # no line is indented enough to be code
    lines = markdown.split("\n")
    in_list = in_code = False
    after_blank = True
    for number, line in enumerate(lines):
        if not line.strip():
            after_blank = True
            continue
        if line.startswith(("    ", "\t")):
            if in_code or (after_blank and not in_list):
                in_code = True
                lines[number] = " " * len(line)
        else:
            in_code = False
            if _LIST_ITEM.match(line):
                in_list = True
            elif after_blank:
                in_list = False
        after_blank = False
    return "\n".join(lines)


def mask_code(markdown: str) -> str:
    """Blank out code (keeping offsets and line breaks): code is shown, never interpreted."""
    # Most bodies hold no code, yet each pattern would step through every character.
    if "```" in markdown or "~~~" in markdown:
        markdown = _FENCED.sub(_blank, markdown)
    markdown = _mask_indented_code(markdown)
    return _INLINE_CODE.sub(_blank, markdown) if "`" in markdown else markdown


_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")


def link_scheme(destination: str) -> str | None:
    """The scheme a browser would see, after entities and hidden characters are removed."""
    cleaned = _INVISIBLE.sub("", html.unescape(html.unescape(destination)))
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


def _position(file: LoadedFile, offset: int) -> tuple[int, int]:
    line, column = line_col(file.body, offset)
    return file.body_line + line - 1, column


def control_characters(text: str) -> str:
    """Every character of ``text`` that XML 1.0 forbids, named once, in order of code."""
    found = sorted({ord(c) for c in XML_ILLEGAL.findall(text)})
    listed = ", ".join(f"U+{code:04X}" for code in found)
    return f"the control character{'s' if len(found) > 1 else ''} {listed}"


class _BodyPositions:
    """Offsets in a body → the file's line and column, by bisecting the line starts
    (found once): a body with thousands of problems is not rescanned for each."""

    def __init__(self, file: LoadedFile) -> None:
        self.first_line = file.body_line
        self.starts = [0, *(m.end() for m in re.finditer("\n", file.body))]

    def __call__(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.starts, offset) - 1
        return self.first_line + index, offset - self.starts[index] + 1


_HEADING_LINE = re.compile(r"^ {0,3}#", re.M)
# The container markers opening a line: quote '>', list '-', '+', '*', '1.' or '1)'.
_NESTING = re.compile(r"^(?:[ \t]*(?:>|[-+*](?=[ \t])|\d{1,9}[.)](?=[ \t])))+", re.M)
_MARKER = re.compile(r">|[-+*](?=[ \t])|\d{1,9}[.)](?=[ \t])")


def _over_limits(file: LoadedFile, at: _BodyPositions) -> list[Diagnostic]:
    """The body's per-file limits (format_spec.MAX_BODY_*), each counted in one pass.

    Checked before anything parses the body: beyond them Python-Markdown takes
    minutes, or recurses until it fails."""
    body = file.body
    found: list[Diagnostic] = []

    def refuse(offset: int, message: str) -> None:
        line, column = at(offset)
        found.append(error(file.path, line, column, message, "over-limit"))

    if len(body) > spec.MAX_BODY_CHARACTERS:
        refuse(
            spec.MAX_BODY_CHARACTERS,
            f"the body is {len(body):,} characters long; the limit is "
            f"{spec.MAX_BODY_CHARACTERS:,} per briefing",
        )

    for char, limit, what in (
        ("[", spec.MAX_BODY_BRACKETS, "'[' characters (links and footnotes)"),
        ("`", spec.MAX_BODY_BACKTICKS, "backticks"),
        ("<", spec.MAX_BODY_ANGLE_BRACKETS, "'<' characters"),
    ):
        count = body.count(char)
        if count > limit:
            offset = -1
            for _ in range(limit + 1):
                offset = body.find(char, offset + 1)
            refuse(offset, f"the body has {count:,} {what}; the limit is {limit:,} per briefing")
    if "#" in body:
        headings = [m.start() for m in _HEADING_LINE.finditer(body)]
        if len(headings) > spec.MAX_BODY_HEADINGS:
            refuse(
                headings[spec.MAX_BODY_HEADINGS],
                f"the body has {len(headings):,} heading lines; the limit is "
                f"{spec.MAX_BODY_HEADINGS} per briefing",
            )
    if "\n" in body or len(body) > spec.MAX_BODY_NESTING:
        for match in _NESTING.finditer(body):
            if match.end() - match.start() <= spec.MAX_BODY_NESTING:
                continue  # each marker takes at least one character
            depth = len(_MARKER.findall(body, match.start(), match.end() + 1))
            if depth > spec.MAX_BODY_NESTING:
                refuse(
                    match.start(),
                    f"this line opens {depth} nested lists or quotes; the limit is "
                    f"{spec.MAX_BODY_NESTING}",
                )
                break
    return found


def _check_control_characters(file: LoadedFile, at: _BodyPositions, out: list[Diagnostic]) -> None:
    reported_lines: set[int] = set()
    for bad in XML_ILLEGAL.finditer(file.body):
        line, column = at(bad.start())
        if line in reported_lines:
            continue
        reported_lines.add(line)
        line_end = file.body.find("\n", bad.start())
        rest_of_line = file.body[bad.start() : None if line_end < 0 else line_end]
        out.append(
            error(
                file.path,
                line,
                column,
                f"the body contains {control_characters(rest_of_line)} on this line",
                "control-character",
            )
        )


class _Tags(HTMLParser):
    """Every tag, comment and declaration in a piece of raw HTML, with its offset."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text = text
        self.line_starts = [0, *(m.end() for m in re.finditer("\n", text))]
        self.found: list[tuple[int, str, list[tuple[str, str | None]]]] = []
        self.feed(text)
        self.close()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _raw(self, offset: int) -> str:
        end = self.text.find(">", offset)
        return self.text[offset : None if end < 0 else end + 1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        offset = self._offset()
        self.found.append((offset, self.get_starttag_text() or self._raw(offset), attrs))

    def handle_endtag(self, tag: str) -> None:
        offset = self._offset()
        self.found.append((offset, self._raw(offset), []))

    def handle_comment(self, data: str) -> None:
        self.found.append((self._offset(), "<!-- -->", []))

    def handle_decl(self, decl: str) -> None:
        offset = self._offset()
        self.found.append((offset, self._raw(offset), []))

    def unknown_decl(self, data: str) -> None:
        self.handle_decl(data)

    def handle_pi(self, data: str) -> None:
        self.handle_decl(data)


_TAG_NAME = re.compile(r"<(/?)\s*([^\s/>]+)")
# "<svg:script>" is a tag to a browser, "<javascript:alert(1)>" an address.
_TAG_LIKE = re.compile(r"</?[A-Za-z][\w:.-]*>")
_ABBR_WITH_TITLE = re.compile(r'<abbr\s+title="[^"<>]*"\s*/?>', re.I)


def _allowed_tag(raw: str, attrs: list[tuple[str, str | None]]) -> bool:
    match = _TAG_NAME.match(raw)
    if match is None:
        return False
    name = match.group(2).lower()
    if name not in spec.BODY_HTML_TAGS:
        return False
    return not attrs or (name == "abbr" and _ABBR_WITH_TITLE.fullmatch(raw) is not None)


def _check_markup(file: LoadedFile, at: _BodyPositions, out: list[Diagnostic]) -> None:
    """Raw HTML and link addresses as the renderer's own parse sees them
    (:mod:`build_tools.markdown_parse`): what it treats as code is never HTML, and
    every raw tag it would pass on to the sanitiser is reported here instead."""
    body = file.body
    if _plainly_safe(body):
        return
    try:
        inspected = inspect_markdown(body)
    except RecursionError:
        out.append(
            error(
                file.path,
                file.body_line,
                1,
                "the body nests lists or quotes too deeply to be read; the limit is "
                f"{spec.MAX_BODY_NESTING} levels",
                "over-limit",
            )
        )
        return

    def report(offset: int, message: str, rule: str) -> None:
        line, column = at(offset)
        out.append(error(file.path, line, column, message, rule))

    cursors = {False: 0, True: 0}  # block pieces and inline pieces each come in order
    for piece in inspected.raw_html:
        cursor = cursors[piece.inline]
        probe = piece.text.split("\n", 1)[0]
        where = _find_raw(body, probe, cursor)
        if where < 0:
            where = _find_raw(body, probe, 0)
        if where >= 0:
            cursors[piece.inline] = where + 1
        autolink = _AUTOLINK.fullmatch(piece.text)
        if autolink is not None and _TAG_LIKE.fullmatch(piece.text) is None:
            scheme = link_scheme(autolink.group(1))
            if scheme is not None and scheme not in _SAFE_SCHEMES:
                report(max(where, 0) + 1, _unsafe_link_message(scheme), "unsafe-link")
                continue
        for offset, raw, attrs in _Tags(piece.text).found:
            if _allowed_tag(raw, attrs):
                continue
            start = where + offset if where >= 0 else max(body.find(raw), 0)
            name = _TAG_NAME.match(raw)
            shown = raw if name is None or raw.startswith("<!") else f"<{name[1]}{name[2]}>"
            report(
                start,
                f"raw HTML {shown} is not allowed in a briefing; write Markdown (allowed "
                f"tags, without attributes: {', '.join(spec.BODY_HTML_TAGS)}; abbr may "
                "have a title)",
                "raw-html",
            )
    for addresses in (inspected.links, inspected.definitions):
        cursor = 0
        for address in addresses:
            scheme = link_scheme(address)
            if scheme is None or scheme in _SAFE_SCHEMES:
                continue
            where = body.find(address, cursor)
            if where < 0:
                where = max(body.find(address), 0)
            cursor = where + 1
            report(where, _unsafe_link_message(scheme), "unsafe-link")


# What a link's destination starts with when it is plainly http(s), mailto or relative.
_PLAIN_DESTINATION = re.compile(r"(?:https?://|mailto:|[#/?.]|[\w.~%-]+(?:[/)#?]|$))", re.I)
_DESTINATION_START = re.compile(r"\]\(|\]:")


def _plainly_safe(body: str) -> bool:
    """True when the parse could find nothing to report, so it need not run: no '<'
    (all raw HTML and autolinks start with one), no entity or escape to disguise a
    scheme, and every link or definition destination plainly http(s), mailto or
    relative. Conservative: anything else is parsed, and the parse decides."""
    if "<" in body or "&" in body or "\\" in body:
        return False
    for match in _DESTINATION_START.finditer(body):
        rest = body[match.end() : match.end() + 40].lstrip(" \t\n")
        if not _PLAIN_DESTINATION.match(rest):
            return False
    return True


def _find_raw(body: str, probe: str, start: int) -> int:
    """Where raw HTML ``probe`` is in ``body`` from ``start``: not where the same text
    is a link's address in angle brackets (``[a](<…>)``), which the parse did not
    take as HTML."""
    where = body.find(probe, start)
    while where >= 0 and body[max(0, where - 40) : where].rstrip(" \t").endswith("]("):
        where = body.find(probe, where + 1)
    return where


def _unsafe_link_message(scheme: str) -> str:
    return (
        f"link with scheme '{scheme}:' is not allowed; use http, https or mailto, "
        "or a relative link"
    )


def _check_body(file: LoadedFile, out: list[Diagnostic]) -> bool:
    """Every rule about the body; False when it is beyond a limit and was not read."""
    at = _BodyPositions(file)
    _check_control_characters(file, at, out)
    over = _over_limits(file, at)
    if over:
        out.extend(over)
        return False
    _check_markup(file, at, out)
    return True


@dataclass(frozen=True, slots=True)
class _BriefingRead:
    file: LoadedFile
    fields: dict[str, Located]
    id: str | None
    masked_body: str | None  # code blanked out; None when the body was over a limit


def _read_briefing(file: LoadedFile, out: list[Diagnostic]) -> _BriefingRead | None:
    out.extend(file.diagnostics)
    if file.refused:
        return None
    checker = _FileChecker(file.path, out)
    match = _BRIEFING_PATH.match(file.relative)
    briefing_id: str | None = None
    file_date: date | None = None
    suffix = file.relative[-3:]
    if suffix.lower() == ".md" and suffix != ".md":
        checker.error(
            Scalar("", True, 1, 1),
            f"a briefing's file name ends in '.md' (lower case), not '{suffix}': "
            "rename it, or it is never published",
            "file-name",
        )
    elif match is None or not is_slug(match.group("slug")):
        checker.error(
            Scalar("", True, 1, 1),
            "a briefing must live at "
            "briefings/YYYY/YYYY-MM-DD-SLUG.md (SLUG: lowercase letters, digits and "
            "single hyphens)",
            "file-name",
        )
    else:
        try:
            file_date = date.fromisoformat(match.group("date"))
        except ValueError:
            checker.error(
                Scalar("", True, 1, 1),
                f"the file name's date '{match.group('date')}' is not a real date",
                "file-name",
            )
        else:
            briefing_id = f"{match.group('date')}-{match.group('slug')}"
            if match.group("folder") != f"{file_date.year:04d}":
                checker.error(
                    Scalar("", True, 1, 1),
                    f"a briefing dated {file_date.year} "
                    f"belongs in the folder '{file_date.year}/', not "
                    f"'{match.group('folder')}/'",
                    "date-mismatch",
                )
    # The body is checked even when the front matter is broken: one mistake must not
    # hide another.
    # Over a limit, the body is not read further: no mention is looked for either.
    masked = mask_code(file.body) if _check_body(file, out) else None
    if file.document is None:
        if not file.diagnostics:
            checker.error(Scalar("", True, 2, 1), "the front matter is empty", "missing-field")
        return None
    fields = checker.record(file.document, spec.BRIEFING, "the front matter")
    if fields is None:
        return None
    located_date = fields.get("date")
    if located_date is not None and file_date is not None and located_date.value != file_date:
        checker.error(
            located_date.node,
            f"date {located_date.value} does not match the date in the file name ({file_date})",
            "date-mismatch",
        )
    updated = fields.get("updated")
    if updated is not None and located_date is not None:
        value = updated.value
        day = value.date() if isinstance(value, datetime) else value
        if day < located_date.value:
            checker.error(
                updated.node,
                f"updated ({value}) is before the briefing's date ({located_date.value})",
                "updated-before-date",
            )
    _check_sources(checker, file.document, fields)
    if not _get_value(fields, "draft"):
        _check_placeholders(file, fields, masked, checker)
    return _BriefingRead(file, fields, briefing_id, masked)


def _check_sources(checker: _FileChecker, document: Node, fields: dict[str, Located]) -> None:
    """A briefing nobody can check against its sources is worth a warning (an error
    under ``--strict``), but not a broken build: a draft may not have them yet."""
    node = document.get("sources") if isinstance(document, Mapping) else None
    read = fields.get("sources")
    if read is not None and read.value:
        return
    is_null = isinstance(node, Scalar) and node.plain and node.value in _NULLS
    if node is not None and read is None and not is_null:
        return  # present but unreadable: already an error of its own
    checker.warn(
        node if node is not None else document,
        "the briefing cites no sources; add 'sources:' with at least the outlet's "
        "name (and its headline, date and url where there is one)",
        "missing-sources",
    )


def _check_placeholders(
    file: LoadedFile, fields: dict[str, Located], masked: str | None, checker: _FileChecker
) -> None:
    """What `briefings new` wrote for the contributor to replace must not be published.

    A scaffold is a draft, so it validates; once ``draft: true`` goes, its stand-in
    summary, source and body would reach the site unless the validator stops them."""
    summary = fields.get("summary")
    if summary is not None and summary.value == spec.SCAFFOLD_SUMMARY:
        checker.error(summary.node, _placeholder("summary"), "placeholder-text")
    for number, source in enumerate(_get(fields, "sources", []), start=1):
        name = source.value.get("name")
        if name is not None and name.value == spec.SCAFFOLD_SOURCE_NAME:
            checker.error(
                name.node, _placeholder(f"the name of source {number}"), "placeholder-text"
            )
    start = -1 if masked is None else masked.find(spec.SCAFFOLD_BODY)  # None: over a limit
    if start >= 0:
        line, column = _position(file, start)
        checker.error(Scalar("", True, line, column), _placeholder("the body"), "placeholder-text")


def _placeholder(what: str) -> str:
    return (
        f"{what} is still the placeholder from 'briefings new'; write the real text, "
        "or keep 'draft: true' until it is ready"
    )


def _check_briefing_refs(
    read: _BriefingRead,
    actors: Iterable[str] | None,
    locations: Iterable[str] | None,
    out: list[Diagnostic],
) -> set[tuple[EntityKind, str]]:
    """Report ids the registries lack (None: a registry that could not be read); return
    the entries that listed ids were mistaken for.

    A mistyped id also leaves its entry unlisted, so a body naming that entry would be
    told to list it: the caller keeps quiet about those, the one error says it all."""
    checker = _FileChecker(read.file.path, out)
    meant: set[tuple[EntityKind, str]] = set()

    def check(items: list[Located], known: Iterable[str] | None, noun: EntityKind) -> None:
        if known is None:  # the registry is unreadable, and says so itself
            return
        for located in items:
            if located.value not in known:
                guess = checker.guess(located.value, known)
                hint = f" (did you mean '{guess}'?)" if guess is not None else ""
                checker.error(
                    located.node, f"unknown {noun} '{located.value}'{hint}", f"unknown-{noun}"
                )
                if guess is not None:
                    meant.add((noun, guess))

    check(_get(read.fields, "actors", []), actors, "actor")
    check(_get(read.fields, "locations", []), locations, "location")
    listed_meant = set(meant)
    for quote in _get(read.fields, "quotes", []):
        speaker = quote.value.get("speaker")
        if speaker is not None:
            check([speaker], actors, "actor")
    return listed_meant


def _check_mentions(
    read: _BriefingRead,
    finder: MentionFinder,
    actors: dict[str, Actor],
    locations: dict[str, Location],
    out: list[Diagnostic],
    meant: set[tuple[EntityKind, str]],
) -> None:
    masked_body = read.masked_body
    assert masked_body is not None, "only a body within the limits is searched"
    checker = _FileChecker(read.file.path, out)
    listed: dict[tuple[EntityKind, str], Located] = {}
    for located in _get(read.fields, "actors", []):
        listed[("actor", located.value)] = located
    for located in _get(read.fields, "locations", []):
        listed[("location", located.value)] = located
    seen: dict[tuple[EntityKind, str], tuple[int, int]] = {}
    for mention in finder.find(masked_body):
        seen.setdefault((mention.kind, mention.id), (mention.start, mention.end))
    for (kind, entity_id), located in listed.items():
        registry: dict[str, Any] = actors if kind == "actor" else locations
        entity = registry.get(entity_id)
        if entity is not None and (kind, entity_id) not in seen:
            names = ", ".join(f"'{n}'" for n in entity.names)
            checker.warn(
                located.node,
                f"{kind} '{entity_id}' is listed but the body never names "
                f"it (as {names}); name it in the text or remove it",
                "unmentioned-entity",
            )
    # A span that names a listed entity is accounted for, whatever else it names too.
    claimed = {span for key, span in seen.items() if key in listed}
    for (kind, entity_id), (start, end) in seen.items():
        if (kind, entity_id) in listed or (start, end) in claimed or (kind, entity_id) in meant:
            continue
        line, column = _position(read.file, start)
        registry = actors if kind == "actor" else locations
        name = registry[entity_id].name
        written = masked_body[start:end]
        shown = name if written == name else f"{name} as '{written}'"
        out.append(
            warning(
                read.file.path,
                line,
                column,
                f"the body names {shown} ({kind} '{entity_id}') but the briefing does "
                f"not list it; add '{entity_id}' to {kind}s",
                "unlisted-mention",
            )
        )


def _build_briefing(read: _BriefingRead) -> Briefing:
    f = read.fields
    assert read.id is not None
    return Briefing(
        id=read.id,
        path=read.file.path,
        date=f["date"].value,
        title=f["title"].value,
        summary=f["summary"].value,
        actors=tuple(a.value for a in f["actors"].value),
        body=read.file.body,
        locations=tuple(a.value for a in _get(f, "locations", [])),
        tags=tuple(a.value for a in _get(f, "tags", [])),
        quotes=tuple(
            Quote(
                speaker=q.value["speaker"].value,
                text=q.value["text"].value,
                context=_get_value(q.value, "context"),
                date=_get_value(q.value, "date"),
                source=_get_value(q.value, "source"),
            )
            for q in _get(f, "quotes", [])
        ),
        sources=tuple(
            Source(
                name=s.value["name"].value,
                title=_get_value(s.value, "title"),
                date=_get_value(s.value, "date"),
                url=_get_value(s.value, "url"),
            )
            for s in _get(f, "sources", [])
        ),
        updated=_get_value(f, "updated"),
        corrections=tuple(
            sorted(
                (
                    Correction(date=c.value["date"].value, note=c.value["note"].value)
                    for c in _get(f, "corrections", [])
                ),
                key=lambda c: c.date,
            )
        ),
        draft=bool(_get_value(f, "draft")),
        body_line=read.file.body_line,
    )


def _used_by(read: _BriefingRead) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The actors (listed or quoted) and locations a briefing uses."""
    used_actors = [a.value for a in _get(read.fields, "actors", [])]
    for quote in _get(read.fields, "quotes", []):
        speaker = quote.value.get("speaker")
        if speaker is not None:
            used_actors.append(speaker.value)
    used_locations = [a.value for a in _get(read.fields, "locations", [])]
    return tuple(used_actors), tuple(used_locations)


def _close_over(used: set[str], parent: Callable[[str], str | None]) -> set[str]:
    """``used`` and everything above it: an affiliation or a ``within`` is used too."""
    pending = list(used)
    while pending:
        above = parent(pending.pop())
        if above is not None and above not in used:
            used.add(above)
            pending.append(above)
    return used


@dataclass(frozen=True, slots=True)
class Registries:
    """The registries as every briefing is checked against them.

    Read once per run; a parallel run's worker processes inherit it as it is.
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


@dataclass(frozen=True, slots=True)
class BriefingResult:
    """What checking one briefing tells the rest of the run."""

    diagnostics: tuple[Diagnostic, ...]
    used_actors: tuple[str, ...]
    used_locations: tuple[str, ...]
    # Only when asked for, and only for a briefing without an error.
    briefing: Briefing | None


def validate(loaded: LoadedArchive) -> tuple[Archive | None, list[Diagnostic]]:
    """Check everything; return the Archive only if nothing is in error."""
    with cycle_collection_paused():
        registries = read_registries(loaded.actors, loaded.locations)
        results = [check_briefing(file, registries) for file in loaded.briefings]
        return combine(registries, results, complete=loaded.complete)


def read_registries(actors_file: LoadedFile, locations_file: LoadedFile) -> Registries:
    """Check both registries and index their names, for checking briefings against them."""
    out: list[Diagnostic] = []
    read_actors = _read_registry(actors_file, spec.ACTOR, out)
    read_locations = _read_registry(locations_file, spec.LOCATION, out)
    actor_entries = read_actors or {}
    location_entries = read_locations or {}

    actor_checker = _FileChecker(actors_file.path, out)
    _check_references(
        actor_checker, actor_entries, "affiliation", "unknown-actor", "affiliation-cycle", "actor"
    )
    _check_aliases(actor_checker, actor_entries, "actor")
    _check_confusables(actor_checker, actor_entries, "actor")
    location_checker = _FileChecker(locations_file.path, out)
    _check_references(
        location_checker, location_entries, "within", "unknown-location", "within-cycle", "location"
    )
    _check_aliases(location_checker, location_entries, "location")
    _check_confusables(location_checker, location_entries, "location")
    for entry in location_entries.values():
        kind = entry.fields.get("kind")
        if kind is not None and kind.value != "country":
            node = kind.node
            if isinstance(entry.node, Mapping) and entry.node.get("country") is None:
                location_checker.error(
                    node,
                    f"location '{entry.id}' of kind '{kind.value}' "
                    "needs a 'country' (ISO code such as SY)",
                    "missing-country",
                )

    actors = _build_actors(actor_entries)
    locations = _build_locations(location_entries)
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


def check_briefing(
    file: LoadedFile, registries: Registries, *, build: bool = True
) -> BriefingResult:
    """Every rule about one briefing, against the registries; ``build`` also makes the
    :class:`Briefing` when the file has no error."""
    out: list[Diagnostic] = []
    read = _read_briefing(file, out)
    if read is None:
        return BriefingResult(tuple(out), (), (), None)
    meant = _check_briefing_refs(
        read,
        registries.actor_ids if registries.actors_readable else None,
        registries.location_ids if registries.locations_readable else None,
        out,
    )
    if read.masked_body is not None:
        _check_mentions(
            read, registries.finder, registries.actors, registries.locations, out, meant
        )
    used_actors, used_locations = _used_by(read)
    briefing = None
    if build and read.id is not None and all(d.severity is not Severity.ERROR for d in out):
        briefing = _build_briefing(read)
    return BriefingResult(tuple(out), used_actors, used_locations, briefing)


def combine(
    registries: Registries,
    results: Iterable[BriefingResult],
    *,
    complete: bool,
    build: bool = True,
) -> tuple[Archive | None, list[Diagnostic]]:
    """The checks that span briefings, then the run's answer: every diagnostic, sorted,
    and the Archive when nothing is in error (and ``build`` asked for it).

    ``complete``: the results are of every briefing of the archive, so a registry entry
    none of them uses is worth a warning.
    """
    out = list(registries.diagnostics)
    used_actors: set[str] = set()
    used_locations: set[str] = set()
    briefings: list[Briefing] = []
    for result in results:
        out.extend(result.diagnostics)
        used_actors.update(result.used_actors)
        used_locations.update(result.used_locations)
        if result.briefing is not None:
            briefings.append(result.briefing)
    if complete:
        actors, locations = registries.actors, registries.locations
        _close_over(used_actors, lambda i: actors[i].affiliation if i in actors else None)
        _close_over(used_locations, lambda i: locations[i].within if i in locations else None)
        for noun, ids, used, path in (
            ("actor", registries.actor_ids, used_actors, registries.actors_path),
            ("location", registries.location_ids, used_locations, registries.locations_path),
        ):
            checker = _FileChecker(path, out)
            for entry_id, key in ids.items():
                if entry_id not in used:
                    checker.warn(
                        key, f"{noun} '{entry_id}' is not used by any briefing", "unused-entry"
                    )

    diagnostics = sort_diagnostics(out)
    if not build or any(d.severity is Severity.ERROR for d in diagnostics):
        return None, diagnostics
    briefings.sort(key=lambda b: (b.date, b.id))
    return Archive(
        actors=registries.actors, locations=registries.locations, briefings=tuple(briefings)
    ), diagnostics
