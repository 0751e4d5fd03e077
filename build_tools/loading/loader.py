"""Load: bytes on disk → YAML nodes that remember where they came from.

PyYAML's loaders lose positions once values are constructed, silently keep the last
of two equal keys, expand aliases without bound and construct whatever a tag asks
for. So the archive composes its own small node tree from libyaml's *events*: every
node keeps its line and column, and duplicates, anchors, aliases and tags become
diagnostics instead of surprises. Scalars stay strings; the validator decides what
a value means from the field it is in (``country: NO`` is Norway, not ``False``).
A file with no anchor, alias or tag in it, as most are, is composed by libyaml's own
composer in C instead, and copied into the same nodes: the answer is the same.

Nothing here raises on content: every failure is a :class:`Diagnostic`.
"""

from __future__ import annotations

import gc
import os
import re
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

import yaml

from build_tools.format import format_spec as spec
from build_tools.format.diagnostics import Diagnostic

MAX_DEPTH = 16
REGISTRY_FILES = ("actors.yml", "locations.yml")

_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# The characters YAML 1.1 refuses in a stream (PyYAML's Reader.NON_PRINTABLE).
_YAML_UNPRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


@dataclass(frozen=True, slots=True)
class Scalar:
    value: str
    plain: bool  # unquoted: only plain scalars may be read as null, bool or number
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Sequence:
    items: tuple[Node, ...]
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Mapping:
    entries: tuple[tuple[Scalar, Node], ...]
    line: int
    column: int

    def get(self, key: str) -> Node | None:
        for k, v in self.entries:
            if k.value == key:
                return v
        return None


Node = Scalar | Sequence | Mapping

FileKind = Literal["briefing", "actors", "locations"]


@dataclass(frozen=True, slots=True)
class LoadedFile:
    """One file after loading. ``document`` is None when nothing usable was read."""

    path: str
    kind: FileKind
    document: Node | None
    body: str = ""
    body_line: int = 1
    diagnostics: tuple[Diagnostic, ...] = ()
    # The file's path relative to the archive root, for layout rules.
    relative: str = ""
    # Not read at all (a symbolic link, a folder, a device): its diagnostic says why,
    # and no other rule about it applies.
    refused: bool = False


@dataclass(frozen=True, slots=True)
class LoadedArchive:
    root: str
    actors: LoadedFile
    locations: LoadedFile
    briefings: tuple[LoadedFile, ...] = field(default=())
    complete: bool = True  # every briefing of the archive was read, not a chosen few


# Line breaks to YAML 1.1, but not to an editor, a diff or GitHub: each would shift
# every later line number of the file by one.
_HIDDEN_BREAKS = re.compile("[\x85\u2028\u2029]")
_BREAK_NAMES = {"\x85": "next line", "\u2028": "line separator", "\u2029": "paragraph separator"}


def _hidden_breaks(path: str, text: str, line_offset: int) -> tuple[str, list[Diagnostic]]:
    """Each hidden line break reported where an editor shows it, then made a space,
    so that YAML counts lines as everyone else does and later positions stay true."""
    found = []
    for match in _HIDDEN_BREAKS.finditer(text):
        line, column = line_col(text, match.start())
        char = match.group()
        found.append(
            spec.CONTROL_CHARACTER.at(
                path,
                line + line_offset,
                column,
                f"U+{ord(char):04X} ({_BREAK_NAMES[char]}) is an invisible line break that "
                "YAML reads as a new line; delete it, or use an ordinary line break",
            )
        )
    return _HIDDEN_BREAKS.sub(" ", text), found


def line_col(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of ``text[index]``, counting characters."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def decode(path: str, data: bytes, limit: int) -> tuple[str | None, list[Diagnostic]]:
    """Bytes → text with LF line ends, or a diagnostic saying why not."""
    if len(data) > limit:
        return None, [
            spec.FILE_TOO_LARGE.at(
                path, 1, 1, f"file is {len(data):,} bytes; the limit is {limit:,}"
            )
        ]
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        column = nul - (data.rfind(b"\n", 0, nul) + 1) + 1
        return None, [
            spec.FILE_ENCODING.at(path, line, column, "file is not text (it contains a NUL byte)")
        ]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            spec.FILE_ENCODING.at(
                path,
                line,
                column,
                f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x}); save it as UTF-8",
            )
        ]
    if "\r" in text:
        # A lone CR is a line break to YAML too: normalise it so every line number agrees.
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, []


def parse_yaml(path: str, text: str, line_offset: int = 0) -> tuple[Node | None, list[Diagnostic]]:
    """Compose one YAML document into nodes; ``line_offset`` places it inside a file.

    From libyaml's events (:func:`_compose_from_events`), the complete way; or, as a
    speed device, by libyaml's composer in C (:func:`_compose_fast_in_c`) where that
    is safe and says everything: the answer is the same either way
    (``tests/test_loader_paths.py`` holds them to it)."""
    if _HIDDEN_BREAKS.search(text) is not None:
        text, found = _hidden_breaks(path, text, line_offset)
        document, more = parse_yaml(path, text, line_offset)
        return document, found + more
    if _NodeParser is not None and _plain_enough(text):
        composed = _compose_fast_in_c(_NodeParser, path, text, line_offset)
        if composed is not None:
            return composed
    return _compose_from_events(path, text, line_offset)


def _compose_from_events(
    path: str, text: str, line_offset: int
) -> tuple[Node | None, list[Diagnostic]]:
    """parse_yaml from libyaml's events, which show every anchor, alias and tag: the
    complete way, which any text may take and every error is worded by."""
    diagnostics: list[Diagnostic] = []
    parser = None
    try:
        parser = _Parser(text)
        document = _compose(path, _Events(parser), line_offset, diagnostics)
    except _NestedTooDeep as exc:
        diagnostics.append(exc.diagnostic)
        return None, diagnostics
    except yaml.MarkedYAMLError as exc:
        diagnostics.append(_syntax_error(path, text, exc, line_offset))
        return None, diagnostics
    except yaml.reader.ReaderError as exc:
        diagnostics.append(_unprintable(path, text, exc, line_offset))
        return None, diagnostics
    except (yaml.YAMLError, ValueError, RecursionError, UnicodeError) as exc:
        diagnostics.append(
            spec.YAML_SYNTAX.at(path, 1 + line_offset, 1, f"YAML could not be read: {exc}")
        )
        return None, diagnostics
    finally:
        if parser is not None:
            parser.dispose()
    return document, diagnostics


def _syntax_error(path: str, text: str, exc: yaml.MarkedYAMLError, line_offset: int) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 + line_offset if mark else 1 + line_offset
    column = mark.column + 1 if mark else 1
    tab = _indenting_tab(text, mark.line, mark.column) if mark else None
    if tab is not None:
        # libyaml's words ("found character that cannot start any token") name
        # neither the tab nor the cure.
        return spec.YAML_SYNTAX.at(
            path, line, tab + 1, "YAML does not allow tabs for indentation; indent with spaces"
        )
    problem = exc.problem or exc.context or "invalid YAML"
    start = exc.context_mark
    if exc.problem and exc.context and start is not None and start.line != (mark and mark.line):
        # The unclosed bracket or quote is what the contributor must find, not where
        # libyaml gave up, which may be lines further down.
        problem += f" ({exc.context} started at line {start.line + 1 + line_offset})"
    return spec.YAML_SYNTAX.at(path, line, column, f"YAML syntax: {problem}")


def _unprintable(
    path: str, text: str, exc: yaml.reader.ReaderError, line_offset: int
) -> Diagnostic:
    # libyaml reports a byte offset, not a character index: find the character ourselves.
    bad = _YAML_UNPRINTABLE.search(text)
    line, column = line_col(text, bad.start() if bad else 0)
    code = ord(bad.group()) if bad else exc.character
    what = f"character U+{code:04X}" if isinstance(code, int) else "character"
    return spec.CONTROL_CHARACTER.at(
        path,
        line + line_offset,
        column,
        f"{what} is not allowed in YAML (control characters are forbidden)",
    )


def _indenting_tab(text: str, line: int, column: int) -> int | None:
    """The 0-based column of a tab in the indentation of ``text``'s 0-based ``line``,
    if the parser stopped inside that indentation or at its end."""
    start = 0
    for _ in range(line):
        start = text.find("\n", start) + 1
        if start == 0:
            return None
    end = text.find("\n", start)
    indentation = re.match(r"[ \t]*", text[start : None if end < 0 else end])
    assert indentation is not None  # the pattern matches the empty string
    tab = indentation.group().find("\t")
    return tab if tab >= 0 and column <= indentation.end() else None


# --- composed in C --------------------------------------------------------------------
#
# Most files hold no anchor, alias or tag, and nest a few levels. For them libyaml's
# composer, in C, builds the node tree (with the position of every node) for half the
# cost of handling its events in Python; the tree is then copied into the archive's
# own nodes. Anything the copy cannot vouch for goes the way of events instead.

# Anchors (&), aliases (*) and tags (!, also in a %TAG directive) all need one of these.
_NOT_PLAIN = ("&", "*", "!")
# libyaml's composer recurses in C, once per level: a thousand levels overflow a small
# thread stack (128 KiB) and kill the process. Every level opens with one of these
# characters, so a text holding at most this many cannot nest deeper.
_MAX_LEVEL_MARKS = 128
_LEVEL_MARKS = ("[", "{", "-", ":", "?")


def _plain_enough(text: str) -> bool:
    if any(c in text for c in _NOT_PLAIN):
        return False
    return sum(text.count(c) for c in _LEVEL_MARKS) <= _MAX_LEVEL_MARKS


def _node_parser() -> type[Any] | None:
    """libyaml's parser and composer without PyYAML's resolver, which would try its
    regexes on every scalar to guess a type the archive never uses (scalars stay text)."""
    c_parser = getattr(getattr(yaml, "cyaml", None), "CParser", None)
    if c_parser is None:
        return None

    class NodeParser(c_parser):  # type: ignore[valid-type, misc]
        def descend_resolver(self, parent: object, index: object) -> None:
            pass

        def ascend_resolver(self) -> None:
            pass

        def resolve(self, kind: object, value: object, implicit: object) -> None:
            return None

    return NodeParser


_NodeParser = _node_parser()


_ScalarNode = yaml.ScalarNode
_SequenceNode = yaml.SequenceNode


def _compose_fast_in_c(
    parser_class: type[Any], path: str, text: str, offset: int
) -> tuple[Node | None, list[Diagnostic]] | None:
    """parse_yaml through libyaml's composer, or None if the events must decide: any
    error, and anything deeper than MAX_DEPTH, is left to the complete way."""
    parser = parser_class(text)
    try:
        root = parser.get_single_node()
        if root is None:
            return None, []
        diagnostics: list[Diagnostic] = []
        return _copy(path, root, offset, diagnostics, 0), diagnostics
    except Exception:  # every error is worded by the events' way, in full
        return None
    finally:
        parser.dispose()


def _copy(path: str, node: yaml.Node, offset: int, out: list[Diagnostic], depth: int) -> Node:
    """A libyaml node as the archive's node; what _node reports, in the same order."""
    mark = node.start_mark
    if depth > MAX_DEPTH:  # declined (see _compose_fast_in_c): the events' way reports it
        raise _NestedTooDeep(_too_deep(path, mark.line + 1 + offset, mark.column + 1))
    if type(node) is _ScalarNode:
        return Scalar(node.value, not node.style, mark.line + 1 + offset, mark.column + 1)
    depth += 1
    if type(node) is _SequenceNode:
        items = tuple([_copy(path, item, offset, out, depth) for item in node.value])
        return Sequence(items, mark.line + 1 + offset, mark.column + 1)
    entries: list[tuple[Scalar, Node]] = []
    seen: dict[str, int] = {}
    for key_node, value_node in node.value:
        key = _copy(path, key_node, offset, out, depth)
        item = _copy(path, value_node, offset, out, depth)
        if not isinstance(key, Scalar):
            out.append(spec.FIELD_TYPE.at(path, key.line, key.column, "a key must be plain text"))
        elif key.value in seen:
            out.append(_duplicate_key(path, key, seen[key.value]))
        else:
            seen[key.value] = key.line
            entries.append((key, item))
    return Mapping(tuple(entries), mark.line + 1 + offset, mark.column + 1)


def _duplicate_key(path: str, key: Scalar, first_line: int) -> Diagnostic:
    return spec.YAML_DUPLICATE_KEY.at(
        path,
        key.line,
        key.column,
        f"duplicate key '{key.value}' (first at line {first_line}); "
        "YAML would silently keep only the last",
    )


# --- composed from events --------------------------------------------------------------


class _Events:
    """libyaml's event stream, one event at a time.

    ``next`` is the parser's own ``get_event``, called directly: a generator in between
    (``yaml.parse``) costs more than the parsing itself on a typical front matter.
    """

    def __init__(self, parser: yaml.CSafeLoader | yaml.SafeLoader) -> None:
        # None comes only after the stream's end, which _compose never reads past.
        self.next = cast("Callable[[], yaml.Event]", parser.get_event)


def _compose(path: str, stream: _Events, offset: int, out: list[Diagnostic]) -> Node | None:
    event = stream.next()  # StreamStart
    event = stream.next()
    if isinstance(event, yaml.StreamEndEvent):
        return None
    document = _node(path, stream, stream.next(), offset, out, depth=0)
    event = stream.next()  # DocumentEnd
    event = stream.next()
    if not isinstance(event, yaml.StreamEndEvent):
        line, column = _mark(event, offset)
        out.append(
            spec.YAML_SYNTAX.at(
                path,
                line,
                column,
                "only one YAML document is allowed here (remove the extra '---')",
            )
        )
    return document


def _node(
    path: str,
    stream: _Events,
    event: yaml.Event,
    offset: int,
    out: list[Diagnostic],
    depth: int,
) -> Node:
    line, column = _mark(event, offset)
    if depth > MAX_DEPTH:
        raise _NestedTooDeep(_too_deep(path, line, column))
    if isinstance(event, yaml.AliasEvent):
        out.append(
            spec.YAML_ANCHOR.at(
                path,
                line,
                column,
                f"YAML alias '*{event.anchor}' is not allowed; write the value out",
            )
        )
        return Scalar("", True, line, column)
    _report_anchor_and_tag(path, event, line, column, out)
    if isinstance(event, yaml.ScalarEvent):
        return Scalar(event.value, event.style in (None, ""), line, column)
    if isinstance(event, yaml.SequenceStartEvent):
        return Sequence(_items(path, stream, offset, out, depth), line, column)
    if isinstance(event, yaml.MappingStartEvent):
        return Mapping(_entries(path, stream, offset, out, depth), line, column)
    raise yaml.YAMLError(f"unexpected YAML event {type(event).__name__}")


def _report_anchor_and_tag(
    path: str, event: yaml.Event, line: int, column: int, out: list[Diagnostic]
) -> None:
    anchor = getattr(event, "anchor", None)
    if anchor is not None:
        out.append(
            spec.YAML_ANCHOR.at(path, line, column, f"YAML anchor '&{anchor}' is not allowed")
        )
    tag = getattr(event, "tag", None)
    if tag is not None:
        out.append(
            spec.YAML_TAG.at(
                path, line, column, f"YAML tag '{_short_tag(tag)}' is not allowed; remove it"
            )
        )


def _items(
    path: str, stream: _Events, offset: int, out: list[Diagnostic], depth: int
) -> tuple[Node, ...]:
    """A sequence's items, up to its end event."""
    items: list[Node] = []
    while True:
        child = stream.next()
        if isinstance(child, yaml.SequenceEndEvent):
            return tuple(items)
        items.append(_node(path, stream, child, offset, out, depth + 1))


def _entries(
    path: str, stream: _Events, offset: int, out: list[Diagnostic], depth: int
) -> tuple[tuple[Scalar, Node], ...]:
    """A mapping's entries, up to its end event; a key that is not text, or that came
    before, is reported and its entry left out."""
    entries: list[tuple[Scalar, Node]] = []
    seen: dict[str, int] = {}
    while True:
        key_event = stream.next()
        if isinstance(key_event, yaml.MappingEndEvent):
            return tuple(entries)
        key = _node(path, stream, key_event, offset, out, depth + 1)
        value = _node(path, stream, stream.next(), offset, out, depth + 1)
        if not isinstance(key, Scalar):
            out.append(spec.FIELD_TYPE.at(path, key.line, key.column, "a key must be plain text"))
            continue
        if key.value in seen:
            out.append(_duplicate_key(path, key, seen[key.value]))
            continue
        seen[key.value] = key.line
        entries.append((key, value))


def _mark(event: yaml.Event, offset: int) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line + 1 + offset, mark.column + 1) if mark else (1 + offset, 1)


def _too_deep(path: str, line: int, column: int) -> Diagnostic:
    return spec.YAML_TOO_DEEP.at(
        path, line, column, f"YAML is nested more than {MAX_DEPTH} levels deep"
    )


class _NestedTooDeep(Exception):
    """Reading stops at the first level too deep: libyaml's scanner costs time in
    proportion to the depth for every token, so skipping the rest of a megabyte of
    brackets would take minutes. The file's other problems wait for the next run."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def _short_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag


_FENCE = re.compile(r"^---[ \t]*$")
# A closing fence, from its first character to the end of its line.
_END = re.compile(r"(?:---|\.\.\.)[ \t]*(?=\n|\Z)")


def _closing_fence(text: str, newline: int) -> re.Match[str] | None:
    """The first line after the line break at ``newline`` that closes the front matter.

    Only a line starting with '---' or '...' can: finding those is a scan in C, where a
    regex anchored at every line start would be tried at every character."""
    while True:
        dashes = text.find("\n---", newline)
        dots = text.find("\n...", newline)
        if dashes < 0 and dots < 0:
            return None
        newline = dots if dashes < 0 or 0 <= dots < dashes else dashes
        fence = _END.match(text, newline + 1)
        if fence is not None:
            return fence
        newline += 1


def split_front_matter(path: str, text: str) -> tuple[str, str, int] | Diagnostic:
    """Text → (front matter, body, body's first line), or why the file has none."""
    first_end = text.find("\n")
    first = text if first_end < 0 else text[:first_end]
    if not _FENCE.match(first):
        return spec.FRONT_MATTER.at(
            path, 1, 1, "a briefing must start with '---' on its first line, then YAML front matter"
        )
    end = _closing_fence(text, first_end) if first_end >= 0 else None
    if end is not None:
        front = text[first_end + 1 : end.start() - 1] + "\n"
        body = text[end.end() + 1 :]
        return front, body, text.count("\n", 0, end.start()) + 2
    return spec.FRONT_MATTER.at(
        path, 1, 1, "front matter is not closed: add a line '---' after the last field"
    )


def refusal(path: Path, display: str) -> Diagnostic | None:
    """Why the file at ``path`` is not read at all, or None for a regular file.

    A symbolic link is refused, naming the link's own path: to another briefing it
    publishes one text at two addresses, outside the archive it publishes whatever it
    points at. A folder, a device or a pipe is not a file (reading a pipe would wait
    for ever). Checked with ``lstat``, before anything is opened.
    """
    try:
        mode = os.lstat(path).st_mode
    except OSError as exc:
        return spec.FILE_MISSING.at(display, 1, 1, f"cannot read file: {exc.strerror}")
    if stat.S_ISLNK(mode):
        return spec.FILE_SYMLINK.at(
            display,
            1,
            1,
            "is a symbolic link; the archive reads only real files: replace the link "
            "with the file itself (or delete it)",
        )
    if stat.S_ISDIR(mode):
        return spec.FILE_MISSING.at(display, 1, 1, "cannot read file: it is a folder")
    if not stat.S_ISREG(mode):
        return spec.FILE_MISSING.at(
            display, 1, 1, "cannot read file: it is a device or a pipe, not a file"
        )
    return None


def load_registry(path: Path, display: str, kind: FileKind) -> LoadedFile:
    if not os.path.lexists(path):
        missing = _registry_missing(display, kind)
        return LoadedFile(display, kind, None, diagnostics=(missing,), refused=True)
    refused = refusal(path, display)
    if refused is not None:
        return LoadedFile(display, kind, None, diagnostics=(refused,), refused=True)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return LoadedFile(
            display,
            kind,
            None,
            diagnostics=(spec.FILE_MISSING.at(display, 1, 1, f"cannot read file: {exc.strerror}"),),
            refused=True,
        )
    text, diagnostics = decode(display, data, spec.MAX_REGISTRY_BYTES)
    if text is None:
        return LoadedFile(display, kind, None, diagnostics=tuple(diagnostics))
    document, more = parse_yaml(display, text)
    return LoadedFile(display, kind, document, diagnostics=tuple(diagnostics + more))


def _registry_missing(display: str, kind: FileKind) -> Diagnostic:
    return spec.FILE_MISSING.at(
        display,
        1,
        1,
        f"the registry of {kind} is missing, and every briefing is checked against it; "
        "restore the file from git, or create it",
    )


def load_briefing_bytes(display: str, relative: str, data: bytes) -> LoadedFile:
    text, diagnostics = decode(display, data, spec.MAX_BRIEFING_BYTES)
    if text is None:
        return LoadedFile(
            display, "briefing", None, diagnostics=tuple(diagnostics), relative=relative
        )
    parts = split_front_matter(display, text)
    if isinstance(parts, Diagnostic):
        return LoadedFile(display, "briefing", None, diagnostics=(parts,), relative=relative)
    front, body, body_line = parts
    document, more = parse_yaml(display, front, line_offset=1)
    return LoadedFile(
        display,
        "briefing",
        document,
        body=body,
        body_line=body_line,
        diagnostics=tuple(diagnostics + more),
        relative=relative,
    )


def load_briefing(path: Path, display: str, relative: str) -> LoadedFile:
    refused = refusal(path, display)
    if refused is not None:
        return LoadedFile(
            display, "briefing", None, diagnostics=(refused,), relative=relative, refused=True
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        return LoadedFile(
            display,
            "briefing",
            None,
            diagnostics=(spec.FILE_MISSING.at(display, 1, 1, f"cannot read file: {exc.strerror}"),),
            relative=relative,
        )
    return load_briefing_bytes(display, relative, data)


def display_path(path: Path) -> str:
    """A path as a contributor would type it: relative to the working directory if inside it.

    The file itself is not resolved: a symbolic link is shown as the link."""
    try:
        resolved = (
            path.resolve() if path.name in ("", ".", "..") else path.parent.resolve() / path.name
        )
        return resolved.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def find_briefing_files(root: Path) -> list[Path]:
    """Every file under ``root`` that is meant as a briefing, for the validator to judge.

    That is any name ending in ``.md`` in any case (``.MD`` is reported, not silently
    skipped), and every symbolic link, which is never followed and is reported.
    Hidden files and folders are not looked at.
    """
    found: list[Path] = []
    for folder, folders, files in os.walk(root):
        base = Path(folder)
        kept = []
        for name in folders:
            if name.startswith("."):
                continue
            if os.path.islink(base / name):  # noqa: PTH114 - never raises
                found.append(base / name)
            else:
                kept.append(name)
        folders[:] = kept
        for name in files:
            path = base / name
            if name.startswith(".") or (base == root and name in REGISTRY_FILES):
                continue
            if name.lower().endswith(".md") or os.path.islink(path):  # noqa: PTH114
                found.append(path)
    return sorted(found)


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """Keep Python's cycle collector out of reading and checking an archive.

    Ten thousand briefings make half a million small objects, none in a reference cycle,
    and the collector would scan them all again each time their number grows by a
    quarter: 40% of the time ``validate`` takes. Reference counting still frees every
    one of them; collection resumes as before afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass(frozen=True, slots=True)
class BriefingSource:
    """A briefing file to read, with its path as a contributor sees it and as the
    layout rules see it (relative to the archive's root)."""

    path: Path
    display: str
    relative: str


def load_registries(root: Path) -> tuple[LoadedFile, LoadedFile]:
    """``actors.yml`` and ``locations.yml`` of the archive at ``root``."""
    actors = load_registry(root / "actors.yml", display_path(root / "actors.yml"), "actors")
    locations = load_registry(
        root / "locations.yml", display_path(root / "locations.yml"), "locations"
    )
    return actors, locations


def briefing_sources(root: Path, only: list[Path] | None = None) -> list[BriefingSource]:
    """The briefings under ``root`` (all, or ``only`` these), in the order they are read."""
    files = find_briefing_files(root) if only is None else sorted(only)
    cwd = _as_folder(Path.cwd().resolve())
    resolved_root = _as_folder(root.resolve())
    return [
        BriefingSource(path, _shown(resolved, cwd, path), _shown(resolved, resolved_root, path))
        for path, resolved in zip(files, _resolve_each(files), strict=True)
    ]


def load_archive(root: Path, only: list[Path] | None = None) -> LoadedArchive:
    """Read the registries and the briefings (all, or ``only`` these) under ``root``."""
    with cycle_collection_paused():
        return _load_archive(root, only)


def _load_archive(root: Path, only: list[Path] | None) -> LoadedArchive:
    actors, locations = load_registries(root)
    briefings = tuple(
        load_briefing(s.path, s.display, s.relative) for s in briefing_sources(root, only)
    )
    return LoadedArchive(display_path(root), actors, locations, briefings, complete=only is None)


def _resolve_each(paths: list[Path]) -> list[str]:
    """``[str(p.resolve()) for p in paths]``, resolving each folder once.

    Resolving costs a system call per folder of the path, which adds up over thousands
    of briefings. A symbolic link is not followed: it is shown by its own path.
    """
    folders: dict[str, str] = {}
    resolved: list[str] = []
    for path in paths:
        folder_name, name = os.path.split(path)
        if name in ("", ".", ".."):
            resolved.append(str(path.resolve()))
            continue
        folder = folders.get(folder_name)
        if folder is None:
            folder = folders[folder_name] = _as_folder(Path(folder_name).resolve())
        resolved.append(folder + name)
    return resolved


def _as_folder(resolved: Path) -> str:
    """A resolved folder as a prefix of the paths inside it: ``/a/b/`` (``/`` for the root)."""
    return os.path.join(resolved, "")  # noqa: PTH118


def _shown(resolved: str, folder: str, path: Path) -> str:
    """``resolved`` relative to ``folder`` if inside it, else ``path`` as given.

    Both are resolved, so a prefix test of strings is ``Path.relative_to`` at a tenth
    of the cost, which thousands of briefings notice.
    """
    if resolved.startswith(folder):
        return resolved[len(folder) :].replace(os.sep, "/")
    if resolved == folder[:-1]:
        return "."
    return path.as_posix()
