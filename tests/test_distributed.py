"""The distributed path: a dask.bag (local schedulers) and the Spark mapInPandas mapper (pandas alone)."""

from __future__ import annotations

import json

import pytest

from policydocs.distributed import (
    SPARK_SCHEMA,
    extract_bag,
    extract_pandas,
    extract_record,
)
from policydocs.models import DocumentError, ExtractionResult

SENTENCE = "충청북도는 2030년까지 8조 7,417억원을 투자한다."
RECORDS = [
    {"id": "a", "text": SENTENCE, "published": "2021-07-22", "source": "https://example.org/a"},
    "지난 4월 5억 달러를 투자했다.",  # a plain string: id from its digest
    {"id": 7},  # no text: an error record, not an exception
    {"id": "d", "text": "   "},
]


def _check(results: list[dict]) -> None:
    first, second, third, fourth = results
    money = ExtractionResult.model_validate(first).mentions.money[0]
    assert (money.amount, money.span.text) == (8741700000000, "8조 7,417억원")
    assert first["document"]["published"] == "2021-07-22" and first["document"]["source"] == "https://example.org/a"
    assert len(second["document"]["id"]) == 16
    assert DocumentError.model_validate(third).error_type == "InvalidRecord" and third["id"] == "7"
    assert fourth["error_type"] == "EmptyDocument"


@pytest.mark.parametrize("scheduler", ["synchronous", "threads"])
def test_dask_bag_with_a_local_scheduler(scheduler: str) -> None:
    dask = pytest.importorskip("dask")
    import dask.bag as db

    bag = db.from_sequence(RECORDS, npartitions=2)
    with dask.config.set(scheduler=scheduler):
        results = extract_bag(bag).compute()
    _check(results)
    json.dumps(results, ensure_ascii=False)  # JSON-ready as it is


def test_dask_bag_other_field_names() -> None:
    dask = pytest.importorskip("dask")
    import dask.bag as db

    bag = db.from_sequence([{"doc": "x", "body": SENTENCE}], npartitions=1)
    with dask.config.set(scheduler="synchronous"):
        (result,) = extract_bag(bag, text_field="body", id_field="doc", published="2023-11-06").compute()
    assert result["document"]["id"] == "x" and result["document"]["published"] == "2023-11-06"


def test_spark_mapper_on_pandas_batches() -> None:
    pd = pytest.importorskip("pandas")
    batches = [
        pd.DataFrame({"id": [1, None], "text": [SENTENCE, "3억 원"], "published": ["2021-07-22", None],
                      "ignored": ["x", "y"]}),
        pd.DataFrame({"id": [3], "text": [None]}),
    ]
    out = list(extract_pandas(iter(batches)))
    assert [len(frame) for frame in out] == [2, 1]
    assert all(list(frame.columns) == [c.split()[0] for c in SPARK_SCHEMA.split(", ")] for frame in out)
    first, second = out[0].to_dict("records")
    assert first["id"] == "1" and first["ok"] and first["error_type"] is None
    result = ExtractionResult.model_validate_json(first["result"])
    assert result.document.published.isoformat() == "2021-07-22"
    assert result.mentions.money[0].amount == 8741700000000
    assert second["ok"] and len(second["id"]) == 16  # a null id gets the text's digest
    (failed,) = out[1].to_dict("records")
    assert (failed["id"], failed["ok"], failed["error_type"]) == ("3", False, "InvalidRecord")
    assert failed["result"] is None


def test_spark_mapper_with_other_column_names() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"doc": ["k"], "body": [SENTENCE]})
    (out,) = extract_pandas(iter([frame]), text_column="body", id_column="doc", published="2023-11-06")
    row = out.to_dict("records")[0]
    assert row["id"] == "k" and json.loads(row["result"])["document"]["published"] == "2023-11-06"


def test_extract_record_matches_the_cli_reading_rules() -> None:
    assert extract_record({"id": "x", "text": SENTENCE, "published": "not a date"}).error_type == "InvalidRecord"
    assert extract_record({"id": True, "text": SENTENCE}).error_type == "InvalidRecord"
    assert isinstance(extract_record(SENTENCE), ExtractionResult)


@pytest.mark.parametrize(
    ("record", "said"),
    [({"id": "n"}, "is missing"), ({"id": "n", "text": None}, "is None"), ({"id": "n", "text": 12345}, "is 12345"),
     ({"id": "n", "text": ["a"] * 10_000}, "is ['a', 'a', 'a', 'a', 'a', 'a', ...]")],
)
def test_a_text_that_is_no_string_is_named_in_the_error(record: dict[str, object], said: str) -> None:
    """The message shows what stood there, shortened: a null is not a missing field."""
    error = extract_record(record)
    assert error.error_type == "InvalidRecord" and error.message == f"field 'text' must be a string, {said}"
