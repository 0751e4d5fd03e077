"""Property tests for the loader: whatever the bytes, an answer and never a traceback."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools.format.diagnostics import Diagnostic
from build_tools.format.format_spec import MAX_BRIEFING_BYTES, RULE_IDS
from build_tools.loading.loader import (
    Mapping,
    Node,
    Scalar,
    Sequence,
    decode,
    load_briefing_bytes,
    parse_yaml,
    split_front_matter,
)
from tests.yaml_strategies import yaml_documents

PATH = "briefings/2015/2015-05-22-x.md"
RELATIVE = "2015/2015-05-22-x.md"


def assert_well_formed(diagnostics: tuple[Diagnostic, ...] | list[Diagnostic], path: str) -> None:
    for d in diagnostics:
        assert d.path == path
        assert d.line >= 1
        assert d.column >= 1
        assert d.rule in RULE_IDS
        assert d.message
        assert "\n" not in d.message


def node_positions(node: Node) -> list[tuple[int, int]]:
    positions = [(node.line, node.column)]
    if isinstance(node, Sequence):
        for item in node.items:
            positions += node_positions(item)
    elif isinstance(node, Mapping):
        for key, value in node.entries:
            positions += node_positions(key) + node_positions(value)
    return positions


@given(st.binary(max_size=2000))
def test_any_bytes_load_without_raising(data: bytes) -> None:
    loaded = load_briefing_bytes(PATH, RELATIVE, data)
    assert_well_formed(loaded.diagnostics, PATH)


@given(st.binary(max_size=500))
def test_any_bytes_after_a_fence_load_without_raising(data: bytes) -> None:
    loaded = load_briefing_bytes(PATH, RELATIVE, b"---\n" + data + b"\n---\nbody")
    assert_well_formed(loaded.diagnostics, PATH)


@given(st.text(max_size=2000))
def test_any_text_loads_without_raising(text: str) -> None:
    loaded = load_briefing_bytes(PATH, RELATIVE, text.encode("utf-8", "surrogatepass"))
    assert_well_formed(loaded.diagnostics, PATH)


@given(yaml_documents(), st.text(max_size=200), st.booleans(), st.booleans())
def test_yamlish_front_matter_loads_without_raising(
    front: str, body: str, bom: bool, crlf: bool
) -> None:
    text = f"---\n{front}\n---\n{body}"
    if crlf:
        text = text.replace("\n", "\r\n")
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8", "surrogatepass")
    loaded = load_briefing_bytes(PATH, RELATIVE, data)
    assert_well_formed(loaded.diagnostics, PATH)
    if loaded.document is not None:
        lines = front.count("\n") + 2
        for line, column in node_positions(loaded.document):
            assert 2 <= line <= lines + 1
            assert column >= 1


@given(yaml_documents())
def test_a_registry_of_any_yamlish_text_parses_without_raising(text: str) -> None:
    document, diagnostics = parse_yaml("actors.yml", text)
    assert_well_formed(diagnostics, "actors.yml")
    if document is not None:
        assert all(line >= 1 and column >= 1 for line, column in node_positions(document))


@given(st.text(max_size=300))
def test_scalars_stay_strings(value: str) -> None:
    """No YAML type guessing: the validator decides, from the field, what a value means."""
    document, _ = parse_yaml("x.yml", f"key: {value}\n")
    if isinstance(document, Mapping):
        for _, node in document.entries:
            if isinstance(node, Scalar):
                assert isinstance(node.value, str)


_LINE_TEXT = st.text(
    st.characters(blacklist_categories=["Cs"], blacklist_characters="\r\n"), max_size=40
)


@given(st.lists(_LINE_TEXT, max_size=20), st.booleans(), st.booleans())
def test_bom_and_crlf_change_nothing_but_the_bytes(lines: list[str], bom: bool, crlf: bool) -> None:
    text = "\n".join(lines)
    data = text.replace("\n", "\r\n" if crlf else "\n").encode()
    decoded, diagnostics = decode("x", (b"\xef\xbb\xbf" if bom else b"") + data, 1 << 20)
    if "\x00" in text:
        assert decoded is None
        assert [d.rule for d in diagnostics] == ["file-encoding"]
    else:
        assert (decoded, diagnostics) == (text, [])


@given(st.lists(_LINE_TEXT, max_size=10), st.lists(_LINE_TEXT, max_size=10))
def test_front_matter_and_body_split_where_the_fences_are(
    front_lines: list[str], body_lines: list[str]
) -> None:
    front_lines = [line for line in front_lines if line.rstrip(" \t") not in ("---", "...")]
    front = "\n".join(front_lines) + "\n"
    body = "\n".join(body_lines)
    text = "---\n" + "".join(line + "\n" for line in front_lines) + "---\n" + body
    assert split_front_matter("x", text) == (front, body, len(front_lines) + 3)


@settings(max_examples=20)  # a mebibyte per example: a few examples say it all
@given(st.integers(min_value=1, max_value=4096))
def test_the_size_limit_is_exact(extra: int) -> None:
    at_limit = b"---\n---\n" + b"x" * (MAX_BRIEFING_BYTES - 8)
    assert load_briefing_bytes(PATH, RELATIVE, at_limit).diagnostics == ()
    over = load_briefing_bytes(PATH, RELATIVE, at_limit + b"x" * extra)
    assert [d.rule for d in over.diagnostics] == ["file-too-large"]
    assert over.document is None
