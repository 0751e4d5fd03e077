"""``python -m benchmarks.profile_site``: where a site build's time goes.

``make bench`` says how long the site build takes against a plain one; this says
why. It builds the same project folder the bench builds (``--plain``: the plain
build's), for one archive size, in this process under cProfile, prints the top
entries and keeps the profile for ``pstats`` or snakeviz. Work the build hands to
worker processes shows only as waiting. Profiling slows pure-Python code (parsers, templates) more
than C code, so read shares of the total, not seconds.
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import pstats
import sys
from collections.abc import Sequence
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from benchmarks.run import BENCH_DIR, archive_for, progress
from benchmarks.site_builds import prepare_plain, prepare_site


def profile_build(config_file: Path, site_dir: Path) -> cProfile.Profile:
    """``mkdocs build`` in this process, config loading and plugin set-up included."""
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    profiler = cProfile.Profile()
    profiler.enable()
    config = load_config(config_file=str(config_file), site_dir=str(site_dir))
    build(config)
    profiler.disable()
    return profiler


def profile_arguments(prog: str, description: str, size: int, top: int) -> argparse.ArgumentParser:
    """The options every profiling command takes: which archive, what to print."""
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("--size", type=int, default=size, help=f"briefings (default: {size})")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default: 1)")
    parser.add_argument("--top", type=int, default=top, help=f"entries to print (default: {top})")
    parser.add_argument(
        "--sort",
        choices=("cumulative", "tottime"),
        default="cumulative",
        help="order of the printed entries (default: cumulative)",
    )
    parser.add_argument(
        "--out", type=Path, default=BENCH_DIR, help="folder for archives (default: .bench)"
    )
    return parser


def save_and_print(profiler: cProfile.Profile, saved: Path, sort: str, top: int) -> None:
    """Keep the profile for pstats or snakeviz, and print its top entries."""
    profiler.dump_stats(saved)
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.sort_stats(sort).print_stats(top)
    print(f"profile written to {saved}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = profile_arguments(
        "python -m benchmarks.profile_site",
        "Profile one mkdocs build of a synthetic archive's site.",
        size=10000,
        top=25,
    )
    parser.add_argument(
        "--plain", action="store_true", help="profile the plain build the site is held to"
    )
    args = parser.parse_args(argv)
    archive = archive_for(args.size, args.seed, args.out)
    label = "plain" if args.plain else "site"
    folder = args.out / "scratch" / archive.root.name / f"{label}-profile"
    prepare = prepare_plain if args.plain else prepare_site
    config_file = prepare(archive.root, folder)
    progress(f"{archive.count:,} briefings: profiling the {label} build ...")
    profiler = profile_build(config_file, folder / "site")
    save_and_print(profiler, folder / "build.prof", args.sort, args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
