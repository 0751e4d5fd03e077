"""Golden files for ``validate``: each case folder is an archive, ``expected.txt`` its report.

The report is the text form of the diagnostics with paths relative to the case
folder, exactly as ``briefings validate .`` prints it from inside that folder. Cases
are validated in a temporary copy so that files too big to commit can be written at
test time (``GENERATED``) and nothing a test does can change the fixtures.

Regenerate after an intended change with ``.venv/bin/python -m tests.regenerate_golden``
and review the diff like code: it is the contributor-facing contract.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from build_tools.format.diagnostics import Diagnostic
from build_tools.format.format_spec import MAX_BRIEFING_BYTES
from build_tools.loading.loader import display_path
from build_tools.validation.archive import check_archive

CASES_DIR = Path(__file__).parent / "fixtures" / "validate"
EXPECTED = "expected.txt"


def _write_huge_briefing(root: Path) -> None:
    front = (
        b"---\ntitle: Huge\ndate: 2015-05-09\nsummary: A summary.\nactors: [islamic-state]\n---\n\n"
    )
    filler = b"Islamic State. " * (MAX_BRIEFING_BYTES // 15 + 1)
    (root / "2015" / "2015-05-09-huge.md").write_bytes(front + filler)


def _write_files(root: Path) -> None:
    """A file too big to commit, and symbolic links (a copy would copy their targets)."""
    _write_huge_briefing(root)
    (root / "2015" / "2015-05-11-linked.md").symlink_to("2015-05-08-fine.md")
    (root / "2017").symlink_to("2015")


# Files written into a case's copy before it is validated: too big to commit, or links.
GENERATED: dict[str, Callable[[Path], None]] = {"files": _write_files}


def case_names() -> list[str]:
    return sorted(p.name for p in CASES_DIR.iterdir() if p.is_dir())


def prepare_case(name: str, workdir: Path) -> Path:
    """Copy a case into ``workdir`` (without its expected report) and add generated files."""
    root = workdir / name
    shutil.copytree(CASES_DIR / name, root, ignore=shutil.ignore_patterns(EXPECTED))
    write = GENERATED.get(name)
    if write is not None:
        write(root)
    return root


def relative_diagnostics(diagnostics: list[Diagnostic], root: Path) -> list[Diagnostic]:
    prefix = display_path(root) + "/"
    return [replace(d, path=d.path.removeprefix(prefix)) for d in diagnostics]


def report(diagnostics: list[Diagnostic]) -> str:
    return "".join(d.as_text() + "\n" for d in diagnostics)


def validate_case(name: str, workdir: Path) -> str:
    root = prepare_case(name, workdir)
    diagnostics = check_archive(root).diagnostics
    return report(relative_diagnostics(diagnostics, root))


def expected_report(name: str) -> str:
    return (CASES_DIR / name / EXPECTED).read_text(encoding="utf-8")
