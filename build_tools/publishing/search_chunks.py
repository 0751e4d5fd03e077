"""Pagefind's word index, re-cut where one common word would make a reader fetch far
more than a query needs.

Pagefind cuts its sorted list of words into chunks of about 20,000 word positions and
closes a chunk after the word that fills it. A word on nearly every page, many times,
fills a chunk alone and closes the one it lands in: the words just before it in the
alphabet share its file. At 10,000 long briefings such a word's positions weigh over
150 kB compressed, and a reader who searched a name beside it ("Stuntrae", before
"sunt") fetched all of them, for a query that needs a tenth of that.

:func:`split_heavy_chunks` gives such a chunk's other words a file of their own,
bytes sliced from the chunk, not decoded and written again. The original file stays as
it is, for the heavy word; the chunk's entry in the metadata gives way to entries
(:func:`cut_entries`) that send a term which may need the heavy word to that file,
and the others to the light one. Every file a term is sent to holds every word it
found before: a query finds the same pages with the same scores (the tests compare
both bundles' answers in Chromium). The metadata is written again, under a new name
the entry file points at; the rest of the bundle is Pagefind's.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path

import cbor2

SIGNATURE = b"pagefind_dcd"  # every index and metadata file, inside its gzip
# A chunk this large (compressed) is opened to see whether one word weighs most of it.
# Pagefind's own chunks are about 30 kB at 10,000 briefings.
HEAVY_CHUNK_BYTES = 64 * 1024
_ARRAY = 4  # CBOR's major type of an array
_LAST_CHARACTER = "\U0010ffff"  # sorts after any other, in UTF-8 as in Python


class SearchChunksError(Exception):
    """The bundle is not laid out as this Pagefind version writes it."""


@dataclass(frozen=True, slots=True)
class ChunkSplit:
    """Where a chunk was cut: the words before ``heavy`` move to a file of their own."""

    light_body: bytes  # the new chunk's CBOR, without the signature
    last_light: str  # its last word
    heavy: str  # the last word, which the original file is now fetched for


def split_heavy_chunks(bundle: Path, *, heavy_bytes: int | None = None) -> int:
    """Re-cut the heavy chunks (files over ``heavy_bytes``, by default
    :data:`HEAVY_CHUNK_BYTES`) of every language of the bundle in ``bundle``; how many
    chunks were cut."""
    limit = HEAVY_CHUNK_BYTES if heavy_bytes is None else heavy_bytes
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text("utf-8"))
    cut = 0
    replaced: list[Path] = []
    for language in entry.get("languages", {}).values():
        old_hash = language["hash"]
        new_hash, count = _split_language(bundle, old_hash, limit)
        if count:
            language["hash"] = new_hash
            replaced.append(_meta_path(bundle, old_hash))
            cut += count
    if cut:
        # Until the entry points at the new metadata, the bundle is Pagefind's, whole.
        entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), "utf-8")
        for path in replaced:
            path.unlink()
    return cut


def _split_language(bundle: Path, meta_hash: str, limit: int) -> tuple[str, int]:
    """The new metadata's hash and the number of chunks cut, for one language."""
    meta_path = _meta_path(bundle, meta_hash)
    meta = cbor2.loads(read_file(meta_path))
    if not (isinstance(meta, list) and len(meta) > 2 and isinstance(meta[2], list)):
        raise SearchChunksError(f"{meta_path.name}: no list of index chunks")
    prefix = meta_hash.rpartition("_")[0]
    chunks: list[list[str]] = []
    cut = 0
    for chunk in meta[2]:
        start, end, name = chunk
        path = bundle / "index" / f"{name}.pf_index"
        split = heavy_split(read_file(path)) if path.stat().st_size > limit else None
        if split is None:
            chunks.append(chunk)
            continue
        light_name = _free_name(bundle / "index", prefix, split.light_body, ".pf_index", 7)
        write_file(bundle / "index" / f"{light_name}.pf_index", split.light_body)
        chunks += cut_entries((start, end), split, light_name, name)
        cut += 1
    if not cut:
        return meta_hash, 0
    meta[2] = chunks
    body = cbor2.dumps(meta)
    new_hash = _free_name(bundle, prefix, body, ".pf_meta", 10, stem="pagefind.")
    write_file(_meta_path(bundle, new_hash), body)
    return new_hash, cut


def _meta_path(bundle: Path, meta_hash: str) -> Path:
    return bundle / f"pagefind.{meta_hash}.pf_meta"


def heavy_split(body: bytes) -> ChunkSplit | None:
    """Where to cut a chunk (CBOR ``[[word, …]]``): before its last word when that word
    takes more than half its bytes; None when it does not, or holds the chunk alone."""
    if body[:1] != b"\x81":
        raise SearchChunksError("an index chunk is not a one-element array")
    count, words_at = _array_length(body, 1)
    if count < 2:
        return None
    stream = io.BytesIO(body)
    stream.seek(words_at)
    decoder = cbor2.CBORDecoder(stream)
    word: object = None
    for _ in range(count - 1):
        word = decoder.decode()
    heavy_at = stream.tell()
    if len(body) - heavy_at <= heavy_at - words_at:
        return None
    _, heavy_word_at = _array_length(body, heavy_at)
    stream.seek(heavy_word_at)
    heavy = decoder.decode()
    if not (isinstance(word, list) and isinstance(word[0], str) and isinstance(heavy, str)):
        raise SearchChunksError("an index chunk's word is not [text, …]")
    head = io.BytesIO()
    cbor2.CBOREncoder(head).encode_length(_ARRAY, count - 1)
    light = b"\x81" + head.getvalue() + body[words_at:heavy_at]
    return ChunkSplit(light, word[0], heavy)


def cut_entries(
    bounds: tuple[str, str], split: ChunkSplit, light_file: str, heavy_file: str
) -> list[list[str]]:
    """The metadata entries, as [from, to, file], that replace a cut chunk's own
    (``bounds``).

    Pagefind 1.5's browser code fetches every chunk whose range holds a term whole
    (``from <= term <= to``), and when none does, every chunk whose range, cut to the
    term's length, holds it (pinned by ``tests/test_search_chunks.py``). So the ranges
    must not overlap, or a term fetches both files:

    - the light chunk's runs from the chunk's start to the end of every word beginning
      as Pagefind's cut would end it ("st…" for "stuntra" before "sunt"), so that a
      term that extends its last word fetches it alone, not only by the fallback;
    - the heavy word's file keeps the rest of the chunk's range, from the heavy word's
      first letters past those it shares with the light words ("su");
    - the beginnings it shares with them ("s"), and the heavy word itself, get entries
      of their own: a reader typing "fer" on the way to "fermentum" finds it (with the
      light file too, whose range holds "fer"), and the fallback of any term that
      begins the heavy word, or extends it, fetches its file.
    """
    start, end = bounds
    light_end, heavy_start = boundary_prefixes(split.last_light, split.heavy)
    shared = heavy_start[:-1]
    heavy_terms = [shared[:size] for size in range(1, len(shared) + 1)] + [split.heavy]
    return [
        [start, light_end + _LAST_CHARACTER, light_file],
        [heavy_start, end, heavy_file],
        *([term, term, heavy_file] for term in heavy_terms if term >= start),
    ]


def boundary_prefixes(last: str, first: str) -> tuple[str, str]:
    """The end of one chunk and the start of the next, from the last word of the one
    and the first of the other: Pagefind's ``get_prefixes``."""
    common = 0
    for a, b in zip(first, last, strict=False):
        if a != b:
            break
        common += 1
    return last[: common + 1], first[: common + 1]


def read_file(path: Path) -> bytes:
    """The CBOR of one of Pagefind's files (gzip, then its signature)."""
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise SearchChunksError(f"{path.name}: not a Pagefind file")
    return data[len(SIGNATURE) :]


def write_file(path: Path, body: bytes) -> None:
    path.write_bytes(gzip.compress(SIGNATURE + body, compresslevel=6, mtime=0))


def _free_name(
    folder: Path, prefix: str, body: bytes, suffix: str, length: int, *, stem: str = ""
) -> str:
    """``{prefix}_{hash}`` of ``body``, as Pagefind names its files, longer if taken."""
    digest = hashlib.sha256(body).hexdigest()
    for size in range(length, len(digest) + 1):
        name = f"{prefix}_{digest[:size]}"
        if not (folder / f"{stem}{name}{suffix}").exists():
            return name
    raise SearchChunksError(f"no free name for a file in {folder.name}")


def _array_length(body: bytes, at: int) -> tuple[int, int]:
    """The length of the CBOR array whose head is at ``at``, and where its items start."""
    head = body[at]
    if head >> 5 != _ARRAY:
        raise SearchChunksError("an index chunk is not laid out as arrays")
    info = head & 0x1F
    if info < 24:
        return info, at + 1
    size = {24: 1, 25: 2, 26: 4, 27: 8}.get(info)
    if size is None:
        raise SearchChunksError("an index chunk has an array of no stated length")
    return int.from_bytes(body[at + 1 : at + 1 + size], "big"), at + 1 + size
