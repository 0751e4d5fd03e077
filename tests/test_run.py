"""``make bench``: the harness measures, reports against its targets and reuses archives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.run import MEASUREMENTS, format_bytes, main
from benchmarks.synthetic import GENERATOR_VERSION
from build_tools.validation.processes import available_cores, parallel_threshold


def test_a_run_writes_every_figure_with_its_target(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--sizes", "20", "--only", "parse,validate", "--out", str(tmp_path)]) == 0

    results = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))["results"]
    assert list(results) == ["20 plain", "20 varied"]
    assert list(results["20 plain"]) == ["parse", "validate"]
    validate = {f["name"]: f for f in results["20 plain"]["validate"]}
    assert validate["÷ parse"]["unit"] == "x"
    assert validate["÷ parse"]["target"] == "≤ 2x"
    assert validate["÷ parse"]["value"] > 0
    assert validate["seconds"]["met"] is True
    assert validate["cpu seconds"]["unit"] == "s"
    assert validate["cpu seconds"]["value"] > 0
    assert validate["cpu ÷ parse"]["value"] > 0
    assert validate["cpu ÷ parse"]["target"] == "≤ 3x"
    assert validate["processes"]["value"] == 1  # 20 briefings: not worth a second process
    varied = {f["name"]: f for f in results["20 varied"]["validate"]}
    assert varied["cpu ÷ parse"]["value"] > 0
    table = capsys.readouterr().out
    assert "÷ parse" in table
    assert "generated 20 plain briefings" in table
    assert "generated 20 varied briefings" in table


def test_where_a_second_process_pays_is_measured(tmp_path: Path) -> None:
    arguments = ["--sizes", "20", "--shapes", "varied", "--only", "parallel", "--out"]
    assert main([*arguments, str(tmp_path)]) == 0

    results = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))["results"]
    parallel = {f["name"]: f for f in results["20 varied"]["parallel"]}
    assert parallel["per kB checked"]["value"] > 0
    assert parallel["fork and collect"]["value"] >= 0
    assert parallel["pays from"]["unit"] == "bytes"
    threshold = parallel_threshold(tmp_path / "archives" / f"varied-n20-s1-g{GENERATOR_VERSION}")
    assert parallel["pays from"]["target"] == f"threshold {format_bytes(threshold)} within 2x"


def test_an_unknown_shape_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--shapes", "plain,odd"])

    assert exit_info.value.code == 2
    assert "choose shapes from plain, varied" in capsys.readouterr().err


def test_a_second_run_reuses_the_generated_archive(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    arguments = ["--sizes", "20", "--shapes", "plain", "--only", "parse", "--out", str(tmp_path)]
    main(arguments)
    capsys.readouterr()

    main(arguments)

    assert "generated" not in capsys.readouterr().out
    assert len(list((tmp_path / "archives").iterdir())) == 1


def test_an_unknown_measurement_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--only", "validate,sight"])

    assert exit_info.value.code == 2
    assert f"choose from {', '.join(MEASUREMENTS)}" in capsys.readouterr().err


@pytest.mark.slow
def test_the_site_build_is_measured_against_plain_pages_of_the_same_briefings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    only = "site,feeds,floor"
    arguments = ["--sizes", "20", "--shapes", "plain", "--only", only, "--repeats", "1"]
    assert main([*arguments, "--out", str(tmp_path)]) == 0

    results = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))["results"]
    site = {f["name"]: f for f in results["20 plain"]["site"]}
    assert site["÷ plain"]["target"] == "≤ 0.75x"
    assert site["÷ plain"]["value"] == pytest.approx(
        site["seconds"]["value"] / site["plain seconds"]["value"]
    )
    assert site["peak memory"]["met"] is True
    assert site["peak memory"]["value"] > 10_000_000  # a whole Python process, not this one's delta
    assert site["plain pages"]["value"] == 20 + 2  # every briefing, the home page, the 404 page
    assert site["pages"]["value"] > site["plain pages"]["value"]  # entity and listing pages too
    assert site["search index"]["value"] > site["plain search index"]["value"] > 0
    alone = site["plain output"]["value"] - site["plain search index"]["value"]
    alone += site["search index"]["value"]
    assert site["bodies and search alone at 25,000 (projected)"]["value"] == pytest.approx(
        alone * 25_000 / 20, abs=1
    )
    assert site["largest page"]["note"].endswith(".html")
    feeds = {f["name"]: f for f in results["20 plain"]["feeds"]}
    assert feeds["% of site build"]["target"] == "≤ 10%"
    assert 0 < feeds["% of site build"]["value"] < 100
    floor = {f["name"]: f for f in results["20 plain"]["floor"]}
    cores = available_cores()
    parts = floor["markdown cpu seconds"]["value"] + floor["pagefind alone: cpu seconds"]["value"]
    assert floor[f"floor on {cores} cores ÷ plain"]["value"] == pytest.approx(
        parts / cores / site["plain seconds"]["value"]
    )
    assert floor["pagefind alone: peak memory"]["value"] > 1_000_000
    documents = int(floor["pagefind alone: seconds"]["note"].removesuffix(" documents"))
    assert documents > 20  # every briefing, and the entity and listing pages
    assert 0 <= floor["least indexing adds %"]["value"] < 1000
    output = capsys.readouterr().out
    assert output.count("site build 1/1 ...") == 1  # feeds reuse the site build's time
    assert output.count("plain build 1/1 ...") == 1  # the floor reuses the site's baseline
    assert output.count("search_index: false build 1/1 ...") == 1


@pytest.mark.slow
def test_every_speed_device_is_measured_off_against_on_in_the_same_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    arguments = ["--sizes", "20", "--shapes", "plain", "--only", "devices", "--repeats", "1"]
    assert main([*arguments, "--out", str(tmp_path)]) == 0

    results = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))["results"]
    devices = {f["name"]: f for f in results["20 plain"]["devices"]}
    assert set(devices) == {
        "page_skeletons: seconds off ÷ on",
        "compact_frame: seconds off ÷ on",
        "compact_frame: page bytes off ÷ on",
        "render_cache: seconds off ÷ warm",
        "page wall thread: seconds off ÷ on",
        "feeds process: seconds off ÷ on",
        "parallel bodies: seconds off ÷ on",
        "parallel validation: seconds off ÷ on",
        "outline cache: seconds off ÷ on",
        "preview graphics after a new briefing: seconds off ÷ on",
        "preview heap set aside, a new index: seconds off ÷ on",
    }
    for figure in devices.values():
        assert figure["unit"] == "x" and figure["value"] > 0
        assert figure["note"].startswith("off ")
    assert devices["compact_frame: page bytes off ÷ on"]["value"] > 1.0  # the frame's whitespace
    output = capsys.readouterr().out
    for build in ("site", "page_skeletons: false", "compact_frame: false", "render_cache: warm"):
        assert output.count(f"{build} build 1/1 ...") == 1


@pytest.mark.slow
def test_edit_to_preview_is_timed_against_a_running_mkdocs_serve(tmp_path: Path) -> None:
    arguments = ["--sizes", "20", "--only", "preview", "--shapes", "varied", "--out", str(tmp_path)]
    assert main(arguments) == 0

    results = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))["results"]
    preview = {f["name"]: f for f in results["20 varied"]["preview"]}
    assert preview["body edit"]["target"] == "< 2 s"
    assert preview["registry edit"]["target"] == "< 5 s"
    assert 0 < preview["body edit"]["value"] < preview["first build"]["value"] + 60
    assert preview["registry edit"]["value"] > 0
    assert preview["search after body edit"]["value"] > 0
    for save in ("new briefing", "new briefing, back-dated", "renamed briefing"):
        assert preview[save]["target"] == "< 5 s" and preview[save]["value"] > 0
    assert preview["first build ÷ body edit"]["value"] == pytest.approx(
        preview["first build"]["value"] / preview["body edit"]["value"]
    )
    # Stopped as Ctrl-C stops it, so MkDocs removed its temporary site, and the plugin
    # its working folders.
    (temporary,) = tmp_path.glob("scratch/*/preview/tmp")
    assert list(temporary.iterdir()) == []


@pytest.mark.slow
@pytest.mark.browser
def test_search_is_measured_in_chromium_beside_materials_search(tmp_path: Path) -> None:
    arguments = ["--sizes", "20", "--only", "search", "--repeats", "1", "--out", str(tmp_path)]
    assert main(arguments) == 0

    results = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))["results"]
    search = {f["name"]: f["value"] for f in results["20 plain"]["search"]}
    assert 0 < search["page load: search bytes"] < 20_000  # the search script alone
    assert search["first query: bytes"] > 0  # Pagefind's files, fetched only now
    assert search["material: index bytes"] > 0
    # Material's page load brings its whole index (gzipped by the bench's server).
    assert search["material: page load search bytes"] >= search["material: index bytes sent"]
    assert search["material: index bytes sent"] < search["material: index bytes"]
    assert search["bundle files"] > 20
    assert search["first query: bytes decompressed"] >= search["first query: bytes"]
    assert search["first query on a phone: bytes"] > 0  # the box opened by its button
    # The search page shows a query's results before it fetches the filters' values.
    shown = search["search page, a query alone: bytes to first results"]
    assert 0 < shown < search["search page: bytes with the filters' values"]
    assert search["search page, a query alone: seconds to first results"] > 0
    assert search["search page on a phone: seconds to first results"] > 0
    assert search["search page on a phone: bytes"] > 0
    # What indexing adds: two builds, with and without the index (noise at 20 briefings).
    assert search["build seconds with the index"] > 0
    assert search["build seconds without the index"] > 0
    assert -100 < search["indexing adds % to the build"] < 1000
