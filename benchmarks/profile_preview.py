"""``python -m benchmarks.profile_preview``: where a preview's rebuild after a save goes.

``make bench`` times a save against a running ``mkdocs serve``; this says why. It does
in this process what ``mkdocs serve --dirty`` does after a save (the plugin told it
is serving, one site folder kept between builds): a first build, then a body edit, a
registry edit, a new briefing of the newest day and a back-dated one in a copy of one
synthetic archive, each rebuild under cProfile.
It prints the top entries of each and keeps the profiles for ``pstats`` or snakeviz.
The search index catches up on its own process and is not counted.
"""

from __future__ import annotations

import cProfile
import logging
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from benchmarks.preview import DESCRIPTION, TITLE
from benchmarks.profile_site import profile_arguments, save_and_print
from benchmarks.run import archive_for, progress
from benchmarks.site_builds import BENCH_SITE_URL, prepare_site
from benchmarks.synthetic import SHAPES
from build_tools.engines.mkdocs.plugin import BriefingsPlugin
from build_tools.loading.loader import find_briefing_files


def _plugin(config: MkDocsConfig) -> BriefingsPlugin:
    plugin = config.plugins["briefings"]
    assert isinstance(plugin, BriefingsPlugin)
    return plugin


def preview_rebuild(config_file: Path, site_dir: Path) -> Callable[[], None]:
    """The rebuild ``make serve`` runs after a save (as the plugin's ``on_serve`` wraps it)."""

    def rebuild() -> None:
        config = load_config(config_file=str(config_file), site_dir=str(site_dir))
        config.site_url = BENCH_SITE_URL
        if _plugin(config).rebuild_from_memory() is None:
            build(config, dirty=True)

    return rebuild


def profiled(run: Callable[[], None], *, profile: bool = True) -> tuple[cProfile.Profile, float]:
    profiler = cProfile.Profile()
    start = time.perf_counter()
    if profile:
        profiler.enable()
    run()
    profiler.disable()
    return profiler, time.perf_counter() - start


def _copied(model: Path) -> None:
    """A new briefing: ``model`` under a new name and title, of its day."""
    model.with_name(f"{model.stem}-profiled.md").write_text(
        TITLE.sub("title: Profiled new briefing", model.read_text("utf-8"), count=1),
        encoding="utf-8",
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = profile_arguments(
        "python -m benchmarks.profile_preview",
        "Profile a preview's rebuilds after a body edit, a registry edit and a new briefing.",
        size=1000,
        top=30,
    )
    parser.add_argument(
        "--shape", choices=SHAPES, default="plain", help="archive shape (default: plain)"
    )
    parser.add_argument(
        "--timed",
        action="store_true",
        help="time each rebuild without the profiler (its overhead doubles some stages)",
    )
    args = parser.parse_args(argv)
    archive = archive_for(args.size, args.seed, args.out, args.shape)
    folder = (args.out / "scratch" / archive.root.name / "preview-profile").resolve()
    shutil.rmtree(folder, ignore_errors=True)
    root = folder / "briefings"
    shutil.copytree(archive.root, root)
    config_file = prepare_site(root, folder)
    site_dir = folder / "site"
    logging.getLogger("mkdocs").setLevel(logging.ERROR)

    first = load_config(config_file=str(config_file), site_dir=str(site_dir))
    first.plugins.on_startup(command="serve", dirty=True)
    rebuild = preview_rebuild(config_file, site_dir)
    try:
        progress(f"{archive.count:,} briefings: first build ...")
        start = time.perf_counter()
        rebuild()
        progress(f"first build {time.perf_counter() - start:.1f} s")
        _plugin(first).wait_for_search()

        files = find_briefing_files(root)
        body = files[archive.count // 2]
        model, newest = files[archive.count // 3], files[-1]
        original = body.read_text(encoding="utf-8")
        body.write_text(f"{original.rstrip()}\n\nProfiledbodyedit\n", encoding="utf-8")
        registry = root / "actors.yml"
        text = registry.read_text(encoding="utf-8")
        found = DESCRIPTION.search(text)
        assert found is not None, "no actor with a description in the synthetic registry"
        edits: list[tuple[str, Callable[[], object]]] = [
            ("body", lambda: None),
            (
                "registry",
                lambda: registry.write_text(
                    f"{text[: found.end()]} Profiled{text[found.end() :]}", encoding="utf-8"
                ),
            ),
            ("new briefing", lambda: _copied(newest)),
            ("back-dated briefing", lambda: _copied(model)),
        ]
        for name, edit in edits:
            edit()
            profiler, seconds = profiled(rebuild, profile=not args.timed)
            progress(
                f"{name} edit: rebuilt in {seconds:.2f} s ({'timed' if args.timed else 'profiled'})"
            )
            if not args.timed:
                saved = folder / f"{name.replace(' ', '-')}.prof"
                save_and_print(profiler, saved, args.sort, args.top)
            _plugin(first).wait_for_search()
    finally:
        first.plugins.on_startup(command="build", dirty=False)
        first.plugins.on_shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
