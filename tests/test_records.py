"""Records from short passages written for this suite (tests/records/passages.yaml).

The passages are new sentences in the style of Korean press releases and newsletters, so
the record builders are checked on rules that generalise, not on the seeds' phrases.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

import policydocs

PASSAGES = yaml.safe_load((Path(__file__).parent / "records" / "passages.yaml").read_text(encoding="utf-8"))["passages"]
RECORD_TYPES = ("funding_commitments", "initiatives", "tech_forecasts", "dialogues")


def _same(want: Any, have: Any) -> bool:
    """``want`` is a subset of ``have``; decimals and dates compare by value."""
    if isinstance(want, dict):
        return isinstance(have, dict) and all(_same(value, have.get(key)) for key, value in want.items())
    if isinstance(want, list):
        if not isinstance(have, list) or len(want) != len(have):
            return False
        return all(any(_same(w, h) for h in have) for w in want)
    if isinstance(want, dt.date):
        return have == want.isoformat()
    if isinstance(want, (int, float, str)) and not isinstance(want, bool) and isinstance(have, (str, int)):
        try:
            return Decimal(str(want)) == Decimal(str(have))
        except ArithmeticError:
            return str(want) == str(have)
    return want == have


def test_there_are_at_least_thirty_passages() -> None:
    assert len(PASSAGES) >= 30
    assert len({p["id"] for p in PASSAGES}) == len(PASSAGES)


@pytest.mark.parametrize("passage", PASSAGES, ids=[p["id"] for p in PASSAGES])
def test_passage_yields_its_records(passage: dict[str, Any]) -> None:
    result = policydocs.extract(passage["text"], published=passage["published"]).model_dump(mode="json")
    for kind in RECORD_TYPES:
        if kind not in passage["expect"]:
            continue
        wanted, found = passage["expect"][kind], result[kind]
        summary = [{k: r.get(k) for k in ("title", "amount", "value", "unit", "target_year", "instrument")} for r in found]
        assert len(found) == len(wanted), f"{kind}: expected {len(wanted)}, found {len(found)}: {summary}"
        for want in wanted:
            assert any(_same(want, have) for have in found), f"{kind}: nothing matches {want}; found {found}"
        for record in found:
            for span in record["evidence"]:
                assert passage["text"][span["start"] : span["end"]] == span["text"]


@pytest.mark.parametrize("digits", ["\U00010d41\U00010d42", "\U00011f53"])
def test_a_structure_count_in_digits_the_interpreter_cannot_read_is_no_count(digits: str) -> None:
    # regex's \d knows Garay and Kawi digits that int() of this Python cannot read: no crash, no count.
    text = f"{digits} 대사업비는 총 「충북 이차전지 육성 전략」 3대 전략 9개 과제로 추진한다."
    (initiative,) = policydocs.extract(text).initiatives
    assert initiative.structure == {"strategies": 3, "tasks": 9}


def test_the_seeds_forecasts_take_the_fast_road() -> None:
    # Records whose constrained fields hold are built without re-validation; the check must
    # accept real forecasts, or the shortcut silently never runs (a shadowed name once did that).
    from policydocs.extract.records.forecasts import _valid_forecast

    forecasts = [f for path in sorted((Path(__file__).parents[1] / "seeds").glob("*.txt")) for f in policydocs.extract(path.read_text(encoding="utf-8")).tech_forecasts]
    assert forecasts and all(_valid_forecast(dict(f.__dict__)) for f in forecasts)
