"""The data-model page (docs/data-model.md), rendered from the JSON Schemas.

Generated, like ``schemas/``, so the prose can never disagree with the models; a test
fails when the checked-in page drifts (``policydocs schema --docs docs/data-model.md``).
"""

from __future__ import annotations

from typing import Any

from policydocs.export.schema import SCHEMA_MODELS, schema_for

INTRO = """# Data model

Generated from the JSON Schemas by `policydocs schema --docs docs/data-model.md`; do not
edit by hand. The schemas themselves are in `schemas/` (Draft 2020-12). Field names and
meanings follow DESIGN.md. Amounts are exact decimals written as strings; dates are ISO
`YYYY-MM-DD`; spans are character offsets into the exact text passed in (end exclusive).
"""


def _type_of(prop: dict[str, Any]) -> str:
    if "$ref" in prop:
        return prop["$ref"].rsplit("/", 1)[-1]
    if "enum" in prop:
        values = prop["enum"]
        return " \\| ".join(f"`{v}`" for v in values) if len(values) <= 12 else f"one of {len(values)} codes"
    if "const" in prop:
        return f"`{prop['const']}`"
    if "anyOf" in prop:
        parts = [_type_of(option) for option in prop["anyOf"]]
        if parts == ["string", "integer"]:
            return "decimal (string or integer)"
        return " or ".join(dict.fromkeys(parts))
    kind = prop.get("type", "any")
    if kind == "array":
        return f"list of {_type_of(prop.get('items', {}))}"
    if kind == "object" and "additionalProperties" in prop:
        return f"map of {_type_of(prop['additionalProperties'])}"
    if kind == "string" and prop.get("format") == "date":
        return "date"
    return str(kind)


def _table(name: str, schema: dict[str, Any]) -> list[str]:
    required = set(schema.get("required", []))
    lines = [f"### {name}", ""]
    if schema.get("description"):
        lines += [" ".join(schema["description"].split("\n\n")[0].split()), ""]
    lines += ["| field | type | required | meaning |", "|---|---|---|---|"]
    for field, prop in schema.get("properties", {}).items():
        description = " ".join(str(prop.get("description", "")).split()).replace("|", "\\|")
        lines.append(f"| `{field}` | {_type_of(prop)} | {'yes' if field in required else ''} | {description} |")
    return lines + [""]


def render_data_model() -> str:
    """The whole page: one table per model reachable from the result and the records."""
    seen: dict[str, dict[str, Any]] = {}
    for name, model in SCHEMA_MODELS.items():
        schema = schema_for(model, name)
        seen.setdefault(schema.get("title", name), schema)
        for def_name, definition in schema.get("$defs", {}).items():
            seen.setdefault(def_name, definition)
    out = [INTRO, "## Models", ""]
    for name in sorted(seen):
        out += _table(name, seen[name])
    return "\n".join(out).rstrip() + "\n"
