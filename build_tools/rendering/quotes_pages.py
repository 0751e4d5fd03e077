"""``/quotes/``: every quote, by speaker, each linked to the briefing it comes from.

Quotes grow with the archive, so the listing is cut into pages of ``page_size``
quotes; a speaker's quotes may continue onto the next page. The layout is computed
once and shared with actor pages, which link to where their speaker's quotes start.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from build_tools.format import urls
from build_tools.format.pages import Page
from build_tools.indexing.index import QuoteRef
from build_tools.rendering.context import RenderContext
from build_tools.rendering.markup import (
    EMPTY,
    Html,
    count_text,
    element,
    join,
    link,
    page_block,
    text,
)
from build_tools.rendering.parts import (
    actor_link,
    counted_links,
    page_title,
    pager,
    pages_of,
    quote_figure,
)

TITLE = "Quotes"


@dataclass(frozen=True, slots=True)
class QuotesLayout:
    pages: tuple[Sequence[tuple[str, QuoteRef]], ...]  # (speaker, quote), speaker by speaker
    first_page: Mapping[str, int]  # speaker → number of the page their quotes start on

    def address_of(self, speaker: str) -> str:
        """Where a speaker's quotes start: a page of the listing and an anchor on it."""
        return f"{urls.paged(urls.QUOTES, self.first_page[speaker])}#{speaker_anchor(speaker)}"


def speaker_anchor(speaker: str) -> str:
    return f"by-{speaker}"


def quotes_layout(context: RenderContext) -> QuotesLayout:
    actors = context.index.archive.actors
    speakers = sorted(context.index.quotes_by_speaker, key=lambda s: (actors[s].name.casefold(), s))
    flat = [(s, ref) for s in speakers for ref in context.index.quotes_by_speaker[s]]
    pages = pages_of(flat, context.settings.page_size)
    first_page: dict[str, int] = {}
    for number, entries in enumerate(pages, start=1):
        for speaker, _ in entries:
            first_page.setdefault(speaker, number)
    return QuotesLayout(tuple(pages), first_page)


def _speaker_index(context: RenderContext, layout: QuotesLayout) -> Html:
    page_url = urls.QUOTES
    entries: list[tuple[Html, int]] = []
    for speaker, first in layout.first_page.items():
        name = context.index.archive.actors[speaker].name
        count = len(context.index.quotes_by_speaker[speaker])
        target = (
            urls.relative(page_url, layout.address_of(speaker))
            if first > 1
            else f"#{speaker_anchor(speaker)}"
        )
        entries.append((link(target, text(name)), count))
    return element(
        "nav",
        Html(f"{element('h2', text('Speakers'))}\n{counted_links(entries)}"),
        cls="ba-section",
        aria_label="Speakers",
    )


def _speaker_group(
    context: RenderContext,
    layout: QuotesLayout,
    page_url: str,
    number: int,
    speaker: str,
    refs: Sequence[QuoteRef],
) -> Html:
    heading = actor_link(context, page_url, speaker, with_aliases=False)
    if layout.first_page[speaker] < number:
        heading = Html(f"{heading} {element('small', text('(continued)'))}")
    figures = [
        quote_figure(context, page_url, ref.quote, briefing=ref.briefing, speaker=False)
        for ref in refs
    ]
    h2 = element("h2", heading, id=speaker_anchor(speaker))
    return element("section", join([h2, *figures], Html("\n")), cls="ba-section")


def render_quotes(context: RenderContext, layout: QuotesLayout) -> list[Page]:
    total_quotes = sum(len(v) for v in context.index.quotes_by_speaker.values())
    total = len(layout.pages)
    intro = element(
        "p",
        text(
            f"{count_text(total_quotes, 'quote')} from the briefings, by speaker; "
            "each links to the briefing it comes from."
        ),
        cls="ba-meta",
    )
    result: list[Page] = []
    for number, entries in enumerate(layout.pages, start=1):
        page_url = urls.paged(urls.QUOTES, number)
        groups = [
            _speaker_group(context, layout, page_url, number, speaker, [ref for _, ref in group])
            for speaker, group in itertools.groupby(entries, key=lambda entry: entry[0])
        ]
        html = page_block(
            "quotes",
            element("h1", text(page_title(TITLE, number))),
            intro if entries else element("p", text("No quotes yet."), cls="ba-empty"),
            _speaker_index(context, layout) if number == 1 and entries else EMPTY,
            join(groups, Html("\n")),
            pager(page_url, urls.QUOTES, number, total),
        )
        result.append(
            Page(
                url=page_url,
                title=page_title(TITLE, number),
                description="Every quote in the archive, by speaker.",
                html=html,
                kind="quotes",
                search=False,
            )
        )
    return result
