"""Hostile archives for the safety tests, and a scan for payloads in a built site.

The validator refuses raw HTML and unsafe links in bodies, so a valid archive can
only carry payloads in plain-text fields (``tests/fixtures/hostile``). To test
the walls behind the validator — the body sanitiser, the page sanitiser, the
escaping of every field — :func:`unvalidated_archive` takes that archive and
gives every briefing a body full of what the validator would have refused.

Every payload sets ``window.__xss`` or calls ``alert``: the browser tests watch
for both.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import lxml.etree
import lxml.html
import pytest
from lxml.html import HtmlElement

from build_tools.engines.mkdocs import plugin as mkdocs_plugin
from build_tools.format.model import Archive
from build_tools.validation.archive import CheckedArchive, check_archive
from tests.site_builds import FIXTURES, build, search_fragment, write_config

HOSTILE_FIXTURE = FIXTURES / "hostile" / "briefings"

RAW_BODY = """\
EVIL did this in Badtown City, in BADLAND, said Speaker Man.

<script>window.__xss=40</script>
<img src=x onerror="window.__xss=41">
<a href="javascript:window.__xss=42">a</a>
<a href="jav&#x09;ascript:window.__xss=43">b</a>
<a href="&#106;avascript:window.__xss=44">c</a>
<a href=" javascript:window.__xss=45">d</a>
<a href="java\x01script:window.__xss=46">e</a>

[f](javascript:window.__xss=47) [g](JaVaScRiPt:window.__xss=48)
[h](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9NDk8L3NjcmlwdD4=)
[i](vbscript:msgbox(50)) [j](jav&#x0A;ascript:window.__xss=51)
[k]: javascript:window.__xss=52
[use k][k] <javascript:window.__xss=53>

<iframe src="https://evil.example/"></iframe>
<svg><script>window.__xss=54</script></svg>
<svg onload="window.__xss=55"><a xlink:href="javascript:window.__xss=56">l</a></svg>
<form action="https://evil.example/"><input name=x autofocus onfocus="window.__xss=57">
<button formaction="javascript:window.__xss=58">m</button></form>
<style>*{background:url("javascript:window.__xss=59")}</style>
<details open ontoggle="window.__xss=61">n</details>
<object data="javascript:window.__xss=62"></object>
<embed src="javascript:window.__xss=63">
<meta http-equiv="refresh" content="0;url=javascript:window.__xss=64">
<base href="javascript:window.__xss=65/">
<a href="https://example.org/" onclick="window.__xss=67">o</a>
<a class="md-button md-button--primary" id="__drawer" href="https://evil.example/">donate</a>
<abbr title="x" onmouseover="window.__xss=68">p</abbr>
<div markdown="1" onclick="window.__xss=69">q</div>
<p style="background:url(javascript:window.__xss=70)">r</p>

Paragraph with an attribute list.
{: onclick="window.__xss=71" }

## Heading {: onmouseover="window.__xss=72" }

*[EVIL]: "><script>window.__xss=73</script>

Footnote[^1].

[^1]: <script>window.__xss=74</script> note.

Last, as they swallow what follows when parsed:

<noscript><p title="</noscript><img src=x onerror=window.__xss=66>"></noscript>
<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=60>
"""


def unvalidated_archive() -> Archive:
    """The hostile fixture, every body replaced with raw HTML the validator refuses."""
    checked = check_archive(HOSTILE_FIXTURE)
    archive, diagnostics = checked.archive, checked.diagnostics
    assert archive is not None, diagnostics
    return dataclasses.replace(
        archive,
        briefings=tuple(dataclasses.replace(b, body=RAW_BODY) for b in archive.briefings),
    )


# --- scanning a built site --------------------------------------------------------------

MARKERS = ("__xss", "alert(")
SCRIPT_TYPES_DATA = frozenset({"application/ld+json", "application/json"})
FORBIDDEN_TAGS = frozenset(
    {"iframe", "frame", "frameset", "object", "embed", "base", "applet", "style", "noscript"}
)
# Inside the page's own content nothing interactive or graphic may appear at all.
FORBIDDEN_IN_CONTENT = frozenset({"form", "input", "button", "math", "img", "textarea"})
# The archive draws its maps and charts as inline SVG (render.svg_map, render.timeline):
# shapes, text and links under an <svg> of its own classes, and a map's outlines as a
# <use> of a path in one of the site's outline files. Any other SVG is a payload.
OWN_SVG_CLASSES = frozenset({"ba-map", "ba-chart"})
OWN_SVG_TAGS = frozenset(
    {"svg", "g", "path", "circle", "rect", "line", "text", "title", "desc", "a", "use"}
)
OWN_OUTLINES = re.compile(r"(?:\.\./)*assets/outlines/[0-9a-f]+\.svg#(?:land|subject)")
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "data", "poster", "xlink:href", "background"}
)
# The site's own scripts: Material's bundle, the search script and the search page's.
_OWN_SCRIPT = r"assets/javascripts/(bundle\.[0-9a-f]+\.min|briefings-search(-page)?)\.js$"
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_C0_AND_SPACE = "".join(chr(code) for code in range(0x21))


def dangerous_url(value: str) -> bool:
    """Would a browser read this as a script URL? (WHATWG URL parsing trims C0 controls
    and spaces at both ends and removes tabs and newlines anywhere.)"""
    cleaned = _TAB_OR_NEWLINE.sub("", value.strip(_C0_AND_SPACE)).lower()
    return cleaned.startswith(("javascript:", "vbscript:", "data:"))


def _attributes(element: HtmlElement) -> Iterator[tuple[str, str]]:
    for name, value in element.attrib.items():
        yield str(name).split("}")[-1].lower(), str(value)


def _own_svg(svg: HtmlElement) -> bool:
    """An SVG the archive drew: its class, and nothing but shapes, text and links in it."""
    if svg.get("class", "").split(" ")[0] not in OWN_SVG_CLASSES or svg.xpath(
        "ancestor::*[contains(concat(' ', @class, ' '), ' ba-body ')]"
    ):
        return False
    tags = [(str(e.tag).split("}")[-1].lower(), e) for e in svg.iter() if isinstance(e.tag, str)]
    return all(
        tag in OWN_SVG_TAGS
        and (tag != "use" or OWN_OUTLINES.fullmatch(str(e.get("href", ""))) is not None)
        for tag, e in tags
    )


def _script_findings(where: str, element: HtmlElement, *, suspect: bool) -> list[str]:
    """A data script must parse and hold no '<'; any other script must be one of our own
    files, or inline only outside the content (``suspect``: inside it) and without a marker."""
    kind = element.get("type", "")
    src = element.get("src")
    text = element.text or ""
    if kind in SCRIPT_TYPES_DATA:
        json.loads(text)
        return [f"{where}: unescaped '<' in a {kind} script"] if "<" in text else []
    if src is not None:
        if "//" in src or not re.search(_OWN_SCRIPT, src):
            return [f"{where}: script from {src}"]
        return []
    if any(m in text for m in MARKERS) or suspect:
        return [f"{where}: inline script {text[:60]!r}"]
    return []


def html_findings(where: str, tree: HtmlElement, *, whole_page: bool) -> list[str]:
    """Every trace of a live payload in parsed HTML."""
    found: list[str] = []
    content = tree.xpath("//article[contains(@class, 'md-content__inner')]") if whole_page else []
    inside = set(content[0].iter()) if content else set(tree.iter())
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.split("}")[-1].lower()
        if tag == "script":
            found += _script_findings(where, element, suspect=not whole_page or element in inside)
        if tag in FORBIDDEN_TAGS or (element in inside and tag in FORBIDDEN_IN_CONTENT):
            found.append(f"{where}: <{tag}>")
        if tag == "svg" and element in inside and not _own_svg(element):
            found.append(f"{where}: <svg>")
        if tag == "meta" and element.get("http-equiv", "").lower() == "refresh":
            found.append(f"{where}: meta refresh")
        for name, value in _attributes(element):
            if name.startswith("on"):
                found.append(f"{where}: <{tag} {name}=…>")
            if name in URL_ATTRIBUTES and dangerous_url(value):
                found.append(f"{where}: <{tag} {name}={value[:40]!r}>")
            if name == "style" and element in inside:
                found.append(f"{where}: style attribute on <{tag}>")
    return found


def fragment_findings(where: str, markup: str, allowed: frozenset[str] | None = None) -> list[str]:
    """A string some consumer will insert as HTML (search results, feed content)."""
    if "<" not in markup and "&" not in markup:
        return []
    wrapper = lxml.html.fragment_fromstring(markup, create_parent="div")
    found = html_findings(where, wrapper, whole_page=False)
    if allowed is not None:
        for element in wrapper.iterdescendants():
            tag = str(element.tag).lower()
            if tag not in allowed:
                found.append(f"{where}: <{tag}> in text handed over as HTML")
            if element.attrib:
                found.append(f"{where}: attributes on <{tag}>")
    return found


def _json_strings(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _json_strings(item, f"{path}.{key}")
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item, f"{path}[]")


def _skipped(site: Path, path: Path) -> bool:
    relative = path.relative_to(site).as_posix()
    return not path.is_file() or relative.startswith("assets/") or path.suffix == ".gz"


# Elements whose text a feed reader renders as HTML: in RSS 2.0 the titles and
# descriptions of the channel and of each item, and content:encoded (readers, and
# feedparser, treat them as HTML whatever the specification says); in Atom whatever
# is declared type="html". Categories are terms, shown as text.
_RSS_HTML = frozenset({"title", "description", "{http://purl.org/rss/1.0/modules/content/}encoded"})
_ATOM = "{http://www.w3.org/2005/Atom}"


def feed_html(element: lxml.etree._Element) -> bool:
    tag = str(element.tag)
    if tag.startswith(_ATOM):
        return element.get("type") == "html"
    parent = element.getparent()
    return tag in _RSS_HTML and parent is not None and parent.tag in ("item", "channel")


def _search_bundle_findings(relative: str, data: bytes) -> list[str]:
    """A page's fragment in the search bundle: its address must be a plain path (titles,
    kinds and dates are inserted as text; an excerpt keeps only its <mark>s)."""
    if not relative.endswith(".pf_fragment"):
        return []
    url = str(search_fragment(data)["url"])
    return [f"{relative}: url {url[:40]!r}"] if dangerous_url(url) or "//" in url else []


def page_findings(site: Path) -> list[str]:
    """Scan every page, the search index and the data files (feeds aside)."""
    found: list[str] = []
    for path in sorted(site.rglob("*")):
        relative = path.relative_to(site).as_posix()
        if _skipped(site, path) or path.suffix == ".xml" or path.name == "feed.json":
            continue
        data = path.read_bytes()
        if path.suffix == ".html":
            found += html_findings(relative, lxml.html.fromstring(data), whole_page=True)
        elif relative.startswith("pagefind/"):
            found += _search_bundle_findings(relative, data)
        elif path.suffix in (".json", ".geojson"):
            for key, value in _json_strings(json.loads(data)):
                if key.endswith("url") and dangerous_url(value):
                    found.append(f"{relative} {key}: {value[:40]!r}")
        elif path.suffix == ".csv":
            found += csv_findings(relative, data)
        else:
            found.append(f"{relative}: unexpected kind of file")
    return found


def feed_findings(site: Path) -> list[str]:
    """Scan the sitemap and every feed for HTML a feed reader would render."""
    found: list[str] = []
    for path in sorted(site.rglob("*.xml")):
        if _skipped(site, path):
            continue
        relative = path.relative_to(site).as_posix()
        for element in lxml.etree.fromstring(path.read_bytes()).iter():
            href = element.get("href")
            if href is not None and dangerous_url(href):
                found.append(f"{relative}: href {href!r}")
            if feed_html(element):
                found += fragment_findings(f"{relative} <{element.tag}>", element.text or "")
    for path in sorted(site.rglob("feed.json")):
        relative = path.relative_to(site).as_posix()
        for key, value in _json_strings(json.loads(path.read_bytes())):
            if key.endswith("url") and dangerous_url(value):
                found.append(f"{relative} {key}: {value[:40]!r}")
            if key.endswith("content_html"):
                found += fragment_findings(f"{relative} {key}", value)
    return found


# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_findings(relative: str, data: bytes) -> list[str]:
    """A CSV cell a spreadsheet would run, or a dangerous address in a url column."""
    found: list[str] = []
    for row in csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")):
        for column, value in row.items():
            if value.startswith(_FORMULA_START):
                found.append(f"{relative} {column}: formula {value[:40]!r}")
            if column.endswith("url") and dangerous_url(value):
                found.append(f"{relative} {column}: {value[:40]!r}")
    return found


# --- building them ---------------------------------------------------------------------


def build_hostile_site(folder: Path) -> Path:
    """The valid hostile archive, built like any other."""
    build(write_config(folder, HOSTILE_FIXTURE), folder / "site")
    return folder / "site"


def build_unvalidated_site(folder: Path) -> Path:
    """The raw-HTML archive, handed to the real plugin as if it had passed validation."""
    checked = CheckedArchive(unvalidated_archive(), [], check_archive(HOSTILE_FIXTURE).finder)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(mkdocs_plugin, "check_archive", lambda root, memory=None: checked)
        build(write_config(folder, HOSTILE_FIXTURE), folder / "site")
    return folder / "site"
