"""The loader: bytes → positioned nodes, with every hazard turned into a diagnostic."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.loading.loader import (
    Mapping,
    Scalar,
    Sequence,
    decode,
    find_briefing_files,
    load_archive,
    load_briefing_bytes,
    parse_yaml,
)

RELATIVE = "2015/2015-05-22-x.md"


def texts(diagnostics: object) -> list[str]:
    assert isinstance(diagnostics, (list, tuple))
    return [d.as_text() for d in diagnostics]


def load(text: str) -> list[str]:
    return texts(load_briefing_bytes("x.md", RELATIVE, text.encode()).diagnostics)


def test_nodes_remember_line_and_column() -> None:
    document, diagnostics = parse_yaml("x.yml", "a:\n  - b\n  - [c, d]\ne: 'f'\n")
    assert diagnostics == []
    assert isinstance(document, Mapping)
    (key_a, seq), (_, quoted) = document.entries
    assert (key_a.value, key_a.line, key_a.column) == ("a", 1, 1)
    assert isinstance(seq, Sequence)
    assert [(n.line, n.column) for n in seq.items] == [(2, 5), (3, 5)]
    assert isinstance(quoted, Scalar)
    assert (quoted.value, quoted.plain, quoted.line, quoted.column) == ("f", False, 4, 4)


@pytest.mark.parametrize("value", ["NO", "yes", "off", "1.0", "0x10", "~", "2015-05-22"])
def test_scalars_are_never_typed_by_yaml(value: str) -> None:
    document, _ = parse_yaml("x.yml", f"k: {value}\n")
    assert isinstance(document, Mapping)
    node = document.entries[0][1]
    assert isinstance(node, Scalar)
    assert (node.value, node.plain) == (value, True)


def test_front_matter_positions_are_file_positions() -> None:
    assert load("---\ntitle: x\ntitle: y\n---\n") == [
        "x.md:3:1: error: duplicate key 'title' (first at line 2); YAML would silently keep "
        "only the last [yaml-duplicate-key]"
    ]


def test_a_control_character_after_non_ascii_text_is_placed_by_character() -> None:
    """libyaml reports a byte offset; the column must count characters."""
    assert load("---\ntitle: تدمر تدمر \x01\n---\n") == [
        "x.md:2:18: error: character U+0001 is not allowed in YAML (control characters are "
        "forbidden) [control-character]"
    ]


def test_a_lone_carriage_return_is_a_line_break_for_every_position() -> None:
    assert load("---\rtitle: x\rtitle: y\r---\r") == load("---\ntitle: x\ntitle: y\n---\n")


@pytest.mark.parametrize(
    ("char", "name"),
    [("\u2028", "line separator"), ("\u2029", "paragraph separator"), ("\x85", "next line")],
)
def test_a_hidden_line_break_is_reported_where_an_editor_shows_it(char: str, name: str) -> None:
    """YAML 1.1 breaks lines at U+2028, U+2029 and U+0085; editors and GitHub do not,
    so without care every later position of the file would be one line off."""
    assert load(f"---\ntitle: a{char}b\ntitle: c\n---\n") == [
        f"x.md:2:9: error: U+{ord(char):04X} ({name}) is an invisible line break that YAML "
        "reads as a new line; delete it, or use an ordinary line break [control-character]",
        "x.md:3:1: error: duplicate key 'title' (first at line 2); YAML would silently keep "
        "only the last [yaml-duplicate-key]",
    ]


def test_crlf_and_bom_are_read_as_plain_lf() -> None:
    text, diagnostics = decode("x", b"\xef\xbb\xbfa\r\nb\r\n", 100)
    assert (text, diagnostics) == ("a\nb\n", [])


def test_an_unclosed_bracket_is_traced_to_where_it_opened() -> None:
    assert load("---\nactors: [a, b\nlocations: [c]\ntitle: x\n---\n") == [
        "x.md:3:10: error: YAML syntax: did not find expected ',' or ']' (while parsing a flow "
        "sequence started at line 2) [yaml-syntax]"
    ]


def test_an_alias_is_never_expanded() -> None:
    """A billion-laughs document costs nothing: aliases are refused, not expanded."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    document, diagnostics = parse_yaml("x.yml", "\n".join(lines))
    assert {d.rule for d in diagnostics} == {"yaml-anchor"}
    assert len(diagnostics) == 9 + 8 * 9
    assert isinstance(document, Mapping)


def test_deep_nesting_is_cut_off_with_one_diagnostic() -> None:
    document, diagnostics = parse_yaml("x.yml", "k: " + "[" * 500 + "]" * 500 + "\n")
    assert [d.rule for d in diagnostics] == ["yaml-too-deep"]
    assert document is None


def test_reading_stops_at_the_first_level_too_deep() -> None:
    """libyaml's scanner spends time in proportion to the depth on every token, so
    reading on through a megabyte of brackets would hold up a pull request's checks
    for minutes. Nothing after the first level too deep is read: not even this
    unclosed quote."""
    text = "k: " + "[" * 500_000 + '"unclosed\n'
    document, diagnostics = parse_yaml("x.yml", text)
    assert document is None
    assert [(d.line, d.column, d.rule) for d in diagnostics] == [(1, 20, "yaml-too-deep")]


def test_a_tag_is_reported_and_its_value_kept_as_text() -> None:
    document, diagnostics = parse_yaml("x.yml", "k: !!python/object:os.system echo\n")
    assert [d.message for d in diagnostics] == [
        "YAML tag '!!python/object:os.system' is not allowed; remove it"
    ]
    assert isinstance(document, Mapping)
    assert document.entries[0][1] == Scalar("echo", True, 1, 4)


def test_the_body_keeps_its_text_and_first_line() -> None:
    loaded = load_briefing_bytes("x.md", RELATIVE, b"---\ntitle: x\n---\n\nBody\n")
    assert (loaded.body, loaded.body_line) == ("\nBody\n", 4)


@pytest.mark.parametrize("closing", ["---", "...", "---  ", "...\t"])
def test_front_matter_may_close_with_dashes_or_dots(closing: str) -> None:
    loaded = load_briefing_bytes("x.md", RELATIVE, f"---\ntitle: x\n{closing}\nB".encode())
    assert (loaded.diagnostics, loaded.body) == ((), "B")


def test_a_missing_registry_is_a_diagnostic(tmp_path: Path) -> None:
    loaded = load_archive(tmp_path)
    assert [d.rule for d in (*loaded.actors.diagnostics, *loaded.locations.diagnostics)] == [
        "file-missing",
        "file-missing",
    ]


def test_hidden_files_are_not_briefings(tmp_path: Path) -> None:
    (tmp_path / "2015").mkdir()
    for name in ("2015-05-22-a.md", ".2015-05-22-b.md", "notes.txt"):
        (tmp_path / "2015" / name).write_text("x")
    assert [p.name for p in find_briefing_files(tmp_path)] == ["2015-05-22-a.md"]
