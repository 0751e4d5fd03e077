"""TR39 skeletons: two names that look alike have the same skeleton.

UTS #39 ("Unicode Security Mechanisms") defines ``skeleton(X)``: decompose (NFD),
drop default-ignorable code points (zero-width joiners, bidirectional marks, variation
selectors: invisible, so they make a different name look the same), map each
character to its prototype in ``confusables.txt``, decompose again. Greek capital
iota and Latin capital I both become ``l``; Cyrillic ``а`` becomes Latin ``a``.

Python's ``unicodedata`` has no confusables, and nothing is fetched at build time, so
the table is committed (``confusables.tsv``, with how to regenerate it in its header).
"""

from __future__ import annotations

import functools
import unicodedata
from importlib import resources

# Default_Ignorable_Code_Point (Unicode DerivedCoreProperties.txt), as ranges.
_DEFAULT_IGNORABLE = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)


def is_default_ignorable(char: str) -> bool:
    """Invisible in any text: a reader cannot see it is there."""
    code = ord(char)
    return any(low <= code <= high for low, high in _DEFAULT_IGNORABLE)


@functools.cache
def _prototypes() -> dict[int, str]:
    """Code point → its prototype, for ``str.translate``; read once, on first use."""
    table: dict[int, str] = {}
    text = resources.files("build_tools.format").joinpath("confusables.tsv").read_text("utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        source, target = line.split("\t")
        table[int(source, 16)] = "".join(chr(int(code, 16)) for code in target.split())
    for low, high in _DEFAULT_IGNORABLE:
        table.update(dict.fromkeys(range(low, high + 1), ""))
    return table


def skeleton(text: str) -> str:
    """UTS #39 skeleton of ``text``: equal for two strings a reader cannot tell apart."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFD", decomposed.translate(_prototypes()))
