"""JSON Schema (Draft 2020-12) for every record type and for the whole result.

``policydocs schema --out schemas/`` writes these files; a test regenerates them in
memory and fails when the checked-in copies drift from the models.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from policydocs.models import (
    DateMention,
    Dialogue,
    DocumentError,
    ExtractionResult,
    FundingCommitment,
    Initiative,
    MoneyMention,
    OrganizationMention,
    TechForecast,
)

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_BASE_URI = "https://policydocs.dev/schemas/"

SCHEMA_MODELS: dict[str, type[BaseModel]] = {
    "extraction_result": ExtractionResult,
    "initiative": Initiative,
    "funding_commitment": FundingCommitment,
    "tech_forecast": TechForecast,
    "dialogue": Dialogue,
    "money_mention": MoneyMention,
    "date_mention": DateMention,
    "organization_mention": OrganizationMention,
    "document_error": DocumentError,
}


def schema_for(model: type[BaseModel], name: str) -> dict[str, Any]:
    """The Draft 2020-12 schema of one model, with its ``$schema`` and ``$id``."""
    body = model.model_json_schema(mode="validation")
    return {"$schema": DRAFT, "$id": f"{SCHEMA_BASE_URI}{name}.schema.json", **body}


def render_schemas() -> dict[str, str]:
    """File name -> file text for every schema, exactly as ``policydocs schema`` writes them."""
    return {
        f"{name}.schema.json": json.dumps(schema_for(model, name), ensure_ascii=False, indent=2, sort_keys=False) + "\n"
        for name, model in SCHEMA_MODELS.items()
    }


def write_schemas(out_dir: Path) -> list[Path]:
    """Write every schema into ``out_dir`` (created if needed); returns the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for file_name, text in render_schemas().items():
        path = out_dir / file_name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
