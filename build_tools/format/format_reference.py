"""The contributor format reference (docs/contributing/format.md), made from format_spec.

The page is generated from the records the validator walks, so the reference cannot
promise a field or a limit the validator does not enforce, nor miss one it does. A
test compares the committed page with a fresh one.
"""

from __future__ import annotations

from build_tools.format import format_spec as spec
from build_tools.format.format_spec import (
    MAX_BRIEFING_BYTES,
    MAX_REGISTRY_BYTES,
    Field,
    Kind,
    Record,
)
from build_tools.format.safety import BODY_HTML_TAGS, LINK_SCHEMES, WEB_SCHEMES

REFERENCE_PATH = "docs/contributing/format.md"
REGENERATE = f".venv/bin/briefings format-reference {REFERENCE_PATH}"

_REGISTRY_FILE = {"actor": "actors.yml", "location": "locations.yml"}


def _limit(field: Field) -> str:
    return f", up to {field.max_length} characters" if field.max_length is not None else ""


def _most(field: Field) -> str:
    return f", at most {field.max_items}" if field.max_items is not None else ""


def describe_value(field: Field) -> str:  # noqa: C901 - one flat branch per Kind, in its order
    """What a field holds, in the words a contributor needs."""
    kind = field.kind
    if kind is Kind.TEXT:
        return f"plain text{_limit(field)}"
    if kind is Kind.LINE:
        return f"plain text on one line{_limit(field)}"
    if kind is Kind.DATE:
        return "date `YYYY-MM-DD`"
    if kind is Kind.DATE_OR_DATETIME:
        return "date `YYYY-MM-DD`, or date-time with offset `YYYY-MM-DDTHH:MM:SS+00:00`"
    if kind is Kind.BOOL:
        return "`true` or `false`"
    if kind is Kind.ID:
        assert field.refers_to is not None
        return f"{field.refers_to} id from `{_REGISTRY_FILE[field.refers_to]}`"
    if kind is Kind.ID_LIST:
        assert field.refers_to is not None
        least = f", at least {field.min_items}" if field.min_items else ""
        return (
            f"list of {field.refers_to} ids from `{_REGISTRY_FILE[field.refers_to]}`"
            f"{least}{_most(field)}, no repeats"
        )
    if kind is Kind.SLUG_LIST:
        return f"list of slugs (see [ids and slugs](#ids-and-slugs)){_most(field)}, no repeats"
    if kind is Kind.TEXT_LIST:
        return f"list of plain-text names{_most(field)}, one line each{_limit(field)}, no repeats"
    if kind is Kind.URL:
        return f"absolute {' or '.join(f'`{s}://`' for s in WEB_SCHEMES)} address"
    if kind is Kind.CHOICE:
        return "one of " + ", ".join(f"`{c}`" for c in field.choices)
    if kind is Kind.COUNTRY:
        return "ISO 3166-1 alpha-2 country code, upper case"
    if kind is Kind.COORDINATES:
        return "`[latitude, longitude]` in degrees, −90..90 and −180..180"
    if kind is Kind.WIKIDATA:
        return "Wikidata id: `Q` followed by digits"
    if kind is Kind.RECORDS:
        assert field.record is not None
        return f"list of [{field.record.name}](#{field.record.name}) records{_most(field)}"
    raise AssertionError(kind)  # pragma: no cover - every Kind is handled above


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def field_table(record: Record) -> str:
    rows = [
        "| field | required | value | what it is for | example |",
        "|---|---|---|---|---|",
    ]
    for f in record.fields:
        example = f"`{f.example}`" if f.example else ""
        rows.append(
            f"| `{f.name}` | {'yes' if f.required else 'no'} | {_cell(describe_value(f))} "
            f"| {_cell(f.description)} | {_cell(example)} |"
        )
    return "\n".join(rows)


def rule_table() -> str:
    rows = ["| rule | severity | what it catches |", "|---|---|---|"]
    for rule in spec.RULES:
        severity = (
            "warning (an error under `--strict`)" if rule.severity == "warning" else rule.severity
        )
        rows.append(f"| [`{rule.id}`](rules.md#{rule.id}) | {severity} | {_cell(rule.summary)} |")
    return "\n".join(rows)


def _section(level: str, record: Record, intro: str) -> list[str]:
    return [f"{level} {record.name.capitalize()}", "", intro, "", field_table(record), ""]


def format_reference() -> str:
    """The whole format reference page, as Markdown.

    Long because it is the page's text in reading order: cut into sections, the page
    could no longer be read, or its changes reviewed, from top to bottom in one place.
    """
    tags = ", ".join(f"`<{t}>`" for t in BODY_HTML_TAGS)
    schemes = ", ".join(f"`{s}`" for s in LINK_SCHEMES)
    lines = [
        "# Format reference",
        "",
        f"<!-- Generated from build_tools/format/format_spec.py by `{REGENERATE}`. "
        "Do not edit by hand: change format_spec.py and regenerate. -->",
        "",
        "Every field a briefing or a registry entry may have, with its limits. This page is",
        "generated from the same definitions `briefings validate` checks against, and so",
        "are the [JSON Schemas](#editor-support): the three cannot disagree.",
        "",
        "## Files",
        "",
        "- A briefing lives at `briefings/YYYY/YYYY-MM-DD-SLUG.md`; its id is",
        "  `YYYY-MM-DD-SLUG`. The folder year and the file-name date must agree with its",
        "  `date` field.",
        "- The actors and locations it refers to are described once, in",
        "  `briefings/actors.yml` and `briefings/locations.yml`.",
        "- Files are UTF-8 text (a byte-order mark is tolerated), with LF or CRLF line ends.",
        "- Only real files are read: a symbolic link, in `briefings/` or as a registry, is",
        "  refused without being followed. A briefing's file name ends in `.md`, lower case.",
        "",
        "### Ids and slugs",
        "",
        "A briefing's SLUG, every actor and location id, and every tag are slugs: lowercase",
        "ASCII letters, digits and single hyphens, starting and ending with a letter or digit,",
        f"{spec.SLUG_MIN} to {spec.SLUG_MAX} characters (`{spec.SLUG_PATTERN}`). For example",
        "`al-tanf`, `islamic-state`, `border-crossings`.",
        "",
        "### Plain text",
        "",
        "Titles, summaries, quotes, contexts, names and notes are plain text: they are",
        "shown exactly as written, never read as Markdown or HTML, and may not contain",
        "control characters. Surrounding spaces are ignored.",
        "",
        "## Briefing",
        "",
        "YAML front matter between two `---` lines, then the body in Markdown.",
        "",
        field_table(spec.BRIEFING),
        "",
        "The body is Markdown in the archive's own words. Raw HTML is not accepted, except",
        f"these tags without attributes: {tags} (`<abbr>` may have a `title`). Links must",
        f"be {schemes} or relative.",
        "",
        *_section("###", spec.QUOTE, "Each item of `quotes`. " + spec.QUOTE.description),
        *_section("###", spec.SOURCE, "Each item of `sources`. " + spec.SOURCE.description),
        *_section(
            "###", spec.CORRECTION, "Each item of `corrections`. " + spec.CORRECTION.description
        ),
        "### Limits",
        "",
        "Besides the lengths and counts in the tables, one briefing's body is refused",
        "beyond any of these (each far above what a briefing needs; Markdown's reading",
        "time grows with the square of some of them):",
        "",
        "| what | limit |",
        "|---|---|",
        f"| file size | {MAX_BRIEFING_BYTES:,} bytes (a registry: {MAX_REGISTRY_BYTES:,}) |",
        f"| characters in the body | {spec.MAX_BODY_CHARACTERS:,} |",
        f"| `[` characters in the body | {spec.MAX_BODY_BRACKETS:,} |",
        f"| backticks in the body | {spec.MAX_BODY_BACKTICKS:,} |",
        f"| `<` characters in the body | {spec.MAX_BODY_ANGLE_BRACKETS:,} |",
        f"| heading lines in the body | {spec.MAX_BODY_HEADINGS:,} |",
        f"| lists and quotes opened on one line | {spec.MAX_BODY_NESTING} |",
        f"| steps of a `within` or `affiliation` chain | {spec.MAX_CHAIN} |",
        "",
        "A briefing or entry beyond a limit is reported with the rule `over-limit`, naming",
        "the limit.",
        "",
        "## Registries",
        "",
        "Each registry is a mapping from id to record. The same key twice is an error, and",
        "a name or alias may belong to one entry only. An entry no briefing uses is",
        "reported, so the registries stay tidy. An alias may not be a single letter or a",
        "common word (`ambiguous-alias`), and a name that looks like another entry's but is",
        "written with other characters is reported (`confusable-name`). An empty registry",
        "is an error: write `{}` for one with no entries yet.",
        "",
        *_section("###", spec.ACTOR, "An entry of `briefings/actors.yml`, under its id."),
        *_section(
            "###",
            spec.LOCATION,
            "An entry of `briefings/locations.yml`, under its id. `country` is required for "
            "every kind except `country`.",
        ),
        "## Validation rules",
        "",
        "`briefings validate` reports every problem it finds as",
        "`PATH:LINE:COLUMN: error|warning: MESSAGE [rule]`. Each rule has an example and",
        "the fix on [the rules page](rules.md).",
        "",
        rule_table(),
        "",
        "## Editor support",
        "",
        "JSON Schemas generated from these definitions let an editor with YAML support",
        "(for example VS Code with the YAML extension) complete field names and flag",
        "mistakes as you type. The registries already point to theirs on their first line.",
        "",
        "- [briefing.schema.json](../schemas/briefing.schema.json): a briefing's front matter",
        "- [actors.schema.json](../schemas/actors.schema.json): `briefings/actors.yml`",
        "- [locations.schema.json](../schemas/locations.schema.json): `briefings/locations.yml`",
        "",
        "The schemas check each file on its own; whether an id exists, dates agree with",
        "the file name, or the body names what the briefing lists is for",
        "`briefings validate`.",
        "",
    ]
    return "\n".join(lines)
