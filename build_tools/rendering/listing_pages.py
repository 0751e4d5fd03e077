"""The ways into the archive: home, archive by date, indexes, corrections.

All are kept out of the search index (they repeat what the briefings and entity
pages already hold) and every list that grows with the archive is paginated.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from build_tools.format import urls
from build_tools.format.model import Briefing
from build_tools.format.pages import FeedLink, Page
from build_tools.indexing.index import (
    CorrectionRef,
    older_page,
    older_page_count,
)
from build_tools.rendering.context import RenderContext
from build_tools.rendering.markup import (
    EMPTY,
    Html,
    count_text,
    element,
    join,
    link,
    month_name,
    page_block,
    text,
    time_element,
)
from build_tools.rendering.parts import (
    PAGER_WINDOW,
    aliases,
    briefing_link,
    briefing_list,
    feed_button,
    kind_label,
    month_pages,
    older_pager,
    page_title,
    pager,
    pages_of,
    with_count,
)

CORRECTIONS_FEED = FeedLink(urls.CORRECTIONS_FEED, "Corrections")


def _span_of_years(items: Sequence[Briefing]) -> str:
    if not items:
        return ""
    first, last = items[-1].date.year, items[0].date.year
    return f" from {first} to {last}" if first != last else f" from {first}"


def _month_anchor(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _year_section(year: int, items: tuple[Briefing, ...], size: int) -> Html:
    """A year on ``/archive/``: its count, and each month's, linked to the page of the
    year's listing where the month starts."""
    month_page = month_pages(items, size)
    months = []
    for month, group in itertools.groupby(items, key=lambda b: b.date.month):
        target = urls.older(urls.archive_year(year), month_page[month])
        href = urls.relative(urls.ARCHIVE, target) + f"#{_month_anchor(year, month)}"
        label = link(href, text(month_name(year, month)))
        months.append(element("li", with_count(label, str(len(list(group))))))
    heading = link(urls.relative(urls.ARCHIVE, urls.archive_year(year)), text(str(year)))
    return element(
        "section",
        join(
            [
                element("h2", with_count(heading, count_text(len(items), "briefing"))),
                element("ul", join(months, Html("\n")), cls="ba-inline-list"),
            ],
            Html("\n"),
        ),
        cls="ba-section",
    )


def render_archive(context: RenderContext) -> Page:
    """``/archive/``: years and months with counts. Each year's pages are its own
    (:func:`render_year`, :func:`render_year_older`)."""
    index = context.index
    size = context.settings.page_size
    years = [_year_section(year, items, size) for year, items in index.by_year.items()]
    total = len(index.briefings)
    body = (
        join(years, Html("\n"))
        if years
        else element("p", text("No briefings yet."), cls="ba-empty")
    )
    return Page(
        url=urls.ARCHIVE,
        title="Archive",
        description=f"Every briefing in {context.settings.site_name}, by year and month.",
        html=page_block(
            "archive",
            element("h1", text("Archive")),
            element(
                "p",
                text(
                    f"{count_text(total, 'briefing')}{_span_of_years(index.briefings)}, "
                    "by year and month."
                ),
                cls="ba-meta",
            ),
            context.graphics.timeline_for(urls.ARCHIVE),
            body,
        ),
        kind="archive",
        search=False,
    )


def _month_sections(
    context: RenderContext,
    page_url: str,
    year: int,
    chunk: Sequence[Briefing],
    begun: int | None,
) -> list[Html]:
    """A section for each month of one page of a year; the month ``begun`` on the page
    above is headed as continued."""
    groups: list[Html] = []
    for month, group in itertools.groupby(chunk, key=lambda b: b.date.month):
        label = month_name(year, month)
        heading = (
            Html(f"{text(label)} {element('small', text('(continued)'))}")
            if month == begun
            else text(label)
        )
        groups.append(
            element(
                "section",
                Html(
                    f"{element('h2', heading, id=_month_anchor(year, month))}\n"
                    f"{briefing_list(context, page_url, group)}"
                ),
                cls="ba-section",
            )
        )
    return groups


def _around_year(context: RenderContext, page_url: str, year: int) -> Html:
    """``All years · ← 2015 · 2017 →``: the way back to the archive and to the
    neighbouring years."""
    years = context.index.years
    position = years.index(year)
    around: list[Html] = [link(urls.relative(page_url, urls.ARCHIVE), text("All years"))]
    if position + 1 < len(years):
        older = years[position + 1]
        around.append(link(urls.relative(page_url, urls.archive_year(older)), text(f"← {older}")))
    if position > 0:
        newer = years[position - 1]
        around.append(link(urls.relative(page_url, urls.archive_year(newer)), text(f"{newer} →")))
    return join(around, Html(" · "))


def _year_page(
    context: RenderContext, year: int, number: int, title: str, meta: Html, *parts: Html
) -> Page:
    return Page(
        url=urls.older(urls.archive_year(year), number),
        title=title,
        description=f"Briefings of {year} in {context.settings.site_name}, by month.",
        html=page_block(
            "archive-year", element("h1", text(title)), element("p", meta, cls="ba-meta"), *parts
        ),
        kind="archive",
        search=False,
    )


def render_year(context: RenderContext, year: int) -> Page:
    """``/archive/YYYY/``: the year's newest briefings, by month, and its map."""
    base_url = urls.archive_year(year)
    size = context.settings.page_size
    items = context.index.by_year[year]
    around = _around_year(context, base_url, year)
    return _year_page(
        context,
        year,
        0,
        str(year),
        Html(f"{text(count_text(len(items), 'briefing'))} · {around}"),
        context.graphics.map_for(base_url),
        join(_month_sections(context, base_url, year, items[:size], None), Html("\n")),
        older_pager(base_url, base_url, 0, older_pages=older_page_count(len(items), size)),
    )


def render_year_older(context: RenderContext, year: int, number: int) -> Page:
    """Page ``number`` of a year's older briefings, counted from the oldest (the
    year's first days are on ``page/1/``): it keeps its briefings as the year grows."""
    base_url = urls.archive_year(year)
    page_url = urls.older(base_url, number)
    page = older_page(
        context.index.by_year, year, number, context.settings.page_size, PAGER_WINDOW + 1
    )
    begun = None if page.next_newer is None else page.next_newer.date.month
    return _year_page(
        context,
        year,
        number,
        f"{year} — page {number}",
        _around_year(context, page_url, year),
        join(_month_sections(context, page_url, year, page.items, begun), Html("\n")),
        older_pager(page_url, base_url, number, newer_pages=page.newer_pages),
    )


def _table(headings: Sequence[str], rows: Sequence[Sequence[Html]]) -> Html:
    head = element("tr", join(element("th", text(h)) for h in headings))
    body = join(
        (element("tr", join(element("td", cell) for cell in row)) for row in rows), Html("\n")
    )
    return element("table", Html(f"{element('thead', head)}\n{element('tbody', body)}"))


def _index_page(
    context: RenderContext, url: str, title: str, intro: str, table: Html, kind: str
) -> Page:
    return Page(
        url=url,
        title=title,
        description=f"{intro} — {context.settings.site_name}",
        html=page_block(
            kind,
            element("h1", text(title)),
            element("p", text(intro), cls="ba-meta"),
            table,
        ),
        kind=kind,
        search=False,
    )


def render_actor_index(context: RenderContext) -> Page:
    index = context.index
    actors = sorted(
        (index.archive.actors[a] for a in index.by_actor_and_affiliates),
        key=lambda a: (a.name.casefold(), a.id),
    )
    rows = [
        [
            Html(
                f"{link(urls.relative(urls.ACTORS, urls.actor(a.id)), text(a.name))} "
                f"{aliases(a.aliases)}"
            ),
            text(kind_label(a.kind)),
            text(f"{len(index.by_actor.get(a.id, ())):,}"),
            text(f"{len(index.by_actor_and_affiliates[a.id]):,}"),
        ]
        for a in actors
    ]
    intro = (
        f"{count_text(len(actors), 'actor')}, with the number of briefings that list each "
        "directly, and including those of the actors affiliated with it."
    )
    return _index_page(
        context,
        urls.ACTORS,
        "Actors",
        intro,
        _table(("Actor", "Kind", "Briefings", "With affiliated actors"), rows),
        "actors",
    )


def render_location_index(context: RenderContext) -> Page:
    index = context.index
    places = sorted(
        (index.archive.locations[p] for p in index.by_location_and_within),
        key=lambda p: (p.name.casefold(), p.id),
    )
    rows = [
        [
            Html(
                f"{link(urls.relative(urls.LOCATIONS, urls.location(p.id)), text(p.name))} "
                f"{aliases(p.aliases)}"
            ),
            text(kind_label(p.kind)),
            text(p.country or ""),
            text(f"{len(index.by_location.get(p.id, ())):,}"),
            text(f"{len(index.by_location_and_within[p.id]):,}"),
        ]
        for p in places
    ]
    intro = (
        f"{count_text(len(places), 'location')}, with the number of briefings at each "
        "directly, and including those at the places within it."
    )
    table = _table(("Location", "Kind", "Country", "Briefings", "With places within"), rows)
    return _index_page(context, urls.LOCATIONS, "Locations", intro, table, "locations")


def render_tag_index(context: RenderContext) -> Page:
    index = context.index
    rows = [
        [
            link(urls.relative(urls.TAGS, urls.tag(tag)), text(tag), cls="md-tag ba-tag"),
            text(f"{len(items):,}"),
        ]
        for tag, items in sorted(index.by_tag.items())
    ]
    intro = f"{count_text(len(rows), 'tag')}, with the number of briefings on each."
    return _index_page(
        context, urls.TAGS, "Tags", intro, _table(("Tag", "Briefings"), rows), "tags"
    )


def _correction_list(page_url: str, chunk: Sequence[CorrectionRef]) -> Html:
    entries = [
        element(
            "li",
            Html(
                f"{time_element(ref.correction.date)} · "
                f"{briefing_link(page_url, ref.briefing)}"
                f"{element('p', text(ref.correction.note))}"
            ),
            cls="ba-item",
        )
        for ref in chunk
    ]
    if not entries:
        return element("p", text("No corrections so far."), cls="ba-empty")
    return element("ul", join(entries, Html("\n")), cls="ba-list")


def render_corrections(context: RenderContext) -> list[Page]:
    """``/corrections/``: the public record of what was corrected, newest first."""
    refs = context.index.corrections
    chunks = pages_of(refs, context.settings.page_size)
    result: list[Page] = []
    for number, chunk in enumerate(chunks, start=1):
        page_url = urls.paged(urls.CORRECTIONS, number)
        listing = _correction_list(page_url, chunk)
        title = page_title("Corrections", number)
        result.append(
            Page(
                url=page_url,
                title=title,
                description=f"Every correction made to {context.settings.site_name}, newest first.",
                html=page_block(
                    "corrections",
                    element("h1", text(title)),
                    element(
                        "p",
                        text(
                            f"{count_text(len(refs), 'correction')}, newest first. When a "
                            "briefing is corrected, the correction is noted on the briefing "
                            "and listed here."
                        ),
                        cls="ba-meta",
                    ),
                    element(
                        "p", feed_button(page_url, urls.CORRECTIONS_FEED, "Corrections feed (RSS)")
                    )
                    if number == 1
                    else EMPTY,
                    listing,
                    pager(page_url, urls.CORRECTIONS, number, len(chunks)),
                ),
                kind="corrections",
                search=False,
                feeds=(CORRECTIONS_FEED,),
            )
        )
    return result
