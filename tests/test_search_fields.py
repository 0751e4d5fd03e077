"""The hidden block each indexed page gives the site search: metadata, sort and filters."""

from __future__ import annotations

import datetime as dt

import lxml.html

from build_tools.rendering.search_fields import (
    NAME_FIELD,
    UNDATED,
    SearchFields,
    ranked_name,
    search_block,
)


def test_a_title_ranks_by_each_of_its_words_once() -> None:
    # Pagefind would keep "Syria–Iraq" whole and joined as well as apart.
    title = "Islamic State seizes al-Tanf, the last Syria–Iraq border crossing"
    assert ranked_name(title) == "islamic state seizes altanf the last syriairaq border crossing"
    # As Pagefind's script writes a query: "army's" is searched as "armys".
    assert ranked_name("The army's (SAA) “last” outposts") == "the armys saa last outposts"
    assert ranked_name("al-Qaʼim and تدمر") == "alqaʼim and تدمر"


def test_the_hidden_block_holds_the_name_kind_date_and_filters_as_text() -> None:
    fields = SearchFields(
        "Briefing",
        "<b>Syria–Iraq</b> crossing",
        dt.date(2015, 5, 22),
        (("location", "Syria"), ("year", "2015")),
    )
    block = lxml.html.fragment_fromstring(str(search_block(fields)))
    assert block.get("hidden") is not None and block.get("data-pagefind-ignore") is not None
    meta = {
        span.get("data-pagefind-meta"): span.text
        for span in block.iterfind("span[@data-pagefind-meta]")
    }
    assert meta == {
        NAME_FIELD: "<b>syriairaq<b> crossing",
        "kind": "Briefing",
        "date": "22 May 2015",
    }
    assert [s.text for s in block.iterfind("span[@data-pagefind-sort]")] == ["2015-05-22"]
    filters = [
        (s.get("data-pagefind-filter"), s.text)
        for s in block.iterfind("span[@data-pagefind-filter]")
    ]
    assert filters == [("kind", "Briefing"), ("location", "Syria"), ("year", "2015")]
    assert block.find(".//b") is None  # a title's markup stays text


def test_an_undated_page_sorts_after_every_briefing() -> None:
    block = lxml.html.fragment_fromstring(str(search_block(SearchFields("Actor", "SOHR"))))
    assert [s.text for s in block.iterfind("span[@data-pagefind-sort]")] == [UNDATED]
    assert UNDATED < "0001-01-01"
