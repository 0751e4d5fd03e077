"""Pages that share a theme's frame: the frame rendered once per shape, then filled in.

A theme such as Material renders its whole frame (header, navigation, palette
toggles, inline configuration, scripts) for every page, and at 10,000 briefings
rendering that frame costs more than the briefings do. Generated pages of one shape
differ only in a few slots: title, description, canonical address, head links and
content. So the engine adapter renders the frame once per shape with a marker in
each slot, :func:`cut` splits it at the markers, and each page of that shape is the
pieces joined around its own values (:meth:`Skeleton.fill`), the same bytes the
theme would have written. The site tests build every page both ways and compare.

Values are never searched for markers, so no text of a page can inject a slot.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

# What a generated page's frame depends on: its top folder, its depth, whether it is
# searchable, and its kind (the search page loads a script of its own).
FrameShape = tuple[str, int, bool, str]


def frame_shape(url: str, search: bool, kind: str) -> FrameShape:
    return url.split("/", 1)[0], url.count("/"), search, kind


@dataclass(frozen=True, slots=True)
class Skeleton:
    """A rendered frame cut at its slots: ``pieces[i]``, slot ``slots[i]``, ``pieces[i+1]`` …"""

    pieces: tuple[str, ...]
    slots: tuple[str, ...]

    def fill(self, values: Mapping[str, str]) -> str:
        out = [self.pieces[0]]
        for slot, piece in zip(self.slots, self.pieces[1:], strict=True):
            out.append(values[slot])
            out.append(piece)
        return "".join(out)


def cut(
    rendered: str, markers: Mapping[str, str], once: frozenset[str] = frozenset()
) -> Skeleton | None:
    """The frame ``rendered`` with ``markers`` (slot → marker text) in its slots.

    None when the frame does not print every slot, or prints a slot of ``once`` more
    than once: a template that transforms or drops a value cannot be filled in by
    joining, and the page must then be rendered whole.
    """
    by_marker = {marker: slot for slot, marker in markers.items()}
    pattern = re.compile("|".join(re.escape(marker) for marker in sorted(by_marker, key=len)[::-1]))
    pieces: list[str] = []
    slots: list[str] = []
    start = 0
    for match in pattern.finditer(rendered):
        pieces.append(rendered[start : match.start()])
        slots.append(by_marker[match.group()])
        start = match.end()
    pieces.append(rendered[start:])
    if set(slots) != set(markers) or any(slots.count(slot) != 1 for slot in once):
        return None
    return Skeleton(tuple(pieces), tuple(slots))
