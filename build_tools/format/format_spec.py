"""The briefing format as data: every field of FORMAT.md, once.

The validator walks these records; the JSON Schemas and the format reference in the
docs are generated from them. One definition means the three cannot drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from build_tools.format.diagnostics import Diagnostic, Severity, error, warning

MAX_BRIEFING_BYTES = 1 << 20  # 1 MiB: a briefing is a few KB; anything near this is a mistake
MAX_REGISTRY_BYTES = 32 << 20  # registries grow with the archive


class Kind(StrEnum):
    """How a field's YAML value is read."""

    TEXT = "text"  # plain text, may span lines
    LINE = "line"  # plain text, one line
    DATE = "date"  # YYYY-MM-DD
    DATE_OR_DATETIME = "date-or-datetime"  # YYYY-MM-DD or ISO date-time with an offset
    BOOL = "bool"
    ID = "id"  # a slug naming a registry entry
    ID_LIST = "id-list"
    SLUG_LIST = "slug-list"
    TEXT_LIST = "text-list"
    URL = "url"
    CHOICE = "choice"
    COUNTRY = "country"
    COORDINATES = "coordinates"
    WIKIDATA = "wikidata"
    RECORDS = "records"  # a list of mappings, each read with ``record``


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    kind: Kind
    required: bool
    description: str
    max_length: int | None = None
    choices: tuple[str, ...] = ()
    refers_to: str | None = None  # "actor" or "location" for ids
    record: Record | None = None
    min_items: int = 0
    example: str = ""
    max_items: int | None = None  # a per-file limit: what one file may multiply


@dataclass(frozen=True, slots=True)
class Record:
    name: str
    description: str
    fields: tuple[Field, ...] = field(default=())

    def field(self, name: str) -> Field | None:
        for f in self.fields:
            if f.name == name:
                return f
        return None


SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SLUG_RE = re.compile(SLUG_PATTERN)
SLUG_MIN, SLUG_MAX = 2, 80
WIKIDATA_PATTERN = r"^Q[1-9][0-9]*$"
COUNTRY_PATTERN = r"^[A-Z]{2}$"

ACTOR_KINDS = (
    "person",
    "state",
    "government",
    "military",
    "armed-group",
    "organization",
    "media",
    "other",
)
LOCATION_KINDS = ("country", "region", "city", "town", "border-crossing", "site", "other")

QUOTE = Record(
    "quote",
    "A verbatim quote, attributed to an actor.",
    (
        Field(
            "speaker",
            Kind.ID,
            True,
            "Actor id of who said or wrote it.",
            refers_to="actor",
            example="christopher-kozack",
        ),
        Field("text", Kind.TEXT, True, "The words, verbatim. Plain text.", max_length=4000),
        Field(
            "context",
            Kind.TEXT,
            False,
            "Where and how it was said. Plain text.",
            max_length=400,
            example="Analysis for the Institute for the Study of War",
        ),
        Field("date", Kind.DATE, False, "When it was said, YYYY-MM-DD.", example="2015-05-21"),
        Field(
            "source",
            Kind.LINE,
            False,
            "Outlet or publication it appeared in. Plain text.",
            max_length=200,
            example="Dabiq",
        ),
    ),
)

SOURCE = Record(
    "source",
    "Where the briefing's facts come from.",
    (
        Field(
            "name",
            Kind.LINE,
            True,
            "Name of the outlet or body. Plain text.",
            max_length=200,
            example="Channel 4 News",
        ),
        Field(
            "title",
            Kind.LINE,
            False,
            "Headline of the article or title of the document. Plain text, one line.",
            max_length=300,
            example="Islamic State captures last Syria-Iraq border post",
        ),
        Field(
            "date",
            Kind.DATE,
            False,
            "When it was published, YYYY-MM-DD.",
            example="2015-05-22",
        ),
        Field(
            "url",
            Kind.URL,
            False,
            "Absolute http or https address of the article or document.",
            example="https://www.example.org/news/2015/05/22/border-post",
        ),
    ),
)

CORRECTION = Record(
    "correction",
    "A public record of what was corrected, and when.",
    (
        Field("date", Kind.DATE, True, "When the correction was made, YYYY-MM-DD."),
        Field(
            "note", Kind.TEXT, True, "What was wrong and what changed. Plain text.", max_length=1000
        ),
    ),
)

BRIEFING = Record(
    "briefing",
    "A briefing's YAML front matter.",
    (
        Field("title", Kind.LINE, True, "Headline. Plain text, one line.", max_length=200),
        Field(
            "date",
            Kind.DATE,
            True,
            "Date of the events, YYYY-MM-DD; equals the file name's.",
            example="2015-05-22",
        ),
        Field(
            "summary",
            Kind.TEXT,
            True,
            "One or two sentences for lists, feeds and the page description. Plain text.",
            max_length=400,
        ),
        Field(
            "actors",
            Kind.ID_LIST,
            True,
            "Actor ids from actors.yml, at least one, no repeats.",
            refers_to="actor",
            min_items=1,
            example="[islamic-state, syrian-army]",
            max_items=50,
        ),
        Field(
            "locations",
            Kind.ID_LIST,
            False,
            "Location ids from locations.yml, no repeats.",
            refers_to="location",
            example="[al-tanf, palmyra]",
            max_items=50,
        ),
        Field(
            "tags",
            Kind.SLUG_LIST,
            False,
            "Topic slugs, no repeats.",
            example="[border-crossings]",
            max_items=20,
        ),
        Field(
            "quotes",
            Kind.RECORDS,
            False,
            "Verbatim, attributed quotes.",
            record=QUOTE,
            max_items=50,
        ),
        Field(
            "sources",
            Kind.RECORDS,
            False,
            "Where the facts come from.",
            record=SOURCE,
            max_items=50,
        ),
        Field(
            "updated",
            Kind.DATE_OR_DATETIME,
            False,
            "Last substantive update: a date, or a date-time with offset; not before `date`.",
            example="2015-05-23T09:30:00+00:00",
        ),
        Field(
            "corrections",
            Kind.RECORDS,
            False,
            "Public record of corrections.",
            record=CORRECTION,
            max_items=50,
        ),
        Field(
            "draft", Kind.BOOL, False, "A draft is validated but never published.", example="true"
        ),
    ),
)

ACTOR = Record(
    "actor",
    "An entry of actors.yml, under its id.",
    (
        Field(
            "name",
            Kind.LINE,
            True,
            "Name as the archive writes it. Plain text.",
            max_length=200,
            example="Islamic State",
        ),
        Field(
            "kind",
            Kind.CHOICE,
            True,
            "What sort of actor.",
            choices=ACTOR_KINDS,
            example="armed-group",
        ),
        Field(
            "aliases",
            Kind.TEXT_LIST,
            False,
            "Other names, unique across all actors. Plain text.",
            max_length=200,
            example="[IS, ISIS, ISIL, Daesh]",
            max_items=50,
        ),
        Field(
            "description", Kind.TEXT, False, "One or two sentences. Plain text.", max_length=1000
        ),
        Field(
            "affiliation",
            Kind.ID,
            False,
            "Another actor's id (no cycles).",
            refers_to="actor",
            example="institute-for-the-study-of-war",
        ),
        Field(
            "wikidata",
            Kind.WIKIDATA,
            False,
            "Wikidata id: Q followed by digits.",
            example="Q2429253",
        ),
    ),
)

LOCATION = Record(
    "location",
    "An entry of locations.yml, under its id.",
    (
        Field(
            "name",
            Kind.LINE,
            True,
            "Name as the archive writes it. Plain text.",
            max_length=200,
            example="Palmyra",
        ),
        Field(
            "kind", Kind.CHOICE, True, "What sort of place.", choices=LOCATION_KINDS, example="city"
        ),
        Field(
            "country",
            Kind.COUNTRY,
            False,
            "ISO 3166-1 alpha-2 code, upper case; required unless kind is country.",
            example="SY",
        ),
        Field(
            "coordinates",
            Kind.COORDINATES,
            False,
            "[latitude, longitude]; expected for places below region.",
            example="[34.55, 38.27]",
        ),
        Field(
            "within",
            Kind.ID,
            False,
            "Another location's id (no cycles).",
            refers_to="location",
            example="syria",
        ),
        Field(
            "aliases",
            Kind.TEXT_LIST,
            False,
            "Other names, unique across all locations. Plain text.",
            max_length=200,
            example="[Tadmur, تدمر]",
            max_items=50,
        ),
        Field("wikidata", Kind.WIKIDATA, False, "Wikidata id: Q followed by digits."),
    ),
)

# Per-file limits on what makes a body costly to read: Python-Markdown's time grows
# with the square (or worse) of unclosed brackets, backtick runs and heading lines,
# and it recurses once per level of nested lists and quotes. Far above what any
# briefing needs; a file beyond one is refused (over-limit) before it is parsed.
MAX_BODY_CHARACTERS = 50_000  # about 8,000 words: a long briefing is a tenth of it
MAX_BODY_BRACKETS = 500  # '[' characters: links, footnotes
MAX_BODY_BACKTICKS = 2000  # '`' characters: code spans and fences
MAX_BODY_HEADINGS = 200  # lines starting with '#'
MAX_BODY_ANGLE_BRACKETS = 1000  # '<' characters: raw HTML and autolinks
MAX_BODY_NESTING = 16  # list and quote markers opening one line ('> - 1. …')
# A `within` or `affiliation` chain longer than this is refused (over-limit): pages and
# feeds walk it for every entry.
MAX_CHAIN = 32
# Unknown ids in one file that get a "did you mean" (each compares with every entry).
MAX_SUGGESTIONS = 20

# What `briefings new` writes for the contributor to replace. A briefing that is not a
# draft must hold none of it: the validator reports each piece still there.
SCAFFOLD_SUMMARY = "One or two sentences for lists and feeds."
SCAFFOLD_SOURCE_NAME = "Name of the outlet the facts come from"
SCAFFOLD_BODY = "Write the briefing here, in the archive's own words"

# ISO 3166-1 alpha-2: the officially assigned codes.
COUNTRY_CODES = frozenset(
    """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO
    BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ
    DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP
    GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG
    KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML
    MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE
    PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL
    SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM
    US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
    """.split()
)


# Words so common that, as an alias matched in any case, every briefing would "name"
# the entry: refused (ambiguous-alias), as is a single letter or digit. An all-capital
# short alias (IS, US) is matched in its exact case, so it is not one of these words.
COMMON_WORDS = frozenset(
    """
    a about after all also an and any are as at be been before but by can could did do
    does for from had has have he her here him his how i if in into is it its just may
    me more most my new no not now of off on one only or other our out over said say
    says she so some than that the their them then there these they this those through
    to too two under up us was we were what when where which while who will with would
    yet you your
    """.split()
)


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule the validator (or the loader) reports by, with the severity it has."""

    id: str
    severity: Severity
    summary: str

    def at(self, path: str, line: int, column: int, message: str) -> Diagnostic:
        """This rule broken at ``path:line:column``, as a diagnostic of its severity."""
        make = error if self.severity is Severity.ERROR else warning
        return make(path, line, column, message, self.id)


# Every rule id the validator can report, each with its one severity: diagnostics are
# made from these (Rule.at), never from an id written elsewhere. Tests check that each
# is documented and that each has a failing fixture.
FILE_MISSING = Rule(
    "file-missing", Severity.ERROR, "A registry file or a named file cannot be read."
)
FILE_TOO_LARGE = Rule("file-too-large", Severity.ERROR, "A file is larger than the loader accepts.")
FILE_ENCODING = Rule("file-encoding", Severity.ERROR, "A file is not UTF-8 text.")
FILE_SYMLINK = Rule(
    "file-symlink", Severity.ERROR, "A symbolic link where a briefing or a registry belongs."
)
FILE_NAME = Rule(
    "file-name", Severity.ERROR, "A briefing is not at briefings/YYYY/YYYY-MM-DD-SLUG.md."
)
FRONT_MATTER = Rule(
    "front-matter", Severity.ERROR, "A briefing does not start with a closed '---' front matter."
)
YAML_SYNTAX = Rule("yaml-syntax", Severity.ERROR, "YAML that cannot be parsed.")
YAML_DUPLICATE_KEY = Rule(
    "yaml-duplicate-key", Severity.ERROR, "The same key twice in one mapping."
)
YAML_ANCHOR = Rule("yaml-anchor", Severity.ERROR, "A YAML anchor (&name) or alias (*name).")
YAML_TAG = Rule("yaml-tag", Severity.ERROR, "A YAML tag such as !!python/object.")
YAML_TOO_DEEP = Rule("yaml-too-deep", Severity.ERROR, "YAML nested deeper than any field needs.")
CONTROL_CHARACTER = Rule(
    "control-character",
    Severity.ERROR,
    "A character XML 1.0 forbids, in text or YAML, or a hidden line break in YAML.",
)
FIELD_TYPE = Rule("field-type", Severity.ERROR, "A value of the wrong shape (text, list, mapping).")
MISSING_FIELD = Rule("missing-field", Severity.ERROR, "A required field is absent or empty.")
UNKNOWN_FIELD = Rule("unknown-field", Severity.ERROR, "A field the format does not define.")
TEXT_TOO_LONG = Rule("text-too-long", Severity.ERROR, "Plain text longer than its field allows.")
OVER_LIMIT = Rule(
    "over-limit", Severity.ERROR, "More of something in one file than the archive accepts."
)
MULTILINE_TEXT = Rule("multiline-text", Severity.ERROR, "A one-line field spans lines.")
INVALID_DATE = Rule(
    "invalid-date", Severity.ERROR, "A date or date-time that is not valid ISO 8601."
)
DATE_MISMATCH = Rule(
    "date-mismatch", Severity.ERROR, "The date field, file-name date and folder year disagree."
)
UPDATED_BEFORE_DATE = Rule("updated-before-date", Severity.ERROR, "updated is earlier than date.")
INVALID_ID = Rule(
    "invalid-id", Severity.ERROR, "An id, slug or tag not of the form lowercase-words-2-to-80."
)
DUPLICATE_ITEM = Rule("duplicate-item", Severity.ERROR, "The same entry twice in one list.")
UNKNOWN_ACTOR = Rule("unknown-actor", Severity.ERROR, "An actor id not in actors.yml.")
UNKNOWN_LOCATION = Rule("unknown-location", Severity.ERROR, "A location id not in locations.yml.")
INVALID_URL = Rule("invalid-url", Severity.ERROR, "A source url that is not absolute http(s).")
INVALID_KIND = Rule("invalid-kind", Severity.ERROR, "A registry kind not in the list.")
INVALID_COUNTRY = Rule(
    "invalid-country", Severity.ERROR, "A country that is not an ISO 3166-1 alpha-2 code."
)
MISSING_COUNTRY = Rule(
    "missing-country", Severity.ERROR, "A location other than a country without a country."
)
INVALID_COORDINATES = Rule(
    "invalid-coordinates", Severity.ERROR, "Coordinates that are not [latitude, longitude]."
)
INVALID_WIKIDATA = Rule("invalid-wikidata", Severity.ERROR, "A Wikidata id not of the form Q123.")
AFFILIATION_CYCLE = Rule(
    "affiliation-cycle", Severity.ERROR, "Actors whose affiliations lead back to themselves."
)
WITHIN_CYCLE = Rule("within-cycle", Severity.ERROR, "Locations that lie within themselves.")
ALIAS_COLLISION = Rule(
    "alias-collision", Severity.ERROR, "A name or alias used by two registry entries."
)
AMBIGUOUS_ALIAS = Rule(
    "ambiguous-alias",
    Severity.ERROR,
    "An alias that is a single letter or a common word, found in every text.",
)
CONFUSABLE_NAME = Rule(
    "confusable-name",
    Severity.WARNING,
    "A name or alias that looks like another entry's but is written differently.",
)
RAW_HTML = Rule("raw-html", Severity.ERROR, "HTML in a body beyond the documented allow-list.")
UNSAFE_LINK = Rule(
    "unsafe-link", Severity.ERROR, "A link in a body whose scheme is not http, https or mailto."
)
PLACEHOLDER_TEXT = Rule(
    "placeholder-text",
    Severity.ERROR,
    "Text left from the 'briefings new' scaffold in a briefing that is not a draft.",
)
UNMENTIONED_ENTITY = Rule(
    "unmentioned-entity", Severity.WARNING, "A listed actor or location the body never names."
)
UNLISTED_MENTION = Rule(
    "unlisted-mention", Severity.WARNING, "The body names a registry entry the briefing omits."
)
UNUSED_ENTRY = Rule("unused-entry", Severity.WARNING, "A registry entry that no briefing uses.")
MISSING_SOURCES = Rule("missing-sources", Severity.WARNING, "A briefing that cites no source.")

RULES: tuple[Rule, ...] = (
    FILE_MISSING,
    FILE_TOO_LARGE,
    FILE_ENCODING,
    FILE_SYMLINK,
    FILE_NAME,
    FRONT_MATTER,
    YAML_SYNTAX,
    YAML_DUPLICATE_KEY,
    YAML_ANCHOR,
    YAML_TAG,
    YAML_TOO_DEEP,
    CONTROL_CHARACTER,
    FIELD_TYPE,
    MISSING_FIELD,
    UNKNOWN_FIELD,
    TEXT_TOO_LONG,
    OVER_LIMIT,
    MULTILINE_TEXT,
    INVALID_DATE,
    DATE_MISMATCH,
    UPDATED_BEFORE_DATE,
    INVALID_ID,
    DUPLICATE_ITEM,
    UNKNOWN_ACTOR,
    UNKNOWN_LOCATION,
    INVALID_URL,
    INVALID_KIND,
    INVALID_COUNTRY,
    MISSING_COUNTRY,
    INVALID_COORDINATES,
    INVALID_WIKIDATA,
    AFFILIATION_CYCLE,
    WITHIN_CYCLE,
    ALIAS_COLLISION,
    AMBIGUOUS_ALIAS,
    CONFUSABLE_NAME,
    RAW_HTML,
    UNSAFE_LINK,
    PLACEHOLDER_TEXT,
    UNMENTIONED_ENTITY,
    UNLISTED_MENTION,
    UNUSED_ENTRY,
    MISSING_SOURCES,
)

RULE_IDS = frozenset(r.id for r in RULES)
