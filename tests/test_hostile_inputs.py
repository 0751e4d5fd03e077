"""Hostile contributions (issue 14): each is one positioned diagnostic, quickly.

Files and addresses, line breaks and look-alike names, inputs that would hold a
build or end it in a traceback: each case starts from the valid example archive of
the rules documentation, breaks one thing, and asserts what ``briefings validate``
prints. Slow inputs carry a generous bound on their time (seconds, where the
unbounded stages took minutes or hours): a bound, not a benchmark.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import lxml.html
import pytest

from build_tools.commands.validate import run_validation
from build_tools.format.diagnostics import Diagnostic
from build_tools.loading.markdown_parse import converter
from build_tools.loading.mentions import EntityKind, MentionFinder
from build_tools.rendering.body import link_first_mentions, render_body

BASE = Path(__file__).parent / "fixtures" / "rules" / "base"
BRIEFING = "briefings/2015/2015-05-22-al-tanf-border-crossing.md"


@pytest.fixture
def archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the valid example archive; the working directory is its root."""
    shutil.copytree(BASE, tmp_path, dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def report(*paths: str) -> list[str]:
    return [d.as_text() for d in run_validation([Path(p) for p in paths or ("briefings",)])]


def rules(found: list[Diagnostic] | None = None) -> list[str]:
    return [d.rule for d in (found if found is not None else run_validation([Path("briefings")]))]


@contextmanager
def within(seconds: float) -> Iterator[None]:
    """The block finishes within ``seconds`` (a bound on a hostile input, not a speed target)."""
    start = time.perf_counter()
    yield
    elapsed = time.perf_counter() - start
    assert elapsed < seconds, f"took {elapsed:.1f} s; the bound is {seconds} s"


# --- files and addresses (item 7) -------------------------------------------------------


def test_a_briefing_saved_as_upper_case_md_is_reported(archive: Path) -> None:
    (archive / BRIEFING).rename(archive / BRIEFING.replace(".md", ".MD"))
    assert report() == [
        "briefings/2015/2015-05-22-al-tanf-border-crossing.MD:1:1: error: a briefing's file "
        "name ends in '.md' (lower case), not '.MD': rename it, or it is never published "
        "[file-name]"
    ]


def test_a_symlink_to_another_briefing_is_refused_by_its_own_path(archive: Path) -> None:
    link = archive / "briefings/2015/2015-05-23-copy.md"
    link.symlink_to("2015-05-22-al-tanf-border-crossing.md")
    assert report() == [
        "briefings/2015/2015-05-23-copy.md:1:1: error: is a symbolic link; the archive reads "
        "only real files: replace the link with the file itself (or delete it) [file-symlink]"
    ]


def test_symlinks_out_of_the_archive_and_to_folders_are_refused(
    archive: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("outside")
    (outside / "secret.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    (archive / "briefings/2015/2015-05-24-secret.md").symlink_to(outside / "secret.md")
    (archive / "briefings/2016").symlink_to(outside)
    found = run_validation([Path("briefings")])
    assert [(d.path, d.rule) for d in found] == [
        ("briefings/2015/2015-05-24-secret.md", "file-symlink"),
        ("briefings/2016", "file-symlink"),
    ]


def test_a_symlinked_registry_is_refused_once(archive: Path) -> None:
    registry = archive / "briefings/actors.yml"
    registry.rename(archive / "actors-real.yml")
    registry.symlink_to(archive / "actors-real.yml")
    assert [(d.path, d.rule) for d in run_validation([Path("briefings")])] == [
        ("briefings/actors.yml", "file-symlink")
    ]


@pytest.mark.parametrize("kind", ["empty", "comments only", "folder", "pipe"])
def test_an_unusable_registry_is_one_diagnostic_at_the_registry(archive: Path, kind: str) -> None:
    registry = archive / "briefings/actors.yml"
    registry.unlink()
    if kind == "empty":
        registry.write_bytes(b"")
    elif kind == "comments only":
        registry.write_text("# actors go here\n", encoding="utf-8")
    elif kind == "folder":
        registry.mkdir()
    else:
        os.mkfifo(registry)
    with within(10):
        found = run_validation([Path("briefings")])
    assert [(d.path, d.line, d.rule) for d in found] == [
        (
            "briefings/actors.yml",
            1,
            "field-type" if "empty" in kind or "comm" in kind else "file-missing",
        )
    ]


def test_a_new_line_in_a_file_name_stays_on_one_line_of_output(archive: Path) -> None:
    (archive / "briefings/2015/bad\nname.md").write_text("x", encoding="utf-8")
    printed = report()
    assert [line.split(": error: ")[0] for line in printed] == [
        "briefings/2015/bad\\nname.md:1:1"
    ] * 2
    assert "\n".join(printed).count("\n") == 1


# --- one-line fields and look-alike names (item 6) --------------------------------------


@pytest.mark.parametrize(
    ("escape", "code"), [("\\u2028", "2028"), ("\\r", "000D"), ("\\x85", "0085")]
)
def test_a_yaml_escape_cannot_break_a_one_line_title(archive: Path, escape: str, code: str) -> None:
    path = archive / BRIEFING
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("title: Islamic State seizes", f'title: "Islamic{escape}State seizes').replace(
            "did not hold\n", 'did not hold"\n', 1
        ),
        encoding="utf-8",
    )
    assert report() == [
        f"{BRIEFING}:2:8: error: title must be one line (it holds U+{code}, a line break) "
        "[multiline-text]"
    ]


@pytest.mark.parametrize(
    ("impostor", "character"),
    [
        ("\u0399slamic State", "U+0399 GREEK CAPITAL LETTER IOTA"),
        ("Isl\u200damic State", "U+200D ZERO WIDTH JOINER"),
        ("Syrian \u0410rab Army", "U+0410 CYRILLIC CAPITAL LETTER A"),
        ("Syrian Arab Arm\u0443", "U+0443 CYRILLIC SMALL LETTER U"),
    ],
)
def test_a_look_alike_name_is_a_warning_naming_the_character(
    archive: Path, impostor: str, character: str
) -> None:
    registry = archive / "briefings/actors.yml"
    with registry.open("a", encoding="utf-8") as out:
        out.write(f'\nimpostor:\n  name: "{impostor}"\n  kind: media\n')
    found = [d for d in run_validation([Path("briefings")]) if d.rule == "confusable-name"]
    assert len(found) == 1
    assert found[0].severity == "warning"
    assert character in found[0].message


def test_different_names_and_an_actor_named_like_a_location_are_not_confusable(
    archive: Path,
) -> None:
    with (archive / "briefings/actors.yml").open("a", encoding="utf-8") as out:
        out.write("\nsyria-state:\n  name: Syria\n  kind: state\n")
        out.write("\nislamic-army:\n  name: Islamic Army\n  kind: armed-group\n")
    assert "confusable-name" not in rules()


# --- mentions and aliases (item 8) -----------------------------------------------------


def test_an_actor_and_a_location_of_one_name_are_both_mentioned(archive: Path) -> None:
    with (archive / "briefings/actors.yml").open("a", encoding="utf-8") as out:
        out.write("\nsyrian-state:\n  name: Syria\n  kind: state\n")
    path = archive / BRIEFING
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "actors: [islamic-state, syrian-army]",
            "actors: [islamic-state, syrian-army, syrian-state]",
        ),
        encoding="utf-8",
    )
    assert report() == []


def test_a_name_two_entities_share_links_each_once_and_keeps_the_text(archive: Path) -> None:
    finder = MentionFinder([("actor", "iraq-state", ["Iraq"]), ("location", "iraq", ["Iraq"])])
    listed: list[tuple[EntityKind, str]] = [("actor", "iraq-state"), ("location", "iraq")]
    linked = link_first_mentions(
        "<p>Iraq and Iraq.</p>", finder, listed, lambda kind, key: f"/{kind}/{key}/"
    )
    assert linked == (
        '<p><a class="ba-mention" href="/actor/iraq-state/">Iraq</a> and '
        '<a class="ba-mention" href="/location/iraq/">Iraq</a>.</p>'
    )


@pytest.mark.parametrize("alias", ["the", "A", "x", "And", "7"])
def test_an_alias_that_every_text_holds_is_refused(archive: Path, alias: str) -> None:
    registry = archive / "briefings/actors.yml"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text.replace("[Syrian Army, SAA]", f'[Syrian Army, SAA, "{alias}"]'))
    assert rules() == ["ambiguous-alias"]


@pytest.mark.parametrize("alias", ["IS", "US", "The Army", "Tadmur"])
def test_acronyms_and_longer_names_are_fine_aliases(archive: Path, alias: str) -> None:
    registry = archive / "briefings/actors.yml"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text.replace("[Syrian Army, SAA]", f'[Syrian Army, SAA, "{alias}"]'))
    assert "ambiguous-alias" not in rules()


# --- bodies and registries that would hold a build (items 3 and 4) ----------------------

SLOW_BODIES = {
    "unclosed brackets": "[" * 50_000,
    "bracketed words": "[a " * 30_000,
    "backtick staircase": "".join("`" * n + " x " for n in range(1, 400)),
    "unclosed links": "<a>" * 30_000,
    "heading lines": "#\n" * 50_000,
    "bracket lines and one definition": "[\n" * 100_000 + "]: x",
    "link openers": "[a](" * 20_000,
    "list markers on one line": "- " * 600 + "x",
    "nested quotes": ">" * 1_000 + " x",
    "a long body of emphasis": "*a* " * 100_000,
}


@pytest.mark.parametrize("body", SLOW_BODIES.values(), ids=SLOW_BODIES.keys())
def test_a_costly_body_is_refused_quickly_naming_the_limit(archive: Path, body: str) -> None:
    path = archive / BRIEFING
    path.write_text(path.read_text(encoding="utf-8") + "\n" + body, encoding="utf-8")
    with within(5):
        found = run_validation([Path("briefings")])
    assert {d.rule for d in found} == {"over-limit"}, [d.as_text() for d in found]
    assert all("the limit is" in d.message for d in found)


def test_deep_nesting_within_the_marker_limit_is_a_diagnostic_not_a_traceback(
    archive: Path,
) -> None:
    path = archive / BRIEFING
    nested = "".join("    " * depth + "- x\n" for depth in range(300))
    path.write_text(path.read_text(encoding="utf-8") + "\n" + nested, encoding="utf-8")
    with within(10):
        found = rules()
    assert set(found) <= {"over-limit"}


def test_an_updated_offset_beyond_year_9999_is_an_error_not_a_crash(archive: Path) -> None:
    path = archive / BRIEFING
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "date: 2015-05-22\n", 'date: 2015-05-22\nupdated: "9999-12-31T23:30:00-01:00"\n'
        ),
        encoding="utf-8",
    )
    assert report() == [
        f"{BRIEFING}:4:10: error: updated '9999-12-31T23:30:00-01:00' falls outside the years "
        "1 to 9999 in UTC [invalid-date]"
    ]


def test_ten_thousand_tags_are_refused_before_they_multiply(archive: Path) -> None:
    path = archive / BRIEFING
    tags = ", ".join(f"tag-{n}" for n in range(10_000))
    text = path.read_text(encoding="utf-8").replace("tags: [border-crossings]", f"tags: [{tags}]")
    path.write_text(text, encoding="utf-8")
    with within(5):
        found = run_validation([Path("briefings")])
    assert [(d.rule, d.message.split(";")[0]) for d in found] == [
        ("over-limit", "tags lists 10,000 items")
    ]


def _chain(count: int, *, loop: bool) -> str:
    entries = [
        f"place-{n}:\n  name: Place {n}\n  kind: region\n  country: SY\n" for n in range(count)
    ]
    for n in range(1, count):
        entries[n] += f"  within: place-{n - 1}\n"
    if loop:
        entries[0] += f"  within: place-{count - 1}\n"
    return "".join(entries)


@pytest.mark.parametrize("loop", [False, True], ids=["chain", "cycle"])
def test_a_registry_chain_thousands_long_is_checked_in_linear_time(
    archive: Path, loop: bool
) -> None:
    with (archive / "briefings/locations.yml").open("a", encoding="utf-8") as out:
        out.write(_chain(5_000, loop=loop))
    with within(10):
        found = run_validation([Path("briefings")])
    expected = "within-cycle" if loop else "over-limit"
    assert [d.rule for d in found if d.rule != "unused-entry"] == [expected]
    assert len(next(d for d in found if d.rule == expected).message) < 300


def test_thousands_of_unknown_ids_against_thousands_of_entries_finish_quickly(
    archive: Path,
) -> None:
    with (archive / "briefings/actors.yml").open("a", encoding="utf-8") as out:
        out.writelines(
            f"actor-number-{n}:\n  name: Actor Number {n}\n  kind: person\n"
            f"  affiliation: actor-numbr-{n}\n"
            for n in range(3_000)
        )
    with within(10):
        found = run_validation([Path("briefings")])
    unknown = [d for d in found if d.rule == "unknown-actor"]
    assert len(unknown) == 3_000
    suggested = [d for d in unknown if "did you mean" in d.message]
    assert len(suggested) == 20
    assert suggested[0].message == (
        "unknown actor 'actor-numbr-0' in 'affiliation' (did you mean 'actor-number-0'?)"
    )


# --- the validator reads the body as the renderer does (item 5) -------------------------

DISGUISED = {
    "after a footnote's continuation": (
        "Text[^1].\n\n[^1]: A note\n    that goes on\n    <script>x</script>\n",
        "raw HTML <script>",
    ),
    "behind backticks that are not code, in a heading": ("## Heading ``<b>x</b>\n", "raw HTML <b>"),
    "behind backticks that are not code, in a list": ("- item ``<i>x</i>\n", "raw HTML <i>"),
    "a block tag with '<' in an attribute": ('<div title="a<b">x</div>\n', "raw HTML <div>"),
    "a namespaced tag": ("Text <svg:script>x</svg:script>\n", "raw HTML <svg:script>"),
    "an underscore tag": ("Text <my_tag>x</my_tag>\n", "raw HTML <my_tag>"),
    "an angle-bracket link with spaces": (
        "[x](<  javascript:alert(1)>)\n",
        "link with scheme 'javascript:'",
    ),
    "an HTML comment": ("Text <!-- hidden note -->\n", "raw HTML <!-- -->"),
}


@pytest.mark.parametrize(("body", "expected"), DISGUISED.values(), ids=DISGUISED.keys())
def test_markup_the_renderer_would_pass_on_is_reported(
    archive: Path, body: str, expected: str
) -> None:
    path = archive / BRIEFING
    path.write_text(path.read_text(encoding="utf-8") + "\n" + body, encoding="utf-8")
    found = run_validation([Path("briefings")])
    assert found, "nothing reported"
    assert found[0].message.startswith(expected), found[0].as_text()
    assert found[0].line > 18  # at the appended body, not at the front matter


CLEAN_BODIES = [
    "Code `<script>` and ``<b>`` spans, and `[a](javascript:x)` are text.",
    "```html\n<iframe src=x></iframe>\n```",
    "    <form>indented code</form>",
    'Text<sup>1</sup>, H<sub>2</sub>O, <abbr title="Islamic State">IS</abbr>, a<br>b.',
    "A footnote[^n].\n\n[^n]: With [a link](https://example.org/).",
    "| a | b |\n|---|---|\n| <kbd>x</kbd> | <mark>y</mark> |",
]


@pytest.mark.parametrize("body", CLEAN_BODIES)
def test_what_passes_validation_reaches_the_page_unstripped(archive: Path, body: str) -> None:
    path = archive / BRIEFING
    path.write_text(path.read_text(encoding="utf-8") + "\n" + body, encoding="utf-8")
    assert [d for d in run_validation([Path("briefings")]) if d.severity == "error"] == []
    rendered = converter().convert(body)
    shown = render_body(body)

    def tags(markup: str) -> list[str]:
        return [
            str(e.tag) for e in lxml.html.fragment_fromstring(markup, create_parent="div").iter()
        ]

    assert tags(shown) == tags(rendered)
    assert lxml.html.fragment_fromstring(shown, create_parent="div").text_content() == (
        lxml.html.fragment_fromstring(rendered, create_parent="div").text_content()
    )


def test_contributor_markup_cannot_borrow_the_sites_look() -> None:
    shown = render_body(
        '<a class="md-button md-button--primary" id="__search" href="https://evil.example/">'
        "Donate</a>\n\nA note[^1].\n\n[^1]: The note."
    )
    fragment = lxml.html.fragment_fromstring(shown, create_parent="div")
    donate = fragment.xpath(".//a[.='Donate']")[0]
    assert donate.get("class") is None
    assert donate.get("id") is None
    assert fragment.xpath(".//a[@class='footnote-ref']")
    assert fragment.xpath(".//div[@class='footnote']")
    assert [e.get("id") for e in fragment.xpath(".//*[@id]")] == ["fnref:1", "fn:1"]


@pytest.mark.parametrize(
    "destination",
    ["JAVA\tscript:alert(1)", "java&#x09;script:x", "java\\script:x", " javascript:x", "data:x"],
)
def test_the_shortcut_past_the_parse_never_skips_a_disguised_scheme(destination: str) -> None:
    from build_tools.validation.body_safety import plainly_safe

    assert not plainly_safe(f"A [link]({destination}) here.")
    assert not plainly_safe(f"[ref]:\n   {destination}\n")
