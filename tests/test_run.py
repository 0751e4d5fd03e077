"""``make bench``: the harness measures, reports against its targets and reuses archives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.run import MEASUREMENTS, main


def test_a_run_writes_every_figure_with_its_target(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--sizes", "20", "--only", "parse,validate", "--out", str(tmp_path)]) == 0

    results = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))["results"]
    assert list(results) == ["20"]
    assert list(results["20"]) == ["parse", "validate"]
    validate = {f["name"]: f for f in results["20"]["validate"]}
    assert validate["÷ parse"]["unit"] == "x"
    assert validate["÷ parse"]["target"] == "≤ 2x"
    assert validate["÷ parse"]["value"] > 0
    assert validate["seconds"]["met"] is True
    table = capsys.readouterr().out
    assert "÷ parse" in table
    assert "generated 20 briefings" in table


def test_a_second_run_reuses_the_generated_archive(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    arguments = ["--sizes", "20", "--only", "parse", "--out", str(tmp_path)]
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
