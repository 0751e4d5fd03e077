"""Briefings per month as an SVG bar chart, with the same numbers as a table.

Every bar of a month with briefings links to that month in the archive
(``/archive/YYYY/#YYYY-MM``, on the page of the year's listing where the month
starts). Charts of actors, places and tags span the whole archive, so two of them
compare at a glance and each shows where in the archive's time its subject sits.
"""

from __future__ import annotations

import functools
import html
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from build_tools.format.model import Briefing
from build_tools.rendering.markup import (
    EMPTY,
    MONTHS,
    Html,
    count_text,
    element,
    join,
    month_name,
    text,
)

Month = tuple[int, int]  # (year, month)
CHART_WIDTH = 720.0
BARS_HEIGHT = 90.0
AXIS_HEIGHT = 22.0
TOP = 16.0
MAX_SLOT = 24.0  # a short archive's months stay bars, not blocks


@dataclass(frozen=True, slots=True)
class Span:
    first: Month
    last: Month

    def months(self) -> list[Month]:
        result: list[Month] = []
        year, month = self.first
        while (year, month) <= self.last:
            result.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return result


def span_of(briefings: Iterable[Briefing]) -> Span | None:
    months = [(b.date.year, b.date.month) for b in briefings]
    if not months:
        return None
    return Span(min(months), max(months))


def month_counts(briefings: Iterable[Briefing]) -> Counter[Month]:
    return Counter((b.date.year, b.date.month) for b in briefings)


def _n(value: float) -> str:
    return f"{round(value, 1):g}"


def _year_step(years: int) -> int:
    for step in (1, 2, 5, 10, 20, 50):
        if years / step <= 12:
            return step
    return 100


@functools.lru_cache(maxsize=16)
def _frame(span: Span) -> tuple[float, str]:
    """The slot width a month and the year ticks of ``span``: the same for every chart
    of an archive (they all span it), so drawn once. A pure function, memoised."""
    months = span.months()
    slot = min(MAX_SLOT, CHART_WIDTH / len(months))
    base = TOP + BARS_HEIGHT
    height = base + AXIS_HEIGHT
    step = _year_step(span.last[0] - span.first[0] + 1)
    ticks: list[Html] = []
    for position, month in enumerate(months):
        x = position * slot
        if month[1] == 1 or position == 0:
            ticks.append(element("line", x1=_n(x), x2=_n(x), y1=_n(base), y2=_n(base + 5)))
            if month[0] % step == 0 or position == 0:
                ticks.append(element("text", text(str(month[0])), x=_n(x + 2), y=_n(height - 4)))
    axis = element(
        "line", x1="0", x2=_n(CHART_WIDTH), y1=_n(base), y2=_n(base), cls="ba-chart__axis"
    )
    return slot, axis + element("g", join(ticks), cls="ba-chart__ticks", aria_hidden="true")


def _bars(
    shown: Sequence[tuple[Month, int]],
    most: int,
    span: Span,
    slot: float,
    href_of: Callable[[Month], str | None],
) -> list[str]:
    """A bar for each month of ``shown`` with briefings, ``most`` reaching the top,
    each with its month and count as a tooltip and a link where ``href_of`` gives one."""
    gap = min(1.5, slot * 0.2)
    months = span.months()
    first = months[0][0] * 12 + months[0][1] - 1
    base = TOP + BARS_HEIGHT
    bars: list[str] = []
    for month, count in sorted(shown):
        x = (month[0] * 12 + month[1] - 1 - first) * slot
        bar_height = max(2.0, BARS_HEIGHT * count / most)
        named = (
            f"<title>{month_name(*month)}: {count_text(count, 'briefing')}</title>"
            f'<rect x="{_n(x + gap / 2)}" y="{_n(base - bar_height)}" '
            f'width="{_n(slot - gap)}" height="{_n(bar_height)}"></rect>'
        )
        href = href_of(month)
        bars.append(
            f'<a href="{html.escape(href)}">{named}</a>' if href is not None else f"<g>{named}</g>"
        )
    return bars


def draw_timeline(
    counts: Mapping[Month, int],
    span: Span,
    href_of: Callable[[Month], str | None],
    *,
    title: str,
    description: str,
    id_prefix: str,
) -> Html:
    """The bar chart: one bar a month of ``span``, the tallest the month with most.

    Bars are written directly (numbers and the archive's own month names only): a
    site has a chart on every actor, place and tag page."""
    slot, frame = _frame(span)
    shown = [(m, n) for m, n in counts.items() if span.first <= m <= span.last and n > 0]
    most = max((n for _, n in shown), default=1)
    bars = _bars(shown, most, span, slot, href_of)
    height = TOP + BARS_HEIGHT + AXIS_HEIGHT
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    scale = element("text", text(f"{most:,} a month"), x="0", y="11", cls="ba-chart__scale")
    body = join(
        [
            element("title", text(title), id=title_id),
            element("desc", text(description), id=desc_id),
            element(
                "line", x1="0", x2=_n(CHART_WIDTH), y1=_n(TOP), y2=_n(TOP), cls="ba-chart__grid"
            ),
            scale,
            element("g", Html("".join(bars)), cls="ba-chart__bars"),
            Html(frame),
        ]
    )
    return element(
        "svg",
        body,
        cls="ba-chart",
        viewBox=f"0 0 {_n(CHART_WIDTH)} {_n(height)}",
        role="group",
        aria_labelledby=f"{title_id} {desc_id}",
    )


_TABLE_HEAD = element(
    "tr",
    join(
        [element("th", text("Year"), scope="col")]
        + [element("th", element("abbr", text(m[:3]), title=m), scope="col") for m in MONTHS]
        + [element("th", text("Total"), scope="col")]
    ),
)


def month_table(
    counts: Mapping[Month, int], span: Span, href_of: Callable[[Month], str | None], caption: str
) -> Html:
    """The chart's numbers: a row a year, a column a month; each count links like its bar."""
    rows: list[str] = []
    for year in range(span.first[0], span.last[0] + 1):
        cells = [f'<th scope="row">{year}</th>']
        total = 0
        for month in range(1, 13):
            count = counts.get((year, month), 0)
            total += count
            href = href_of((year, month)) if count else None
            if href is not None:
                cells.append(f'<td><a href="{html.escape(href)}">{count:,}</a></td>')
            else:
                cells.append(f"<td>{count:,}</td>" if count else "<td>–</td>")
        cells.append(f"<td>{total:,}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return element(
        "table",
        Html(
            element("caption", text(caption))
            + element("thead", _TABLE_HEAD)
            + element("tbody", Html("\n".join(rows)))
        ),
        cls="ba-chart__table",
    )


def timeline_block(
    counts: Mapping[Month, int],
    span: Span | None,
    href_of: Callable[[Month], str | None],
    *,
    subject: str,
    id_prefix: str,
) -> Html:
    """The chart of ``counts`` (briefings by month) and, behind a disclosure, its table:
    nothing when there is nothing to count."""
    if span is None or not counts:
        return EMPTY
    busiest = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
    first, last = min(counts), max(counts)
    when = (
        f"from {month_name(*first)} to {month_name(*last)}; the most in "
        f"{month_name(*busiest[0])} ({busiest[1]:,})"
        if first != last
        else f"all in {month_name(*first)}"
    )
    archive_span = (
        f"{month_name(*span.first)} to {month_name(*span.last)}"
        if span.first != span.last
        else month_name(*span.first)
    )
    description = (
        f"{count_text(sum(counts.values()), 'briefing')} {subject}, {when}. "
        f"Each bar is a month of the archive ({archive_span})."
    )
    title = f"Briefings {subject} per month"
    chart = draw_timeline(
        counts, span, href_of, title=title, description=description, id_prefix=id_prefix
    )
    table = month_table(counts, span, href_of, f"{title}, by year")
    summary = element("summary", text("The same numbers as a table"))
    figure = element(
        "figure",
        Html(chart + element("figcaption", text(description))),
        cls="ba-graphic ba-timeline",
    )
    # After the figure, not in it: a figure's caption must be its first or last child.
    details = element("details", Html(summary + element("div", table, cls="ba-graphic__scroll")))
    return Html(figure + details)
