"""``briefings export``: the same site, as files another engine can build."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import lxml.html
import markdown
import pytest
import yaml

from build_tools.commands import export
from build_tools.commands.cli import main
from build_tools.commands.export import ExportError, write_site
from build_tools.format.pages import Page, SiteContent, SiteSettings
from build_tools.publishing.site_content import build_site_content
from build_tools.validation.archive import CheckedArchive, check_archive
from tests.hostile_archive import (
    HOSTILE_FIXTURE,
    build_hostile_site,
    build_unvalidated_site,
    feed_findings,
    html_findings,
    page_findings,
    unvalidated_archive,
)
from tests.site_builds import FIXTURE_URL, SITE_FIXTURE, cached_site

# Everything that could rewrite contributor text if a page were real Markdown.
HOSTILE_EXTENSIONS = ["attr_list", "md_in_html", "toc", "tables", "abbr", "footnotes", "smarty"]


def fixture_content(page_size: int = 50) -> SiteContent:
    checked = check_archive(SITE_FIXTURE)
    assert checked.archive is not None
    settings = SiteSettings(FIXTURE_URL, page_size=page_size)
    return build_site_content(checked.archive, settings, checked.finder)


def split_front_matter(text: str) -> tuple[dict[str, object], str]:
    assert text.startswith("---\n")
    head, body = text[4:].split("\n---\n", 1)
    loaded = yaml.safe_load(head)
    assert isinstance(loaded, dict)
    return loaded, body


def test_export_writes_every_page_and_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code = main(["export", str(out), "--root", str(SITE_FIXTURE), "--site-url", FIXTURE_URL])
    assert code == 0
    expected = fixture_content()
    written = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert written == {p.source_path for p in expected.pages} | set(expected.files)
    for path, data in expected.files.items():
        assert (out / path).read_bytes() == data
    meta, body = split_front_matter(
        (out / "briefings/2015/2015-05-21-palmyra-captured/index.md").read_text(encoding="utf-8")
    )
    assert meta["title"] == "Islamic State captures Palmyra"
    assert meta["description"] == "The group took the city of Palmyra."
    assert meta["kind"] == "briefing"
    assert meta["search"] is True
    assert body.startswith(
        '\n<div class="ba-page ba-page--briefing" id="ba-page" data-pagefind-body="">'
    )
    assert "written to" in capsys.readouterr().err


def test_each_page_is_one_raw_html_block_no_markdown_extension_touches() -> None:
    for page in fixture_content(page_size=3).pages:
        lines = page.html.rstrip("\n").split("\n")
        assert lines[0].startswith("<div ") and lines[-1] == "</div>", page.url
        assert all(line.strip() for line in lines), f"blank line inside {page.url}"
        rendered = markdown.markdown(page.html, extensions=HOSTILE_EXTENSIONS)
        assert rendered.strip() == page.html.strip(), page.url


def test_export_refuses_a_folder_that_is_not_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "old.md").write_text("old", encoding="utf-8")
    code = main(["export", str(tmp_path), "--root", str(SITE_FIXTURE), "--site-url", FIXTURE_URL])
    assert code == 2
    assert "is not an empty folder" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["old.md"]


def test_export_takes_the_feeds_full_text_setting_and_refuses_a_negative_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    common = ["--root", str(SITE_FIXTURE), "--site-url", FIXTURE_URL]
    assert main(["export", str(tmp_path / "bad"), *common, "--feed-full-text", "-1"]) == 2
    assert "--feed-full-text must be 0 or more" in capsys.readouterr().err
    assert not (tmp_path / "bad").exists()
    assert main(["export", str(tmp_path / "out"), *common, "--feed-full-text", "0"]) == 0
    items = json.loads((tmp_path / "out" / "actors" / "islamic-state" / "feed.json").read_bytes())
    assert items["items"] and all("content_html" not in i for i in items["items"])
    site = json.loads((tmp_path / "out" / "feed.json").read_bytes())
    assert all("content_html" in i for i in site["items"])


def test_export_of_an_invalid_archive_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = tmp_path / "archive"
    shutil.copytree(SITE_FIXTURE, archive)
    (archive / "2015" / "2015-01-15-january-raids.md").write_text("no front matter\n")
    out = tmp_path / "out"
    code = main(["export", str(out), "--root", str(archive), "--site-url", FIXTURE_URL])
    captured = capsys.readouterr()
    assert code == 1
    assert "2015-01-15-january-raids.md:1:1: error:" in captured.out
    assert "nothing was exported" in captured.err
    assert not out.exists()


@pytest.mark.parametrize("path", ["../escape.md", "/etc/passwd", "a/../../b.md", "a\\b.md", ""])
def test_write_site_refuses_paths_outside_the_folder(tmp_path: Path, path: str) -> None:
    content = SiteContent(pages=(), files={path: b"x"})
    with pytest.raises(ExportError):
        write_site(content, tmp_path / "out")
    assert not (tmp_path / "escape.md").exists()
    assert not (tmp_path / "out").exists()


def test_write_site_refuses_one_path_twice(tmp_path: Path) -> None:
    page = Page(url="feed.xml/", title="t", description="d", html="<div></div>\n", kind="x")
    content = SiteContent(pages=(page,), files={"feed.xml/index.md": b"x"})
    with pytest.raises(ExportError, match="twice"):
        write_site(content, tmp_path / "out")
    assert not (tmp_path / "out").exists()


# --- the hostile archives: the export publishes what the site publishes --------------


def export_of(folder: Path, archive: Path) -> Path:
    """The export with the settings of the test sites (tests.site_builds.write_config)."""
    out = folder / "export"
    settings = ["--site-url", FIXTURE_URL, "--site-name", "Fixture Archive", "--page-size", "3"]
    code = main(["export", str(out), "--root", str(archive), *settings])
    assert code == 0
    return out


def export_hostile(folder: Path) -> Path:
    return export_of(folder, HOSTILE_FIXTURE)


def export_unvalidated(folder: Path) -> Path:
    """The raw-HTML archive, handed to the export as if it had passed validation."""
    checked = CheckedArchive(unvalidated_archive(), [], check_archive(HOSTILE_FIXTURE).finder)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(export, "check_archive", lambda root: checked)
        return export_of(folder, HOSTILE_FIXTURE)


BUILDS = {
    "hostile": (build_hostile_site, export_hostile),
    "unvalidated": (build_unvalidated_site, export_unvalidated),
}


def exported_pages(out: Path) -> dict[str, str]:
    """Each exported page's address and its HTML, the front matter aside."""
    pages = {}
    for path in sorted(out.rglob("index.md")):
        _, body = split_front_matter(path.read_text(encoding="utf-8"))
        url = path.parent.relative_to(out).as_posix()
        pages["" if url == "." else f"{url}/"] = body
    return pages


@pytest.mark.slow
@pytest.mark.parametrize("archive", BUILDS)
def test_an_exported_hostile_page_carries_nothing_executable(
    archive: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    out = cached_site(tmp_path_factory, f"export-{archive}", BUILDS[archive][1])
    pages = exported_pages(out)
    assert "briefings/2015/2015-05-21-hostile-fields/" in pages
    found = [
        finding
        for url, body in pages.items()
        for finding in html_findings(
            url or "/", lxml.html.fragment_fromstring(body, create_parent="div"), whole_page=False
        )
    ]
    assert found == []
    assert page_findings(out / "api") == []
    assert feed_findings(out) == []


@pytest.mark.slow
@pytest.mark.parametrize("archive", BUILDS)
def test_export_writes_the_page_bytes_the_site_build_gives_its_engine(
    archive: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Material prints a generated page's HTML into the article as it is handed over:
    every exported page is found there, byte for byte, and so carries the site's walls."""
    build_site, export_site = BUILDS[archive]
    site = cached_site(tmp_path_factory, archive, build_site)
    pages = exported_pages(cached_site(tmp_path_factory, f"export-{archive}", export_site))
    assert len(pages) > 15
    for url, body in pages.items():
        built = (site / url / "index.html").read_text(encoding="utf-8")
        assert body.rstrip("\n") in built, f"/{url}: the export differs from the site's page"
