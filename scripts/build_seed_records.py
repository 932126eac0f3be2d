"""Build the hand-curated answer keys ``seeds/<stem>.json`` from ``seeds/curated/<stem>.yaml``.

A curator writes what the article says — each amount, date and organisation *as quoted
text* with its value, and each record with quoted evidence — and this script finds the
quotes in the document and fills in the character offsets. Nothing here reads values
from the text: every value in the answer key is the curator's; the script only counts
characters, which people get wrong and machines do not.

    python scripts/build_seed_records.py            # rebuild every seeds/*.json
    python scripts/build_seed_records.py --check    # exit 1 if a JSON differs from its YAML

YAML format (see docs/curation.md for the conventions behind the values):

    document: {title, published, outlet, byline, language}
    body_from: "본문"                # quotes are searched after the first occurrence of this
    organizations:                    # canonical name -> shared fields, used by `org:`
      충청북도: {type: local_government, country: KR}
    set_aside:
      - {from: "Warning:", to: "line 15531", reason: preamble}   # `after:` skips ahead first
    mentions:
      money: [{text: "8조 7,417억원", amount: "8741700000000", currency: KRW}]
      dates: [{text: "30년까지", kind: deadline, end: 2030-12-31, grain: year}]
      organizations: [{text: 충북도, org: 충청북도}]
    initiatives: [{title: ..., evidence: ["first words…last words"], lead: {org: 충청북도}}]

Each quote is found after the previous quote of the same list (mentions are in text
order); ``after: "words"`` skips ahead to the first occurrence of those words first
(set-aside quotes are searched from the start of the document). Names with commas must
be quoted inside YAML flow maps (``{org: "University of California, Berkeley"}``).
Evidence ``"A…B"`` spans from the first ``A`` to the next ``B``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import yaml

from policydocs.models import ExtractionResult, text_sha256

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
CURATED = SEEDS / "curated"
ELLIPSIS = "…"
ORG_FIELDS = ("canonical", "acronym", "type", "country")


class CurationError(Exception):
    """A quote that is not in the document, or a record that does not fit the models."""


def _find(document: str, quote: str, cursor: int, after: str | None, where: str) -> int:
    if after is not None:
        skip = document.find(after, cursor)
        if skip < 0:
            raise CurationError(f"{where}: anchor {after!r} not found after offset {cursor}")
        cursor = skip + len(after)
    found = document.find(quote, cursor)
    if found < 0:
        raise CurationError(f"{where}: {quote!r} not found after offset {cursor}")
    return found


def _span(document: str, quote: str, cursor: int, after: str | None, where: str) -> dict[str, Any]:
    if ELLIPSIS in quote and quote not in document[cursor:]:
        head, tail = quote.split(ELLIPSIS, 1)
        start = _find(document, head, cursor, after, where)
        end = _find(document, tail, start + len(head), None, where) + len(tail)
    else:
        start = _find(document, quote, cursor, after, where)
        end = start + len(quote)
    return {"start": start, "end": end, "text": document[start:end]}


def _organization(spec: dict[str, Any], registry: dict[str, dict[str, Any]], where: str) -> dict[str, Any]:
    """``{org: canonical, name: …}`` -> a full Organization dict from the registry."""
    spec = dict(spec)
    canonical = spec.pop("org", None)
    if canonical is None:
        return spec
    if canonical not in registry:
        raise CurationError(f"{where}: organisation {canonical!r} is not listed under `organizations:`")
    out = {"name": spec.pop("name", spec.get("text", canonical)), "canonical": canonical}
    out.update({key: value for key, value in registry[canonical].items() if key in ORG_FIELDS})
    out.update({key: value for key, value in spec.items() if key != "text"})
    return out


def _resolve_orgs(value: Any, registry: dict[str, dict[str, Any]], where: str) -> Any:
    """Replace every ``{org: …}`` inside a record by the full Organization."""
    if isinstance(value, dict):
        if "org" in value:
            return _organization(value, registry, where)
        return {key: _resolve_orgs(item, registry, f"{where}.{key}") for key, item in value.items()}
    if isinstance(value, list):
        return [_resolve_orgs(item, registry, f"{where}[{i}]") for i, item in enumerate(value)]
    return value


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    return value


def build(yaml_path: Path) -> dict[str, Any]:
    """The answer key for one curated YAML file, validated against its document."""
    stem = yaml_path.stem
    document = (SEEDS / f"{stem}.txt").read_text(encoding="utf-8")
    spec = _jsonable(yaml.safe_load(yaml_path.read_text(encoding="utf-8")))
    registry = spec.get("organizations") or {}
    body_from = spec.get("body_from")
    body_start = 0
    if body_from:
        body_start = _find(document, body_from, 0, None, "body_from")

    meta = {"id": stem, **(spec.get("document") or {})}
    meta.update(char_count=len(document), sha256=text_sha256(document))
    result: dict[str, Any] = {"document": meta, "mentions": {}}

    for kind in ("money", "dates", "organizations"):
        cursor, out = body_start, []
        for index, item in enumerate((spec.get("mentions") or {}).get(kind, [])):
            item = dict(item)
            where = f"mentions.{kind}[{index}]"
            span = _span(document, item.pop("text"), cursor, item.pop("after", None), where)
            cursor = span["start"] + 1
            if kind == "organizations":
                item = _organization({"text": span["text"], **item}, registry, where)
            out.append({**item, "span": span})
        result["mentions"][kind] = out

    for kind in ("initiatives", "funding_commitments", "tech_forecasts", "dialogues"):
        records = []
        for index, record in enumerate(spec.get(kind) or []):
            record = dict(record)
            where = f"{kind}[{index}]"
            evidence = []
            for quote in record.pop("evidence"):
                after = None
                if isinstance(quote, dict):
                    quote, after = quote["text"], quote.get("after")
                evidence.append(_span(document, quote, body_start, after, f"{where}.evidence"))
            records.append({**_resolve_orgs(record, registry, where), "evidence": evidence})
        result[kind] = records

    set_aside = []
    for index, item in enumerate(spec.get("set_aside") or []):
        start = _find(document, item["from"], 0, item.get("after"), f"set_aside[{index}]")
        end = _find(document, item["to"], start, None, f"set_aside[{index}]") + len(item["to"])
        entry = {"span": {"start": start, "end": end, "text": document[start:end]}, "reason": item["reason"]}
        if item.get("note"):
            entry["note"] = item["note"]
        set_aside.append(entry)
    result["set_aside"] = set_aside

    model = ExtractionResult.model_validate(result, context={"text": document})
    return model.model_dump(mode="json", exclude_defaults=True)


def render(yaml_path: Path) -> str:
    return json.dumps(build(yaml_path), ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 when a JSON is stale")
    parser.add_argument("stems", nargs="*", help="only these seeds (default: all)")
    args = parser.parse_args(argv)
    paths = sorted(CURATED.glob("*.yaml"))
    if args.stems:
        paths = [p for p in paths if p.stem in args.stems]
    stale = 0
    for path in paths:
        try:
            text = render(path)
        except CurationError as exc:
            print(f"{path}: {exc}", file=sys.stderr)
            return 2
        target = SEEDS / f"{path.stem}.json"
        if args.check:
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                print(f"{target} is stale: run python scripts/build_seed_records.py", file=sys.stderr)
                stale += 1
        else:
            target.write_text(text, encoding="utf-8")
            print(target)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
