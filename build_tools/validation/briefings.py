"""Briefing checks: one briefing file → its fields and body read, or why they cannot be.

The rules about one briefing need only that file and the registries; the body is
checked even when the front matter is broken (one mistake must not hide another).
:func:`check_briefing` is all of them, run once per file, on whichever process the
front door (:mod:`.archive`) gives it to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from build_tools.format import format_spec as spec
from build_tools.format.diagnostics import Diagnostic, Severity
from build_tools.format.model import Briefing, Correction, Quote, Source
from build_tools.loading.loader import LoadedFile, Mapping, Node, Scalar
from build_tools.validation.body_safety import check_control_characters, check_markup, mask_code
from build_tools.validation.cross_references import check_briefing_refs, check_mentions, used_by
from build_tools.validation.fields import FileChecker, Located, get, get_value, is_null, is_slug
from build_tools.validation.limits import BodyPositions, over_limits
from build_tools.validation.registries import Registries

_BRIEFING_PATH = re.compile(r"^(?P<folder>[^/]+)/(?P<date>\d{4}-\d{2}-\d{2})-(?P<slug>[^/]+)\.md$")
_FILE_START = Scalar("", True, 1, 1)


@dataclass(frozen=True, slots=True)
class BriefingRead:
    """A briefing file with its front matter read."""

    file: LoadedFile
    fields: dict[str, Located]
    id: str | None
    masked_body: str | None  # code blanked out; None when the body was over a limit


@dataclass(frozen=True, slots=True)
class BriefingResult:
    """What checking one briefing tells the rest of the run."""

    diagnostics: tuple[Diagnostic, ...]
    used_actors: tuple[str, ...]
    used_locations: tuple[str, ...]
    # Only when asked for, and only for a briefing without an error.
    briefing: Briefing | None


def check_briefing(
    file: LoadedFile, registries: Registries, *, build: bool = True
) -> BriefingResult:
    """Every rule about one briefing, against the registries; ``build`` also makes the
    :class:`Briefing` when the file has no error."""
    out: list[Diagnostic] = []
    read = read_briefing(file, out)
    if read is None:
        return BriefingResult(tuple(out), (), (), None)
    meant = check_briefing_refs(
        read,
        registries.actor_ids if registries.actors_readable else None,
        registries.location_ids if registries.locations_readable else None,
        out,
    )
    if read.masked_body is not None:
        check_mentions(read, registries.finder, registries.actors, registries.locations, out, meant)
    used_actors, used_locations = used_by(read)
    briefing = None
    if build and read.id is not None and all(d.severity is not Severity.ERROR for d in out):
        briefing = build_briefing(read)
    return BriefingResult(tuple(out), used_actors, used_locations, briefing)


def read_briefing(file: LoadedFile, out: list[Diagnostic]) -> BriefingRead | None:
    out.extend(file.diagnostics)
    if file.refused:
        return None
    checker = FileChecker(file.path, out)
    briefing_id, file_date = _check_file_name(checker, file.relative)
    # The body is checked even when the front matter is broken: one mistake must not
    # hide another. Over a limit, the body is not read further: no mention is looked
    # for either.
    masked = mask_code(file.body) if _check_body(file, out) else None
    if file.document is None:
        if not file.diagnostics:
            checker.report(Scalar("", True, 2, 1), spec.MISSING_FIELD, "the front matter is empty")
        return None
    fields = checker.record(file.document, spec.BRIEFING, "the front matter")
    if fields is None:
        return None
    _check_dates(checker, fields, file_date)
    _check_sources(checker, file.document, fields)
    if not get_value(fields, "draft"):
        _check_placeholders(file, fields, masked, checker)
    return BriefingRead(file, fields, briefing_id, masked)


def _check_file_name(checker: FileChecker, relative: str) -> tuple[str | None, date | None]:
    """The briefing's id and date, as its path gives them (None where it cannot)."""
    suffix = relative[-3:]
    if suffix.lower() == ".md" and suffix != ".md":
        checker.report(
            _FILE_START,
            spec.FILE_NAME,
            f"a briefing's file name ends in '.md' (lower case), not '{suffix}': "
            "rename it, or it is never published",
        )
        return None, None
    match = _BRIEFING_PATH.match(relative)
    if match is None or not is_slug(match.group("slug")):
        checker.report(
            _FILE_START,
            spec.FILE_NAME,
            "a briefing must live at "
            "briefings/YYYY/YYYY-MM-DD-SLUG.md (SLUG: lowercase letters, digits and "
            "single hyphens)",
        )
        return None, None
    try:
        file_date = date.fromisoformat(match.group("date"))
    except ValueError:
        checker.report(
            _FILE_START,
            spec.FILE_NAME,
            f"the file name's date '{match.group('date')}' is not a real date",
        )
        return None, None
    if match.group("folder") != f"{file_date.year:04d}":
        checker.report(
            _FILE_START,
            spec.DATE_MISMATCH,
            f"a briefing dated {file_date.year} belongs in the folder '{file_date.year}/', "
            f"not '{match.group('folder')}/'",
        )
    return f"{match.group('date')}-{match.group('slug')}", file_date


def _check_body(file: LoadedFile, out: list[Diagnostic]) -> bool:
    """Every rule about the body; False when it is beyond a limit and was not read."""
    at = BodyPositions(file)
    check_control_characters(file, at, out)
    over = over_limits(file, at)
    if over:
        out.extend(over)
        return False
    check_markup(file, at, out)
    return True


def _check_dates(checker: FileChecker, fields: dict[str, Located], file_date: date | None) -> None:
    located_date = fields.get("date")
    if located_date is not None and file_date is not None and located_date.value != file_date:
        checker.report(
            located_date.node,
            spec.DATE_MISMATCH,
            f"date {located_date.value} does not match the date in the file name ({file_date})",
        )
    updated = fields.get("updated")
    if updated is not None and located_date is not None:
        value = updated.value
        day = value.date() if isinstance(value, datetime) else value
        if day < located_date.value:
            checker.report(
                updated.node,
                spec.UPDATED_BEFORE_DATE,
                f"updated ({value}) is before the briefing's date ({located_date.value})",
            )


def _check_sources(checker: FileChecker, document: Node, fields: dict[str, Located]) -> None:
    """A briefing nobody can check against its sources is worth a warning (an error
    under ``--strict``), but not a broken build: a draft may not have them yet."""
    node = document.get("sources") if isinstance(document, Mapping) else None
    read = fields.get("sources")
    if read is not None and read.value:
        return
    if node is not None and read is None and not is_null(node):
        return  # present but unreadable: already an error of its own
    checker.report(
        node if node is not None else document,
        spec.MISSING_SOURCES,
        "the briefing cites no sources; add 'sources:' with at least the outlet's "
        "name (and its headline, date and url where there is one)",
    )


def _check_placeholders(
    file: LoadedFile, fields: dict[str, Located], masked: str | None, checker: FileChecker
) -> None:
    """What `briefings new` wrote for the contributor to replace must not be published.

    A scaffold is a draft, so it validates; once ``draft: true`` goes, its stand-in
    summary, source and body would reach the site unless the validator stops them."""
    summary = fields.get("summary")
    if summary is not None and summary.value == spec.SCAFFOLD_SUMMARY:
        checker.report(summary.node, spec.PLACEHOLDER_TEXT, _placeholder("summary"))
    for number, source in enumerate(get(fields, "sources", []), start=1):
        name = source.value.get("name")
        if name is not None and name.value == spec.SCAFFOLD_SOURCE_NAME:
            checker.report(
                name.node, spec.PLACEHOLDER_TEXT, _placeholder(f"the name of source {number}")
            )
    start = -1 if masked is None else masked.find(spec.SCAFFOLD_BODY)  # None: over a limit
    if start >= 0:
        line, column = BodyPositions(file)(start)
        checker.report(
            Scalar("", True, line, column), spec.PLACEHOLDER_TEXT, _placeholder("the body")
        )


def _placeholder(what: str) -> str:
    return (
        f"{what} is still the placeholder from 'briefings new'; write the real text, "
        "or keep 'draft: true' until it is ready"
    )


def build_briefing(read: BriefingRead) -> Briefing:
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
        locations=tuple(a.value for a in get(f, "locations", [])),
        tags=tuple(a.value for a in get(f, "tags", [])),
        quotes=tuple(_quote(q.value) for q in get(f, "quotes", [])),
        sources=tuple(_source(s.value) for s in get(f, "sources", [])),
        updated=get_value(f, "updated"),
        corrections=tuple(
            sorted(
                (
                    Correction(date=c.value["date"].value, note=c.value["note"].value)
                    for c in get(f, "corrections", [])
                ),
                key=lambda c: c.date,
            )
        ),
        draft=bool(get_value(f, "draft")),
        body_line=read.file.body_line,
    )


def _quote(fields: dict[str, Located]) -> Quote:
    return Quote(
        speaker=fields["speaker"].value,
        text=fields["text"].value,
        context=get_value(fields, "context"),
        date=get_value(fields, "date"),
        source=get_value(fields, "source"),
    )


def _source(fields: dict[str, Located]) -> Source:
    return Source(
        name=fields["name"].value,
        title=get_value(fields, "title"),
        date=get_value(fields, "date"),
        url=get_value(fields, "url"),
    )
