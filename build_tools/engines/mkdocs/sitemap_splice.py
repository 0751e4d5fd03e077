"""MkDocs' ``sitemap.xml`` after a preview's rebuild without MkDocs added or removed pages.

MkDocs writes the sitemap from every documentation page, in the order of its files:
the docs folder's pages, then the generated pages in the order the core made them.
A rebuild that adds or removes generated pages writes the same file by cutting the
last build's sitemap into its entries and putting them back in the new order, a new
page's entry made from an existing one with its address in place (every entry of a
build carries the same ``lastmod``, the build's date). The gzipped copy keeps the
last one's timestamp, which MkDocs takes from that same date.
"""

from __future__ import annotations

import gzip
import html
import io
import re
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urljoin

_ENTRY = re.compile(r"\s*<url>.*?</url>", re.DOTALL)
_LOC = re.compile(r"<loc>(.*?)</loc>", re.DOTALL)
# A page's folder path of plain segments: joined to the site's address as it is.
_PLAIN_PATH = re.compile(r"(?:[\w-]+/)*")


def page_address(base: str, path: str) -> str:
    """``urljoin(base, path)`` as MkDocs writes a page's address (``base`` ends in
    "/"), without urljoin's cost for the plain paths a large sitemap is made of."""
    return base + path if _PLAIN_PATH.fullmatch(path) else urljoin(base, path)


@dataclass(frozen=True, slots=True)
class Sitemap:
    head: str
    entries: tuple[tuple[str, str], ...]  # (address as written, the entry's text)
    tail: str

    @classmethod
    def parse(cls, text: str) -> Sitemap | None:
        """The sitemap cut into entries; None when it is not one MkDocs wrote."""
        matches = list(_ENTRY.finditer(text))
        if not matches:
            return None
        entries = []
        for match in matches:
            loc = _LOC.search(match.group())
            if loc is None:
                return None
            entries.append((loc.group(1), match.group()))
        return cls(text[: matches[0].start()], tuple(entries), text[matches[-1].end() :])

    def with_generated(self, generated: Sequence[str], was_generated: frozenset[str]) -> str:
        """The sitemap whose entries are the docs folder's (those not in
        ``was_generated``), then one for each address of ``generated``, in order."""
        known = dict(self.entries)
        model_loc, model = self.entries[-1]
        kept = [text for loc, text in self.entries if html.unescape(loc) not in was_generated]
        for address in generated:
            written = html.escape(address)
            text = known.get(written)
            if text is None:
                text = model.replace(f"<loc>{model_loc}</loc>", f"<loc>{written}</loc>", 1)
            kept.append(text)
        return self.head + "".join(kept) + self.tail


def gzipped_like(data: bytes, last_gz: bytes, name: str) -> bytes:
    """``data`` gzipped as MkDocs gzips the sitemap, with the timestamp ``last_gz`` has."""
    (mtime,) = struct.unpack("<I", last_gz[4:8])
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, filename=name, mode="wb", mtime=mtime) as gz:
        gz.write(data)
    return out.getvalue()
