"""briefings check-links on small hand-made sites."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.commands.cli import main
from build_tools.publishing.check_links import check_links, read_page


def write_site(root: Path, pages: dict[str, str]) -> Path:
    for name, content in pages.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return root


GOOD = {
    "index.html": """<!doctype html>
<html><head>
<link rel="stylesheet" href="assets/style.css">
<link rel="alternate" type="application/rss+xml" href="/feed.xml">
<script src="assets/app.js"></script>
</head><body id="top">
<a href="about/">About</a> <a href="about/index.html#team">Team</a>
<a href="./about">About, no slash</a> <a href="#top">Top</a> <a href="#">Nowhere</a>
<a href="https://example.org/missing/">elsewhere</a> <a href="mailto:desk@example.org">mail</a>
<a href="//cdn.example.org/x.js">cdn</a> <img src="data:image/png;base64,AAAA" alt="">
<a href="briefings/2015/caf%C3%A9/?utm=x">encoded</a> <a href="">empty</a>
<a href="archive/2015/">archive</a>
</body></html>
""",
    "about/index.html": """<html><body>
<h2 id="team">Team</h2><a name="old-anchor"></a>
<a href="../">Home</a> <a href="/">Home again</a> <a href="../index.html#top">Top of home</a>
<a href="#old-anchor">old</a> <img src="../assets/logo.svg" alt="">
</body></html>
""",
    "briefings/2015/café/index.html": "<p><a href='../../../feed.xml'>feed</a></p>",
    "archive/2015/index.html": "<p>2015</p>",
    "assets/style.css": "",
    "assets/app.js": "",
    "assets/logo.svg": "<svg/>",
    "feed.xml": "<rss/>",
}


def test_a_site_whose_links_all_resolve_passes(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", GOOD)
    assert check_links(site) == []


def test_every_broken_link_is_reported_with_its_position_sorted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pages = {
        **GOOD,
        "index.html": """<html><body id="top">
<a href="missing/">gone</a> <img src="assets/missing.png" alt="">
  <a href="#nope">no such id</a> <a href="about/#nope">no such id there</a>
<a href="../../outside.html">outside the site</a> <a href="/nothing.html">root-relative</a>
<a href="empty/">a folder without index.html</a>
</body></html>
""",
        "about/index.html": '<a href="../feed.xml/">a file is not a folder</a>',
        "empty/notes.txt": "",
    }
    write_site(tmp_path / "site", pages)
    monkeypatch.chdir(tmp_path)
    assert main(["check-links", "site"]) == 1
    out = capsys.readouterr()
    assert out.out.splitlines() == [
        "site/about/index.html:1:1: error: broken link '../feed.xml/' [broken-link]",
        "site/index.html:2:1: error: broken link 'missing/' [broken-link]",
        "site/index.html:2:29: error: broken link 'assets/missing.png' [broken-link]",
        "site/index.html:3:3: error: broken link '#nope' (no id 'nope' on that page) [broken-link]",
        "site/index.html:3:34: error: broken link 'about/#nope' (no id 'nope' on that page) "
        "[broken-link]",
        "site/index.html:4:1: error: broken link '../../outside.html' [broken-link]",
        "site/index.html:4:51: error: broken link '/nothing.html' [broken-link]",
        "site/index.html:5:1: error: broken link 'empty/' [broken-link]",
    ]
    assert "8 broken link(s) in 4 page(s)" in out.err


def test_clean_site_exits_zero(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_site(tmp_path / "site", GOOD)
    monkeypatch.chdir(tmp_path)
    assert main(["check-links", "site"]) == 0
    out = capsys.readouterr()
    assert out.out == ""
    assert "0 broken link(s) in 4 page(s)" in out.err


def test_root_relative_links_under_a_base_path(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "site",
        {
            "index.html": '<a href="/archive/about/">ok</a> <a href="/about/">outside the base</a>',
            "about/index.html": "",
        },
    )
    diagnostics = check_links(site, base_path="/archive/")
    assert [d.message for d in diagnostics] == ["broken link '/about/'"]


def test_github_format_annotates_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_site(tmp_path / "site", {"index.html": '<a href="gone.html">x</a>'})
    monkeypatch.chdir(tmp_path)
    assert main(["check-links", "--format", "github", "site"]) == 1
    assert capsys.readouterr().out == (
        "::error file=site/index.html,line=1,col=1,title=broken-link::"
        "broken link 'gone.html' [broken-link]\n"
    )


def test_a_missing_site_folder_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["check-links", "site"]) == 2
    assert "site: no such folder" in capsys.readouterr().err


def test_html_that_is_not_well_formed_is_still_read() -> None:
    page = read_page('<p id=a><a href=x.html>unclosed <a href="y.html#b"<div id="c">')
    assert {link.url for link in page.links} == {"x.html", "y.html#b"}
    assert "a" in page.ids


def test_links_in_comments_and_scripts_are_not_links_and_attributes_are_read_as_html() -> None:
    page = read_page(
        "<!doctype html>\n"
        '<!-- <a href="commented.html"> -->\n'
        "<script src='app.js'>document.write('<a href=\"scripted.html\">')</script>\n"
        '<A TITLE="a > b" HREF="page.html?x=1&amp;y=2">x</A> <img src=bare.png alt=""><br/>\n'
        '<pre><code>&lt;a href="shown.html"&gt;</code></pre><h2 ID="Intro">Intro</h2>\n'
    )
    assert [(link.url, link.line, link.column) for link in page.links] == [
        ("app.js", 3, 1),
        ("page.html?x=1&y=2", 4, 1),
        ("bare.png", 4, 53),
    ]
    assert page.ids == {"Intro"}
