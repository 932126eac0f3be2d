"""Lexicons and gazetteers shipped as data files (see README.md in this folder).

Every reader here is cached: a data file is parsed once per process, never per document.
"""

from __future__ import annotations

import csv
import io
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def read_text(name: str) -> str:
    """The text of one data file of this package."""
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def read_tsv(name: str) -> tuple[dict[str, str], ...]:
    """Rows of a tab-separated data file as dicts keyed by its header.

    Lines starting with ``#`` are comments (provenance notes); blank lines are skipped.
    """
    lines = [line for line in read_text(name).splitlines() if line.strip() and not line.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t", quoting=csv.QUOTE_NONE)
    return tuple({key: (value or "").strip() for key, value in row.items()} for row in reader)


@lru_cache(maxsize=None)
def currency_codes() -> frozenset[str]:
    """Every active ISO 4217 currency code."""
    return frozenset(row["code"] for row in read_tsv("iso4217.tsv"))


@lru_cache(maxsize=None)
def country_codes() -> frozenset[str]:
    """Every ISO 3166-1 alpha-2 country code."""
    return frozenset(row["alpha2"] for row in read_tsv("iso3166.tsv"))
