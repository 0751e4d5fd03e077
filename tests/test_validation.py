"""validate: what the golden reports do not pin down — the Archive it builds, and the
small parts (masking code, link schemes, slugs) that decide what counts as a problem."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import lxml.html
import pytest

from build_tools.format.model import Source
from build_tools.rendering.body import render_body
from build_tools.validation.archive import check_archive
from build_tools.validation.body_safety import link_scheme, mask_code
from build_tools.validation.fields import is_slug
from tests.golden import prepare_case

REPO = Path(__file__).resolve().parent.parent


def test_the_real_content_passes_strict() -> None:
    checked = check_archive(REPO / "briefings")
    archive, diagnostics = checked.archive, checked.diagnostics
    assert [d.as_text() for d in diagnostics] == []
    assert archive is not None
    assert archive.briefings


def test_a_valid_archive_becomes_exactly_what_its_files_say(tmp_path: Path) -> None:
    root = prepare_case("valid-archive", tmp_path)
    checked = check_archive(root)
    archive, diagnostics = checked.archive, checked.diagnostics
    assert diagnostics == []
    assert archive is not None
    assert archive.locations["norway"].country == "NO"
    assert archive.locations["oslo"].coordinates == (59.91, 10.75)
    assert archive.locations["palmyra"].aliases == ("Tadmur", "تدمر")
    assert (
        archive.actors["norwegian-government"].description == 'Quoted: the "Government" of Norway.'
    )
    assert [b.id for b in archive.briefings] == [
        "2015-05-22-everything",
        "2015-05-23-minimal",
        "2016-01-01-draft",
    ]
    everything, minimal, draft = archive.briefings
    assert everything.title == "Everything: a title with a colon"
    assert everything.updated == dt.datetime(
        2015, 5, 23, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=3))
    )
    assert [(q.speaker, q.text) for q in everything.quotes] == [
        ("sohr", "A folded quote."),
        ("islamic-state", "Two\nlines."),
    ]
    assert everything.quotes[0].date == dt.date(2015, 5, 20)
    assert everything.sources[0] == Source(
        name="Reuters",
        title="Syrian forces withdraw from al-Tanf, <b>an official says</b>",
        date=dt.date(2015, 5, 22),
        url="https://www.reuters.com/",
    )
    assert everything.sources[1] == Source(name="Syrian Observatory for Human Rights")
    assert everything.corrections[0].note == "An earlier version misnamed the crossing."
    assert "\r" not in everything.body
    assert everything.body_line == 32
    assert (everything.draft, minimal.draft, draft.draft) == (False, False, True)
    assert archive.published == (everything, minimal)
    assert draft.locations == ()


def test_attribute_lists_are_plain_text_and_harmless(tmp_path: Path) -> None:
    """``{: onclick=… }`` passes validation because the renderer has no attr_list: it is
    shown as typed, and never becomes an attribute."""
    root = prepare_case("valid-archive", tmp_path)
    archive = check_archive(root).archive
    assert archive is not None
    body = archive.briefings[0].body
    assert '{: onclick="alert(1)" }' in body
    tree = lxml.html.fragment_fromstring(render_body(body), create_parent="div")
    assert "{: onclick=" in tree.text_content()
    attributes = {name for element in tree.iter() for name in element.attrib}
    assert not {a for a in attributes if a.lower().startswith("on")}


def test_warnings_alone_still_give_an_archive(tmp_path: Path) -> None:
    checked = check_archive(prepare_case("mentions", tmp_path))
    archive, diagnostics = checked.archive, checked.diagnostics
    assert archive is not None
    assert diagnostics and all(d.severity == "warning" for d in diagnostics)


def test_one_error_anywhere_gives_no_archive(tmp_path: Path) -> None:
    root = prepare_case("valid-archive", tmp_path)
    (root / "2015" / "2015-05-24-broken.md").write_text("no front matter\n", encoding="utf-8")
    checked = check_archive(root)
    archive, diagnostics = checked.archive, checked.diagnostics
    assert archive is None
    assert [d.rule for d in diagnostics] == ["front-matter"]


# --- what counts as code ----------------------------------------------------------------


@pytest.mark.parametrize(
    "markdown",
    [
        "`<b>`",
        "``<b> ` </b>``",
        "```\n<b>\n```",
        "~~~ {.html}\n<b>\n~~~",
        "para\n\n    <b>\n    </b>",
        "```lang with spaces\n<b>\n```",  # not a fence, but one inline code span
        "> `<b>`",
    ],
)
def test_code_is_masked(markdown: str) -> None:
    masked = mask_code(markdown)
    assert len(masked) == len(markdown)
    assert masked.count("\n") == markdown.count("\n")
    assert "<b>" not in masked


@pytest.mark.parametrize(
    "markdown",
    [
        "```\n<b> a fence never closed is text\n",
        "```lang with spaces\n<b>\n\n```",
        "`an inline span\n\n<b> does not cross paragraphs`",
        "\\`<b> an escaped backtick opens nothing`",
        "- item\n\n    <b> continues the item",
        "1. item\n\n    <b> continues the item",
        "> ```\n> <b>\n>\n> ```",
    ],
)
def test_what_markdown_renders_is_not_masked(markdown: str) -> None:
    assert "<b>" in mask_code(markdown)


# --- links ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("destination", "scheme"),
    [
        ("javascript:alert(1)", "javascript"),
        ("JaVaScRiPt:alert(1)", "javascript"),
        ("javascript&#58;alert(1)", "javascript"),
        ("javascript&colon;alert(1)", "javascript"),
        ("jav&#x09;ascript:alert(1)", "javascript"),
        ("&#x6A;avascript:alert(1)", "javascript"),
        ("java\u200bscript:x", "javascript"),
        (" \tjavascript:x", "javascript"),
        ("&amp;#106;avascript:x", "javascript"),
        ("https://example.org/", "https"),
        ("mailto:a@example.org", "mailto"),
        ("../relative/", None),
        ("#anchor", None),
        ("//example.org/", None),
    ],
)
def test_link_scheme_is_what_a_browser_would_see(destination: str, scheme: str | None) -> None:
    assert link_scheme(destination) == scheme


# --- ids ----------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["ab", "a1", "2015", "al-tanf", "a" * 80, "x-1-y"])
def test_valid_slugs(value: str) -> None:
    assert is_slug(value)


@pytest.mark.parametrize(
    "value", ["a", "a" * 81, "Al-Tanf", "al--tanf", "-al", "al-", "al_tanf", "al tanf", "تدمر", ""]
)
def test_invalid_slugs(value: str) -> None:
    assert not is_slug(value)


def test_an_id_with_a_trailing_newline_is_not_a_slug() -> None:

    assert is_slug("islamic-state")
    assert not is_slug("islamic-state\n")


def test_a_mistyped_id_is_reported_once_not_again_as_an_unlisted_mention(
    tmp_path: Path,
) -> None:
    """The body names the actor the id was meant for: one error says it all."""
    root = prepare_case("mentions", tmp_path)
    (root / "2015" / "2015-05-04-typo.md").write_text(
        "---\ntitle: T\ndate: 2015-05-04\nsummary: S.\nactors: [islamic-stat, sohr]\n"
        "locations: [palmira]\nsources: [{name: SOHR}]\n---\n\n"
        "Islamic State in Palmyra, says the SOHR; the SAA left.\n",
        "utf-8",
    )
    diagnostics = check_archive(root, only=[root / "2015" / "2015-05-04-typo.md"]).diagnostics
    assert [(d.line, d.rule, d.message) for d in diagnostics if d.path.endswith("typo.md")] == [
        (5, "unknown-actor", "unknown actor 'islamic-stat' (did you mean 'islamic-state'?)"),
        (6, "unknown-location", "unknown location 'palmira' (did you mean 'palmyra'?)"),
        (
            10,
            "unlisted-mention",
            "the body names Syrian Arab Army as 'SAA' (actor 'syrian-army') but the briefing "
            "does not list it; add 'syrian-army' to actors",
        ),
    ]
