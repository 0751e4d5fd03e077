"""``make bench``: how the tools scale, measured against what they cannot beat.

Absolute seconds depend on the machine; a ratio to a baseline measured in the same
run does not (much). The baseline is the least any tool must do with an archive:
read every file and parse its YAML with libyaml. ``briefings validate`` reads the
same files and checks every rule, so its cost is reported as a multiple of that.

The site build is held to a plain MkDocs + Material build of the same briefing
bodies in the same run (see :mod:`benchmarks.site_builds`), and feeds and exports to
the site build they are part of: at 10,000 briefings each build takes minutes, so
it runs once there, and the site build is shared by every measurement that needs it.

Every measurement runs on archives of two shapes (``--shapes``, see
:data:`benchmarks.synthetic.SHAPES`): the plain one, and a varied one with long
bodies and many names in several scripts, so that no speed holds only for the shape
the generator was first written in.

Every speed device (a part of the build that exists only to be faster: the page
skeletons, the compact frame, the page wall's thread, parallel validation, the
outline cache, the incremental preview) is measured on and off in the same run, and
reported as what it saves: "off ÷ on", the time (or bytes) without it as a multiple
of the time with it. A ratio near 1.0x says the device no longer pays for its code.

Measurements are named entries of :data:`MEASUREMENTS`. To add one, write a function
``(BenchContext) -> list[Figure]`` and register it with a :class:`Measurement`; it
then runs for every size, appears in the table, in ``.bench/results.json`` and under
``--only``. A measurement that needs scratch space uses ``context.scratch``; one that
runs a subprocess uses ``sys.executable`` so it measures this environment.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import itertools
import json
import math
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import yaml

from benchmarks.floor import measure_parts
from benchmarks.preview import measure_preview
from benchmarks.search_bench import (
    MATERIAL_UI,
    PAGEFIND_PHONE_UI,
    PAGEFIND_UI,
    baseline_index_bytes,
    more_queries,
    prepare_baseline,
    query_for,
    reader_cost,
    sample_page,
    search_page_cost,
)
from benchmarks.site_builds import (
    SiteBuild,
    bench_settings,
    measure_output,
    prepare_plain,
    prepare_site,
    run_build,
)
from benchmarks.synthetic import GENERATOR_VERSION, SHAPES, write_archive
from build_tools.format.model import Archive
from build_tools.indexing.index import build_index
from build_tools.loading.loader import find_briefing_files
from build_tools.publishing.archive_change import last_build_set_aside
from build_tools.publishing.data_exports import build_data_exports
from build_tools.publishing.feeds import build_feeds
from build_tools.publishing.search_index import BUNDLE_DIR, bundle_size
from build_tools.publishing.site_content import FeedContents, render_context, site_content_from
from build_tools.rendering.body import render_bodies
from build_tools.rendering.context import RenderContext
from build_tools.rendering.geo.outlines import load_world
from build_tools.rendering.site_graphics import draw_graphics
from build_tools.validation.archive import CheckedArchive, check_archive
from build_tools.validation.processes import (
    available_cores,
    can_fork,
    parallel_threshold,
    processes_for,
)

BENCH_DIR = Path(__file__).resolve().parent.parent / ".bench"
DEFAULT_SIZES = (1000, 10000)
VALIDATE_RATIO_TARGET = 2.0
VALIDATE_CPU_RATIO_TARGET = 3.0
VALIDATE_SECONDS_TARGET = 5.0  # for archives up to TARGET_SIZE briefings
TARGET_SIZE = 10000
SITE_RATIO_TARGET = 0.75  # a clean build against plain MkDocs + Material
SITE_MEMORY_TARGET = 700_000_000  # bytes, for archives up to TARGET_SIZE briefings
# GitHub Pages refuses a site over 1 GB; the archive must fit it at DEPLOY_SIZE briefings.
DEPLOY_SIZE = 25_000
SITE_BYTES_TARGET = 1_000_000_000
FEEDS_SHARE_TARGET = 10.0  # percent of the site build
SEARCH_SHARE_TARGET = 10.0  # percent Pagefind's indexing adds to the site build
SEARCH_PAGE_LOAD_TARGET = 5_000  # bytes for search on a page load, compressed: a few kB
SEARCH_QUERY_BYTES_TARGET = 300_000  # bytes until the first results of a first query
SEARCH_QUERY_SECONDS_TARGET = 1.0
GRAPHICS_SHARE_TARGET = 10.0  # percent of the site build: every map and chart
GRAPHIC_GZIP_TARGET = 30_000  # bytes a map or chart adds to a page, gzipped

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Figure:
    """One measured number, with the target it is held to, if any."""

    name: str
    value: float
    unit: str  # "s", "ms", "x" (a ratio), "%", "bytes", "count"
    target: str = ""  # as printed, e.g. "≤ 2.0x"
    met: bool | None = None  # None when there is no target
    note: str = ""  # what the number is of, when it names something (the largest page)


@dataclass(frozen=True, slots=True)
class BenchArchive:
    root: Path
    count: int
    seed: int
    shape: str = "plain"  # one of benchmarks.synthetic.SHAPES

    @property
    def label(self) -> str:
        """How the table and results.json name it: "10,000 varied"."""
        return f"{self.count:,} {self.shape}"


def repeats_for(count: int) -> int:
    """Best of N: enough to shed noise at small sizes, few enough to finish soon at large.

    At 1,000 briefings a run takes a fraction of a second, so a scheduler hiccup on a
    shared 2-core machine moves a ratio by half its value; seven runs shed it."""
    return 7 if count <= 1000 else 3 if count <= 10000 else 2


def build_repeats_for(count: int) -> int:
    """Whole site builds take seconds at 1,000 briefings and minutes at 10,000."""
    return 2 if count <= 1000 else 1


def progress(message: str) -> None:
    print(f"[{datetime.now().astimezone():%H:%M:%S}] {message}", flush=True)


def format_bytes(count: float) -> str:
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if count >= size:
            return f"{count / size:.1f} {unit}"
    return f"{count:,.0f} bytes"


@dataclass(frozen=True, slots=True)
class BenchContext:
    """What a measurement gets: the archive, scratch space, and the shared baseline.

    The baseline is measured once per archive, before any measurement that asks for
    it, so ``--only validate`` still reports its ratio. ``site_build`` builds the
    archive's site the first time it is called and returns the same result after;
    so do ``plain_build`` and ``bare_build``, which several measurements compare with.
    """

    archive: BenchArchive
    scratch: Path
    repeats: int
    build_repeats: int
    site_build: Callable[[], SiteBuild]
    plain_build: Callable[[], SiteBuild]  # the same bodies as plain pages (build_plain_site)
    bare_build: Callable[[], SiteBuild]  # the site without its search index
    baseline_seconds: float = math.nan
    # The same runs' CPU time: on a machine shared with other work, wall time
    # stretches with the load and CPU time does not, so CPU is held to CPU.
    baseline_cpu_seconds: float = math.nan


@dataclass(frozen=True, slots=True)
class Measurement:
    name: str
    description: str
    run: Callable[[BenchContext], list[Figure]]
    needs_baseline: bool = False


def best_of(repeats: int, action: Callable[[], object]) -> float:
    return best_of_returning(repeats, action)[0]


def best_of_returning(repeats: int, action: Callable[[], T]) -> tuple[float, T]:
    """The fastest of ``repeats`` runs, and what the last run returned."""
    times: list[float] = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return min(times), result


def best_wall_and_cpu(repeats: int, action: Callable[[], object]) -> tuple[float, float]:
    """The least wall time and the least CPU time (this process's) of ``repeats`` runs."""
    walls: list[float] = []
    cpus: list[float] = []
    for _ in range(repeats):
        cpu, start = time.process_time(), time.perf_counter()
        action()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def parse_only(root: Path) -> int:
    """The floor: read every file and parse its YAML with libyaml, nothing else."""
    documents = 0
    for registry in ("actors.yml", "locations.yml"):
        yaml.load((root / registry).read_bytes().decode("utf-8"), Loader=yaml.CSafeLoader)
        documents += 1
    for path in find_briefing_files(root):
        text = path.read_bytes().decode("utf-8")
        front, _, _body = text[4:].partition("\n---\n")
        yaml.load(front, Loader=yaml.CSafeLoader)
        documents += 1
    return documents


def _validate_clean(root: Path, only: list[Path] | None = None) -> CheckedArchive:
    """Validate, and refuse to time a run that found problems: it would measure the wrong thing."""
    checked = check_archive(root, only=only)
    if checked.archive is None or checked.diagnostics:
        shown = "\n".join(d.as_text() for d in checked.diagnostics[:5])
        raise RuntimeError(f"the synthetic archive does not validate cleanly:\n{shown}")
    return checked


def measure_parse(context: BenchContext) -> list[Figure]:
    seconds = context.baseline_seconds
    return [
        Figure("seconds", seconds, "s"),
        Figure("cpu seconds", context.baseline_cpu_seconds, "s"),
        Figure("per briefing", seconds / context.archive.count * 1000, "ms"),
    ]


def cpu_seconds() -> float:
    """CPU time of this process and of every child it has waited for, user and system."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _validate_as_the_command_does(root: Path) -> None:
    """What ``briefings validate ROOT`` does, less printing: every core from a few
    hundred briefings on, diagnostics only. A run that finds problems is refused."""
    diagnostics = check_archive(root, build=False).diagnostics
    if diagnostics:
        shown = "\n".join(d.as_text() for d in diagnostics[:5])
        raise RuntimeError(f"the synthetic archive does not validate cleanly:\n{shown}")


def measure_validate(context: BenchContext) -> list[Figure]:
    """Wall time, held to the targets; and, since the command spreads the work over
    every core, the CPU time of all its processes beside it, in seconds and as a
    multiple of the parse's CPU time (one process) in the same run."""
    count = context.archive.count
    runs: list[tuple[float, float]] = []
    for _ in range(context.repeats):
        cpu, start = cpu_seconds(), time.perf_counter()
        _validate_as_the_command_does(context.archive.root)
        runs.append((time.perf_counter() - start, cpu_seconds() - cpu))
    seconds, cpu = min(r[0] for r in runs), min(r[1] for r in runs)
    root = context.archive.root
    files = find_briefing_files(root)
    processes = processes_for(files, parallel_threshold(root))
    megabytes = sum(path.stat().st_size for path in files) / 1e6
    ratio = seconds / context.baseline_seconds
    cpu_ratio = cpu / context.baseline_cpu_seconds
    in_time = Figure("seconds", seconds, "s")
    if count <= TARGET_SIZE:
        target = f"< {VALIDATE_SECONDS_TARGET:g} s"
        in_time = Figure("seconds", seconds, "s", target, seconds < VALIDATE_SECONDS_TARGET)
    return [
        in_time,
        Figure("per briefing", seconds / count * 1000, "ms"),
        Figure(
            "÷ parse", ratio, "x", f"≤ {VALIDATE_RATIO_TARGET:g}x", ratio <= VALIDATE_RATIO_TARGET
        ),
        Figure("processes", processes, "count"),
        Figure("cpu seconds", cpu, "s", note="all processes, same run"),
        Figure(
            "cpu ÷ parse",
            cpu_ratio,
            "x",
            f"≤ {VALIDATE_CPU_RATIO_TARGET:g}x",
            cpu_ratio <= VALIDATE_CPU_RATIO_TARGET,
            note="all processes",
        ),
        # The parse reads the front matter only, so the ratio above grows with the
        # bodies' length; this does not: compare it between the shapes.
        Figure(
            "cpu per MB of briefings",
            cpu / megabytes * 1000,
            "ms",
            note=f"all processes, {megabytes:.1f} MB of files",
        ),
    ]


def _median_cpu(repeats: int, action: Callable[[], object]) -> float:
    """CPU seconds of all processes, median of ``repeats`` runs: the median, not the
    least, since the difference of two of them is what counts."""
    runs: list[float] = []
    for _ in range(repeats):
        cpu = cpu_seconds()
        action()
        runs.append(cpu_seconds() - cpu)
    return sorted(runs)[len(runs) // 2]


def measure_parallel(context: BenchContext) -> list[Figure]:
    """Where a second process starts to pay, in bytes of briefings, from what forking
    costs and what checking a kilobyte costs on this archive; the threshold the
    command uses for it (parallel_threshold) is held to within a factor of two of it.

    On two idle cores, n bytes take c·n in one process and c·n/2 + f in two: the
    second pays from n = 2f/c. CPU time is measured, not wall time, which a machine
    shared with other work would not show."""
    files = find_briefing_files(context.archive.root)
    small, large = files[:10], files[: min(len(files), 200)]
    small_bytes = sum(p.stat().st_size for p in small)
    large_bytes = sum(p.stat().st_size for p in large)
    root = context.archive.root

    def check(share: list[Path], processes: int) -> Callable[[], object]:
        return lambda: check_archive(root, share, processes=processes, build=False)

    repeats = max(5, context.repeats)
    one_small = _median_cpu(repeats, check(small, 1))
    one_large = _median_cpu(repeats, check(large, 1))
    two_large = _median_cpu(repeats, check(large, 2))
    per_byte = max(one_large - one_small, 1e-9) / (large_bytes - small_bytes)
    fork_cost = max(two_large - one_large, 0.0)
    break_even = 2 * fork_cost / per_byte
    threshold = parallel_threshold(root)
    within = break_even / 2 <= threshold <= break_even * 2
    return [
        Figure("fork and collect", fork_cost * 1000, "ms", note="CPU, all processes"),
        Figure("per kB checked", per_byte * 1000 * 1000, "ms", note="CPU"),
        Figure(
            "pays from",
            break_even,
            "bytes",
            f"threshold {format_bytes(threshold)} within 2x",
            within,
        ),
    ]


def measure_single_file(context: BenchContext) -> list[Figure]:
    """The pre-commit case: one changed briefing, checked against the full registries."""
    root = context.archive.root
    target = find_briefing_files(root)[context.archive.count // 2]
    in_process = best_of(context.repeats, lambda: _validate_clean(root, only=[target]))
    command = [
        sys.executable,
        "-m",
        "build_tools.commands.cli",
        "validate",
        "--strict",
        str(target),
    ]

    def run_command() -> None:
        subprocess.run(command, check=True, capture_output=True)

    whole_command = best_of(context.repeats, run_command)
    return [
        Figure("in-process", in_process, "s"),
        Figure("command", whole_command, "s"),
    ]


def _timed_builds(label: str, count: int, config_file: Path, repeats: int) -> SiteBuild:
    site_dir = config_file.parent / "site"
    runs = []
    for number in range(1, repeats + 1):
        progress(f"{count:,} briefings: {label} build {number}/{repeats} ...")
        run = run_build(config_file, site_dir)
        progress(
            f"{count:,} briefings: {label} build {number}/{repeats}: "
            f"{run.seconds:.1f} s, peak memory {format_bytes(run.peak_memory)}"
        )
        runs.append(run)
    return SiteBuild(
        min(r.seconds for r in runs),
        max(r.peak_memory for r in runs),
        measure_output(site_dir),
        min(r.cpu_seconds for r in runs),
    )


def build_archive_site(archive: BenchArchive, scratch: Path, repeats: int) -> SiteBuild:
    """``mkdocs build`` of the project with the synthetic archive as its briefings."""
    config_file = prepare_site(archive.root, scratch / "site-build")
    return _timed_builds("site", archive.count, config_file, repeats)


def build_site_without(
    archive: BenchArchive, scratch: Path, repeats: int, option: str
) -> SiteBuild:
    """The archive's site with one of the plugin's speed devices turned off."""
    config_file = prepare_site(archive.root, scratch / f"site-build-no-{option}", {option: False})
    return _timed_builds(f"{option}: false", archive.count, config_file, repeats)


def build_site_with_warm_cache(archive: BenchArchive, scratch: Path, repeats: int) -> SiteBuild:
    """The archive's site built again with the bodies its first build kept (what a
    deploy whose CI restores the cache folder does after a small pull request)."""
    folder = scratch / "site-build-warm-cache"
    shutil.rmtree(folder / ".cache", ignore_errors=True)
    config_file = prepare_site(archive.root, folder, {"render_cache": True})
    _timed_builds("render_cache: filling", archive.count, config_file, 1)
    return _timed_builds("render_cache: warm", archive.count, config_file, repeats)


def build_plain_site(archive: BenchArchive, scratch: Path, repeats: int) -> SiteBuild:
    progress(f"{archive.count:,} briefings: writing the briefings as plain pages ...")
    config_file = prepare_plain(archive.root, scratch / "plain-build")
    return _timed_builds("plain", archive.count, config_file, repeats)


def measure_site(context: BenchContext) -> list[Figure]:
    """The cross-linked site against MkDocs + Material building the same bodies as pages."""
    site = context.site_build()
    plain = context.plain_build()
    ratio = site.seconds / plain.seconds
    # Linear in briefings: pages and most feeds grow with them, entities more slowly.
    projected = round(site.output.total_bytes * DEPLOY_SIZE / context.archive.count)
    # Every body in the theme's frame, and the search bundle: what the site holds
    # before any entity page, listing, feed or data file.
    bodies_and_search = (
        plain.output.total_bytes - plain.output.search_index_bytes + site.output.search_index_bytes
    )
    memory = Figure("peak memory", site.peak_memory, "bytes")
    if context.archive.count <= TARGET_SIZE:
        memory = Figure(
            "peak memory",
            site.peak_memory,
            "bytes",
            f"< {format_bytes(SITE_MEMORY_TARGET)}",
            site.peak_memory < SITE_MEMORY_TARGET,
        )
    return [
        Figure("seconds", site.seconds, "s"),
        Figure("÷ plain", ratio, "x", f"≤ {SITE_RATIO_TARGET:g}x", ratio <= SITE_RATIO_TARGET),
        memory,
        Figure("pages", site.output.pages, "count"),
        Figure(
            "largest page", site.output.largest_page_bytes, "bytes", note=site.output.largest_page
        ),
        Figure("search index", site.output.search_index_bytes, "bytes"),
        Figure("output", site.output.total_bytes, "bytes"),
        Figure("briefing pages", site.output.briefing_page_bytes, "bytes"),
        Figure("actor pages", site.output.actor_page_bytes, "bytes"),
        Figure("feeds", site.output.feed_bytes, "bytes"),
        Figure(
            f"output at {DEPLOY_SIZE:,} (projected)",
            projected,
            "bytes",
            f"< {format_bytes(SITE_BYTES_TARGET)}",
            projected < SITE_BYTES_TARGET,
        ),
        Figure(
            f"bodies and search alone at {DEPLOY_SIZE:,} (projected)",
            round(bodies_and_search * DEPLOY_SIZE / context.archive.count),
            "bytes",
            note="the plain build without its index, and our search bundle",
        ),
        Figure("plain seconds", plain.seconds, "s"),
        Figure("plain peak memory", plain.peak_memory, "bytes"),
        Figure("plain pages", plain.output.pages, "count"),
        Figure(
            "plain largest page",
            plain.output.largest_page_bytes,
            "bytes",
            note=plain.output.largest_page,
        ),
        Figure("plain search index", plain.output.search_index_bytes, "bytes"),
        Figure("plain output", plain.output.total_bytes, "bytes"),
    ]


def measure_feeds(context: BenchContext) -> list[Figure]:
    """Feeds and data exports, in-process from the index and bodies the site build makes."""
    site = context.site_build()
    progress(f"{context.archive.count:,} briefings: feeds and exports ...")
    settings = bench_settings()
    checked = _validate_clean(context.archive.root)
    assert checked.archive is not None
    index = build_index(checked.archive)
    bodies = render_bodies({item.id: item.body for item in index.briefings})
    render_context = RenderContext(index, settings, bodies, checked.finder)
    contents = FeedContents(render_context)  # the body, then the quotes and sources
    feeds_seconds, feeds = best_of_returning(
        context.repeats, lambda: build_feeds(index, settings, contents)
    )
    exports_seconds, exports = best_of_returning(
        context.repeats, lambda: build_data_exports(index, settings)
    )
    share = (feeds_seconds + exports_seconds) / site.seconds * 100
    files = {**feeds, **exports}
    return [
        Figure("feeds seconds", feeds_seconds, "s"),
        Figure("exports seconds", exports_seconds, "s"),
        Figure(
            "% of site build", share, "%", f"≤ {FEEDS_SHARE_TARGET:g}%", share <= FEEDS_SHARE_TARGET
        ),
        Figure("files", len(files), "count"),
        Figure("output", sum(len(data) for data in files.values()), "bytes"),
    ]


PREVIEW_EDITS = 3
PREVIEW_BODY_TARGET = 2.0  # s, from save to the updated page served
PREVIEW_REGISTRY_TARGET = 5.0


def measure_edit_to_preview(context: BenchContext) -> list[Figure]:
    """``make serve`` of the archive: save a body, a registry entry, a new briefing; wait
    for the page that shows each."""
    progress(f"{context.archive.count:,} briefings: starting mkdocs serve --dirty ...")
    times = measure_preview(context.archive.root, context.scratch / "preview", PREVIEW_EDITS)
    body = statistics.median(times.body_edits)
    registry = statistics.median(times.registry_edits)
    added = statistics.median(times.new_briefings)
    back_dated = statistics.median(times.back_dated_briefings)
    renamed = statistics.median(times.renamed_briefings)
    return [
        Figure("first build", times.startup, "s", note="until the server answers"),
        Figure(
            "first build ÷ body edit",
            times.startup / body,
            "x",
            note="what the incremental preview saves a body edit",
        ),
        Figure(
            "body edit",
            body,
            "s",
            f"< {PREVIEW_BODY_TARGET:g} s",
            body < PREVIEW_BODY_TARGET,
            note=f"median of {PREVIEW_EDITS}, slowest {max(times.body_edits):.2f} s",
        ),
        Figure(
            "search after body edit",
            times.search_after_body_edit,
            "s",
            note="from the last body save until the terminal says search is up to date",
        ),
        Figure(
            "registry edit",
            registry,
            "s",
            f"< {PREVIEW_REGISTRY_TARGET:g} s",
            registry < PREVIEW_REGISTRY_TARGET,
            note=f"median of {PREVIEW_EDITS}, slowest {max(times.registry_edits):.2f} s",
        ),
        Figure(
            "first build ÷ registry edit",
            times.startup / registry,
            "x",
            note="what rendering again only the units whose reads changed saves a registry edit",
        ),
        Figure(
            "new briefing",
            added,
            "s",
            f"< {PREVIEW_REGISTRY_TARGET:g} s",
            added < PREVIEW_REGISTRY_TARGET,
            note=f"dated the newest day; median of {PREVIEW_EDITS}, "
            f"slowest {max(times.new_briefings):.2f} s",
        ),
        Figure(
            "new briefing, back-dated",
            back_dated,
            "s",
            f"< {PREVIEW_REGISTRY_TARGET:g} s",
            back_dated < PREVIEW_REGISTRY_TARGET,
            note=f"a third of the way in; median of {PREVIEW_EDITS}, "
            f"slowest {max(times.back_dated_briefings):.2f} s",
        ),
        Figure(
            "renamed briefing",
            renamed,
            "s",
            f"< {PREVIEW_REGISTRY_TARGET:g} s",
            renamed < PREVIEW_REGISTRY_TARGET,
            note=f"its file moved to a new slug; median of {PREVIEW_EDITS}, "
            f"slowest {max(times.renamed_briefings):.2f} s",
        ),
    ]


def measure_search(context: BenchContext) -> list[Figure]:
    """Pagefind against Material's lunr search on the same archive, in headless Chromium."""
    site = context.site_build()
    site_dir = context.scratch / "site-build" / "site"
    root = context.archive.root
    bare = context.bare_build()
    bundle_files, bundle_bytes = bundle_size(site_dir / BUNDLE_DIR)
    baseline_file = prepare_baseline(root, context.scratch / "material-search-build")
    baseline = _timed_builds("material-search", context.archive.count, baseline_file, 1)
    baseline_dir = baseline_file.parent / "site"
    page, query = sample_page(root), query_for(root)
    progress(f"{context.archive.count:,} briefings: searching {query!r} in Chromium ...")
    ours = reader_cost(site_dir, page, query, PAGEFIND_UI)
    phone = reader_cost(site_dir, page, query, PAGEFIND_PHONE_UI)
    theirs = reader_cost(baseline_dir, page, query, MATERIAL_UI)
    others = {name: reader_cost(site_dir, page, name, PAGEFIND_UI) for name in more_queries(root)}
    page_search = search_page_cost(site_dir, query, PAGEFIND_UI)
    page_search_phone = search_page_cost(site_dir, query, PAGEFIND_PHONE_UI)
    other_bytes = sorted(cost.first_query_bytes for cost in others.values())
    heaviest = max(others, key=lambda name: others[name].first_query_bytes)
    index_bytes, index_sent = baseline_index_bytes(baseline_dir)
    # Pagefind runs on its own process during the build: what it adds is the build's
    # time with it against the same build without it (search_index: false).
    added = (site.seconds / bare.seconds - 1) * 100
    added_cpu = (site.cpu_seconds / bare.cpu_seconds - 1) * 100
    site_files = sum(1 for p in site_dir.rglob("*") if p.is_file())
    at_target = context.archive.count <= TARGET_SIZE

    def held(name: str, value: float, unit: str, target: str, met: bool) -> Figure:
        return Figure(name, value, unit, target, met) if at_target else Figure(name, value, unit)

    return [
        held(
            "page load: search bytes",
            ours.page_load_search_bytes,
            "bytes",
            f"≤ {format_bytes(SEARCH_PAGE_LOAD_TARGET)}",
            ours.page_load_search_bytes <= SEARCH_PAGE_LOAD_TARGET,
        ),
        Figure("page load: all bytes", ours.page_load_bytes, "bytes"),
        Figure("first query: all bytes", ours.first_query_all_bytes, "bytes"),
        held(
            "first query: bytes",
            ours.first_query_bytes,
            "bytes",
            f"< {format_bytes(SEARCH_QUERY_BYTES_TARGET)}",
            ours.first_query_bytes < SEARCH_QUERY_BYTES_TARGET,
        ),
        Figure("first query: bytes decompressed", ours.first_query_unpacked, "bytes"),
        held(
            "first query on a phone: bytes",
            phone.first_query_bytes,
            "bytes",
            f"< {format_bytes(SEARCH_QUERY_BYTES_TARGET)}",
            phone.first_query_bytes < SEARCH_QUERY_BYTES_TARGET,
        ),
        held(
            "first query on a phone: seconds",
            phone.first_query_seconds,
            "s",
            f"< {SEARCH_QUERY_SECONDS_TARGET:g} s",
            phone.first_query_seconds < SEARCH_QUERY_SECONDS_TARGET,
        ),
        held(
            f"first query, {len(others)} more names: median bytes",
            statistics.median(other_bytes),
            "bytes",
            f"< {format_bytes(SEARCH_QUERY_BYTES_TARGET)}",
            statistics.median(other_bytes) < SEARCH_QUERY_BYTES_TARGET,
        ),
        Figure(
            f"first query, {len(others)} more names: most bytes",
            other_bytes[-1],
            "bytes",
            note=repr(heaviest),
        ),
        held(
            "first query: seconds",
            ours.first_query_seconds,
            "s",
            f"< {SEARCH_QUERY_SECONDS_TARGET:g} s",
            ours.first_query_seconds < SEARCH_QUERY_SECONDS_TARGET,
        ),
        held(
            "search page, a query alone: seconds to first results",
            page_search.first_results_seconds,
            "s",
            f"< {SEARCH_QUERY_SECONDS_TARGET:g} s",
            page_search.first_results_seconds < SEARCH_QUERY_SECONDS_TARGET,
        ),
        Figure(
            "search page, a query alone: bytes to first results",
            page_search.bytes_to_first_results,
            "bytes",
        ),
        Figure(
            "search page: bytes with the filters' values",
            page_search.bytes_when_quiet,
            "bytes",
            note="they load after the first results",
        ),
        held(
            "search page on a phone: seconds to first results",
            page_search_phone.first_results_seconds,
            "s",
            f"< {SEARCH_QUERY_SECONDS_TARGET:g} s",
            page_search_phone.first_results_seconds < SEARCH_QUERY_SECONDS_TARGET,
        ),
        Figure(
            "search page on a phone: bytes",
            page_search_phone.bytes_when_quiet,
            "bytes",
            note="filters folded: no values until opened",
        ),
        held(
            "indexing adds % to the build",
            added,
            "%",
            f"< {SEARCH_SHARE_TARGET:g}%",
            added < SEARCH_SHARE_TARGET,
        ),
        Figure("indexing adds % to the build's cpu", added_cpu, "%"),
        Figure("build seconds without the index", bare.seconds, "s"),
        Figure("build seconds with the index", site.seconds, "s"),
        Figure("bundle bytes", bundle_bytes, "bytes"),
        Figure("bundle files", bundle_files, "count"),
        Figure("site files", site_files, "count"),
        Figure("material: page load search bytes", theirs.page_load_search_bytes, "bytes"),
        Figure("material: page load all bytes", theirs.page_load_bytes, "bytes"),
        Figure("material: first query bytes", theirs.first_query_bytes, "bytes"),
        Figure("material: first query seconds", theirs.first_query_seconds, "s"),
        Figure("material: index bytes", index_bytes, "bytes"),
        Figure("material: index bytes sent", index_sent, "bytes"),
        Figure(
            "material ÷ pagefind: page load search bytes",
            theirs.page_load_search_bytes / max(ours.page_load_search_bytes, 1),
            "x",
        ),
        Figure(
            "material ÷ pagefind: page load + first query bytes",
            (theirs.page_load_search_bytes + theirs.first_query_bytes)
            / max(ours.page_load_search_bytes + ours.first_query_bytes, 1),
            "x",
        ),
        Figure(
            "material ÷ pagefind: first query seconds",
            theirs.first_query_seconds / ours.first_query_seconds,
            "x",
        ),
        Figure("material: build seconds", baseline.seconds, "s", note="with Pagefind too"),
    ]


def measure_floor(context: BenchContext) -> list[Figure]:
    """Python-Markdown and Pagefind alone (:mod:`benchmarks.floor`) against plain MkDocs
    and the site built without its index, in the same run: the least time a build that
    runs both can take on this machine's cores, and the least Pagefind can add to the
    build without it, given the cores that build leaves idle."""
    plain, bare = context.plain_build(), context.bare_build()
    checked = _validate_clean(context.archive.root)
    assert checked.archive is not None
    progress(f"{context.archive.label} briefings: Python-Markdown and Pagefind alone ...")
    parts = measure_parts(
        checked.archive, checked.finder, bench_settings(), context.scratch / "floor"
    )
    cores = available_cores()
    floor = (parts.markdown_cpu_seconds + parts.pagefind_cpu_seconds) / cores
    idle = max(cores * bare.seconds - bare.cpu_seconds, 0.0)
    least_added = max(parts.pagefind_cpu_seconds - idle, 0.0) / cores / bare.seconds * 100
    return [
        Figure(
            "markdown cpu seconds", parts.markdown_cpu_seconds, "s", note="every body, one process"
        ),
        Figure(
            "pagefind alone: seconds",
            parts.pagefind_seconds,
            "s",
            note=f"{parts.documents:,} documents",
        ),
        Figure("pagefind alone: cpu seconds", parts.pagefind_cpu_seconds, "s"),
        Figure(
            "pagefind alone: peak memory",
            parts.pagefind_peak_memory,
            "bytes",
            note=f"the build's target: < {format_bytes(SITE_MEMORY_TARGET)}",
        ),
        Figure("plain seconds", plain.seconds, "s"),
        Figure(
            f"floor on {cores} cores ÷ plain",
            floor / plain.seconds,
            "x",
            note=f"(markdown + pagefind cpu) ÷ {cores}: no build running both is faster",
        ),
        Figure("build without the index ÷ plain", bare.seconds / plain.seconds, "x"),
        Figure(
            "least indexing adds %",
            least_added,
            "%",
            note="pagefind cpu beyond the cores the build without it leaves idle",
        ),
    ]


def measure_graphics(context: BenchContext) -> list[Figure]:
    """Every map and chart of the site, in-process from the index the site build makes,
    and the largest of them, gzipped (the outline cache: see measure_devices)."""
    site = context.site_build()
    progress(f"{context.archive.count:,} briefings: maps and charts ...")
    settings = bench_settings()
    archive = _validate_clean(context.archive.root).archive
    assert archive is not None
    index = build_index(archive)
    world = load_world()
    seconds, graphics = best_of_returning(
        context.repeats, lambda: draw_graphics(index, settings, world)
    )
    share = seconds / site.seconds * 100
    blocks = [*graphics.maps.items(), *graphics.timelines.items()]
    largest_page, largest = max(
        ((url, len(gzip.compress(block.encode("utf-8")))) for url, block in blocks),
        key=lambda pair: pair[1],
        default=("", 0),
    )
    return [
        Figure("seconds", seconds, "s"),
        Figure(
            "% of site build",
            share,
            "%",
            f"≤ {GRAPHICS_SHARE_TARGET:g}%",
            share <= GRAPHICS_SHARE_TARGET,
        ),
        Figure("graphics", len(blocks), "count"),
        Figure(
            "largest gzipped",
            largest,
            "bytes",
            f"≤ {GRAPHIC_GZIP_TARGET // 1000} kB",
            largest <= GRAPHIC_GZIP_TARGET,
            note=largest_page,
        ),
    ]


def saving(name: str, off: float, on: float, unit: str = "s", *, forks: bool = False) -> Figure:
    """What a speed device saves: the cost without it as a multiple of the cost with it
    (``forks``: a device that forks, which a process with other threads never does)."""
    shown = format_bytes if unit == "bytes" else (lambda value: f"{value:.2f} s")
    note = f"off {shown(off)}, on {shown(on)}"
    if forks and not can_fork():
        note += " (this process has other threads: nothing forked)"
    return Figure(name, off / on, "x", note=note)


def measure_devices(context: BenchContext) -> list[Figure]:
    """Each speed device off against on, in the same run: whole site builds for the
    plugin's options (page_skeletons, compact_frame: seconds, and bytes for the frame;
    render_cache: a build with the bodies of the build before against a clean one),
    in-process for the core's (the page wall's thread, the feeds' process, parallel
    bodies and validation, the outline cache). The incremental preview's saving is the
    preview measurement's "first build ÷ body edit"."""
    archive, scratch, repeats = context.archive, context.scratch, context.build_repeats
    site = context.site_build()
    figures: list[Figure] = []
    for option in ("page_skeletons", "compact_frame"):
        off = build_site_without(archive, scratch, repeats, option)
        figures.append(saving(f"{option}: seconds off ÷ on", off.seconds, site.seconds))
        if option == "compact_frame":
            pages_off, pages_on = off.output.page_bytes, site.output.page_bytes
            figures.append(saving(f"{option}: page bytes off ÷ on", pages_off, pages_on, "bytes"))
    warm = build_site_with_warm_cache(archive, scratch, repeats)
    figures.append(saving("render_cache: seconds off ÷ warm", site.seconds, warm.seconds))
    progress(f"{archive.label} briefings: the core's speed devices ...")
    checked = _validate_clean(archive.root)
    loaded = checked.archive
    assert loaded is not None
    settings = bench_settings()
    render = render_context(loaded, settings, checked.finder)
    spools = scratch / "spools"

    def spooled(*, wall_thread: bool = True, feeds_process: bool = True) -> Callable[[], object]:
        """The core's pages, feeds and data, kept on disk as a build keeps them."""

        def build() -> object:
            shutil.rmtree(spools, ignore_errors=True)
            return site_content_from(
                render, spool=spools, wall_thread=wall_thread, feeds_process=feeds_process
            )

        return build

    threaded = best_of(repeats, spooled())
    inline = best_of(repeats, spooled(wall_thread=False))
    figures.append(saving("page wall thread: seconds off ÷ on", inline, threaded))
    feeds_there = best_of(repeats, spooled())
    feeds_here = best_of(repeats, spooled(feeds_process=False))
    shutil.rmtree(spools, ignore_errors=True)
    figures.append(saving("feeds process: seconds off ÷ on", feeds_here, feeds_there, forks=True))
    texts = {item.id: item.body for item in loaded.briefings}
    bodies_forked = best_of(repeats, lambda: render_bodies(texts))
    bodies_here = best_of(repeats, lambda: render_bodies(texts, processes=1))
    figures.append(
        saving("parallel bodies: seconds off ÷ on", bodies_here, bodies_forked, forks=True)
    )
    root = archive.root
    every_core = best_of(context.repeats, lambda: check_archive(root, build=False))
    one_core = best_of(context.repeats, lambda: check_archive(root, processes=1, build=False))
    figures.append(
        saving("parallel validation: seconds off ÷ on", one_core, every_core, forks=True)
    )
    index, world = build_index(loaded), load_world()
    cached = best_of(context.repeats, lambda: draw_graphics(index, settings, world))
    uncached = best_of(repeats, lambda: draw_graphics(index, settings, world, cache=False))
    figures.append(saving("outline cache: seconds off ÷ on", uncached, cached))
    bigger = _with_new_briefing(loaded)
    grown = build_index(bigger)  # as a preview's next build indexes it
    last = draw_graphics(index, settings, world, remember=True)
    afresh = best_of(context.repeats, lambda: draw_graphics(grown, settings, world))
    kept = best_of(context.repeats, lambda: draw_graphics(grown, settings, world, last=last))
    figures.append(saving("preview graphics after a new briefing: seconds off ÷ on", afresh, kept))
    collected = best_of(context.repeats, lambda: build_index(bigger))
    set_aside = best_of(context.repeats, lambda: _set_aside(build_index, bigger))
    figures.append(
        saving("preview heap set aside, a new index: seconds off ÷ on", collected, set_aside)
    )
    return figures


def _with_new_briefing(archive: Archive) -> Archive:
    """``archive`` with a copy of the briefing a third of the way in under a new id, as
    the preview measurement files a new briefing."""
    model = archive.briefings[len(archive.briefings) // 3]
    new = replace(model, id=f"{model.id}-benchmark", title=f"{model.title} again")
    return replace(archive, briefings=(*archive.briefings, new))


def _set_aside(make: Callable[[Archive], object], archive: Archive) -> object:
    with last_build_set_aside():
        return make(archive)


MEASUREMENTS: dict[str, Measurement] = {
    m.name: m
    for m in (
        Measurement(
            "parse",
            "baseline: read files, parse YAML with libyaml",
            measure_parse,
            needs_baseline=True,
        ),
        Measurement(
            "validate",
            "briefings validate, in-process, on every core; CPU time of all processes beside",
            measure_validate,
            needs_baseline=True,
        ),
        Measurement(
            "parallel",
            "where a second process pays for itself: fork cost, check cost per kB",
            measure_parallel,
        ),
        Measurement(
            "single-file",
            "validate one briefing against the registries (pre-commit)",
            measure_single_file,
        ),
        Measurement(
            "site",
            "mkdocs build of the cross-linked site, against a plain MkDocs + Material build",
            measure_site,
        ),
        Measurement(
            "feeds",
            "feeds and data exports, in-process, as a share of the site build",
            measure_feeds,
        ),
        Measurement(
            "preview",
            "make serve: save to updated page served, body and registry edits",
            measure_edit_to_preview,
        ),
        Measurement(
            "search",
            "Pagefind in headless Chromium beside Material's search: bytes, time, index",
            measure_search,
        ),
        Measurement(
            "floor",
            "Python-Markdown and Pagefind alone: the least a build running both can take",
            measure_floor,
        ),
        Measurement(
            "graphics",
            "every map and chart, in-process, as a share of the site build",
            measure_graphics,
        ),
        Measurement(
            "devices",
            "what each speed device saves: off ÷ on, measured in the same run",
            measure_devices,
        ),
    )
}


def archive_for(count: int, seed: int, bench_dir: Path, shape: str = "plain") -> BenchArchive:
    """A generated archive, reused while the generator and its inputs are unchanged."""
    root = bench_dir / "archives" / f"{shape}-n{count}-s{seed}-g{GENERATOR_VERSION}"
    if not root.is_dir():
        partial = root.with_name(root.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        start = time.perf_counter()
        write_archive(partial, count, shape=shape, seed=seed)
        partial.rename(root)
        progress(f"generated {count} {shape} briefings in {time.perf_counter() - start:.1f} s")
    return BenchArchive(root, count, seed, shape)


def _format_value(figure: Figure) -> str:
    if figure.unit == "s":
        return f"{figure.value:.3f} s"
    if figure.unit == "ms":
        return f"{figure.value:.3f} ms"
    if figure.unit == "x":
        return f"{figure.value:.2f}x"
    if figure.unit == "%":
        return f"{figure.value:.1f}%"
    if figure.unit == "bytes":
        return format_bytes(figure.value)
    return f"{figure.value:,.0f} {figure.unit}"


def format_table(results: dict[str, dict[str, list[Figure]]]) -> str:
    rows = [("archive", "measurement", "figure", "value", "target", "", "")]
    for label, by_name in results.items():
        for name, figures in by_name.items():
            for figure in figures:
                verdict = "" if figure.met is None else ("ok" if figure.met else "MISSED")
                cells = (label, name, figure.name, _format_value(figure), figure.target)
                rows.append((*cells, verdict, figure.note))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(
            cell.rjust(w) if i == 3 else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _parse_sizes(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a list of numbers: {text!r}") from exc
    if not sizes or any(size < 10 for size in sizes):
        raise argparse.ArgumentTypeError("sizes are numbers of briefings, each at least 10")
    return sizes


def _parse_shapes(text: str) -> list[str]:
    shapes = [part.strip() for part in text.split(",") if part.strip()]
    if not shapes or any(shape not in SHAPES for shape in shapes):
        raise argparse.ArgumentTypeError(f"choose shapes from {', '.join(SHAPES)}")
    return shapes


def _parse_only(text: str) -> list[str]:
    names = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [n for n in names if n not in MEASUREMENTS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown measurement {', '.join(unknown) or '(none)'}; "
            f"choose from {', '.join(MEASUREMENTS)}"
        )
    return names


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run", description="Measure the archive tools at scale."
    )
    parser.add_argument(
        "--sizes",
        type=_parse_sizes,
        default=list(DEFAULT_SIZES),
        help="archive sizes in briefings, comma-separated (default: 1000,10000)",
    )
    parser.add_argument(
        "--only",
        type=_parse_only,
        default=list(MEASUREMENTS),
        help=f"measurements to run, comma-separated (default: {','.join(MEASUREMENTS)})",
    )
    parser.add_argument(
        "--shapes",
        type=_parse_shapes,
        default=list(SHAPES),
        help=f"synthetic archive shapes, comma-separated (default: {','.join(SHAPES)})",
    )
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default: 1)")
    parser.add_argument(
        "--repeats",
        type=int,
        choices=range(1, 11),
        metavar="N",
        help="time every measurement best of N (default: by size; site builds once at 10,000)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=BENCH_DIR,
        help="folder for archives and results.json (default: .bench)",
    )
    args = parser.parse_args(argv)
    bench_dir: Path = args.out

    results: dict[str, dict[str, list[Figure]]] = {}
    failed: list[str] = []
    for count, shape in itertools.product(args.sizes, args.shapes):
        archive = archive_for(count, args.seed, bench_dir, shape)
        label = archive.label
        scratch = bench_dir / "scratch" / archive.root.name
        scratch.mkdir(parents=True, exist_ok=True)
        repeats = args.repeats or repeats_for(count)
        build_repeats = args.repeats or build_repeats_for(count)
        baseline = baseline_cpu = math.nan
        if any(MEASUREMENTS[name].needs_baseline for name in args.only):
            progress(f"{label} briefings: baseline ...")
            baseline, baseline_cpu = best_wall_and_cpu(
                repeats, functools.partial(parse_only, archive.root)
            )
        context = BenchContext(
            archive=archive,
            scratch=scratch,
            repeats=repeats,
            build_repeats=build_repeats,
            site_build=functools.cache(
                functools.partial(build_archive_site, archive, scratch, build_repeats)
            ),
            plain_build=functools.cache(
                functools.partial(build_plain_site, archive, scratch, build_repeats)
            ),
            bare_build=functools.cache(
                functools.partial(
                    build_site_without, archive, scratch, build_repeats, "search_index"
                )
            ),
            baseline_seconds=baseline,
            baseline_cpu_seconds=baseline_cpu,
        )
        results[label] = {}
        for name in args.only:
            progress(f"{label} briefings: {name} ...")
            try:
                figures = MEASUREMENTS[name].run(context)
            except Exception as error:  # one broken measurement must not lose the others
                failed.append(f"{label} {name}: {type(error).__name__}: {error}")
                progress(f"{label} briefings: {name} FAILED: {error}")
                continue
            results[label][name] = figures
            # As soon as it is measured: a long run stopped later keeps what it had.
            progress(f"{label} briefings: {name} done\n{format_table({label: {name: figures}})}")
            write_report(bench_dir / "results.json", args.seed, results)

    print()
    print(format_table(results))
    write_report(bench_dir / "results.json", args.seed, results)
    print(f"\nwritten to {bench_dir / 'results.json'}")
    if failed:
        print("measurements that failed:\n" + "\n".join(failed))
    missed = [
        f"{label} {name} {figure.name}"
        for label, by_name in results.items()
        for name, figures in by_name.items()
        for figure in figures
        if figure.met is False
    ]
    if missed:
        print(f"targets missed: {'; '.join(missed)}")
    return 1 if failed else 0


def write_report(path: Path, seed: int, results: dict[str, dict[str, list[Figure]]]) -> None:
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "generator_version": GENERATOR_VERSION,
        "seed": seed,
        "results": {
            label: {name: [asdict(f) for f in figures] for name, figures in by_name.items()}
            for label, by_name in results.items()
        },
    }
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
