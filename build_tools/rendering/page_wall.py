"""The second wall: a whole generated page, sanitised again before an engine prints it.

Bodies are sanitised when rendered and every other piece of contributor text is
escaped; this pass over the finished page costs little and means a slip in any
renderer still cannot put a script, handler or ``javascript:`` URL on the site.
The allow-list is exactly the markup the renderers and the body allow-list emit.
"""

from __future__ import annotations

import nh3

from build_tools.format.safety import LINK_SCHEMES, PAGE_ATTRIBUTES, PAGE_TAGS

# Made once, like a compiled pattern: nh3.clean builds its sanitiser on every call,
# which holds the GIL 25 µs a page while the wall's thread should be letting go of it.
_WALL = nh3.Cleaner(
    tags=set(PAGE_TAGS),
    attributes={k: set(v) for k, v in PAGE_ATTRIBUTES.items()},
    url_schemes=set(LINK_SCHEMES),
    link_rel=None,
    strip_comments=True,
)


def sanitise_page(page_html: str) -> str:
    return _WALL.clean(page_html)
