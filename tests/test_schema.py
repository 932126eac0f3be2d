"""The checked-in JSON Schemas match the models, are valid Draft 2020-12, and document every field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from policydocs.export.schema import render_schemas

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "schemas"
RENDERED = render_schemas()


def test_checked_in_schemas_match_the_models() -> None:
    on_disk = {path.name: path.read_text(encoding="utf-8") for path in SCHEMAS.glob("*.schema.json")}
    stale = sorted(name for name in RENDERED if on_disk.get(name) != RENDERED[name])
    extra = sorted(set(on_disk) - set(RENDERED))
    assert not stale and not extra, (
        f"schemas/ drifted from the models (stale: {stale}, not a model any more: {extra}); "
        "regenerate with: policydocs schema --out schemas/"
    )


@pytest.mark.parametrize("name", sorted(RENDERED))
def test_schema_is_valid_draft_2020_12(name: str) -> None:
    schema = json.loads(RENDERED[name])
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def _properties(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    found = [(name, prop) for name, prop in schema.get("properties", {}).items()]
    for definition in schema.get("$defs", {}).values():
        found.extend(_properties(definition))
    return found


@pytest.mark.parametrize("name", sorted(RENDERED))
def test_every_field_is_described(name: str) -> None:
    undocumented = [field for field, prop in _properties(json.loads(RENDERED[name])) if not prop.get("description")]
    assert not undocumented, f"{name}: fields without description: {sorted(set(undocumented))}"


def test_seed_answer_keys_satisfy_the_schema() -> None:
    validator = Draft202012Validator(json.loads(RENDERED["extraction_result.schema.json"]))
    for path in sorted((ROOT / "seeds").glob("*.json")):
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(json.loads(path.read_text("utf-8")))]
        assert not errors, f"{path.name}: {errors[:5]}"


def test_schema_rejects_what_the_models_reject() -> None:
    validator = Draft202012Validator(json.loads(RENDERED["money_mention.schema.json"]))
    span = {"start": 0, "end": 4, "text": "3억 원"[:4]}
    good = {"amount": "300000000", "currency": "KRW", "span": span}
    assert validator.is_valid(good)
    assert not validator.is_valid({**good, "amount": 1.5})
    assert not validator.is_valid({**good, "currency": "KRX"})
    assert not validator.is_valid({**good, "amonut": "1"})


def test_data_model_page_matches_the_schemas() -> None:
    from policydocs.export.docs import render_data_model

    page = (ROOT / "docs" / "data-model.md").read_text(encoding="utf-8")
    assert page == render_data_model(), (
        "docs/data-model.md drifted from the models; regenerate with: "
        "policydocs schema --out schemas/ --docs docs/data-model.md"
    )
