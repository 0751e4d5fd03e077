"""Pieces shared by several pages: entity links, briefing lists, pagers, feed buttons.

Every link is relative to the page it appears on (``urls.relative``), so the site
works under any host and any path prefix.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from typing import TypeVar

from build_tools.format import urls
from build_tools.format.model import Briefing, Location, Quote, Source
from build_tools.indexing.index import reading_order
from build_tools.rendering.context import RenderContext
from build_tools.rendering.markup import (
    EMPTY,
    Html,
    element,
    external_link,
    join,
    link,
    text,
    time_element,
)
from build_tools.rendering.search_fields import IGNORED

T = TypeVar("T")

PAGER_WINDOW = 2  # page numbers shown either side of the current one


def pages_of(items: Sequence[T], size: int) -> list[Sequence[T]]:
    """``items`` cut into pages of ``size``; an empty listing is still one (empty) page."""
    return [items[start : start + size] for start in range(0, len(items), size)] or [items[:0]]


def month_pages(listing: tuple[Briefing, ...], size: int) -> dict[int, int]:
    """Each month of a year's listing: the page (:func:`urls.older`) on which a reader
    going down the listing meets it first."""
    pages: dict[int, int] = {}
    for number, chunk in reading_order(listing, size):
        for item in chunk:
            pages.setdefault(item.date.month, number)
    return pages


def aliases(names: Sequence[str]) -> Html:
    if not names:
        return EMPTY
    return element("span", text(f"({', '.join(names)})"), cls="ba-aliases")


def _entity(href: str | None, name: str, names: Sequence[str], with_aliases: bool) -> Html:
    """An entity's name, linked to its page when it has one, with its aliases if asked."""
    shown = link(href, text(name)) if href is not None else element("span", text(name))
    if with_aliases and names:
        return Html(f"{shown} {aliases(names)}")
    return shown


def actor_link(context: RenderContext, from_url: str, actor_id: str, *, with_aliases: bool) -> Html:
    """An actor gets a page only when a published briefing lists it; otherwise plain text."""
    actor = context.index.archive.actors[actor_id]
    href = (
        urls.relative(from_url, urls.actor(actor_id))
        if actor_id in context.index.by_actor_and_affiliates
        else None
    )
    return _entity(href, actor.name, actor.aliases, with_aliases)


def location_link(
    context: RenderContext, from_url: str, location_id: str, *, with_aliases: bool
) -> Html:
    place = context.index.archive.locations[location_id]
    href = (
        urls.relative(from_url, urls.location(location_id))
        if location_id in context.index.by_location_and_within
        else None
    )
    return _entity(href, place.name, place.aliases, with_aliases)


def tag_link(from_url: str, tag: str) -> Html:
    return link(urls.relative(from_url, urls.tag(tag)), text(tag), cls="md-tag ba-tag")


def briefing_link(from_url: str, item: Briefing) -> Html:
    return link(urls.relative(from_url, urls.briefing(item)), text(item.title))


def briefing_item(
    context: RenderContext,
    from_url: str,
    item: Briefing,
    *,
    summary: bool = True,
    note: Html = EMPTY,
) -> Html:
    """A briefing's entry in a list; ``note`` marks why it is listed there."""
    parts = context.list_items.get((item.id, summary))
    if parts is None:
        parts = context.list_items[(item.id, summary)] = _item_parts(item, summary=summary)
    title, date, described = parts
    href = html.escape(urls.relative(from_url, urls.briefing(item)), quote=True)
    via = f' <span class="ba-item__via">{note}</span>' if note else ""
    return Html(
        f'<li class="ba-item"><a href="{href}" class="ba-item__title">{title}</a>'
        f"{date}{via}{described}</li>"
    )


def _item_parts(item: Briefing, *, summary: bool) -> tuple[str, str, str]:
    """What a briefing's entry is on every page, around its link and note: written
    once a build, as the busiest briefings are listed on hundreds of pages."""
    date = f" {element('span', time_element(item.date), cls='ba-item__date')}"
    described = f" {element('p', text(item.summary), cls='ba-item__summary')}" if summary else ""
    return text(item.title), date, described


def briefing_list(
    context: RenderContext,
    from_url: str,
    items: Iterable[Briefing],
    *,
    summary: bool = True,
    notes: Mapping[str, Html] | None = None,
) -> Html:
    """A list of briefings; ``notes`` (briefing id → markup) marks an item with why it
    is listed here, e.g. the places within a location that it happened at."""
    given = notes or {}
    entries = [
        briefing_item(context, from_url, item, summary=summary, note=given.get(item.id, EMPTY))
        for item in items
    ]
    if not entries:
        return element("p", text("No briefings yet."), cls="ba-empty")
    return element("ul", join(entries, Html("\n")), cls="ba-list")


def with_count(content: Html, count: str) -> Html:
    return Html(f"{content} {element('span', text(count), cls='ba-count')}")


def counted_links(entries: Iterable[tuple[Html, int]]) -> Html:
    """``Name 3, Other 1``: an entity and how many briefings it shares."""
    items = [element("li", with_count(anchor, f"{n:,}")) for anchor, n in entries]
    return element("ul", join(items, Html("\n")), cls="ba-inline-list") if items else EMPTY


def pager(from_url: str, base_url: str, number: int, total: int) -> Html:
    """Newer/older links and a window of page numbers; nothing for a single page."""
    if total <= 1:
        return EMPTY

    def to(page: int) -> str:
        return urls.relative(from_url, urls.paged(base_url, page))

    shown = sorted(
        {1, total, *range(max(1, number - PAGER_WINDOW), min(total, number + PAGER_WINDOW) + 1)}
    )
    numbers: list[Html] = []
    previous = 0
    for page in shown:
        if page - previous > 1:
            numbers.append(element("span", text("…"), cls="ba-pager__gap"))
        if page == number:
            numbers.append(element("span", text(str(page)), cls="ba-pager__current"))
        else:
            numbers.append(link(to(page), text(str(page))))
        previous = page
    parts: list[Html] = []
    if number > 1:
        parts.append(element("a", text("← Newer"), href=to(number - 1), rel="prev"))
    parts.append(element("span", join(numbers, Html(" ")), cls="ba-pager__numbers"))
    if number < total:
        parts.append(element("a", text("Older →"), href=to(number + 1), rel="next"))
    return element(
        "nav", join(parts, Html(" ")), cls="ba-pager", aria_label=f"Page {number} of {total}"
    )


def older_pager(
    from_url: str, base_url: str, number: int, *, older_pages: int = 0, newer_pages: int = 0
) -> Html:
    """The pager of a listing whose older pages count from the oldest
    (:func:`~build_tools.indexing.index.older_page`), in reading order: "Newest" (the
    listing itself, ``number`` 0, with ``older_pages`` below it), then the older pages
    from the newest down to 1. An older page knows only ``newer_pages`` above it, up
    to ``PAGER_WINDOW + 1``: what it shows does not change as pages are added on top."""
    if number == 0 and older_pages == 0:
        return EMPTY

    def to(page: int) -> str:
        return urls.relative(from_url, urls.older(base_url, page))

    def number_link(page: int) -> Html:
        label = text("Newest" if page == 0 else str(page))
        if page == number:
            return element("span", label, cls="ba-pager__current", aria_current="page")
        return link(to(page), label)

    gap = element("span", text("…"), cls="ba-pager__gap")
    here = number or older_pages + 1  # the first page sits above the newest older page
    shown: list[Html] = [number_link(0)]
    if number:
        if newer_pages > PAGER_WINDOW:
            shown.append(gap)
        top = number + min(newer_pages, PAGER_WINDOW)
        shown.extend(number_link(page) for page in range(top, number - 1, -1))
    lowest = max(1, here - PAGER_WINDOW)
    shown.extend(number_link(page) for page in range(here - 1, lowest - 1, -1))
    if lowest > 2:
        shown.append(gap)
    if lowest > 1:
        shown.append(number_link(1))
    parts: list[Html] = []
    if number:
        newer = number + 1 if newer_pages else 0
        parts.append(element("a", text("← Newer"), href=to(newer), rel="prev"))
    parts.append(element("span", join(shown, Html(" ")), cls="ba-pager__numbers"))
    if here > 1:
        parts.append(element("a", text("Older →"), href=to(here - 1), rel="next"))
    return element("nav", join(parts, Html(" ")), cls="ba-pager", aria_label="Pages of briefings")


def feed_button(from_url: str, feed_url: str, label: str) -> Html:
    """Material's own button style: the subscribe link is the one call to action."""
    return link(urls.relative(from_url, feed_url), text(label), cls="md-button ba-feed")


def page_heading(title: str, subtitle: Html = EMPTY) -> Html:
    heading = element("h1", text(title))
    return Html(f"{heading}\n{element('p', subtitle, cls='ba-meta')}") if subtitle else heading


def listing_section(heading: str, content: Html, *, searchable: bool = False) -> Html:
    """A titled block of links; its words are left out of the search index unless asked:
    they repeat titles and summaries indexed on the briefings' own pages."""
    attributes: dict[str, str | None] = {"cls": "ba-section"}
    if not searchable:
        attributes[IGNORED] = ""
    return element("section", Html(f"{element('h2', text(heading))}\n{content}"), **attributes)


def page_title(base: str, number: int) -> str:
    return base if number == 1 else f"{base} — page {number}"


def kind_label(kind: str) -> str:
    return kind.replace("-", " ").capitalize()


def place_chain(context: RenderContext, from_url: str, place: Location) -> Html:
    """``Homs Governorate › Syria``: what a location lies within, innermost first."""
    around = context.index.places_around[place.id]
    links = (location_link(context, from_url, p, with_aliases=False) for p in around)
    return join(links, Html(" › "))


def quote_figure(
    context: RenderContext,
    from_url: str,
    quote: Quote,
    *,
    briefing: Briefing | None = None,
    speaker: bool = True,
) -> Html:
    """A quote with its attribution: speaker, context, date, source and (elsewhere) briefing."""
    attribution: list[Html] = []
    if speaker:
        attribution.append(actor_link(context, from_url, quote.speaker, with_aliases=False))
    if quote.context:
        attribution.append(text(quote.context))
    if quote.date is not None:
        attribution.append(time_element(quote.date))
    if quote.source:
        attribution.append(element("cite", text(quote.source)))
    if briefing is not None:
        attribution.append(Html(f"in {briefing_link(from_url, briefing)}"))
    body = element("blockquote", element("p", text(quote.text)))
    if attribution:
        caption = element("figcaption", Html("— " + join(attribution, Html(", "))))
        body = Html(f"{body}\n{caption}")
    return element("figure", body, cls="ba-quote")


def source_citation(source: Source) -> Html:
    """``Channel 4 News, ‘Islamic State captures …’, 22 May 2015``: what a reader needs to
    find the source; the headline (or, without one, the name) links to its address."""
    name = text(source.name)
    title = element("cite", text(f"‘{source.title}’")) if source.title else EMPTY
    if source.url:
        if title:
            title = external_link(source.url, title)
        else:
            name = external_link(source.url, name)
    parts = [name, title, time_element(source.date) if source.date is not None else EMPTY]
    return join((part for part in parts if part), Html(", "))
