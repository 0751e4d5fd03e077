"""A preview's incremental rebuilds give the bytes of a clean build, edit after edit.

The preview side is the real MkDocs build as ``mkdocs serve --dirty`` runs it (the
plugin told it is serving, one site folder kept between builds); each clean build is
a separate ``mkdocs build`` process into a new folder. Pagefind names its search
chunks afresh on every run, so the search bundle is compared by what it indexes: each
page's fragment (address, text, filters) and the files of each kind.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from build_tools.engines.mkdocs.plugin import BriefingsPlugin
from build_tools.format.diagnostics import Diagnostic
from build_tools.format.model import Archive
from build_tools.publishing.incremental import (
    BodyMemory,
    CarriedOver,
    OutputMemory,
    ValidationMemory,
    digest,
)
from build_tools.validation.archive import CheckedArchive, check_archive
from tests.site_builds import SITE_FIXTURE, quiet_mkdocs, search_fragment, write_config

MKDOCS = Path(sys.executable).parent / "mkdocs"
SEARCH_BUNDLE = "pagefind/"
_SEARCH_CHUNK = re.compile(r"^(pagefind/(?:filter|fragment|index)/|pagefind/pagefind\.)[^/]+$")
ASSAULT = "2015/2015-05-20-palmyra-assault.md"
ASSAULT_PAGE = "briefings/2015/2015-05-20-palmyra-assault/index.html"
QUOTED = "2014/2014-06-29-caliphate-declared.md"  # with quotes and sources: in its feed items
QUOTED_PAGE = "briefings/2014/2014-06-29-caliphate-declared/index.html"
UNRELATED_PAGE = "briefings/2014/2014-12-01-winter-lull/index.html"

Edit = Callable[[Path], None]


def replace(path: str, old: str, new: str) -> Edit:
    def edit(root: Path) -> None:
        text = (root / path).read_text(encoding="utf-8")
        assert old in text, (path, old)
        (root / path).write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def rename(old: str, new: str, *then: Edit) -> Edit:
    def edit(root: Path) -> None:
        (root / old).rename(root / new)
        for step in then:
            step(root)

    return edit


def delete(path: str) -> Edit:
    def edit(root: Path) -> None:
        (root / path).unlink()

    return edit


# Edits of bodies alone, and the page each rewrites.
BODIES_ONLY = {"body": ASSAULT_PAGE, "body again": ASSAULT_PAGE, "quoted body": QUOTED_PAGE}
EDITS: list[tuple[str, Edit]] = [
    ("body", replace(ASSAULT, "The attack on Palmyra", "The assault on Palmyra")),
    ("body again", replace(ASSAULT, "The assault on Palmyra", "The attack on Palmyra")),
    ("quoted body", replace(QUOTED, "declared a caliphate,", "proclaimed a caliphate,")),
    # After saves of bodies alone: the index kept from before them holds the old bodies.
    (
        "description after bodies",
        replace("actors.yml", "Invented spokesman of the group", "Invented spokesman"),
    ),
    (
        "title",
        replace(ASSAULT, "title: Islamic State assaults Palmyra", "title: Palmyra assaulted"),
    ),
    (
        "actors",
        replace(
            "2015/2015-06-02-june-patrols.md",
            "actors: [islamic-state]",
            "actors: [islamic-state, syrian-army]",
        ),
    ),
    (
        "date",
        rename(
            "2015/2015-05-21-palmyra-captured.md",
            "2015/2015-05-23-palmyra-captured.md",
            replace("2015/2015-05-23-palmyra-captured.md", "date: 2015-05-21", "date: 2015-05-23"),
        ),
    ),
    ("registry", replace("actors.yml", "name: Syrian Arab Army", "name: Syrian Arab Army (SAA)")),
    # No page shows an alias, but the body that mentions SOHR no longer links it.
    ("alias", replace("actors.yml", "  aliases: [SOHR]\n", "")),
    (
        "registry description",  # no briefing checked again, no mention linked again
        replace("actors.yml", "declared a caliphate in 2014.", "declared a caliphate."),
    ),
    ("delete", delete("2015/2015-07-04-july-report.md")),
    (
        "rename",
        rename("2015/2015-06-02-june-patrols.md", "2015/2015-06-02-june-sweeps.md"),
    ),
    (
        "draft on",
        replace(
            "2015/2015-01-15-january-raids.md",
            "actors: [islamic-state]\n",
            "actors: [islamic-state]\ndraft: true\n",
        ),
    ),
    (
        "draft off",
        replace(
            "2015/2015-01-15-january-raids.md",
            "actors: [islamic-state]\ndraft: true\n",
            "actors: [islamic-state]\n",
        ),
    ),
]


def tree(site: Path) -> dict[str, bytes]:
    """Every file but the search bundle's, by path."""
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in site.rglob("*")
        if path.is_file() and not path.relative_to(site).as_posix().startswith(SEARCH_BUNDLE)
    }


def search_bundle(site: Path) -> tuple[list[str], list[object]]:
    """The search bundle's files, chunk names left out, and every page's fragment."""
    bundle = site / SEARCH_BUNDLE
    names = sorted(
        _SEARCH_CHUNK.sub(r"\1…", path.relative_to(site).as_posix())
        for path in bundle.rglob("*")
        if path.is_file()
    )
    fragments = [
        search_fragment(path.read_bytes()) for path in bundle.glob("fragment/*.pf_fragment")
    ]
    return names, sorted(fragments, key=lambda fragment: json.dumps(fragment, sort_keys=True))


def stamps(site: Path) -> dict[str, int]:
    """Every file but the search bundle's (Pagefind writes it whole after every build)."""
    return {
        path.relative_to(site).as_posix(): path.stat().st_mtime_ns
        for path in site.rglob("*")
        if path.is_file() and not path.relative_to(site).as_posix().startswith(SEARCH_BUNDLE)
    }


def clean_build(config_file: Path, site_dir: Path) -> Path:
    subprocess.run(
        [str(MKDOCS), "build", "--quiet", "-f", str(config_file), "-d", str(site_dir)],
        check=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    return site_dir


@pytest.mark.slow
def test_incremental_preview_builds_equal_clean_builds_over_a_sequence_of_edits(
    tmp_path: Path,
) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = tmp_path / "briefings"
    shutil.copytree(SITE_FIXTURE, root)
    config_file = write_config(tmp_path, root)
    live = tmp_path / "live"

    def preview_build() -> str | None:
        """What the preview's rebuild does: without MkDocs after a change to the archive."""
        config = load_config(config_file=str(config_file), site_dir=str(live))
        plugin = config.plugins["briefings"]
        assert isinstance(plugin, BriefingsPlugin)
        with quiet_mkdocs():
            rebuilt = plugin.rebuild_from_memory()
            if rebuilt is None:
                build(config, dirty=True)
        assert plugin.wait_for_search(timeout=120), "search never caught up"
        return rebuilt

    first = load_config(config_file=str(config_file), site_dir=str(live))
    first.plugins.on_startup(command="serve", dirty=True)
    try:
        assert preview_build() is None
        for name, edit in EDITS:
            before = stamps(live)
            edit(root)
            assert preview_build() == ("bodies" if name in BODIES_ONLY else "archive"), name
            clean = clean_build(config_file, tmp_path / f"clean-{name}")
            expected, built = tree(clean), tree(live)
            assert sorted(built) == sorted(expected), name
            differing = [path for path in expected if built[path] != expected[path]]
            assert differing == [], name
            assert search_bundle(live) == search_bundle(clean), name
            after = stamps(live)
            rewritten = {path for path, stamp in after.items() if before.get(path) != stamp}
            assert len(rewritten) < len(after) / 2, name
            if name in BODIES_ONLY:
                assert BODIES_ONLY[name] in rewritten
                assert UNRELATED_PAGE not in rewritten
    finally:
        # Plugins with on_startup live as long as the process: leave them as a build has.
        first.plugins.on_startup(command="build", dirty=False)
        first.plugins.on_shutdown()


def answer(checked: CheckedArchive) -> tuple[Archive | None, list[Diagnostic]]:
    return checked.archive, checked.diagnostics


def test_validation_memory_checks_again_only_what_changed(tmp_path: Path) -> None:
    root = tmp_path / "briefings"
    shutil.copytree(SITE_FIXTURE, root)
    memory = ValidationMemory()
    assert answer(check_archive(root, memory=memory)) == answer(check_archive(root))
    total = memory.rechecked
    assert answer(check_archive(root, memory=memory)) == answer(check_archive(root))
    assert memory.rechecked == 0

    replace(ASSAULT, "date: 2015-05-20", "date: 2015-05-40")(root)
    assert answer(check_archive(root, memory=memory)) == answer(check_archive(root))
    assert memory.rechecked == 1
    assert check_archive(root, memory=memory).archive is None

    replace("actors.yml", "aliases: [SAA]", "aliases: [SAA, Assad's army]")(root)
    assert answer(check_archive(root, memory=memory)) == answer(check_archive(root))
    assert memory.rechecked == total

    # What no briefing's check reads, such as a description.
    replace("actors.yml", "declared a caliphate in 2014.", "declared a caliphate.")(root)
    assert answer(check_archive(root, memory=memory)) == answer(check_archive(root))
    assert memory.rechecked == 0
    replace("actors.yml", "name: Syrian Arab Army", "name: Syrian Arab Army (SAA)")(root)
    assert answer(check_archive(root, memory=memory)) == answer(check_archive(root))
    assert memory.rechecked == total

    # A registry read again only when its file changed: moved away, then back.
    (root / "locations.yml").rename(tmp_path / "locations.yml")
    assert answer(check_archive(root, memory=memory)) == answer(check_archive(root))
    missing = check_archive(root, memory=memory).diagnostics
    assert any(d.path.endswith("locations.yml") for d in missing)
    (tmp_path / "locations.yml").rename(root / "locations.yml")
    assert answer(check_archive(root, memory=memory)) == answer(check_archive(root))
    found = check_archive(root, memory=memory).diagnostics
    assert not any(d.path.endswith("locations.yml") for d in found)


def test_body_memory_renders_each_new_text_once() -> None:
    memory = BodyMemory()
    assert memory({"a": "*one*", "b": ""}) == {"a": "<p><em>one</em></p>", "b": ""}
    assert memory.rendered == 2
    assert memory({"a": "*one*", "c": "two"}) == {"a": "<p><em>one</em></p>", "c": "<p>two</p>"}
    assert memory.rendered == 1


def test_output_memory_reports_changed_and_gone_outputs() -> None:
    memory = OutputMemory()
    assert memory.changed("a", digest("1"))
    assert memory.changed("b", digest("2"))
    assert memory.finish() == []
    assert not memory.changed("a", digest("1"))
    assert memory.changed("c", digest("3"))
    assert memory.finish() == ["b"]
    memory.forget()
    assert memory.changed("a", digest("1"))


def test_digest_separates_its_parts() -> None:
    assert digest("ab", "c") != digest("a", "bc")


def test_carried_over_keeps_only_what_the_last_build_used() -> None:
    memo: CarriedOver[str, int] = CarriedOver()
    memo["used"] = 1
    memo["unused"] = 2
    memo.next_build()
    assert memo.get("used") == 1
    memo.next_build()
    assert memo.get("used") == 1
    assert memo.get("unused") is None
    memo.forget()
    assert memo.get("used") is None
