"""The one Markdown parse: what the renderer renders is what the validator checks.

The validator used to find raw HTML and links with regexes over the source, and the
two disagreed (a tag behind backticks that are not code, after a footnote's
continuation lines, with ``<`` in an attribute, an angle-bracket link with leading
spaces: the validator passed them, the sanitiser then dropped them, and the
contributor never learned). Now both use Python-Markdown, configured here once:
:func:`inspect` runs the same conversion the renderer runs and reports what it
treated as raw HTML and which addresses its links got.

Python-Markdown keeps raw HTML aside in its "stash" and puts it back after
rendering; fenced code is stashed too, earlier. A preprocessor placed between the
two marks where raw HTML begins, so every later stash is contributor HTML, block or
inline (entities are stashed the same way, and left out: they are text).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element

import markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

MARKDOWN_EXTENSIONS = ("tables", "fenced_code", "footnotes", "sane_lists", "abbr")
# Between fenced_code_block (25) and html_block (20): everything stashed later is raw HTML.
_RAW_HTML_STARTS = 22
# Before the inline processor (20) and after footnotes (50) add their elements.
_INLINE_STARTS = 21
# After every inline element exists (inline is 20), before prettify (10).
_LINKS_DONE = 9


def converter() -> markdown.Markdown:
    """A converter configured as the renderer's: reuse it with ``reset()``."""
    return markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS), output_format="html")


@dataclass(frozen=True, slots=True)
class RawHtml:
    text: str  # as Python-Markdown passes it through to the page
    inline: bool  # inside a paragraph (else a block of its own)


@dataclass(frozen=True, slots=True)
class Inspected:
    """What rendering a body would pass through as HTML, and every link it would make."""

    raw_html: tuple[RawHtml, ...]
    links: tuple[str, ...]  # href of each <a>, src of each <img>, in document order
    # The address of every reference definition ("[id]: address"), used or not: the
    # parse read it as an address, and one use of it away from being a link.
    definitions: tuple[str, ...]


@dataclass(slots=True)
class _Recorder:
    phase: str = "code"  # "code" → "block" → "inline"
    raw_html: list[RawHtml] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


class _PhaseMark(Preprocessor):
    def __init__(self, md: markdown.Markdown, recorder: _Recorder) -> None:
        super().__init__(md)
        self.recorder = recorder

    def run(self, lines: list[str]) -> list[str]:
        self.recorder.phase = "block"
        return lines


class _InlineMark(Treeprocessor):
    def __init__(self, md: markdown.Markdown, recorder: _Recorder) -> None:
        super().__init__(md)
        self.recorder = recorder

    def run(self, root: Element) -> None:
        self.recorder.phase = "inline"


class _LinkCollector(Treeprocessor):
    def __init__(self, md: markdown.Markdown, recorder: _Recorder) -> None:
        super().__init__(md)
        self.recorder = recorder

    def run(self, root: Element) -> None:
        for element in root.iter():
            address = element.get("href" if element.tag == "a" else "src")
            if element.tag in ("a", "img") and address is not None:
                self.recorder.links.append(address)


class _Inspector(Extension):
    def __init__(self, recorder: _Recorder) -> None:
        super().__init__()
        self.recorder = recorder

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        recorder = self.recorder
        md.preprocessors.register(_PhaseMark(md, recorder), "ba_raw_html", _RAW_HTML_STARTS)
        md.treeprocessors.register(_InlineMark(md, recorder), "ba_inline", _INLINE_STARTS)
        md.treeprocessors.register(_LinkCollector(md, recorder), "ba_links", _LINKS_DONE)
        store = md.htmlStash.store

        def recording_store(html: Any) -> str:
            text = str(html)
            if recorder.phase != "code" and text.startswith("<"):
                recorder.raw_html.append(RawHtml(text, inline=recorder.phase == "inline"))
            placeholder: str = store(html)
            return placeholder

        md.htmlStash.store = recording_store  # type: ignore[method-assign]


@functools.cache
def _inspecting() -> tuple[markdown.Markdown, _Recorder]:
    """One inspecting converter per process: building one costs as much as converting
    a short body. Each :func:`inspect` resets it before use."""
    recorder = _Recorder()
    md = markdown.Markdown(
        extensions=[*MARKDOWN_EXTENSIONS, _Inspector(recorder)], output_format="html"
    )
    return md, recorder


def inspect(body: str) -> Inspected:
    """Convert ``body`` as the renderer does; what went through as HTML, and the links.

    Raises RecursionError for nesting Python-Markdown cannot follow (the caller's
    limits keep it rare; the caller reports it).
    """
    md, recorder = _inspecting()
    recorder.phase = "code"
    recorder.raw_html.clear()
    recorder.links.clear()
    md.reset().convert(body)
    definitions = tuple(address for address, _title in md.references.values())
    return Inspected(tuple(recorder.raw_html), tuple(recorder.links), definitions)
