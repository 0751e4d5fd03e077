"""Generated files kept on disk instead of in memory, until the engine copies them.

The site's feeds and data files are most of what a build would otherwise hold at
once: three feeds for the archive and for every actor, location and tag, each with
the full text of its latest briefings (about 340 MB at 10,000 briefings). Each is
written to a work folder the moment it is made, so the build holds one at a time;
MkDocs copies them into the site from there, and ``briefings export`` reads them one
by one. The mapping's keys are the published paths, in order.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path, PurePosixPath


class FileSpool(Mapping[str, bytes]):
    """Published path → file contents, each file stored under ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._paths: list[str] = []
        self._known: set[str] = set()

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
