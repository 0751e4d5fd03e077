"""Rendered bodies kept between builds: used only when nothing they depend on changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from build_tools.publishing import body_cache
from build_tools.publishing.body_cache import CACHE_FILE, StoredBodies
from build_tools.rendering.body import render_bodies
from tests.site_builds import SITE_FIXTURE, build, write_config

BODIES = {
    "a": "The *Islamic State* took Palmyra.\n",
    "b": "Forces advanced on [al-Tanf](https://example.org/tanf).\n",
}


def test_a_second_build_renders_no_body_and_gets_the_same_html(tmp_path: Path) -> None:
    first = StoredBodies(tmp_path)
    assert first(BODIES) == render_bodies(BODIES)
    assert first.rendered == 2
    first.save()
    second = StoredBodies(tmp_path)
    assert second(BODIES) == render_bodies(BODIES)
    assert second.rendered == 0
    written = (tmp_path / CACHE_FILE).stat().st_mtime_ns
    (tmp_path / CACHE_FILE).touch()  # nothing would tell a rewrite of the same bytes
    touched = (tmp_path / CACHE_FILE).stat().st_mtime_ns
    second.save()
    assert (tmp_path / CACHE_FILE).stat().st_mtime_ns == touched >= written


def test_an_edited_body_is_rendered_again_and_a_removed_one_is_forgotten(tmp_path: Path) -> None:
    first = StoredBodies(tmp_path)
    first(BODIES)
    first.save()
    edited = {"a": BODIES["a"].replace("took", "lost")}
    second = StoredBodies(tmp_path)
    assert second(edited) == render_bodies(edited)
    assert second.rendered == 1
    second.save()
    kept = json.loads((tmp_path / CACHE_FILE).read_text(encoding="utf-8"))["bodies"]
    assert list(kept.values()) == list(render_bodies(edited).values())


def test_new_rendering_code_renders_every_body_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = StoredBodies(tmp_path)
    first(BODIES)
    first.save()
    monkeypatch.setattr(body_cache, "renderer_fingerprint", lambda: "another version")
    again = StoredBodies(tmp_path)
    again(BODIES)
    assert again.rendered == 2


@pytest.mark.parametrize("stored", [b"", b"{not json", b"[]", b'{"fingerprint": 1}'])
def test_an_unreadable_file_renders_every_body(tmp_path: Path, stored: bytes) -> None:
    (tmp_path / CACHE_FILE).write_bytes(stored)
    bodies = StoredBodies(tmp_path)
    assert bodies(BODIES) == render_bodies(BODIES)
    assert bodies.rendered == 2


def test_a_folder_that_cannot_be_written_only_loses_the_saving(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    bodies = StoredBodies(blocked / "cache")
    bodies(BODIES)
    bodies.save()  # no error
    assert blocked.read_text(encoding="utf-8") == "not a folder"


def _site_files(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file() and "pagefind" not in path.parts
    }


def test_a_site_built_with_a_warm_cache_is_the_site_built_without(tmp_path: Path) -> None:
    cached = write_config(tmp_path / "cached", SITE_FIXTURE, options={"search_index": False})
    build(cached, tmp_path / "cold")
    assert (tmp_path / "cached" / ".cache" / "briefings" / CACHE_FILE).is_file()
    build(cached, tmp_path / "warm")
    off: dict[str, object] = {"search_index": False, "render_cache": False}
    build(write_config(tmp_path / "off", SITE_FIXTURE, options=off), tmp_path / "none")
    assert not (tmp_path / "off" / ".cache").exists()
    cold, warm = _site_files(tmp_path / "cold"), _site_files(tmp_path / "warm")
    assert cold == warm == _site_files(tmp_path / "none")
