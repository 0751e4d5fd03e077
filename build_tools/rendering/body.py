"""A briefing body: contributor Markdown → sanitised HTML, with first mentions linked.

Python-Markdown passes raw HTML and ``javascript:`` links straight through, so the
rendered HTML always goes through nh3 (Ammonia) with an explicit allow-list before
it reaches a page or a feed. The validator already refuses raw HTML beyond the
documented tags; sanitising is the second wall, not the only one.

Mention links are inserted into the already sanitised HTML; the text they wrap is
re-escaped and the address comes from the archive's own URL functions.

Only extensions contributors need are enabled (:mod:`build_tools.loading.markdown_parse`,
whose parse the validator shares): no ``attr_list`` (it turns ``{: onclick=… }``
into a live attribute) and no ``md_in_html``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import TypeVar

import nh3

from build_tools.format.safety import BODY_ATTRIBUTES, BODY_CLASSES, BODY_TAGS, LINK_SCHEMES
from build_tools.loading.markdown_parse import converter
from build_tools.loading.mentions import EntityKind, MentionFinder
from build_tools.validation.processes import available_cores, can_fork, map_forked

# Characters of Markdown from which rendering them on a second core pays: forking and
# collecting a worker costs about 12 ms, rendering about 0.35 ms per 1,000 characters.
PARALLEL_MIN_CHARACTERS = 64 * 1024
_FOOTNOTE_ID = re.compile(r"fn(?:ref\d*)?:[^\s]+")
MENTION_CLASS = "ba-mention"

LinkFor = Callable[[EntityKind, str], str]
K = TypeVar("K")

_NO_LINK_INSIDE = frozenset({"a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6"})
_TOKEN = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"^<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)")
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr"})


def sanitise(fragment: str) -> str:
    """The one allow-list every contributor-written HTML fragment passes through."""
    return nh3.clean(
        fragment,
        tags=set(BODY_TAGS),
        attributes={k: set(v) for k, v in BODY_ATTRIBUTES.items()},
        attribute_filter=_attribute_filter,
        url_schemes=set(LINK_SCHEMES),
        link_rel="noopener",
        strip_comments=True,
    )


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    """Ids only as footnotes write them (``fn:1``, ``fnref:1``): no other anchor of
    the page, and nothing the theme's scripts look up, can be taken. Classes only
    from BODY_CLASSES: none of the theme's."""
    if attribute == "id":
        return value if _FOOTNOTE_ID.fullmatch(value) else None
    if attribute == "class":
        kept = [name for name in value.split() if name in BODY_CLASSES.get(tag, ())]
        return " ".join(kept) or None
    return value


def link_first_mentions(
    fragment: str,
    finder: MentionFinder,
    listed: Collection[tuple[EntityKind, str]],
    link_for: LinkFor,
) -> str:
    """Link the first mention of each listed entity, never inside code, links or headings.

    The mentions are those of every listed entity, leftmost-longest, linked or not yet:
    where "Homs Governorate" names the governorate, it is not a mention of Homs, the
    city, even after the governorate's first mention."""
    pending = set(listed)
    if not pending:
        return fragment
    only = frozenset(pending)
    out: list[str] = []
    open_tags: list[str] = []
    for token in _TOKEN.split(fragment):
        if not token:
            continue
        if token.startswith("<"):
            match = _TAG_NAME.match(token)
            if match:
                closing, name = match.group(1) == "/", match.group(2).lower()
                if closing:
                    if name in open_tags:
                        del open_tags[len(open_tags) - 1 - open_tags[::-1].index(name) :]
                elif name not in _VOID and not token.endswith("/>"):
                    open_tags.append(name)
            out.append(token)
            continue
        if not pending or _NO_LINK_INSIDE.intersection(open_tags):
            out.append(token)
            continue
        out.append(_link_text(token, finder, only, pending, link_for))
    return "".join(out)


def _link_text(
    escaped: str,
    finder: MentionFinder,
    only: frozenset[tuple[EntityKind, str]],
    pending: set[tuple[EntityKind, str]],
    link_for: LinkFor,
) -> str:
    text = html.unescape(escaped)
    pieces: list[str] = []
    cursor = 0
    for mention in finder.find(text, only=only):
        key = (mention.kind, mention.id)
        if key not in pending or mention.start < cursor:  # a span two entities share
            continue
        pending.discard(key)
        href = html.escape(link_for(mention.kind, mention.id), quote=True)
        pieces.append(html.escape(text[cursor : mention.start], quote=False))
        shown = html.escape(text[mention.start : mention.end], quote=False)
        pieces.append(f'<a class="{MENTION_CLASS}" href="{href}">{shown}</a>')
        cursor = mention.end
    if cursor == 0:
        return escaped
    pieces.append(html.escape(text[cursor:], quote=False))
    return "".join(pieces)


def render_bodies(bodies: Mapping[K, str], *, processes: int | None = None) -> dict[K, str]:
    """Contributor Markdown → sanitised HTML, each body rendered once per build and reused.

    One Markdown converter per process, reset between bodies: building a converter
    costs about as much as converting a short body. Mention links are added afterwards
    with :func:`link_first_mentions`: they are the archive's own markup (escaped
    ``href`` from ``urls``), and pages and feeds want them with different bases.

    Python-Markdown is most of a cold build's time on long bodies, and nothing else
    runs yet, so the bodies are shared among every core once they hold
    :data:`PARALLEL_MIN_CHARACTERS` (``processes``: None chooses; 1 keeps this process).
    """
    texts = list(bodies.values())
    if processes is None:
        enough = sum(map(len, texts)) >= PARALLEL_MIN_CHARACTERS
        processes = available_cores() if enough else 1
    if processes > 1 and len(texts) > 1 and can_fork():
        rendered = map_forked(_render, texts, min(processes, len(texts)))
    else:
        rendered = _render(texts)
    return dict(zip(bodies, rendered, strict=True))


def _render(texts: Sequence[str]) -> list[str]:
    markdown = converter()
    return [sanitise(markdown.reset().convert(text)) for text in texts]


def render_body(body: str) -> str:
    return render_bodies({0: body})[0]
