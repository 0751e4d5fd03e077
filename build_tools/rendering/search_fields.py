"""What the site search reads from a page, written as attributes of the page itself.

The search index is built from the finished HTML (Pagefind, after the engine has
written the site), so a page says here what is indexed and how: the page block that
is indexed (``data-pagefind-body``: every other page is left out), the blocks inside
it that are not (listings, pagers: their titles are indexed on their own pages), the
headings that rank an entity's own page first for its names, and a hidden block of
filters and metadata the search page shows. The hidden block is never indexed as
words: a briefing is found by the names and aliases it shows in its facts list.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

from build_tools.format.model import Briefing
from build_tools.rendering.context import RenderContext
from build_tools.rendering.markup import Html, date_text, element, join, text

INDEXED = "data-pagefind-body"  # on a page block: this page is in the index
IGNORED = "data-pagefind-ignore"  # on a block of an indexed page: its words are not
NAME_WEIGHT = "10"  # Pagefind's highest: an entity's name and aliases on its own page
NAME_FIELD = "name"  # the metadata a page ranks by for the words of its title
# What Pagefind's script removes from a query before it searches (dashes, brackets,
# quotes and other punctuation), as Unicode categories.
_QUERY_PUNCTUATION = frozenset({"Pd", "Pe", "Pf", "Pi", "Po", "Ps"})
# The date an undated page (an actor's, a help page) sorts by: after every briefing
# when newest come first. Pagefind leaves a page without the sort key out of a sorted
# search, so browsing the search page by kind "Actor" found nothing.
UNDATED = "0000-00-00"


@dataclass(frozen=True, slots=True)
class SearchFields:
    """A page's entry in the search: the kind shown beside it, a date, its filters."""

    kind: str  # shown with each result and a filter of its own: "Briefing", "Actor", …
    name: str  # the page's title: a briefing's, an entity's name, a help page's
    date: dt.date | None = None
    filters: tuple[tuple[str, str], ...] = ()  # (filter, value), e.g. ("location", "Syria")


def weighted(content: Html, tag: str = "h1") -> Html:
    """An entity's name (or its aliases) as words that outrank the same words elsewhere."""
    return element(tag, content, data_pagefind_weight=NAME_WEIGHT)


def ranked_name(name: str) -> str:
    """A page's title as Pagefind ranks it: each word once, written as a query is.

    Pagefind boosts a page whose title holds the query's words, by how many of the
    title's words begin with a query's term. Its own title field keeps a joined word
    whole, joined and apart ("Syria–Iraq" is "syria–iraq", "syriairaq" and "syria"),
    so a briefing titled with "Syria–Iraq" outranked Syria's own page for "Syria".
    This field drops the punctuation Pagefind drops from a query ("al-Tanf" is
    searched as "altanf"), in lower case, which Pagefind would split again where the
    case changes ("alTanf"): each word is there once, as a query has it. The theme's
    script ranks by it in place of the title (``metaWeights``).
    """
    kept = "".join(c for c in name if unicodedata.category(c) not in _QUERY_PUNCTUATION)
    return " ".join(kept.lower().split())


def search_block(fields: SearchFields, *, title: str | None = None) -> Html:
    """The hidden block of metadata and filters; values are escaped text like any other.
    ``title``: the title results show, when it is not the page's first heading."""
    parts = [] if title is None else [element("span", text(title), data_pagefind_meta="title")]
    parts += [
        element("span", text(ranked_name(fields.name)), data_pagefind_meta=NAME_FIELD),
        element("span", text(fields.kind), data_pagefind_meta="kind"),
        element("span", text(fields.kind), data_pagefind_filter="kind"),
    ]
    if fields.date is not None:
        parts.append(element("span", text(date_text(fields.date)), data_pagefind_meta="date"))
    sorted_by = UNDATED if fields.date is None else fields.date.isoformat()
    parts.append(element("span", text(sorted_by), data_pagefind_sort="date"))
    parts += [
        element("span", text(value), data_pagefind_filter=name) for name, value in fields.filters
    ]
    return element("div", join(parts), hidden="", **{IGNORED: ""})


def briefing_fields(context: RenderContext, item: Briefing) -> SearchFields:
    """Filters by every listed actor, tag and place, and every place that contains one:
    a reader filtering by Syria finds the briefing filed under a town in Idlib."""
    archive = context.index.archive
    places = dict.fromkeys(
        place
        for listed in item.locations
        for place in (listed, *context.index.places_around[listed])
    )
    filters = [("actor", archive.actors[a].name) for a in item.actors]
    filters += [("location", archive.locations[p].name) for p in places]
    filters += [("tag", tag) for tag in item.tags]
    filters.append(("year", str(item.year)))
    return SearchFields("Briefing", item.title, item.date, tuple(filters))
