"""Body safety: what a briefing body may hold that a reader's browser would act on.

Raw HTML beyond the documented tags and links with a scheme other than http, https or
mailto are refused, as the renderer's own parse sees them
(:mod:`build_tools.loading.markdown_parse`): what it treats as code is never HTML,
and every raw tag it would pass on to the sanitiser is reported here instead.
Characters XML cannot carry are refused too: they would break every feed. The lists
themselves live in :mod:`build_tools.format.safety`.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from markdown.extensions.fenced_code import FencedBlockPreprocessor

from build_tools.format import format_spec as spec
from build_tools.format.diagnostics import Diagnostic
from build_tools.format.format_spec import Rule
from build_tools.format.safety import BODY_HTML_TAGS, LINK_SCHEMES, XML_ILLEGAL
from build_tools.loading.loader import LoadedFile
from build_tools.loading.markdown_parse import Inspected
from build_tools.loading.markdown_parse import inspect as inspect_markdown
from build_tools.validation.fields import control_characters
from build_tools.validation.limits import BodyPositions

# Python-Markdown's own fence pattern (the renderer uses its fenced_code extension): a
# fence it would not recognise, such as one never closed, is text it renders, so it must
# not be masked here. Masking errs towards checking too much, never too little.
_FENCED = FencedBlockPreprocessor.FENCED_BLOCK_RE
# Inline code lives inside one paragraph (in a quote, a bare '>' line ends one too); an
# escaped backtick opens nothing.
_INLINE_CODE = re.compile(r"(?<![\\`])(`+)(?!`)(?:(?!\n[ \t>]*\n).)+?(?<!`)\1(?!`)", re.S)
_LIST_ITEM = re.compile(r" {0,3}(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
_TAG_NAME = re.compile(r"<(/?)\s*([^\s/>]+)")
# "<svg:script>" is a tag to a browser, "<javascript:alert(1)>" an address.
_TAG_LIKE = re.compile(r"</?[A-Za-z][\w:.-]*>")
_ABBR_WITH_TITLE = re.compile(r'<abbr\s+title="[^"<>]*"\s*/?>', re.I)
# What a link's destination starts with when it is plainly http(s), mailto or relative.
_PLAIN_DESTINATION = re.compile(r"(?:https?://|mailto:|[#/?.]|[\w.~%-]+(?:[/)#?]|$))", re.I)
_DESTINATION_START = re.compile(r"\]\(|\]:")
_RAW_HTML_MESSAGE = (
    "raw HTML {shown} is not allowed in a briefing; write Markdown (allowed "
    f"tags, without attributes: {', '.join(BODY_HTML_TAGS)}; abbr may have a title)"
)


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group())


def _mask_indented_code(markdown: str) -> str:
    """Blank indented code blocks, but not indented paragraphs that continue a list item."""
    if (
        "\n    " not in markdown
        and "\n\t" not in markdown
        and not markdown.startswith(("    ", "\t"))
    ):
        return markdown  # no line is indented enough to be code
    lines = markdown.split("\n")
    in_list = in_code = False
    after_blank = True
    for number, line in enumerate(lines):
        if not line.strip():
            after_blank = True
            continue
        if line.startswith(("    ", "\t")):
            if in_code or (after_blank and not in_list):
                in_code = True
                lines[number] = " " * len(line)
        else:
            in_code = False
            if _LIST_ITEM.match(line):
                in_list = True
            elif after_blank:
                in_list = False
        after_blank = False
    return "\n".join(lines)


def mask_code(markdown: str) -> str:
    """Blank out code (keeping offsets and line breaks): code is shown, never interpreted."""
    # Most bodies hold no code, yet each pattern would step through every character.
    if "```" in markdown or "~~~" in markdown:
        markdown = _FENCED.sub(_blank, markdown)
    markdown = _mask_indented_code(markdown)
    return _INLINE_CODE.sub(_blank, markdown) if "`" in markdown else markdown


def link_scheme(destination: str) -> str | None:
    """The scheme a browser would see, after entities and hidden characters are removed."""
    cleaned = _INVISIBLE.sub("", html.unescape(html.unescape(destination)))
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


def check_control_characters(file: LoadedFile, at: BodyPositions, out: list[Diagnostic]) -> None:
    """Each line holding a character XML forbids, reported once, naming them all."""
    reported_lines: set[int] = set()
    for bad in XML_ILLEGAL.finditer(file.body):
        line, column = at(bad.start())
        if line in reported_lines:
            continue
        reported_lines.add(line)
        line_end = file.body.find("\n", bad.start())
        rest_of_line = file.body[bad.start() : None if line_end < 0 else line_end]
        out.append(
            spec.CONTROL_CHARACTER.at(
                file.path,
                line,
                column,
                f"the body contains {control_characters(rest_of_line)} on this line",
            )
        )


class _Tags(HTMLParser):
    """Every tag, comment and declaration in a piece of raw HTML, with its offset."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text = text
        self.line_starts = [0, *(m.end() for m in re.finditer("\n", text))]
        self.found: list[tuple[int, str, list[tuple[str, str | None]]]] = []
        self.feed(text)
        self.close()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _raw(self, offset: int) -> str:
        end = self.text.find(">", offset)
        return self.text[offset : None if end < 0 else end + 1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        offset = self._offset()
        self.found.append((offset, self.get_starttag_text() or self._raw(offset), attrs))

    def handle_endtag(self, tag: str) -> None:
        offset = self._offset()
        self.found.append((offset, self._raw(offset), []))

    def handle_comment(self, data: str) -> None:
        self.found.append((self._offset(), "<!-- -->", []))

    def handle_decl(self, decl: str) -> None:
        offset = self._offset()
        self.found.append((offset, self._raw(offset), []))

    def unknown_decl(self, data: str) -> None:
        self.handle_decl(data)

    def handle_pi(self, data: str) -> None:
        self.handle_decl(data)


def _allowed_tag(raw: str, attrs: list[tuple[str, str | None]]) -> bool:
    match = _TAG_NAME.match(raw)
    if match is None:
        return False
    name = match.group(2).lower()
    if name not in BODY_HTML_TAGS:
        return False
    return not attrs or (name == "abbr" and _ABBR_WITH_TITLE.fullmatch(raw) is not None)


class _Reporter:
    """Diagnostics at offsets of one body."""

    def __init__(self, file: LoadedFile, at: BodyPositions, out: list[Diagnostic]) -> None:
        self.path = file.path
        self.at = at
        self.out = out

    def __call__(self, offset: int, rule: Rule, message: str) -> None:
        line, column = self.at(offset)
        self.out.append(rule.at(self.path, line, column, message))


def check_markup(file: LoadedFile, at: BodyPositions, out: list[Diagnostic]) -> None:
    """Raw HTML and link addresses, as the renderer's own parse sees them."""
    body = file.body
    if plainly_safe(body):
        return
    try:
        inspected = inspect_markdown(body)
    except RecursionError:
        out.append(
            spec.OVER_LIMIT.at(
                file.path,
                file.body_line,
                1,
                "the body nests lists or quotes too deeply to be read; the limit is "
                f"{spec.MAX_BODY_NESTING} levels",
            )
        )
        return
    report = _Reporter(file, at, out)
    _check_raw_html(body, inspected, report)
    _check_links(body, inspected, report)


def _check_raw_html(body: str, inspected: Inspected, report: _Reporter) -> None:
    cursors = {False: 0, True: 0}  # block pieces and inline pieces each come in order
    for piece in inspected.raw_html:
        probe = piece.text.split("\n", 1)[0]
        where = _find_raw(body, probe, cursors[piece.inline])
        if where < 0:
            where = _find_raw(body, probe, 0)
        if where >= 0:
            cursors[piece.inline] = where + 1
        scheme = _autolink_scheme(piece.text)
        if scheme is not None and scheme not in LINK_SCHEMES:
            report(max(where, 0) + 1, spec.UNSAFE_LINK, unsafe_link_message(scheme))
            continue
        for offset, raw, attrs in _Tags(piece.text).found:
            if _allowed_tag(raw, attrs):
                continue
            start = where + offset if where >= 0 else max(body.find(raw), 0)
            name = _TAG_NAME.match(raw)
            shown = raw if name is None or raw.startswith("<!") else f"<{name[1]}{name[2]}>"
            report(start, spec.RAW_HTML, _RAW_HTML_MESSAGE.format(shown=shown))


def _autolink_scheme(text: str) -> str | None:
    """The scheme of an autolink (``<scheme:…>``) that is not also a tag, if it is one."""
    autolink = _AUTOLINK.fullmatch(text)
    if autolink is None or _TAG_LIKE.fullmatch(text) is not None:
        return None
    return link_scheme(autolink.group(1))


def _check_links(body: str, inspected: Inspected, report: _Reporter) -> None:
    for addresses in (inspected.links, inspected.definitions):
        cursor = 0
        for address in addresses:
            scheme = link_scheme(address)
            if scheme is None or scheme in LINK_SCHEMES:
                continue
            where = body.find(address, cursor)
            if where < 0:
                where = max(body.find(address), 0)
            cursor = where + 1
            report(where, spec.UNSAFE_LINK, unsafe_link_message(scheme))


def plainly_safe(body: str) -> bool:
    """True when the parse could find nothing to report, so it need not run: no '<'
    (all raw HTML and autolinks start with one), no entity or escape to disguise a
    scheme, and every link or definition destination plainly http(s), mailto or
    relative. Conservative: anything else is parsed, and the parse decides."""
    if "<" in body or "&" in body or "\\" in body:
        return False
    for match in _DESTINATION_START.finditer(body):
        rest = body[match.end() : match.end() + 40].lstrip(" \t\n")
        if not _PLAIN_DESTINATION.match(rest):
            return False
    return True


def _find_raw(body: str, probe: str, start: int) -> int:
    """Where raw HTML ``probe`` is in ``body`` from ``start``: not where the same text
    is a link's address in angle brackets (``[a](<…>)``), which the parse did not
    take as HTML."""
    where = body.find(probe, start)
    while where >= 0 and body[max(0, where - 40) : where].rstrip(" \t").endswith("]("):
        where = body.find(probe, where + 1)
    return where


def unsafe_link_message(scheme: str) -> str:
    schemes = ", ".join(LINK_SCHEMES[:-1]) + f" or {LINK_SCHEMES[-1]}"
    return f"link with scheme '{scheme}:' is not allowed; use {schemes}, or a relative link"
