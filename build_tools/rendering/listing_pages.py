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
from build_tools.indexing.index import CorrectionRef
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
    aliases,
    briefing_link,
    briefing_list,
    feed_button,
    kind_label,
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


def _year_chunks(context: RenderContext, year: int) -> list[Sequence[Briefing]]:
    return pages_of(context.index.by_year[year], context.settings.page_size)


def _month_anchor(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _year_section(
    year: int, items: Sequence[Briefing], chunks: Sequence[Sequence[Briefing]]
) -> Html:
    """A year on ``/archive/``: its count, and each month's, linked to the page of the
    year's listing where the month starts."""
    month_page: dict[int, int] = {}
    for number, chunk in enumerate(chunks, start=1):
        for item in chunk:
            month_page.setdefault(item.date.month, number)
    months = []
    for month, group in itertools.groupby(items, key=lambda b: b.date.month):
        target = urls.paged(urls.archive_year(year), month_page[month])
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


def render_archive(context: RenderContext) -> list[Page]:
    """``/archive/`` (years and months with counts) and ``/archive/YYYY/`` pages."""
    index = context.index
    result: list[Page] = []
    years: list[Html] = []
    for year, items in index.by_year.items():
        chunks = _year_chunks(context, year)
        years.append(_year_section(year, items, chunks))
        result.extend(_year_pages(context, year, chunks))
    total = len(index.briefings)
    body = (
        join(years, Html("\n"))
        if years
        else element("p", text("No briefings yet."), cls="ba-empty")
    )
    result.insert(
        0,
        Page(
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
        ),
    )
    return result


def _month_sections(
    context: RenderContext,
    page_url: str,
    year: int,
    chunk: Sequence[Briefing],
    seen_months: set[int],
) -> list[Html]:
    """A section for each month of one page of a year; a month begun on an earlier
    page (in ``seen_months``, which this adds to) is headed as continued."""
    groups: list[Html] = []
    for month, group in itertools.groupby(chunk, key=lambda b: b.date.month):
        label = month_name(year, month)
        heading = (
            Html(f"{text(label)} {element('small', text('(continued)'))}")
            if month in seen_months
            else text(label)
        )
        seen_months.add(month)
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


def _around_year(page_url: str, newer_year: int | None, older_year: int | None) -> list[Html]:
    """``All years · ← 2015 · 2017 →``: the way back to the archive and to the
    neighbouring years."""
    around: list[Html] = [link(urls.relative(page_url, urls.ARCHIVE), text("All years"))]
    if newer_year is not None:
        around.append(
            link(urls.relative(page_url, urls.archive_year(newer_year)), text(f"{newer_year} →"))
        )
    if older_year is not None:
        around.insert(
            1,
            link(urls.relative(page_url, urls.archive_year(older_year)), text(f"← {older_year}")),
        )
    return around


def _year_pages(
    context: RenderContext, year: int, chunks: Sequence[Sequence[Briefing]]
) -> list[Page]:
    base_url = urls.archive_year(year)
    years = list(context.index.by_year)
    position = years.index(year)
    newer_year = years[position - 1] if position > 0 else None
    older_year = years[position + 1] if position + 1 < len(years) else None
    result: list[Page] = []
    seen_months: set[int] = set()
    for number, chunk in enumerate(chunks, start=1):
        page_url = urls.paged(base_url, number)
        groups = _month_sections(context, page_url, year, chunk, seen_months)
        around = _around_year(page_url, newer_year, older_year)
        title = page_title(str(year), number)
        result.append(
            Page(
                url=page_url,
                title=title,
                description=f"Briefings of {year} in {context.settings.site_name}, by month.",
                html=page_block(
                    "archive-year",
                    element("h1", text(title)),
                    element(
                        "p",
                        Html(
                            text(count_text(len(context.index.by_year[year]), "briefing"))
                            + " · "
                            + join(around, Html(" · "))
                        ),
                        cls="ba-meta",
                    ),
                    context.graphics.map_for(page_url) if number == 1 else EMPTY,
                    join(groups, Html("\n")),
                    pager(page_url, base_url, number, len(chunks)),
                ),
                kind="archive",
                search=False,
            )
        )
    return result


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
