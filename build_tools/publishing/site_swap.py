"""Build a site into a fresh folder, then publish it in one step (``briefings build-site``).

``site`` is a symbolic link to the build it shows, ``site.builds/<version>/``. A build
goes into a new version folder; only when it succeeds does ``site`` change, by
renaming a new link over the old one (``rename(2)`` replaces a link atomically). So
at every instant ``site`` is a whole build, the old or the new: a ``kill -9`` at any
point leaves a complete site, and the next build clears what the killed one left.

Builds of one checkout are serialised by an exclusive ``flock`` on ``.site.lock``: a
second ``make site`` waits for the first, then builds. Old versions are deleted after
the swap; one that cannot be deleted is reported and left for the next build to try
again: it is no longer the site, so it never fails a build.

A ``site`` that is still a real folder (from before this command) is exchanged with
the link in one step where Linux offers ``renameat2(RENAME_EXCHANGE)``, else moved
aside first.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import fcntl
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

# Seconds to wait just before the swap: lets a test kill the build at the worst moment.
PAUSE_VARIABLE = "BRIEFINGS_SWAP_PAUSE"
_NEXT_LINK = ".next"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100

Builder = Callable[[Path], int]


def versions_folder(site: Path) -> Path:
    return site.with_name(f"{site.name}.builds")


def lock_file(site: Path) -> Path:
    return site.with_name(f".{site.name}.lock")


@contextlib.contextmanager
def exclusive(lock: Path) -> Iterator[None]:
    """Hold ``lock`` exclusively; the kernel releases it if the process dies."""
    with lock.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            sys.stderr.write("waiting for another build of this site to finish\n")
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def current_version(site: Path) -> Path | None:
    """The version folder ``site`` links to, or None (no site yet, or a real folder)."""
    if not site.is_symlink():
        return None
    return (site.parent / site.readlink()).resolve()


def _remove(path: Path) -> str | None:
    """Delete a file, link or folder tree; the reason it failed, or None."""
    failures: list[str] = []

    def failed(_function: object, failed_path: str, info: object) -> None:
        failures.append(f"{failed_path}: {info[1] if isinstance(info, tuple) else info}")

    try:
        if path.is_symlink() or not path.is_dir():
            path.unlink(missing_ok=True)
        else:
            shutil.rmtree(path, onerror=failed)  # onexc only from Python 3.12
    except OSError as exc:
        failures.append(str(exc))
    return failures[0] if failures else None


def clear_leftovers(site: Path) -> list[str]:
    """Delete every version but the one ``site`` shows: killed builds, old sites.

    Only ever called with the lock held, so no other build is using any of them.
    Returns what could not be deleted.
    """
    versions = versions_folder(site)
    keep = current_version(site)
    problems: list[str] = []
    if not versions.is_dir():
        return problems
    for entry in sorted(versions.iterdir()):
        if not entry.is_symlink() and keep is not None and entry.resolve() == keep:
            continue
        problem = _remove(entry)
        if problem is not None:
            problems.append(problem)
    return problems


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False if unavailable."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(first))


def swap_in(site: Path, version: Path) -> None:
    """Make ``site`` show ``version``, in one rename."""
    versions = versions_folder(site)
    link = versions / _NEXT_LINK
    link.unlink(missing_ok=True)
    link.symlink_to(os.path.relpath(version, site.parent))
    pause = float(os.environ.get(PAUSE_VARIABLE, "0") or 0)
    if pause > 0:
        sys.stderr.write(f"pausing {pause} s before the swap ({PAUSE_VARIABLE})\n")
        time.sleep(pause)
    if site.is_dir() and not site.is_symlink():
        # A site from before versions: exchange it with the link, then it is an old version.
        legacy = versions / f"legacy-{time.time_ns()}"
        if _exchange(link, site):
            link.rename(legacy)
            return
        site.rename(legacy)
    link.replace(site)


def build_site(site: Path, builder: Builder) -> int:
    """Build with ``builder`` into a new version folder; swap it in if it succeeds.

    Returns the builder's exit status: on failure the published site is untouched.
    """
    site = site.absolute()
    site.parent.mkdir(parents=True, exist_ok=True)
    versions = versions_folder(site)
    with exclusive(lock_file(site)):
        for problem in clear_leftovers(site):
            sys.stderr.write(f"warning: could not delete an old build: {problem}\n")
        versions.mkdir(exist_ok=True)
        version = versions / f"v{time.time_ns()}-{os.getpid()}"
        status = builder(version)
        if status != 0:
            _remove(version)
            return status
        swap_in(site, version)
        for problem in clear_leftovers(site):
            sys.stderr.write(
                f"warning: could not delete an old build ({problem}); the site is built, "
                "and the next build tries again\n"
            )
    return 0
