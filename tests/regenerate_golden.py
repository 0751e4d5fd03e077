"""Rewrite every ``tests/fixtures/validate/*/expected.txt`` from the current validator.

Run ``.venv/bin/python -m tests.regenerate_golden`` from the repository root, then
read ``git diff tests/fixtures/validate`` before committing.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from tests.golden import CASES_DIR, EXPECTED, case_names, validate_case


def main() -> int:
    with tempfile.TemporaryDirectory() as workdir:
        for name in case_names():
            target = CASES_DIR / name / EXPECTED
            old = target.read_text(encoding="utf-8") if target.exists() else None
            new = validate_case(name, Path(workdir))
            if new != old:
                target.write_text(new, encoding="utf-8")
                sys.stdout.write(f"updated {target.relative_to(Path.cwd())}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
