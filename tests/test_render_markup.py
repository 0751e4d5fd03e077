"""The HTML building blocks: escaping, attributes, and the one-block page."""

from __future__ import annotations

import datetime as dt
import re

import lxml.html
import markdown
import pytest

from build_tools.rendering.markup import (
    Html,
    date_text,
    element,
    page_block,
    text,
    time_element,
)


def test_text_escapes_markup_and_quotes() -> None:
    assert (
        text("""<a href="x">'&'</a>""") == "&lt;a href=&quot;x&quot;&gt;&#x27;&amp;&#x27;&lt;/a&gt;"
    )


def test_element_escapes_attribute_values_and_names_them() -> None:
    made = element("a", text("x"), href='"><script>', cls="c", data_search_exclude="", rel=None)
    assert made == '<a href="&quot;&gt;&lt;script&gt;" class="c" data-search-exclude="">x</a>'


def test_dates_are_spelt_out_whatever_the_locale() -> None:
    assert date_text(dt.date(2015, 3, 1)) == "1 March 2015"
    moment = dt.datetime(2015, 5, 23, 9, 30, tzinfo=dt.UTC)
    assert time_element(moment) == '<time datetime="2015-05-23T09:30:00+00:00">23 May 2015</time>'


@pytest.mark.parametrize(
    "inner",
    [
        "<pre><code>line one\n\nline three\n\n\n   \nend</code></pre>",
        "<p>a\r\nb\rc</p>",
        "<p>tab\t\n\t\nafter</p>",
    ],
)
def test_a_page_is_one_block_without_blank_lines_and_means_the_same(inner: str) -> None:
    block = page_block("test", Html(inner))
    lines = block.rstrip("\n").split("\n")
    assert all(line.strip(" \t") for line in lines)
    assert block.endswith("</div>\n\n")

    def words(fragment: str) -> str:
        first = lxml.html.fragment_fromstring(fragment, create_parent="div")
        return str(first.text_content()).strip().replace("\r\n", "\n").replace("\r", "\n")

    assert words(block) == words(inner)
    # Python-Markdown passes the block through, only expanding tabs as it always does.
    through_markdown = markdown.markdown(block, extensions=["attr_list", "md_in_html"])
    assert re.sub("[ \t]+", " ", words(through_markdown)) == re.sub("[ \t]+", " ", words(inner))
