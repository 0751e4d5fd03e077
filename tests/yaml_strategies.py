"""Hypothesis strategies for YAML-ish text: the fragments a contributor (or a fuzzer)
might put in front matter or a registry, assembled into nested documents.

The text is built from a grammar rather than from random characters so that most
examples parse far enough to reach the validator, while still holding every hazard
the loader must turn into a diagnostic: anchors, aliases, tags, bad escapes, tabs,
duplicate keys, wrong indentation, unclosed brackets and quotes.
"""

from __future__ import annotations

from hypothesis import strategies as st

from build_tools.format.format_spec import ACTOR, BRIEFING, CORRECTION, LOCATION, QUOTE, SOURCE

FIELD_NAMES = sorted(
    {
        f.name
        for record in (BRIEFING, QUOTE, SOURCE, CORRECTION, ACTOR, LOCATION)
        for f in record.fields
    }
)
IDS = ["islamic-state", "syrian-army", "sohr", "palmyra", "syria", "al-tanf", "islamic-stat"]

_PLAIN = st.sampled_from(
    [
        *IDS,
        "Islamic State",
        "IS",
        "is",
        "2015-05-22",
        "2015-02-30",
        "2015-05-23T09:30:00+00:00",
        "2015-05-23 09:30",
        "NO",
        "yes",
        "off",
        "true",
        "~",
        "null",
        "0x1F",
        "1e999",
        "-.inf",
        ".nan",
        "34.55",
        "Q42",
        "https://example.org/",
        "javascript:alert(1)",
        "a: b",
        "x # comment",
        "armed-group",
        "city",
        "تدمر",
        "",
    ]
)
_QUOTED = st.sampled_from(
    [
        '"plain"',
        '"\\x0b"',
        '"\\ufffe"',
        '"\\u2028"',
        '"line\\nbreak"',
        '"\\U0001F600"',
        "'it''s'",
        "'2015-05-22'",
        "'NO'",
    ]
)
# Well-formed YAML that the archive refuses: anchors, aliases, tags; and block scalars.
_HAZARDS = st.sampled_from(
    [
        "&anchor value",
        "*anchor",
        "!!python/object:os.system",
        "!!python/object/apply:os.system [echo]",
        "!!str 123",
        "!local x",
        "!<tag:yaml.org,2002:str> x",
        "|\n  literal\n  block",
        ">-\n  folded\n  block",
    ]
)
# What breaks the YAML or the file: bad escapes, unclosed quotes, reserved indicators,
# control characters, a BOM or line breaks in odd places.
_BREAKERS = st.sampled_from(
    [
        '"\\q"',
        '"unclosed',
        "'unclosed",
        "%",
        "@x",
        "`x`",
        "\t",
        "\x07",
        "\x00",
        "\ufeff",
        "\r",
        "\x85",
    ]
)
_WORDS = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=8)
SCALARS = st.one_of(_PLAIN, _PLAIN, _PLAIN, _QUOTED, _HAZARDS, _WORDS)
KEYS = st.one_of(
    st.sampled_from(FIELD_NAMES),
    st.sampled_from(["? complex", "[a]", "&k title", "*k", "!!str title", "Title", "<<"]),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz-_:", min_size=1, max_size=8),
)


def _flow(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.lists(children, max_size=4).map(lambda items: "[" + ", ".join(items) + "]"),
        st.lists(st.tuples(KEYS, children), max_size=3).map(
            lambda pairs: "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"
        ),
    )


FLOW_VALUES = st.recursive(SCALARS, _flow, max_leaves=8)


def _indent(text: str, by: str) -> str:
    return "\n".join(by + line if line else line for line in text.split("\n"))


def _block(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Block mappings and sequences whose values are nested blocks or flow values."""
    value = st.one_of(FLOW_VALUES, children)

    def entry(pair: tuple[str, str]) -> str:
        key, text = pair
        if "\n" in text or text.startswith(("- ", "?")):
            return f"{key}:\n{_indent(text, '  ')}"
        return f"{key}: {text}"

    def item(text: str) -> str:
        if "\n" in text:
            first, _, rest = text.partition("\n")
            return f"- {first}\n{_indent(rest, '  ')}"
        return f"- {text}"

    return st.one_of(
        st.lists(st.tuples(KEYS, value), min_size=1, max_size=6).map(
            lambda pairs: "\n".join(entry(p) for p in pairs)
        ),
        st.lists(value, min_size=1, max_size=4).map(
            lambda items: "\n".join(item(i) for i in items)
        ),
    )


BLOCKS = st.recursive(FLOW_VALUES, _block, max_leaves=20)

_JUNK_LINES = st.sampled_from(
    ["---", "...", "--- x", "%YAML 1.1", "  bad: indent", "\tkey: tab", "- stray", "key", ":", "#"]
)


@st.composite
def yaml_documents(draw: st.DrawFn) -> str:
    """A YAML-ish document: nested blocks, now and then with a junk line or a breaker."""
    lines = draw(BLOCKS).split("\n")
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 2]))):
        lines.insert(draw(st.integers(0, len(lines))), draw(_JUNK_LINES))
    text = "\n".join(lines)
    if draw(st.integers(0, 3)) == 0:
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(_BREAKERS) + text[at:]
    return text
