"""One briefing's page: the text, and every way out of it to the rest of the archive.

Actors and locations are shown with their aliases ("Islamic State (IS, ISIS, ISIL,
Daesh)") so the site search finds a briefing by any name its subjects go by; the
page's filters (actors, places and what contains them, tags, year) ride along hidden.
"""

from __future__ import annotations

from build_tools.format import urls
from build_tools.format.model import Briefing
from build_tools.format.pages import Page, moment
from build_tools.loading.mentions import EntityKind
from build_tools.rendering.body import link_first_mentions
from build_tools.rendering.context import RenderContext
from build_tools.rendering.json_ld import news_article
from build_tools.rendering.markup import (
    EMPTY,
    Html,
    element,
    join,
    link,
    page_block,
    text,
    time_element,
)
from build_tools.rendering.page_wall import sanitise_page
from build_tools.rendering.parts import (
    actor_link,
    briefing_list,
    listing_section,
    location_link,
    quote_figure,
    source_citation,
    tag_link,
)
from build_tools.rendering.search_fields import IGNORED, briefing_fields, search_block


def _meta_line(item: Briefing) -> Html:
    parts = [time_element(item.date)]
    if item.updated is not None:
        parts.append(Html(f"updated {time_element(item.updated)}"))
    if item.corrections:
        count = len(item.corrections)
        label = "1 correction" if count == 1 else f"{count} corrections"
        parts.append(link("#corrections", text(label)))
    return element("p", join(parts, Html(" · ")), cls="ba-meta")


def _facts(context: RenderContext, page_url: str, item: Briefing) -> Html:
    rows: list[Html] = []

    def row(label: str, entries: list[Html]) -> None:
        if entries:
            items = join((element("li", e) for e in entries), Html("\n"))
            rows.append(element("dt", text(label)))
            rows.append(element("dd", element("ul", items, cls="ba-inline-list")))

    row("Actors", [actor_link(context, page_url, a, with_aliases=True) for a in item.actors])
    row(
        "Locations",
        [location_link(context, page_url, loc, with_aliases=True) for loc in item.locations],
    )
    row("Tags", [tag_link(page_url, tag) for tag in item.tags])
    return element("dl", join(rows, Html("\n")), cls="ba-facts")


def _corrections(item: Briefing) -> Html:
    if not item.corrections:
        return EMPTY
    entries = [
        element("li", Html(f"{time_element(c.date)}: {text(c.note)}")) for c in item.corrections
    ]
    title = element("p", text("Corrections"), cls="admonition-title")
    return element(
        "div",
        Html(f"{title}\n{element('ul', join(entries, Html(chr(10))))}"),
        cls="admonition note ba-corrections",
        id="corrections",
    )


def _body(context: RenderContext, page_url: str, item: Briefing) -> Html:
    def link_for(kind: EntityKind, entity_id: str) -> str:
        target = urls.actor(entity_id) if kind == "actor" else urls.location(entity_id)
        return urls.relative(page_url, target)

    listed: list[tuple[EntityKind, str]] = [("actor", a) for a in item.actors]
    listed += [("location", loc) for loc in item.locations]
    body = context.bodies[item.id]
    memo = context.linked_bodies
    key = (page_url, body, tuple(listed))
    linked = None if memo is None else memo.get(key)
    if linked is None:
        linked = link_first_mentions(body, context.finder, listed, link_for)
        if memo is not None:
            memo[key] = linked
    return element("div", Html(linked), cls="ba-body")


def quotes_section(context: RenderContext, page_url: str, item: Briefing) -> Html:
    if not item.quotes:
        return EMPTY
    figures = [quote_figure(context, page_url, q) for q in item.quotes]
    heading = element("h2", text("Quotes"))
    return element("section", join([heading, *figures], Html("\n")), cls="ba-section ba-quotes")


def sources_section(item: Briefing) -> Html:
    if not item.sources:
        return EMPTY
    entries = [element("li", source_citation(s)) for s in item.sources]
    heading = element("h2", text("Sources"))
    listing = element("ul", join(entries, Html("\n")))
    return element("section", Html(f"{heading}\n{listing}"), cls="ba-section ba-sources")


def feed_appendix(context: RenderContext, item: Briefing) -> str:
    """What a feed item carries after the body: the page's quotes and sources, links
    relative to the briefing's page (the feeds make them absolute), sanitised again."""
    page_url = urls.briefing(item)
    parts = [quotes_section(context, page_url, item), sources_section(item)]
    return sanitise_page("\n".join(part for part in parts if part))


def _related(context: RenderContext, page_url: str, item: Briefing) -> Html:
    related = context.index.related.get(item.id, ())
    if not related:
        return EMPTY
    listing = briefing_list(context, page_url, related, summary=False)
    return listing_section("Related briefings", listing)


def _previous_next(context: RenderContext, page_url: str, item: Briefing) -> Html:
    parts: list[Html] = []
    older = context.index.previous.get(item.id)
    newer = context.index.next.get(item.id)
    if older is not None:
        label = Html(f"{element('span', text('Previous'))} {text(older.title)}")
        href = urls.relative(page_url, urls.briefing(older))
        parts.append(element("a", label, href=href, rel="prev", cls="ba-prevnext__prev"))
    if newer is not None:
        label = Html(f"{element('span', text('Next'))} {text(newer.title)}")
        href = urls.relative(page_url, urls.briefing(newer))
        parts.append(element("a", label, href=href, rel="next", cls="ba-prevnext__next"))
    if not parts:
        return EMPTY
    attributes = {"cls": "ba-prevnext", "aria_label": "Previous and next briefing"}
    return element("nav", join(parts, Html("\n")), **attributes, **{IGNORED: ""})


def render_briefing(context: RenderContext, item: Briefing) -> Page:
    page_url = urls.briefing(item)
    hour = context.settings.publish_hour_utc
    html = page_block(
        "briefing",
        element("h1", text(item.title)),
        _meta_line(item),
        element("p", text(item.summary), cls="ba-summary"),
        _facts(context, page_url, item),
        _corrections(item),
        _body(context, page_url, item),
        context.graphics.map_for(page_url),
        quotes_section(context, page_url, item),
        sources_section(item),
        _related(context, page_url, item),
        _previous_next(context, page_url, item),
        search_block(briefing_fields(context, item)),
        indexed=True,
    )
    return Page(
        url=page_url,
        title=item.title,
        description=item.summary,
        html=html,
        kind="briefing",
        json_ld=news_article(context.index, context.settings, item),
        published=moment(item.date, hour),
        modified=moment(item.updated, hour) if item.updated is not None else None,
    )
