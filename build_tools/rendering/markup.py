"""The few HTML building blocks every page is made of, and the one place text is escaped.

``Html`` marks a string as markup the archive itself produced: contributor text only
becomes ``Html`` through :func:`text` (escaped) or the sanitised body. Functions that
build markup take ``Html`` for content, so the type checker refuses a raw title where
markup is expected; attribute values are escaped by :func:`element` itself.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
from collections.abc import Iterable
from typing import NewType

Html = NewType("Html", str)

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
EMPTY = Html("")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def text(value: str) -> Html:
    """Plain text as HTML: the only way contributor text enters a page."""
    return Html(html.escape(value, quote=True))


def join(parts: Iterable[Html], separator: Html = EMPTY) -> Html:
    return Html(separator.join(parts))


def element(tag: str, content: Html = EMPTY, **attributes: str | None) -> Html:
    """``<tag attr="…">content</tag>``; attribute names use ``_`` for ``-``, ``cls`` for class."""
    if not attributes:
        return Html(f"<{tag}>{content}</{tag}>")
    rendered = "".join(
        [
            f' {_attribute_name(name)}="{html.escape(value, quote=True)}"'
            for name, value in attributes.items()
            if value is not None
        ]
    )
    return Html(f"<{tag}{rendered}>{content}</{tag}>")


@functools.cache
def _attribute_name(name: str) -> str:
    return "class" if name == "cls" else name.rstrip("_").replace("_", "-")


def link(href: str, content: Html, cls: str | None = None, rel: str | None = None) -> Html:
    return element("a", content, href=href, cls=cls, rel=rel)


def external_link(href: str, content: Html) -> Html:
    """A link off the site: it must not leak the reader's path or hand over ``window.opener``."""
    return link(href, content, rel="nofollow noopener noreferrer")


def date_text(day: dt.date) -> str:
    """``21 May 2015``: spelt out, independent of the machine's locale."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def time_element(moment: dt.date | dt.datetime) -> Html:
    day = moment.date() if isinstance(moment, dt.datetime) else moment
    return element("time", text(date_text(day)), datetime=moment.isoformat())


def month_name(year: int, month: int) -> str:
    return f"{MONTHS[month - 1]} {year}"


def count_text(count: int, singular: str, plural: str | None = None) -> str:
    noun = singular if count == 1 else (plural or f"{singular}s")
    return f"{count:,} {noun}"


# The id of every page's block: where a "Skip to content" link leads.
PAGE_ID = "ba-page"


def page_block(kind: str, *parts: Html, indexed: bool = False) -> str:
    """A whole page as one raw HTML block at column 0, ended by a blank line; marked
    for the site search to index when ``indexed`` (see ``rendering.search_fields``).

    Python-Markdown and CommonMark engines pass such a block through untouched, so
    no Markdown extension ever parses contributor text on a page. A blank line
    inside would end the block early (CommonMark), so each is written as a line
    holding a character reference instead: the same text, never a blank line.
    The kind is a modifier (``ba-page--search``): as a bare ``ba-search`` it took the
    header search box's positioning, and Material then read every page heading as
    scrolled past.
    """
    indexed_attribute = " data-pagefind-body" if indexed else ""
    start = f'<div class="ba-page ba-page--{kind}" id="{PAGE_ID}"{indexed_attribute}>'
    return one_block("\n".join([start, *(p for p in parts if p), "</div>"]))


def one_block(block: str) -> str:
    """``block`` with no blank line inside and ended by one (see :func:`page_block`).

    Also after the page wall: its parser reads the character references back into
    the newlines and spaces they stand for, and this writes them as references again.
    """
    block = block.replace("\r\n", "\n").replace("\r", "&#13;")
    if not _BLANK_LINE.search(block):
        return block + "\n\n"
    lines = block.split("\n")
    out: list[str] = []
    at = 0
    while at < len(lines):
        line = lines[at]
        if line.strip(" \t") == "":
            if line:
                line = line[:-1] + ("&#9;" if line[-1] == "\t" else "&#32;")
            elif at + 1 < len(lines):  # "\n" + "" + "\n": fold the second newline in
                at += 1
                line = "&#10;" + lines[at]
            else:
                line = "&#10;"
        out.append(line)
        at += 1
    return "\n".join(out) + "\n\n"
