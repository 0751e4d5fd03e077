"""Rewrite ``build_tools/format/confusables.tsv``, the TR39 skeleton table, from Unicode's data.

The table is Unicode's ``confusables.txt`` (UTS #39, "Unicode Security Mechanisms")
reduced to what a skeleton needs: each source character and the prototype it maps
to. Python's ``unicodedata`` lacks it, and nothing may be fetched at build time, so
the table is committed. Its input here is the ``confusables.json`` that the
``confusable_homoglyphs`` package (PyPI, 3.3.1) generates from ``confusables.txt``
and ships: give its path.

    .venv/bin/python -m tests.regenerate_confusables path/to/confusables.json

That JSON lists each mapping in both directions. A character that confusables.txt
maps is never itself a prototype (the mapping is idempotent), and a source maps to
one prototype, so: a key listed with several others is a prototype and the others
map to it; a multi-character string is always a prototype; a pair that names only
each other maps the character outside ASCII (else the higher code point) to the other.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

TABLE = Path(__file__).resolve().parent.parent / "build_tools" / "format" / "confusables.tsv"
HEADER = (
    "# TR39 confusables (Unicode confusables.txt, via confusable_homoglyphs 3.3.1):\n"
    "# source code point, TAB, the prototype's code points. Regenerate with\n"
    "# tests/regenerate_confusables.py; never edit by hand.\n"
)


def _prototype_of(pair: tuple[str, str]) -> tuple[str, str]:
    """(source, prototype) for two single characters that only name each other."""
    a, b = pair
    if len(a) > 1 or (b.isascii() and not a.isascii()):
        return b, a
    if len(b) > 1 or (a.isascii() and not b.isascii()):
        return a, b
    return (a, b) if ord(a) > ord(b) else (b, a)


def table(matrix: dict[str, list[dict[str, str]]]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    prototypes = {key for key, items in matrix.items() if len(items) > 1 or len(key) > 1}
    for key in prototypes:
        for item in matrix[key]:
            source = item["c"]
            if len(source) == 1 and source not in prototypes:
                mapping[source] = key
    for key, items in matrix.items():
        if key in prototypes or key in mapping or len(key) != 1:
            continue
        (only,) = items
        source, prototype = _prototype_of((key, only["c"]))
        if source not in mapping and source not in prototypes:
            mapping[source] = prototype
    return mapping


def main(argv: list[str]) -> int:
    matrix = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    mapping = table(matrix)
    lines = [
        f"{ord(source):04X}\t{' '.join(f'{ord(c):04X}' for c in target)}\n"
        for source, target in sorted(mapping.items())
    ]
    TABLE.write_text(HEADER + "".join(lines), encoding="utf-8")
    sys.stdout.write(f"wrote {len(lines)} mappings to {TABLE.name}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
