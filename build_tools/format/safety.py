"""The safety vocabulary: what contributor text and generated pages may carry, once.

The validator refuses raw HTML and links beyond these lists, the body sanitiser and
the page wall (nh3) strip what slips past them, the feeds drop what XML cannot carry
and the format reference documents them. Each list is defined here and nowhere else,
so that the rule a contributor is told, the check that enforces it and the wall
behind it cannot drift apart.
"""

from __future__ import annotations

import re

# Characters XML 1.0 forbids (C0 controls but tab and line ends, lone surrogates,
# U+FFFE and U+FFFF): they would break every feed the archive writes.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# Schemes a source's address may have: a page a reader can open.
WEB_SCHEMES = ("http", "https")
# Schemes a link in a body (and so on any page) may have; anything else, relative.
LINK_SCHEMES = (*WEB_SCHEMES, "mailto")

# Raw HTML a contributor may write in a body (all attribute-free except abbr's title).
BODY_HTML_TAGS = ("abbr", "br", "sub", "sup", "kbd", "mark", "small", "s", "del", "ins")

# What a rendered body may hold: the Markdown the enabled extensions write, and the
# raw tags above.
BODY_TAGS = frozenset(
    {
        "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li",
        "strong", "em", "b", "i", "code", "pre", "a", "table", "thead", "tbody", "tr",
        "th", "td", "div", "sup", "sub", "abbr", "dl", "dt", "dd",
        *BODY_HTML_TAGS,
    }
)  # fmt: skip
# The one allow-list of attributes in a body. Classes and ids are the site's look and
# its anchors: contributor markup may carry only those Python-Markdown's footnotes
# write (a link styled as the theme's button, class="md-button", to another site would
# pass for the archive's own), in BODY_CLASSES and the body's footnote-id filter.
BODY_ATTRIBUTES = {
    "a": {"href", "title", "class"},
    "abbr": {"title"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
    "li": {"id"},
    "sup": {"id"},
    "div": {"class"},
}
BODY_CLASSES = {
    "a": {"footnote-ref", "footnote-backref"},
    "div": {"footnote"},
}

# A whole generated page: the body's markup and what the renderers emit around it.
PAGE_TAGS = frozenset(
    {
        *BODY_TAGS,
        "h1", "section", "nav", "figure", "figcaption", "cite", "time", "span", "small",
        "header", "details", "summary", "caption",
        # maps and charts (render.svg_map, render.timeline): shapes, text, links, and
        # a map's outlines drawn from a file of the site
        "svg", "g", "path", "circle", "rect", "line", "text", "title", "desc", "use",
    }
)  # fmt: skip
# What the renderers tell the site search (render.search_fields); a body never carries
# them: the body allow-list has no data attribute.
SEARCH_ATTRIBUTES = frozenset(
    {
        "data-pagefind-body", "data-pagefind-ignore", "data-pagefind-weight",
        "data-pagefind-meta", "data-pagefind-filter", "data-pagefind-sort",
    }
)  # fmt: skip
PAGE_ATTRIBUTES = {
    "*": {"class", "id", "aria-label", "hidden", *SEARCH_ATTRIBUTES},
    "a": {"href", "rel", "title"},
    "abbr": {"title"},
    "span": {"aria-current"},
    "time": {"datetime"},
    "th": {"align", "scope"},
    "td": {"align"},
    "ol": {"start"},
    "svg": {"viewBox", "role", "aria-labelledby"},
    "g": {"aria-hidden"},
    "path": {"d"},
    "use": {"href"},
    "circle": {"cx", "cy", "r"},
    "rect": {"x", "y", "width", "height"},
    "line": {"x1", "x2", "y1", "y2"},
    "text": {"x", "y", "text-anchor"},
}
