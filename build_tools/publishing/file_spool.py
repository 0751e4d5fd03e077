"""Generated pages and files kept on disk instead of in memory, until the engine
writes them.

The site's pages and feeds are most of what a build would otherwise hold at once: at
10,000 briefings, about 490 MB of page HTML, and three feeds for the archive and for
every actor, location and tag, each with the full text of its latest briefings (about
340 MB). Each is written to a work folder the moment it is made, so the build holds
one at a time: MkDocs copies the files from there and reads each page's HTML just
before it writes the page; ``briefings export`` reads them one by one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import overload

from build_tools.format.pages import Page


class FileSpool(Mapping[str, bytes]):
    """Published path → file contents, each file stored under ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._paths: list[str] = []
        self._known: set[str] = set()

    @classmethod
    def written(cls, folder: Path, paths: Iterable[str]) -> FileSpool:
        """The spool of files another process wrote under ``folder``, in its order."""
        spool = cls(folder)
        spool._paths = list(paths)
        spool._known = set(spool._paths)
        return spool

    def add(self, path: str, data: bytes) -> None:
        """Store ``data`` at ``path``; a path given twice is refused."""
        relative = PurePosixPath(path)
        if relative.is_absolute() or ".." in relative.parts:
            raise ValueError(f"not a path inside the site: {path!r}")
        if path in self._known:
            raise ValueError(f"two files at {path}")
        target = self.folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self._known.add(path)
        self._paths.append(path)

    def sort(self) -> None:
        self._paths.sort()

    def file_of(self, path: str) -> Path:
        """Where the file published at ``path`` is stored."""
        if path not in self._known:
            raise KeyError(path)
        return self.folder / path

    def __getitem__(self, path: str) -> bytes:
        return self.file_of(path).read_bytes()

    def __contains__(self, path: object) -> bool:
        return path in self._known

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)


class PageSpool(Sequence[Page]):
    """The site's pages, their HTML on disk: each page's HTML is read back when the
    page is asked for, so a consumer going through them holds one at a time. ``light``
    gives every page without its HTML (addresses, titles, feed links).

    The pages follow one another in one file, each found by its offset: at 10,000
    briefings a file per page would be 13,000 files and their folders, seconds of
    system calls to create and again to delete."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self._file = folder / "pages.html"
        self._file.touch()
        self._where: dict[str, tuple[int, int]] = {}  # source path → (offset, length)
        self._end = 0
        self._light: list[Page] = []

    def append(self, page: Page) -> None:
        if page.source_path in self._where:
            raise ValueError(f"two pages at {page.source_path}")
        data = page.html.encode("utf-8", "surrogatepass")
        with self._file.open("ab") as pages:
            pages.write(data)
        self._where[page.source_path] = (self._end, len(data))
        self._end += len(data)
        self._light.append(replace(page, html=""))

    @property
    def light(self) -> Sequence[Page]:
        return self._light

    def html_of(self, page: Page) -> str:
        """The HTML of a page of this spool (given whole or light)."""
        offset, length = self._where[page.source_path]
        with self._file.open("rb") as pages:
            pages.seek(offset)
            return pages.read(length).decode("utf-8", "surrogatepass")

    @overload
    def __getitem__(self, index: int) -> Page: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Page]: ...

    def __getitem__(self, index: int | slice) -> Page | Sequence[Page]:
        if isinstance(index, slice):
            return [self._whole(page) for page in self._light[index]]
        return self._whole(self._light[index])

    def _whole(self, page: Page) -> Page:
        return replace(page, html=self.html_of(page))

    def __len__(self) -> int:
        return len(self._light)


def light_pages(pages: Sequence[Page]) -> Sequence[Page]:
    """The pages, without their HTML when it waits on disk (a build's spool)."""
    return pages.light if isinstance(pages, PageSpool) else pages
