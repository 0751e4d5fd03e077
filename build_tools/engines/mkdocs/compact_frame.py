"""The theme's frame in fewer bytes: a Jinja extension on the theme's own template text.

Material prints the same frame on every page (header, navigation, palette toggles,
footer), about half of a briefing's page, so every byte it wastes is paid ten
thousand times. Two wastes are removed here, both in the *templates*, never in what
they print, so no title, description, JSON-LD or page content is ever touched, and a
page filled into a skeleton (:mod:`.page_skeletons`) stays the page the theme renders:

- Indentation. A run of whitespace in the templates' text becomes one character: a
  line break if it held one, else a space. HTML renders any run of whitespace as one
  space, and the frame has no ``<pre>``; its inline scripts keep their line breaks.
- Inline icons. Material includes each icon (``.icons/material/menu.svg``) as its
  whole SVG source, up to 700 bytes, wherever it is shown: eight of them on every
  page. Each becomes an empty ``<svg class="ba-icon ba-icon--NAME">`` with the icon's
  ``viewBox``, so Material's rules for icon sizes still apply, and one stylesheet
  (:data:`ICON_SHEET`, :func:`icon_sheet`) paints the icon as a CSS mask in the
  current text colour, as Material's own CSS draws its navigation arrows.

Jinja tokenizes a template once, before compiling it; :class:`CompactFrame` sees
every token of the static text and of each included icon there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream

ICON_SHEET = "assets/stylesheets/briefings-icons.css"
ICON_FOLDER = ".icons/"
# An icon as Material ships it: one <svg> with a viewBox and nothing but drawing inside
# (pinned by tests/test_material_assumptions.py).
ICON_SOURCE = re.compile(
    r'\s*<svg xmlns="http://www.w3.org/2000/svg" viewBox="([0-9. -]+)">'
    r"((?:(?!<svg|<script|<style).)*)</svg>\s*",
    re.DOTALL,
)
_SPACE_RUN = re.compile(r"[ \t\r\n\f]{2,}")
_NAME = re.compile(r"[^a-z0-9]+")


def _one_space(run: re.Match[str]) -> str:
    """A line break for a run of whitespace with one (scripts keep their lines), else a space."""
    return "\n" if "\n" in run.group() else " "


class IconSheet:
    """The icons the templates printed, by class name, for :func:`icon_sheet`."""

    def __init__(self) -> None:
        self.icons: dict[str, tuple[str, str]] = {}  # class → (viewBox, SVG drawing)

    def add(self, template_name: str, view_box: str, drawing: str) -> str:
        """The icon's class: ``ba-icon--`` and its path under ``.icons/``, as a slug."""
        stem = template_name.removeprefix(ICON_FOLDER).removesuffix(".svg").lower()
        name = "ba-icon--" + _NAME.sub("-", stem).strip("-")
        self.icons[name] = (view_box, drawing)
        return name


def icon_sheet(sheet: IconSheet) -> str:
    """The stylesheet that paints every icon of ``sheet``, sorted: the same file for
    the same icons."""
    rules = [
        "/* The theme's icons, drawn once here rather than inline in every page\n"
        "   (build_tools/engines/mkdocs/compact_frame.py). */",
        ".ba-icon {\n  background-color: currentcolor;\n"
        "  -webkit-mask: var(--ba-icon) center / contain no-repeat;\n"
        "  mask: var(--ba-icon) center / contain no-repeat;\n}",
        # Forced colours would paint the background in the page's own colour: the
        # icon keeps the colour of its text, as an inline SVG filled with it does.
        "@media (forced-colors: active) {\n  .ba-icon { forced-color-adjust: none; }\n}",
    ]
    for name, (view_box, drawing) in sorted(sheet.icons.items()):
        svg = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{view_box}">{drawing}</svg>'
        rules.append(f'.{name} {{ --ba-icon: url("data:image/svg+xml,{quote(svg, safe="")}"); }}')
    return "\n".join(rules) + "\n"


class CompactFrame(Extension):
    """Whitespace of the templates' text collapsed, icons turned into classes (see the
    module). The environment carries the :class:`IconSheet` of the icons it compiled
    as ``briefings_icon_sheet`` (``Environment.extend``); a cache of compiled templates
    must compile icons again (the plugin's ``TemplateMemory`` does)."""

    def __init__(self, environment: Any) -> None:
        super().__init__(environment)
        environment.extend(briefings_icon_sheet=IconSheet())

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        name = stream.name or ""
        for token in stream:
            if token.type != "data":
                yield token
                continue
            text = token.value
            icon = ICON_SOURCE.fullmatch(text) if name.startswith(ICON_FOLDER) else None
            if icon is not None:
                sheet: IconSheet = self.environment.briefings_icon_sheet  # type: ignore[attr-defined]
                css_class = sheet.add(name, icon.group(1), icon.group(2))
                text = f'<svg class="ba-icon {css_class}" viewBox="{icon.group(1)}"></svg>'
            else:
                text = _SPACE_RUN.sub(_one_space, text)
            yield Token(token.lineno, token.type, text)
