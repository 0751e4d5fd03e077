"""Check a built site: every internal link and asset reference must lead somewhere.

Subscribers and other sites link to the archive's addresses, and a page that links
to a missing page is a broken promise. This reads every ``.html`` file of a built
site once, collects the ``href``/``src`` values and element ids, then resolves each
internal reference (relative or root-relative, with or without a ``#fragment``)
against the files on disk. External addresses (anything with a scheme, or ``//``)
are never fetched.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit

from build_tools.format.diagnostics import Diagnostic, error, sort_diagnostics
from build_tools.loading.loader import display_path

RULE = "broken-link"
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_LINK_ATTRIBUTES = frozenset({"href", "src"})


@dataclass(frozen=True, slots=True)
class Link:
    url: str
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Page:
    """What one HTML file offers (ids) and asks for (links)."""

    links: tuple[Link, ...]
    ids: frozenset[str]


# One pass over a page finds comments and raw-text elements (skipped: their content is
# not markup) and start tags (quoted attribute values may contain '>'). html.parser
# calls back into Python for every tag and run of text; this is several times faster
# on large generated pages, and the positions are the same.
_ATTRIBUTES = r"(?:\s(?:[^>\"']++|\"[^\"]*+\"|'[^']*+')*+)?"
_MARKUP = re.compile(
    r"<!--.*?(?:-->|\Z)"
    rf"|<(?P<raw>script|style|textarea)(?P<raw_attrs>{_ATTRIBUTES})>.*?(?:</(?P=raw)\s*>|\Z)"
    rf"|<(?P<tag>[a-zA-Z][a-zA-Z0-9:-]*+)(?P<attrs>{_ATTRIBUTES})>",
    re.S | re.I,
)
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_INTERESTING = re.compile(r"(?:href|src|id|name)\s*=", re.I)


def read_page(html: str) -> Page:
    links: list[Link] = []
    ids: set[str] = set()
    line, counted = 1, 0
    for match in _MARKUP.finditer(html):
        attrs = match["attrs"]
        if attrs is None:
            attrs = match["raw_attrs"]
        if not attrs or not _INTERESTING.search(attrs):
            continue
        tag = (match["tag"] or match["raw"]).lower()
        for written_name, double, single, bare in _ATTRIBUTE.findall(attrs):
            value = unescape(double or single or bare)
            name = written_name.lower()
            if name in _LINK_ATTRIBUTES:
                start = match.start()
                line += html.count("\n", counted, start)
                counted = start
                column = start - html.rfind("\n", 0, start)
                links.append(Link(value.strip(), line, column))
            elif value and (name == "id" or (name == "name" and tag == "a")):
                ids.add(value)
    return Page(tuple(links), frozenset(ids))


def _is_external(url: str) -> bool:
    return url.startswith("//") or bool(_SCHEME.match(url))


def _target(page: str, path: str, base_path: str) -> str | None:
    """The site-relative file a link's path names, or None if it leaves the site."""
    if path.startswith("/"):
        if not path.startswith(base_path):
            return None
        joined = posixpath.normpath(path[len(base_path) :] or ".")
    else:
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    if joined == ".." or joined.startswith(("../", "/")):
        return None
    return "" if joined == "." else joined


def check_site(site: Path, pages: dict[str, Page], base_path: str = "/") -> list[Diagnostic]:
    """Every broken internal link of ``pages`` (site-relative path → Page), as diagnostics."""
    files: set[str] = set()
    dirs: set[str] = {""}
    for entry in site.rglob("*"):
        (dirs if entry.is_dir() else files).add(entry.relative_to(site).as_posix())
    out: list[Diagnostic] = []
    for name, page in pages.items():
        for link in page.links:
            if not link.url or _is_external(link.url):
                continue
            parts = urlsplit(link.url)
            path, fragment = unquote(parts.path), unquote(parts.fragment)
            if not path:
                target: str | None = name
            else:
                target = _target(name, path, base_path)
                if target is not None and (target in dirs or path.endswith("/")):
                    target = posixpath.join(target, "index.html") if target else "index.html"
            if target is None or target not in files:
                out.append(_broken(site / name, link, ""))
                continue
            if fragment and target in pages and fragment not in pages[target].ids:
                out.append(_broken(site / name, link, f" (no id '{fragment}' on that page)"))
    return sort_diagnostics(out)


def _broken(file: Path, link: Link, detail: str) -> Diagnostic:
    return error(
        display_path(file), link.line, link.column, f"broken link '{link.url}'{detail}", RULE
    )


def read_site(site: Path) -> dict[str, Page]:
    """Every HTML page of a site, by its site-relative path."""
    return {
        path.relative_to(site).as_posix(): read_page(
            path.read_text(encoding="utf-8", errors="replace")
        )
        for path in sorted(site.rglob("*.html"))
        if path.is_file()
    }


def check_links(site: Path, base_path: str = "/") -> list[Diagnostic]:
    return check_site(site, read_site(site), base_path)
