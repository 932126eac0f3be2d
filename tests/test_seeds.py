"""The seed answer keys: built from their curated YAML, valid against their documents."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CURATED = sorted((ROOT / "seeds" / "curated").glob("*.yaml"))


def _builder():
    spec = importlib.util.spec_from_file_location("build_seed_records", ROOT / "scripts" / "build_seed_records.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_seed_document_has_an_answer_key() -> None:
    documents = {path.stem for path in (ROOT / "seeds").glob("*.txt")}
    keys = {path.stem for path in CURATED}
    assert documents and documents == keys, f"documents without a curated key: {sorted(documents - keys)}"


@pytest.mark.parametrize("curated", CURATED, ids=lambda p: p.stem)
def test_json_is_built_from_its_yaml(curated: Path) -> None:
    built = _builder().render(curated)
    on_disk = (ROOT / "seeds" / f"{curated.stem}.json").read_text(encoding="utf-8")
    assert on_disk == built, "seeds/*.json is stale: run python scripts/build_seed_records.py"


@pytest.mark.parametrize("curated", CURATED, ids=lambda p: p.stem)
def test_records_cite_evidence_from_the_body(curated: Path) -> None:
    key = json.loads((ROOT / "seeds" / f"{curated.stem}.json").read_text(encoding="utf-8"))
    set_aside = [(item["span"]["start"], item["span"]["end"]) for item in key.get("set_aside", [])]
    spans = [m["span"] for kind in key["mentions"].values() for m in kind]
    spans += [e for kind in ("initiatives", "funding_commitments", "tech_forecasts", "dialogues") for r in key.get(kind, []) for e in r["evidence"]]
    for span in spans:
        inside = [(a, b) for a, b in set_aside if a < span["end"] and span["start"] < b]
        assert not inside, f"{span['text']!r} at {span['start']} lies in a set-aside part {inside}"
