"""Nothing of the third-party evaluation corpus is copied into the word lists or the test corpora.

The KMOU NER corpus (``../shared/data/ner_dev/kmou_train.jsonl``, licence: non-commercial use
only) is what ``../shared/tools/score.py`` measures the organisation finder against. DESIGN.md
forbids copying it into the repository: a test sentence, an example in a comment or a word-list
row taken from it would make the measurement a test of memory and put its text under our licence.
This test fails when a string of the organisation test corpus, or a row or comment example of
``org_words.tsv`` and ``org_team_names.tsv``, of eight or more characters occurs verbatim in the
corpus, or a sentence or clause of twelve or more of the other test corpora does. Names of
real bodies (gazetteer names and canonical names) are public facts and may occur in it;
everything else is to be written anew (invented names such as 홍길동, 한빛고, 누리셀).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from policydocs.data import read_text, read_tsv
from policydocs.extract.org_lexicon import GAZETTEER_FILES, lexicon

ROOT = Path(__file__).resolve().parents[1]
KMOU = ROOT.parent / "shared" / "data" / "ner_dev" / "kmou_train.jsonl"
CORPUS = ROOT / "tests" / "corpus" / "organizations.yaml"
DATA_FILES = ("org_words.tsv", "org_team_names.tsv")
SHORTEST = 8  # characters: shorter strings (a name, a common phrase) occur in any large corpus

# Clause boundaries: a test sentence is checked whole and clause by clause.
CLAUSE = re.compile(r"[,.;:!?\n]\s*")
# What a comment of a data file cites as examples: the phrases between brackets and separators.
COMMENT_PIECES = re.compile(r"[(),;:]|\s—\s|,\s")
MARKED_NAME = re.compile(r"\[\[[^\[\]]+\]\]")


@lru_cache(maxsize=1)
def _kmou_text() -> str:
    with KMOU.open(encoding="utf-8") as lines:
        return "\n".join(json.loads(line)["text"] for line in lines if line.strip())


@pytest.fixture(scope="module")
def kmou() -> str:
    if not KMOU.exists():
        pytest.skip(f"the KMOU corpus is not at {KMOU} (it lives outside the repository, beside it in CI)")
    return _kmou_text()


@lru_cache(maxsize=1)
def _public_names() -> frozenset[str]:
    """Names of real bodies: every surface form of the gazetteer and every canonical name."""
    names = set(lexicon().names)
    for file_name in (*GAZETTEER_FILES, "org_team_names.tsv"):
        names.update(row["canonical"] for row in read_tsv(file_name) if row.get("canonical"))
    return frozenset(names)


def _marked_strings() -> Iterator[str]:
    """Every string of the organisation corpus, as written (running text keeps its [[ ]] marks)."""
    corpus = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
    for group in corpus.get("examples", []):
        yield from group["texts"]
    for entry in corpus.get("running", []):
        yield entry["text"]
    yield from corpus.get("negatives", [])
    for entry in corpus.get("xfail", []):
        yield from entry.get("texts", [entry.get("text")] if entry.get("text") else [])


def _corpus_pieces() -> Iterator[str]:
    """Each corpus string, and each of its clauses that is not just one marked name."""
    for marked in _marked_strings():
        yield marked.replace("[[", "").replace("]]", "")
        for clause in CLAUSE.split(marked):
            if clause.strip() and not MARKED_NAME.fullmatch(clause.strip()):
                yield clause.replace("[[", "").replace("]]", "").strip()


def _data_pieces() -> Iterator[tuple[str, str]]:
    """(file, piece): each cell of each row, and each example phrase of each comment."""
    for file_name in DATA_FILES:
        for line in read_text(file_name).splitlines():
            if line.startswith("#"):
                pieces = COMMENT_PIECES.split(line.lstrip("# "))
            else:
                pieces = line.split("\t")
            for piece in pieces:
                yield file_name, piece.strip(" `'\"…")


def _copied(pieces: Iterator[str], kmou: str) -> list[str]:
    """The pieces found in the corpus: Korean text (or several words) that is not a public name.

    A single Latin word (University, Electronics) is a dictionary word, not the corpus's text.
    """
    public = _public_names()
    return sorted(
        {
            piece
            for piece in pieces
            if len(piece) >= SHORTEST and (HANGUL.search(piece) or " " in piece) and piece not in public and piece in kmou
        }
    )


HANGUL = re.compile("[가-힣]")


def test_no_organisation_test_string_is_copied_from_the_evaluation_corpus(kmou: str) -> None:
    copied = _copied(_corpus_pieces(), kmou)
    assert copied == [], f"{CORPUS.name} holds text of {KMOU.name}; write new examples instead: {copied}"


@pytest.mark.parametrize("file_name", DATA_FILES)
def test_no_word_list_row_is_copied_from_the_evaluation_corpus(file_name: str, kmou: str) -> None:
    copied = _copied((piece for name, piece in _data_pieces() if name == file_name), kmou)
    assert copied == [], f"{file_name} holds text of {KMOU.name}; use general rules or new examples: {copied}"


# The other test corpora hold dates and amounts: short formulas (7일(현지시간), 앞으로 10년 동안)
# are in any news corpus, so there only sentences and clauses of twelve or more characters count.
OTHER_CORPORA = ("corpus/dates.yaml", "corpus/money.yaml", "corpus/numbers.yaml", "records/passages.yaml")
SHORTEST_SENTENCE = 12


def _strings(node: object) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def _sentences(file_name: str) -> Iterator[str]:
    """Each string of a test corpus, and each of its clauses, without the [[ ]] marks."""
    for text in _strings(yaml.safe_load((ROOT / "tests" / file_name).read_text(encoding="utf-8"))):
        text = text.replace("[[", "").replace("]]", "")
        yield text
        yield from (clause.strip() for clause in CLAUSE.split(text) if clause.strip())


@pytest.mark.parametrize("file_name", OTHER_CORPORA)
def test_no_other_test_sentence_is_copied_from_the_evaluation_corpus(file_name: str, kmou: str) -> None:
    copied = sorted({piece for piece in _sentences(file_name) if len(piece) >= SHORTEST_SENTENCE and HANGUL.search(piece) and piece in kmou})
    assert copied == [], f"{file_name} holds text of {KMOU.name}; write new examples instead: {copied}"


def test_the_guard_sees_the_corpus_strings_and_the_rows() -> None:
    # The check above is only as good as what it reads: the corpus strings and rows must be there.
    assert sum(1 for _ in _marked_strings()) > 300
    assert sum(1 for _ in _data_pieces()) > 1000
    assert "홍길동 상무는 3-1 승리를 축하했다" in set(_corpus_pieces())
    for file_name in OTHER_CORPORA:
        assert sum(1 for piece in _sentences(file_name) if len(piece) >= SHORTEST_SENTENCE) > 10, file_name
