"""Frames cut at their slots and filled in again."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from build_tools.engines.mkdocs.page_skeletons import cut

MARKERS = {"title": "@@title@@", "content": "<h1 @@content@@>"}


def test_filling_a_frame_gives_what_rendering_with_the_values_gives() -> None:
    def frame(title: str, content: str) -> str:
        return f"<title>{title}</title><h2>{title}</h2><main>{content}</main>"

    skeleton = cut(frame(MARKERS["title"], MARKERS["content"]), MARKERS)
    assert skeleton is not None
    assert skeleton.slots == ("title", "title", "content")
    values = {"title": "A &amp; B", "content": "<h1>A &amp; B</h1><p>text</p>"}
    assert skeleton.fill(values) == frame(values["title"], values["content"])


@given(st.text(), st.text())
def test_a_value_holding_a_marker_is_not_filled_again(title: str, content: str) -> None:
    skeleton = cut(f"[{MARKERS['title']}|{MARKERS['content']}]", MARKERS)
    assert skeleton is not None
    values = {"title": title + MARKERS["content"], "content": MARKERS["title"] + content}
    assert skeleton.fill(values) == f"[{values['title']}|{values['content']}]"


def test_a_frame_that_drops_a_slot_cannot_be_filled() -> None:
    assert cut(f"<title>{MARKERS['title']}</title>", MARKERS) is None


def test_a_slot_wanted_once_printed_twice_cannot_be_filled() -> None:
    twice = f"{MARKERS['title']}{MARKERS['content']}{MARKERS['content']}"
    assert cut(twice, MARKERS) is not None
    assert cut(twice, MARKERS, once=frozenset({"content"})) is None
