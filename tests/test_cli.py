"""The command line: exit codes, stdout/stderr, no tracebacks for user errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from policydocs.cli import main
from policydocs.models import ExtractionResult

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "002_ed9749e83b3cbb24.txt"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "policydocs", *args], capture_output=True, text=True, cwd=ROOT)


def test_schema_writes_every_schema(tmp_path: Path) -> None:
    assert main(["schema", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in (ROOT / "schemas").iterdir())


def test_validate_seeds_exits_zero() -> None:
    done = run("validate", *map(str, sorted((ROOT / "seeds").glob("*.json"))))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 error(s)" in done.stderr


def test_validate_reports_and_exits_one(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"document": {"id": "x", "char_count": 1, "sha256": "00"}, "mentionz": {}}')
    done = run("validate", str(bad), str(tmp_path / "missing.json"))
    assert done.returncode == 1
    assert "mentionz: unknown key" in done.stdout
    assert "document.sha256" in done.stdout
    assert "missing.json: (document): no such file" in done.stdout
    assert "Traceback" not in done.stderr


def test_extract_prints_one_valid_result_per_document() -> None:
    done = run("extract", str(SEED), str(SEED))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 2
    result = ExtractionResult.model_validate_json(lines[0])
    assert result.document.id == SEED.stem
    assert json.loads(lines[1])["document"]["sha256"] == result.document.sha256


def test_user_errors_are_one_line_without_traceback(tmp_path: Path) -> None:
    done = run("extract", str(tmp_path / "nope.txt"))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "nope.txt" in done.stderr
    done = run("extract", "--published", "yesterday", str(SEED))
    assert done.returncode == 2 and "not a date" in done.stderr
    done = run("frobnicate")
    assert done.returncode == 2 and "Traceback" not in done.stderr
