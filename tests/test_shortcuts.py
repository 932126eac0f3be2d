"""The shortcuts that make extraction fast must not change a single answer.

Each shortcut skips work that cannot find anything: a rule is tried only where its start
scanner says a match may begin, a text already normalised is not normalised again, a
unit without a cue word is not read for records. Each is checked here against the slow
way it replaces, on the seeds, the corpus texts and generated text full of the
characters the shortcuts look for.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import importlib
import inspect
import itertools
import json
import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
import regex
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError
from timing import LINEAR_BAR, growth

import policydocs
from policydocs import document, structure
from policydocs.data import read_tsv
from policydocs.document import HANGUL, LATIN, letter_counts, read_page
from policydocs.extract import dates, money, organizations, published
from policydocs.extract.calendar import add_months
from policydocs.extract.records.context import WordIndex, find_all
from policydocs.extract.rules import Candidate, longest_first, run_rules, start_scanner
from policydocs.extract.text import _clean, _compose, normalize, normalize_start
from policydocs.models import Dialogue, MoneyMention
from policydocs.structure import segment

ROOT = Path(__file__).resolve().parents[1]
SEEDS = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "seeds").glob("*.txt"))]

# What the start scanners and the prefilters look at: digits of several scripts, units,
# ranges, apostrophes, date and counter words, Hangul numerals, quotes, spaces.
TRICKY = [
    *"0123456789", "٣", "१", "𑽐", "０", *"년월일年月日개해달주간전후내", "~", "-", "–", "∼", " ", "  ", "\n",
    *"’‘'`´′", ".", "/", ",", "(", ")", "지난", "오는", "다음", "이번", "올", "올해", "내년", "작년", "이달",
    "상반기", "4분기", "일", "이", "삼", "사", "오", "십", "백", "천", "두", "세", "한", "열", "다섯", "월요일",
    "이날", "오늘", "광복절", "연말", "초", "말", "경", "까지", "부터", "가", "나", "다", "A", "é", "\u0301", "ᄀ", "ᅡ",
]
tricky_text = st.lists(st.sampled_from(TRICKY), max_size=60).map("".join)


def _corpus_texts() -> list[str]:
    texts = []
    for path in sorted((ROOT / "tests" / "corpus").glob("*.yaml")):
        corpus = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for key in ("examples", "running", "xfail"):
            for entry in corpus.get(key, []) or []:
                texts.extend(entry.get("texts", []))
                if "text" in entry:
                    texts.append(entry["text"].replace("[[", "").replace("]]", ""))
        texts.extend(str(text) for text in corpus.get("negatives", []) or [])
    return texts


CORPUS = _corpus_texts()
STARTED = [rule for rule in dates.rules() if rule.starts is not None]


def _everywhere(text: str) -> list[tuple[int, int, str, object]]:
    """Every rule of the date extractor run by a plain finditer over the whole text."""
    plain = [dataclasses.replace(rule, starts=None) for rule in dates.reference_rules()]
    context = dates._Context(dates.as_reference("2023-11-06"))
    return [(c.start, c.end, c.rule, c.value) for c in run_rules(text, plain, context)[0]]


def _at_starts(text: str) -> list[tuple[int, int, str, object]]:
    context = dates._Context(dates.as_reference("2023-11-06"))
    return [(c.start, c.end, c.rule, c.value) for c in run_rules(text, dates._rules_for(text), context)[0]]


def _at_indexed_starts(text: str) -> list[tuple[int, int, str, object]]:
    """As ``scan_dates`` runs the rules: at the positions of the one-pass start index."""
    context = dates._Context(dates.as_reference("2023-11-06"))
    starts = dates.rule_starts().positions(text)
    return [(c.start, c.end, c.rule, c.value) for c in dates.read_rules(text, dates._rules_for(text), context, starts)[0]]


def test_some_date_rules_have_start_scanners() -> None:
    assert len(STARTED) >= 3


@pytest.mark.parametrize("index", range(len(SEEDS)))
def test_start_scanners_find_what_a_full_scan_finds_in_the_seeds(index: int) -> None:
    view = normalize(SEEDS[index]).text
    assert _at_starts(view) == _everywhere(view)
    assert _at_indexed_starts(view) == _everywhere(view)


def test_start_scanners_find_what_a_full_scan_finds_in_the_corpus() -> None:
    for text in CORPUS:
        view = normalize(text).text
        assert _at_starts(view) == _everywhere(view), text
        assert _at_indexed_starts(view) == _everywhere(view), text


@settings(max_examples=400, deadline=None)
@given(tricky_text)
def test_start_scanners_find_what_a_full_scan_finds_in_generated_text(text: str) -> None:
    assert _at_starts(text) == _everywhere(text)
    assert _at_indexed_starts(text) == _everywhere(text)


HANGUL_SCANNERS = [
    start_scanner(*branches[1])
    for branches in (dates._calendar_branches(), dates._relative_word_branches(), dates._amount_branches())
]


def _pairs_stop_wherever_a_hangul_branch_starts(text: str) -> None:
    """The pair scan says which rules' Hangul branches start where (but 올, which has a literal scan)."""
    index = dates.rule_starts()
    alone = {character for character, _ in index.alone}
    for group, scanner in zip(("calendar", "relative", "amount"), HANGUL_SCANNERS, strict=True):
        said = {m.start() for m in index.pairs.finditer(text) if m.group(group) is not None}
        assert said == {m.start() for m in scanner.finditer(text) if text[m.start()] not in alone}, (group, text)


def test_the_pair_scanner_stops_wherever_a_hangul_branch_starts_in_the_seeds_and_corpus() -> None:
    for text in [*SEEDS, *CORPUS]:
        _pairs_stop_wherever_a_hangul_branch_starts(normalize(text).text)


# The characters the Hangul branches name, so that generated text is dense with their pairs.
BRANCH_CHARACTERS = sorted(
    {c for branches in (dates._calendar_branches(), dates._relative_word_branches(), dates._amount_branches())
     for characters, _, then in branches[1] for c in characters + then if c not in "()[]?{}\\"}
)
branch_text = st.lists(
    st.sampled_from(BRANCH_CHARACTERS) | st.sampled_from([" ", "  ", "가", "\n", "1"]), max_size=16
).map("".join)


@settings(max_examples=1500, deadline=None)
@given(branch_text)
def test_the_pair_scanner_stops_wherever_a_hangul_branch_starts_in_generated_text(text: str) -> None:
    _pairs_stop_wherever_a_hangul_branch_starts(text)


def test_the_amount_units_are_the_amount_patterns_and_one_is_taken() -> None:
    assert "(?P<unit>" + "|".join(dates._AMOUNT_UNITS) + ")" in dates._amount_pattern()
    pattern = regex.compile("(?P<unit>" + "|".join(dates._AMOUNT_UNITS) + ")")
    alternatives = [re.compile(alternative) for alternative in dates._one_unit()[3:-1].split("|")]
    assert len(alternatives) == len(dates._AMOUNT_UNITS)
    for unit in dates._AMOUNT_UNITS:
        for after in ["", "간", "일", "년", "월", " ", "주", "개"]:
            text = unit + after
            taken = [m.group() for alternative in alternatives for m in [alternative.match(text)] if m]
            assert taken == [pattern.match(text).group()], text


# Runs of digits before units, markers and what 일 begins: where the amount rule reads a
# bare count as nothing, and the starts within what it would have matched.
AMOUNT_PIECES = ["13", "1", "0", "5", "12", "1~3", "2 ", "일", "주일", "주", "년", "개월", "개년", "해", "달", "간", "동안", " 동안", "전", " 전", "이전", "후", " 뒤", "이내", " 안에", "내", "일곱", " 해", "이", "년간", "곱", " ", ".", "’"]
amount_text = st.lists(st.sampled_from(AMOUNT_PIECES), max_size=12).map("".join)


@settings(max_examples=1500, deadline=None)
@given(amount_text)
def test_the_start_index_finds_what_a_full_scan_finds_about_amounts(text: str) -> None:
    assert _at_indexed_starts(text) == _everywhere(text)


@pytest.mark.parametrize("text", ["13일주일간", "13일일년", "3주일간", "3주일 후", "2주 일주일", "5일곱 해", "0년 후", "13일이년 동안", "5년 이내", "3개월간", "1~3일", "13일 오후", "9일까지", "7일이내", "12년 전", "1일일 년", "1년도", "1년 3月 회의", "3月간", "２０２３년 11月", "(１.５)", "٣٣-11-06", "1٣.5)", "14분기", "\U00011f500월", "𑽐𑽐년 😀 3일", "2023年 11月 1日", "36氪 11月", "1٣년 2𑽐월 3·1절", "천일年", "이천 년"])
def test_the_start_index_finds_what_a_full_scan_finds(text: str) -> None:
    assert _at_indexed_starts(text) == _everywhere(text)


@pytest.mark.parametrize(
    "name, text",
    [
        ("digit runs with units", "1일2월3년" * 400),
        ("years", "2023년 " * 400),
        ("apostrophes and digits", "’2" * 3000),
        ("prefix words", "지난 오는 다음 이번 " * 600),
        ("Hangul numerals", "이삼사오일" * 1200),
        ("counters", "두 달 세 해 " * 1000),
    ],
)
def test_start_scanners_stay_linear_on_text_made_of_triggers(name: str, text: str) -> None:
    ratio = growth(lambda t: dates.find_dates(t, reference="2023-11-06"), text)
    assert ratio <= LINEAR_BAR, f"{name}: 8x input took {ratio:.1f}x the time"


# What may tell the stdlib re and regex apart: digits and spaces of other scripts, and the
# separators the space classes of the two disagree on.
ENGINE_PIECES = [
    *TRICKY, "٣", "۵", "߂", "\x1c", "\x1f", "\x85", "\u2028", "\u3000", "\xa0", "\t", "\r", "월", "년도", "박", "개월", "만에", "동안", ";",
]
engine_text = st.lists(st.sampled_from([piece for piece in ENGINE_PIECES if all(ord(c) < 0x10000 for c in piece)]), max_size=40).map("".join)


def _read_by_both(text: str) -> None:
    """At every position, each stdlib rule matches what its regex original matches and reads the same."""
    context = dates._Context(dates.as_reference("2023-11-06"))
    for fast, slow in zip(dates.rules(), dates.reference_rules(), strict=True):
        assert fast.name == slow.name
        for at in range(len(text) + 1):
            quick, reference = fast.pattern.match(text, at), slow.pattern.match(text, at)
            assert (quick and quick.span()) == (reference and reference.span()), (fast.name, text, at)
            if quick is not None:
                assert fast.produce(quick, context) == slow.produce(reference, context), (fast.name, text, at)


def test_the_stdlib_rules_read_what_the_regex_rules_read_in_the_seeds() -> None:
    for text in SEEDS:
        _read_by_both(normalize(text).text)


def test_the_stdlib_rules_read_what_the_regex_rules_read_in_the_corpus() -> None:
    for text in CORPUS:
        _read_by_both(normalize(text).text)


@pytest.mark.parametrize(
    "text", ["3년\x1c전", "3년\x85전", "10년\x1f동안", "92년\x1c동안", "92년\u2028동안", ", 2023.1027\x1c", ", 2023.1027\u2028", "٣일", "(١.٥)", "’٢٣.٨"]
)
def test_the_stdlib_rules_read_what_the_regex_rules_read_at_what_tells_them_apart(text: str) -> None:
    _read_by_both(text)


@settings(max_examples=400, deadline=None)
@given(engine_text)
def test_the_stdlib_rules_read_what_the_regex_rules_read_in_generated_text(text: str) -> None:
    _read_by_both(text)


@pytest.mark.parametrize(
    "text", ["", "a", "abc" * 50, "é", "2023년", "가" * 300, "𑽐", "a😀", "가😀" * 30, "😀" * 5, "\ud800", "é😀"[1:], "😀가"[1:], "\uffff"]
)
def test_within_bmp_is_what_the_encoding_says(text: str) -> None:
    for piece in (text, text[1:], text[:-1], "x" + text):
        assert dates._within_bmp(piece) == (len(piece.encode("utf-16-le", "surrogatepass")) == 2 * len(piece)), repr(piece)


def test_the_stdlib_rules_run_only_on_text_within_the_bmp() -> None:
    assert dates._rules_for("2023년 11월") is dates.rules()
    assert dates._rules_for("٣٣년") is dates.rules()
    assert dates._rules_for("𑽐𑽐년 😀") is dates.reference_rules()


# What the money rules read: digits and Hangul numerals, units, currencies written before and
# after, dollars before cents, the law words a bare amount must not follow, dashes, spaces.
MONEY_PIECES = [
    *"0123456789", ",", ".", " ", *"일이삼사오육칠팔구십백천만억조경수몇여점", "~", "-", "–", "원", "달러", "달러화", "불", "$",
    "US$", "USD", "EUR", "₩", "센트", "캐나다 달러", "미 달러", "엔", "위안", "법", "법 ", "시행령", "제", "billion", "bn", "A", "가",
]
money_text = st.lists(st.sampled_from(MONEY_PIECES), max_size=40).map("".join)


def _money_read_by_both(text: str) -> None:
    """At every position, each stdlib money rule matches what the same pattern in regex matches, and reads the same."""
    for fast, slow in zip(money.rules(), money.reference_rules(), strict=True):
        assert isinstance(fast.pattern, re.Pattern) and fast.name == slow.name
        for at in range(len(text) + 1):
            quick, reference = fast.pattern.match(text, at), slow.pattern.match(text, at)
            assert (quick and (quick.span(), quick.groupdict())) == (reference and (reference.span(), reference.groupdict())), (fast.name, text, at)
            if quick is not None:
                assert fast.produce(quick, text) == slow.produce(reference, text), (fast.name, text, at)


def test_the_stdlib_money_rules_read_what_regex_reads_in_the_seeds_and_corpus() -> None:
    for text in [*SEEDS, *CORPUS]:
        _money_read_by_both(normalize(text).text)


@settings(max_examples=400, deadline=None)
@given(money_text)
def test_the_stdlib_money_rules_read_what_regex_reads_in_generated_text(text: str) -> None:
    _money_read_by_both(text)


@settings(max_examples=300, deadline=None)
@given(money_text)
def test_the_fixed_width_lookbehinds_of_money_are_the_variable_width_ones(text: str) -> None:
    """``_after_one_of`` / ``_not_after_any_of`` hold where regex's ``(?<=a|bc)`` / ``(?<!(?:a|bc)[ ]?)`` hold."""
    words = ["달러화", "달러", "불", "$", "법", "시행령", "제"]
    alternation = "|".join(regex.escape(word) for word in words)
    lows = sorted({suffix for word in words for suffix in (word, word + " ")})
    pairs = [
        (re.compile(money._after_one_of(words)), regex.compile(f"(?<=(?:{alternation}))")),
        (re.compile(money._after_one_of(money._spellings({"캐나다 달러", "불"}))), regex.compile("(?<=(?:캐나다[ ]?달러|불))")),
        (re.compile(money._not_after_any_of(lows)), regex.compile(f"(?<!(?:{alternation})[ ]?)")),
    ]
    for fixed, variable in pairs:
        for at in range(len(text) + 1):
            assert bool(fixed.match(text, at)) is bool(variable.match(text, at)), (variable.pattern, text, at)


def _money_anchors_unguarded(view: str) -> tuple[list[int], list[int]]:
    """``money._anchors`` as it was: currency words without the first-letter guard, one class scan for the signs."""
    scanners = money._scanners()
    guarded = re.search(r"\(\?=\[[^]]*\]\)(?=\(\?:[^)]*달러)", scanners.digits.pattern)
    assert guarded is not None
    digits, hangul = (re.compile(p.pattern.replace(guarded.group(), "")) for p in (scanners.digits, scanners.hangul))
    assert digits.pattern != scanners.digits.pattern and hangul.pattern != scanners.hangul.pattern
    numbers, prefixes = [], []
    for match in digits.finditer(view):
        start = match.start()
        if match.group("code") is not None:
            prefixes.append(start - 4 if view[start - 1] == " " else start - 3)
        numbers.append(start)
    numbers.extend(match.start() for match in hangul.finditer(view))
    for match in re.finditer(f"[{re.escape(scanners.signs)}]", view):
        prefixes.extend(range(max(0, match.start() - 2), match.start() + 1))
    return sorted(set(numbers)), sorted(set(prefixes))


def test_money_anchors_are_found_as_without_the_guards_in_the_seeds_and_corpus() -> None:
    for text in [*SEEDS, *CORPUS]:
        view = normalize(text).text
        assert money._anchors(view) == _money_anchors_unguarded(view)


@settings(max_examples=400, deadline=None)
@given(money_text)
def test_money_anchors_are_found_as_without_the_guards_in_generated_text(text: str) -> None:
    assert money._anchors(text) == _money_anchors_unguarded(text)


def _money_by_full_scans(view: str, untried: Callable[[int, int, str], bool]) -> tuple[list[tuple[int, int, str]], list[tuple[int, int]]]:
    """What ``find_money`` would choose if every rule were run by ``finditer`` over the whole
    text (but for the readings ``untried(start, end, rule)``), and the spans of the matches
    whose reading was refused."""
    candidates, refused = [], []
    for rule in money.reference_rules():
        for match in rule.pattern.finditer(view):
            if match.end() > match.start():
                value = rule.produce(match, view)
                if value is None:
                    refused.append(match.span())
                elif not untried(match.start(), match.end(), rule.name):
                    candidates.append(Candidate(match.start(), match.end(), value, rule.name, rule.priority))
    return [(c.start, c.end, c.rule) for c in longest_first(candidates)], refused


@pytest.mark.parametrize(
    "text", [*SEEDS, *CORPUS, "각각 5억원,3억원을", "국비,3억원", "2만 5천 원,25만 원 이상", "1,234억원", "총 1.5억 달러", "밝혔다.5억원을", "USD0원", "USD일"]
)
def test_money_read_from_its_anchors_is_what_full_scans_read(text: str) -> None:
    """The anchors miss no amount a full scan of each rule reads (a digit after a comma that
    follows a word was once missed). Three differences are deliberate: the bare rule is tried
    only before 억 or 조 (1경 alone is no amount); a currency code is tried only before a digit
    (USD 100, not USD일); and a number inside a match whose reading was refused is tried from
    its own start (the 2억 of ``1억 2억``), which finditer, gone past the refused match, never does."""
    view = normalize(text).text
    bare, code_first = money.rules()[1].name, money.rules()[2].name

    def deliberately_untried(start: int, end: int, rule: str) -> bool:
        if rule == bare:
            return "억" not in view[start : start + 40] and "조" not in view[start : start + 40]
        return rule == code_first and view[start : start + 3].isalpha() and not view[start + 3 : end].lstrip(" ")[:1].isdigit()

    full, refused = _money_by_full_scans(view, deliberately_untried)
    anchored = [(c.start, c.end, c.rule) for c in longest_first(money._candidates(view))]
    anchored = [c for c in anchored if c in full or not any(start < c[0] and c[1] <= end for start, end in refused)]
    assert anchored == full


def _money_as_validated(text: str) -> None:
    """Each money mention built without validation is what validating its values builds."""
    for mention in money.find_money(text):
        values = {**mention.__dict__, "span": dict(mention.span.__dict__), "warnings": list(mention.warnings)}
        validated = MoneyMention.model_validate(values)
        assert (validated, repr(validated), validated.model_dump_json()) == (mention, repr(mention), mention.model_dump_json())
        assert (validated.model_fields_set, validated.span.model_fields_set) == (mention.model_fields_set, mention.span.model_fields_set)


def test_money_mentions_are_what_validation_builds_in_the_seeds_and_corpus() -> None:
    for text in [*SEEDS, *CORPUS]:
        _money_as_validated(text)


@settings(max_examples=300, deadline=None)
@given(money_text)
def test_money_mentions_are_what_validation_builds_in_generated_text(text: str) -> None:
    _money_as_validated(text)


@pytest.mark.parametrize(
    "change",
    [
        {"amount": Decimal(-1)}, {"amount": Decimal("NaN")}, {"amount": 5}, {"amount": None}, {"currency": "ZZZ"},
        {"qualifier": "roughly"}, {"min": Decimal(1)}, {"qualifier": "range"},
        {"qualifier": "range", "amount": None, "min": Decimal(3), "max": Decimal(2)}, {"currency_inferred": 1},
        {"span": {"start": 3, "end": 3, "text": ""}}, {"span": {"start": 0, "end": 3, "text": "ab"}}, {"warnings": [1]},
    ],
)
def test_money_values_that_validation_may_refuse_or_change_are_validated(change: dict[str, object]) -> None:
    values = {
        "amount": Decimal(5), "currency": "KRW", "qualifier": "exact", "min": None, "max": None, "currency_inferred": False,
        "span": {"start": 0, "end": 2, "text": "5원"}, "warnings": [],
    }
    assert money._valid_money(values)
    assert not money._valid_money({**values, **change})


# ---------------------------------------------------------------- longest_first


def _longest_first_by_insertion(candidates: list[Candidate[int]]) -> list[Candidate[int]]:
    """The original greedy choice: longest, then higher priority, then leftmost, over all."""
    starts: list[int] = []
    ends: list[int] = []
    taken = []
    for candidate in sorted(candidates, key=lambda c: (-c.length, -c.priority, c.start)):
        index = bisect.bisect_right(starts, candidate.start)
        if index > 0 and ends[index - 1] > candidate.start:
            continue
        if index < len(starts) and starts[index] < candidate.end:
            continue
        starts.insert(index, candidate.start)
        ends.insert(index, candidate.end)
        taken.append(candidate)
    return sorted(taken, key=lambda c: c.start)


spans = st.tuples(st.integers(0, 60), st.integers(0, 12), st.integers(0, 2))


@settings(max_examples=500, deadline=None)
@given(st.lists(spans, max_size=40))
def test_longest_first_chooses_as_the_greedy_choice_over_all_candidates(items: list[tuple[int, int, int]]) -> None:
    candidates = [Candidate(start, start + length, index, "r", priority) for index, (start, length, priority) in enumerate(items)]
    assert longest_first(candidates) == _longest_first_by_insertion(candidates)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 12), st.integers(0, 2), st.integers(0, 3)), max_size=40))
def test_longest_first_chooses_among_dates_found_tuples_as_among_candidates(items: list[tuple[int, int, int, int]]) -> None:
    """dates.Found (a Candidate as a tuple, what read_rules finds) is chosen among as Candidates are."""
    found = [dates.Found(start, start + length, index, f"rule {rule}", priority) for index, (start, length, priority, rule) in enumerate(items)]
    as_candidates = [Candidate(*item) for item in found]
    assert [tuple(item) for item in longest_first(found)] == [
        (c.start, c.end, c.value, c.rule, c.priority) for c in longest_first(as_candidates)
    ]


def test_longest_first_is_linear_with_many_candidates() -> None:
    def choose(text: str) -> None:
        count = len(text)
        candidates = [Candidate(i, i + 3, i, "r") for i in range(0, count, 2)]  # one chain of overlaps
        candidates += [Candidate(i, i + 1, i, "r") for i in range(count)]
        longest_first(candidates)

    ratio = growth(choose, "x" * 5_000)
    assert ratio <= LINEAR_BAR, f"8x the candidates took {ratio:.1f}x the time"


# ---------------------------------------------------------------- normalize


def _normalize_cluster_by_cluster(text: str) -> tuple[str, tuple[int, ...] | None]:
    """The reference: NFC of every grapheme cluster of the whole text, one by one."""
    folded = _clean(text)
    if unicodedata.is_normalized("NFC", folded):
        return folded, None
    pieces: list[str] = []
    starts: list[int] = []
    _compose(folded, 0, len(folded), pieces, starts)  # the whole text, no skipping
    starts.append(len(text))
    return "".join(pieces), tuple(starts)


COMPOSING = [
    "가", "각", "\u1100", "\u1161", "\u11a8", "e", "\u0301", "\u0300", "\u0323", "\uf981", "\uf9e1", "\u212b",
    "\u0958", "\u0f73", "\u0344", "\U0001F1E6", "\u200d", "\U0001F468", "\n", "\r", " ", "\u3000", "１", "a",
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(COMPOSING), max_size=40).map("".join) | st.text(max_size=40))
def test_normalize_equals_composing_every_cluster(text: str) -> None:
    normalized = normalize(text)
    assert (normalized.text, normalized.starts) == _normalize_cluster_by_cluster(text)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from([*COMPOSING, "\r\n", "\n\u0301"]), max_size=40).map("".join), st.integers(0, 45))
def test_normalize_start_begins_as_the_whole_does(text: str, length: int) -> None:
    """The page's header is normalised alone (find_publication_date): the same characters, at the same offsets."""
    whole, start = normalize(text), normalize_start(text, length)
    shared = min(length, len(whole.text))
    assert start.text[:shared] == whole.text[:shared]
    assert [start.to_original(at, at) for at in range(shared + 1)] == [whole.to_original(at, at) for at in range(shared + 1)]


def test_publication_date_reads_the_header_as_the_whole_text_would() -> None:
    # Labels that end before, across and after the header's end; filler that NFC shortens.
    near_the_end = ["가" * filler + "\n기사입력 2023/11/01\n" for filler in (3980, 3985, 3990, 3999)]
    for text in [*SEEDS, *CORPUS]:
        for page in (text, *(head + text for head in near_the_end), "가\u0301\n" * 1333 + text):
            normalized = normalize(page)
            assert published.find_publication_date(page) == published._found_in(normalized), page[:80]


def test_normalize_is_remembered_for_the_same_long_text() -> None:
    text = "２０２３년 11월 " * 100
    assert normalize(text) is normalize(text)


# ---------------------------------------------------------------- small equivalences


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80) | st.lists(st.sampled_from(["가", "a", "ㄱ", "\u1100", "\uffa1", "Z", "1", " "]), max_size=60).map("".join))
def test_letter_counts_equal_counting_every_match(text: str) -> None:
    assert letter_counts(text) == (len(HANGUL.findall(text)), len(LATIN.findall(text)))


ORIGINAL_SENTENCE_END = regex.compile(r"(?<=\p{Hangul}[.!?]|[.!?][”’\"'])\s+(?=\S)")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["다", "요", "a", ".", "!", "?", "”", "’", '"', "'", " ", "\n", "  ", "가"]), max_size=50).map("".join))
def test_sentence_ends_are_where_the_lookbehind_pattern_puts_them(text: str) -> None:
    assert structure._sentence_ends(text, 0, len(text)) == [m.end() for m in ORIGINAL_SENTENCE_END.finditer(text)]


ORIGINAL_INLINE_ITEM = regex.compile(r"(?<=\S)\s+(?=▲|[➊-➓①-⑳➀-➉❶-❿](?!\d))")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["가", "a", "1", "▲", "①", "➊", " ", "\u3000", "\x1c", ".", "다", "\n", "- "]), max_size=50).map("".join),
    st.booleans(),
)
def test_inline_items_are_cut_where_searching_each_block_cuts_them(text: str, wrapped: bool) -> None:
    page = read_page(text)
    stripped = [line.strip() for line in page.body_texts]
    blocks = structure._blocks(page, stripped, wrapped)
    if blocks:
        items = [m.end() for start, end, _ in blocks for m in ORIGINAL_INLINE_ITEM.finditer(text, start, end)]
        ends = structure._sentence_ends(text, blocks[0][0], blocks[-1][1])
        assert structure._cuts(text, blocks) == sorted({*ends, *items})


@pytest.mark.parametrize("group", ["forecast_cue", "event_noun"])
def test_word_index_skips_only_texts_without_a_word(group: str) -> None:
    for seed in SEEDS:
        index = WordIndex(group, seed)
        for start in range(0, len(seed), 97):
            for length in (5, 40, 300):
                piece = seed[start : start + length]
                if not index.any_within(start, start + len(piece)):
                    assert find_all(group, piece) == [], piece
        assert index.any_within(0, 2) or not seed.startswith("전망")


@pytest.mark.parametrize("group", ["forecast_cue", "event_noun"])
def test_word_index_marks_every_unit_with_a_word(group: str) -> None:
    for seed in SEEDS:
        units = segment(read_page(seed))
        marked = WordIndex(group, seed).units_with(units)
        assert marked == [bool(find_all(group, unit.text)) for unit in units]


def test_word_index_of_a_regex_group_rules_nothing_out() -> None:
    index = WordIndex("structure", "아무 말")  # its words are patterns: not indexed
    assert index.any_within(0, 1) and index.units_with(segment(read_page("첫 문장이다. 둘째 문장이다."))) == [True, True]


def test_start_scanners_are_stdlib_patterns() -> None:
    for rule in STARTED:
        assert isinstance(rule.starts, re.Pattern)


@settings(max_examples=500, deadline=None)
@given(st.dates(), st.integers(-150_000, 150_000) | st.integers(-30, 30))
def test_month_steps_clamp_as_relativedelta_does(day: dt.date, months: int) -> None:
    relativedelta = pytest.importorskip("dateutil.relativedelta").relativedelta

    def outcome(step: Callable[[], dt.date]) -> tuple[str, object]:
        try:
            return "ok", step()
        except ValueError as error:  # the message reaches the user as a warning
            return "error", str(error)

    assert outcome(lambda: add_months(day, months)) == outcome(lambda: day + relativedelta(months=months))


# ---------------------------------------------------------------- date resolution and mentions

REFERENCES = [None, "2023-11-06", dt.date(2000, 2, 29)]


def _scan_dates_the_slow_way(text: str, reference: object) -> tuple[list[object], list[object]]:
    """scan_dates as it was before its shortcuts: every expression resolved afresh, every model validated."""
    ref = dates.as_reference(reference)
    normalized = normalize(text)
    view = normalized.text
    candidates, _ = run_rules(view, [dataclasses.replace(rule, starts=None) for rule in dates.reference_rules()], dates._Context(ref))
    mentions, warnings = [], []
    previous_day = None
    for expression in dates._combine(view, longest_first(candidates)):
        start, end, surface = normalized.original_slice(expression.start, expression.end)
        first = expression.atom.first
        try:
            if first is not None and first.anaphor is not None:
                value, notes = dates._resolve_anaphor(expression, first.anaphor, previous_day, ref)
            else:
                value, notes = dates._resolve(expression, ref, dates._tense(expression, ref, view))
        except dates.Impossible as problem:
            warnings.append(dates.DateWarning(f"{problem} in {surface!r}: not emitted", start, end))
            continue
        except dates.Unresolvable as problem:
            warnings.append(dates.DateWarning(f"{surface!r} is {problem}: not emitted", start, end))
            continue
        except ValueError as problem:
            warnings.append(dates.DateWarning(f"{surface!r} could not be placed: {problem}", start, end))
            continue
        if first is not None and first.stated_weekday is not None:
            day = value.start or value.end
            if day is not None and day.weekday() != first.stated_weekday:
                notes.append(f"stated weekday ({dates.WEEKDAY_CHARS[first.stated_weekday]}) does not match {day}")
        mentions.append(dates.DateMention(span=dates.Span(start=start, end=end, text=surface), warnings=notes, **value.model_dump()))
        if value.grain == "day" and value.start is not None and value.start == value.end:
            previous_day = value.start
    return mentions, warnings


def _same_scan(text: str, reference: object) -> None:
    fast, fast_warnings = dates.scan_dates(text, reference)
    slow, slow_warnings = _scan_dates_the_slow_way(text, reference)
    assert fast_warnings == slow_warnings, text
    assert fast == slow, text
    for quick, validated in zip(fast, slow):
        assert quick.model_dump_json() == validated.model_dump_json()
        assert quick.model_fields_set == validated.model_fields_set
        assert quick.span.model_fields_set == validated.span.model_fields_set
        assert quick.warnings is not validated.warnings
        if validated.partial is not None:
            assert quick.partial.model_fields_set == validated.partial.model_fields_set


@pytest.mark.parametrize("index", range(len(SEEDS)))
def test_scan_dates_equals_the_slow_way_on_the_seeds(index: int) -> None:
    for reference in REFERENCES:
        _same_scan(SEEDS[index], reference)


def test_scan_dates_equals_the_slow_way_on_the_corpus() -> None:
    for text in CORPUS:
        for reference in REFERENCES:
            _same_scan(text, reference)


@settings(max_examples=300, deadline=None)
@given(tricky_text, st.sampled_from(REFERENCES))
def test_scan_dates_equals_the_slow_way_on_generated_text(text: str, reference: object) -> None:
    _same_scan(text, reference)


ANAPHOR_TEXTS = [
    "이날 발표했다. 전날에도 그랬다.",
    "2023년 3월 5일 회의. 이날 발표했고 전날 준비했다. 다음날까지 이어졌다.",
    "2023년 3월 6일 회의. 이날 발표했다. 3월 31일 마감, 다음날부터 접수.",
    "12월 31일 종무식. 다음날 시무식. 당일 발표. 2000년 2월 29일. 이날까지.",
]


@pytest.mark.parametrize("text", ANAPHOR_TEXTS)
def test_remembered_anaphors_read_as_anaphors_resolved_afresh(text: str) -> None:
    # The same anaphor after other days and under other references, twice each: the
    # second time every placement comes from memory.
    for _ in range(2):
        for reference in [*REFERENCES, dates.Reference(dt.date(2023, 11, 1), "month")]:
            _same_scan(text, reference)


def test_trusted_models_are_what_validation_builds() -> None:
    """trusted() sets what model_construct sets; the models it is used for have nothing more to set."""
    for model in (dates.DateMention, dates.Span, dates.PartialDate):
        assert not model.__private_attributes__
        assert model.model_config.get("extra") == "forbid"
    mention = dates.scan_dates("지난 9일 발표", "2023-11-06")[0][0]
    constructed = dates.DateMention.model_construct(**dict(mention.__dict__))
    assert mention.__dict__ == constructed.__dict__ and mention.model_fields_set == constructed.model_fields_set
    assert (mention.__pydantic_extra__, mention.__pydantic_private__) == (constructed.__pydantic_extra__, constructed.__pydantic_private__)


def test_models_built_through_the_slots_are_what_validation_builds() -> None:
    from policydocs.models.trusted import trusted

    text = "2023년 3월 5일 회의, 지난 9일 발표, 올해 상반기, 3월 중순"
    mentions = [*dates.find_dates(text, reference="2023-11-06"), *dates.find_dates(text)]
    assert any(mention.partial is not None for mention in mentions)
    for mention in mentions:
        for model, value, fields_set in (
            (dates.DateMention, mention, dates._MENTION_FIELD_SET),
            (dates.Span, mention.span, dates._SPAN_FIELD_SET),
            (dates.PartialDate, mention.partial, dates._PARTIAL_FIELD_SET),
        ):
            if value is None:
                continue
            ours = trusted(model, dict(value.__dict__), fields_set)
            theirs = model.model_validate(value.model_dump(exclude_unset=True))
            assert type(ours) is type(theirs) and ours == theirs and ours.__dict__ == theirs.__dict__
            assert ours.model_fields_set == theirs.model_fields_set
            assert (ours.__pydantic_extra__, ours.__pydantic_private__) == (theirs.__pydantic_extra__, theirs.__pydantic_private__)
            assert ours.model_dump_json() == theirs.model_dump_json()


@pytest.mark.parametrize("text", [*SEEDS, "\n".join(["Warning: x in /a.php", "본문 첫 줄입니다.", "사진=연합뉴스", "번역 English", "This is English."])])
def test_set_aside_parts_are_what_validation_builds(text: str) -> None:
    parts = read_page(text).set_aside
    assert parts
    for part in parts:
        validated = type(part).model_validate(part.model_dump(), context={"text": text})
        assert part == validated and part.__dict__ == validated.__dict__
        assert part.model_fields_set == validated.model_fields_set
        assert part.span.model_fields_set == validated.span.model_fields_set
        assert part.model_dump_json() == validated.model_dump_json()


# What the suffix and range prefilters of _combine look at.
SUFFIXES = ["경", "께", "무렵", "즈음", "쯤", "전후", "까지", "부터", "이후", "이래", "以來", "들어", "간", "동안", "에서", "~", "-", "∼", "–"]
suffix_text = st.lists(
    st.sampled_from([*SUFFIXES, " ", "  ", "\n", "\t", "\u3000", "가", "1", "’2", "\x1c", "\x1f", "\x85", "\u2028"]), max_size=12
).map("".join)


@settings(max_examples=500, deadline=None)
@given(suffix_text)
def test_suffix_prefilter_skips_only_where_no_suffix_matches(text: str) -> None:
    patterns = (dates._approximate_suffix(), dates.UNTIL, dates.SINCE, dates.DURING)
    for end in range(len(text) + 1):
        if dates._suffix_starts().isdisjoint(text[end : end + 3]):
            assert not any(pattern.match(text, end) for pattern in patterns), (text, end)


@settings(max_examples=500, deadline=None)
@given(suffix_text)
def test_range_sign_prefilter_skips_only_where_bare_left_cannot_match(text: str) -> None:
    for start in range(len(text) + 1):
        if dates.BARE_LEFT.search(text[max(0, start - 8) : start]):
            assert dates._after_a_range_sign(text, start), (text, start)


@settings(max_examples=500, deadline=None)
@given(suffix_text | engine_text)
def test_the_stdlib_suffix_patterns_match_as_the_regex_ones(text: str) -> None:
    ours = dates._suffix_patterns()
    originals = (dates.CONNECTOR, dates._approximate_suffix(), dates.UNTIL, dates.SINCE, dates.DURING)
    for fast, slow in zip(ours, originals, strict=True):
        for at in range(len(text) + 1):
            quick, reference = fast.match(text, at), slow.match(text, at)
            assert (quick and quick.span()) == (reference and reference.span()), (slow.pattern, text, at)
            for end in range(at, len(text) + 1):
                quick, reference = fast.fullmatch(text, at, end), slow.fullmatch(text, at, end)
                assert (quick and quick.span()) == (reference and reference.span()), (slow.pattern, text, at, end)


@settings(max_examples=500, deadline=None)
@given(suffix_text)
def test_range_sign_test_needs_a_sign_within_three_characters(text: str) -> None:
    for start in range(len(text) + 1):
        if dates._RANGE_SIGNS.isdisjoint(text[max(0, start - 3) : start]):
            assert not dates._after_a_range_sign(text, start), (text, start)


@settings(max_examples=500, deadline=None)
@given(suffix_text)
def test_no_gap_longer_than_the_connector_limit_joins_a_range(text: str) -> None:
    if dates.CONNECTOR.fullmatch(text):
        assert len(text) <= dates._CONNECTOR_LONGEST


# ---------------------------------------------------------------- page reading and segmentation

CUED_KINDS = ("line", "contains", "caption", "end", "translation")
ORIGINAL_IMAGE_NAME = r"^\S+\.(?:jpe?g|png|gif|webp|bmp)$"  # backtracks over every dot of a long line
IMAGE_NAME = r"^\S+(?<=\S\.(?:jpe?g|png|gif|webp|bmp))$"
FURNITURE_ROWS = [row for row in read_tsv("furniture.tsv") if row["kind"] in CUED_KINDS]

# Text around a furniture match: letters, digits, spaces and the characters the page
# reader and the segmenter look for (markers, quotes, parentheses, dots).
PAGE_PIECES = [
    "가", "다.", "하)", "기자", "특파원", "사진", "(", ")", "www.a.kr", ".", "a", "A", "1", "٣", "①", "▲", "※", "-", "·", "•", "*",
    "”", "’", "'", '"', "!", "?", ":", " ", "  ", "\t", "\u3000", "\xa0", "\x1c", "\x85", "\u2028", "❚", "jpg", "번역", "Translated",
    "ſ", "공유", "조회 1회", "ⓒ", "©", "Copyright", "년", "호", "2023년 22호", "e",
]
page_piece = st.lists(st.sampled_from(PAGE_PIECES), max_size=12).map("".join)


def _without_breaks(text: str) -> str:
    return text.replace("\r", " ").replace("\n", " ")


def _generation_pattern(pattern: str) -> str:
    return ORIGINAL_IMAGE_NAME if pattern == IMAGE_NAME else pattern


furniture_line = st.one_of(
    *[
        st.tuples(page_piece, st.from_regex(_generation_pattern(row["pattern"]), fullmatch=True), page_piece).map(
            lambda parts: _without_breaks("".join(parts))
        )
        for row in FURNITURE_ROWS
    ]
    + [st.from_regex(_generation_pattern(row["pattern"]), fullmatch=True).map(_without_breaks) for row in FURNITURE_ROWS]
)
SEED_LINES = [line for seed in SEEDS for line in seed.splitlines() if line.strip()]
page_line = st.one_of(furniture_line, page_piece, st.sampled_from(SEED_LINES))
page_text = st.tuples(
    st.lists(page_line, max_size=25), st.lists(st.sampled_from(["\n", "\r\n", "\r", "\n\n", "\n \n"]), min_size=25, max_size=25)
).map(lambda parts: "".join(line + end for line, end in zip(*parts)))


def test_the_image_name_pattern_is_the_original_one_rewritten() -> None:
    assert any(row["pattern"] == IMAGE_NAME for row in FURNITURE_ROWS)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["a", ".", "jpg", "jpeg", "png", "gif", "webp", "bmp", "JPG", " ", "\n", "\x1c", "\xa0", "가"]), max_size=12).map("".join))
def test_the_image_name_pattern_matches_as_the_original(text: str) -> None:
    assert bool(regex.search(IMAGE_NAME, text)) == bool(regex.search(ORIGINAL_IMAGE_NAME, text))


@settings(max_examples=1500, deadline=None)
@given(st.lists(furniture_line | page_piece, min_size=1, max_size=4))
def test_every_line_a_cued_furniture_pattern_matches_holds_a_cue(lines: list[str]) -> None:
    found = document._Lines.of("\n".join(lines))
    patterns = document._patterns()
    for index, line in enumerate(found.stripped):
        for kind in CUED_KINDS:
            if line and getattr(patterns, kind).search(line):
                assert index in found.furniture, (kind, line)


def test_the_cue_for_translat_spells_out_every_letter_case_insensitive_regex_takes() -> None:
    every_character = "".join(map(chr, range(0x110000)))
    variants = [regex.findall(f"(?i:{letter})", every_character) for letter in "translat"]
    for letters in itertools.product(*variants):
        word = "".join(letters)
        assert document._Lines.of(f"x {word} x").cued == [0], word
        assert document.TRANSLATION_CUE.search(word), word


@settings(max_examples=800, deadline=None)
@given(furniture_line | page_piece)
def test_every_line_a_translation_pattern_matches_holds_a_translation_cue(line: str) -> None:
    if document._patterns().translation.search(line):
        assert document.TRANSLATION_CUE.search(line), line


byline_or_site = st.one_of(
    st.from_regex(document.BYLINE.pattern.replace(r"\p{Hangul}", "[가-힣]")),
    st.from_regex(document.OUTLET_WITH_SITE.pattern),
).map(_without_breaks)


@settings(max_examples=800, deadline=None)
@given(st.lists(byline_or_site | page_piece | st.sampled_from(SEED_LINES), min_size=1, max_size=4))
def test_every_line_with_a_byline_or_outlet_site_holds_a_cue(lines: list[str]) -> None:
    found = document._Lines.of("\n".join(lines))
    for index, line in enumerate(found.stripped):
        if document.BYLINE.search(line) or document.OUTLET_WITH_SITE.search(line):
            assert index in found.cued, line


def _every_line_cued(stripped: list[str]) -> tuple[list[int], list[int]]:
    """The slow way: every non-empty line is read against every pattern."""
    content = [index for index, line in enumerate(stripped) if line]
    return content, content


def _page(text: str) -> tuple:
    page = document.read_page(text)
    units = [dataclasses.astuple(unit) for unit in structure.segment(page)]
    return page.set_aside, page.title, page.outlet, page.byline, page.language, page.warnings, page.body_starts, units


@settings(max_examples=400, deadline=None)
@given(page_text)
def test_reading_only_cued_lines_reads_the_page_as_reading_every_line(text: str) -> None:
    quick = _page(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(document, "_cued", _every_line_cued)
        assert quick == _page(text)


@pytest.mark.parametrize("index", range(len(SEEDS)))
def test_reading_only_cued_lines_reads_the_seeds_as_reading_every_line(index: int) -> None:
    quick = _page(SEEDS[index])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(document, "_cued", _every_line_cued)
        assert quick == _page(SEEDS[index])


def test_what_cues_take_for_a_digit_holds_every_digit_regex_knows() -> None:
    every_character = "".join(map(chr, range(0x110000)))
    digits = regex.findall(r"\d", every_character)
    assert len(re.findall(document._DIGIT, "".join(digits))) == len(digits)


def test_what_cues_take_for_a_space_holds_every_space_regex_knows_but_the_line_break() -> None:
    every_character = "".join(map(chr, range(0x110000)))
    spaces = regex.findall(r"\s", every_character.replace("\n", ""))
    assert len(re.findall(document._SPACE, "".join(spaces))) == len(spaces)
    assert not re.search(document._SPACE, "\n")


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(sorted(document.BYLINE_FIRST)), st.lists(furniture_line | page_piece, max_size=3).map("\n".join))
def test_no_furniture_cue_starts_where_a_byline_cue_does(first: str, rest: str) -> None:
    """How _cued tells a byline cue from a furniture cue: by its first character."""
    furniture = re.compile("|".join(document.FURNITURE_CUES))
    assert furniture.match(first + rest) is None


def test_whitespace_other_than_the_space_is_unprintable() -> None:
    """Why a printable line without a double space is its own squeezed key."""
    spaces = [chr(code) for code in range(0x110000) if chr(code).isspace()]
    assert all(not c.isprintable() for c in spaces if c != " ")


@settings(max_examples=500, deadline=None)
@given(page_piece | st.text(max_size=30))
def test_squeezed_keys_are_the_lines_with_their_spaces_squeezed(text: str) -> None:
    assert document._squeezed(text.strip()) == " ".join(text.split())


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(st.sampled_from(["가", "a", " ", "  ", "\t", "\n", "\x1c", "\u3000", "\u2028", "1"]), max_size=24).map("".join)
    | page_piece
    | st.text(max_size=30),
    st.integers(min_value=0, max_value=12),
)
def test_the_start_of_a_squeezed_line_is_read_as_squeezing_the_whole_line(text: str, length: int) -> None:
    assert document._squeezed_start(text, length) == " ".join(text.split())[:length]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60) | page_piece)
def test_latin_letters_are_counted_as_latin_finds_them(text: str) -> None:
    assert document.latin_letters(text) == len(LATIN.findall(text))


@settings(max_examples=500, deadline=None)
@given(page_piece | st.text(max_size=20))
def test_item_markers_are_found_as_item_marker_finds_them(text: str) -> None:
    assert structure._is_item(text, text.strip()) == (structure.ITEM_MARKER.match(text) is not None)


def _one_character_markers() -> list[str]:
    return [c for c in map(chr, range(0x110000)) if structure.ITEM_MARKER.match(c)]


ONE_CHARACTER_MARKERS = _one_character_markers()


def test_a_line_that_starts_with_a_one_character_marker_is_an_item() -> None:
    """Why _is_item needs no ITEM_MARKER match for such a line: whatever follows the marker, it matches."""
    assert {"∙", "-", "※", "▲", "①", "❶"} <= set(ONE_CHARACTER_MARKERS)
    for marker in ONE_CHARACTER_MARKERS:
        assert not marker.isspace() and not regex.match(r"\s", marker)
        for rest in ("", "1", "1.", ")", " ", "\n", "가", "A"):
            assert structure.ITEM_MARKER.match(marker + rest), marker + rest


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(["", " ", "\x1c", "\u3000"]), st.sampled_from(ONE_CHARACTER_MARKERS), page_piece | st.text(max_size=20))
def test_lines_starting_with_a_marker_are_items_as_item_marker_finds_them(space: str, marker: str, rest: str) -> None:
    text = space + marker + rest
    assert structure._is_item(text, text.strip()) == (structure.ITEM_MARKER.match(text) is not None)


def test_units_built_through_the_slots_are_the_units_init_builds() -> None:
    values = (3, 9, "가나다라마바", "item", 2, 0, 12)
    ours, theirs = structure._new_unit(*values), structure.Unit(*values)
    assert type(ours) is structure.Unit and ours == theirs and hash(ours) == hash(theirs)
    assert dataclasses.astuple(ours) == values
    with pytest.raises(dataclasses.FrozenInstanceError):
        ours.start = 4  # type: ignore[misc]


@pytest.mark.parametrize("text", [*SEEDS, "정부는 지난 9일 발표한 계획에 따라 내년 3월까지 1조 원을 투입한다."])
def test_results_built_without_validation_are_what_validation_builds(text: str) -> None:
    """extract builds the result and its date_not_placed warnings from values already checked."""
    ours = policydocs.extract(text)
    theirs = type(ours).model_validate(ours.model_dump(exclude_unset=True), context={"text": text})
    assert ours == theirs and ours.model_dump_json() == theirs.model_dump_json()
    assert ours.model_fields_set == theirs.model_fields_set
    for mine, validated in zip(ours.warnings, theirs.warnings):
        assert mine.__dict__ == validated.__dict__ and mine.model_fields_set == validated.model_fields_set
        if mine.span is not None:
            assert mine.span.model_fields_set == validated.span.model_fields_set


@settings(max_examples=500, deadline=None)
@given(page_piece | st.text(max_size=20))
def test_terminal_reads_the_end_as_terminal_reads_the_whole_text(text: str) -> None:
    for trimmed in (text.rstrip(), text.strip()):
        assert structure._terminal(trimmed) == (structure.TERMINAL.search(trimmed) is not None)


@pytest.mark.parametrize(
    "name, text",
    [
        ("dots without spaces", "다." * 3000),
        ("parentheses and dots", "(a.b" * 2000),
        ("sites", "(www.a.kr) 홍길동 기자 " * 300),
        ("cue words", "사진 수정 조회 입력 번역 " * 400),
        ("cued lines", "\n".join(["사진", "공유", "-", "a.jpg", "번역 English", "김철수 기자", "(www.a.kr)"] * 200)),
        ("list items", "\n".join(["① 하나", "가. 둘", "1) 셋", "- 넷", "▲A ▲B"] * 300)),
        ("short lines", "가\n" * 5000),
    ],
)
def test_page_reading_and_segmentation_stay_linear(name: str, text: str) -> None:
    ratio = growth(lambda t: structure.segment(document.read_page(t)), text)
    assert ratio <= LINEAR_BAR, f"{name}: 8x input took {ratio:.1f}x the time"


# ---------------------------------------------------------------- records
#
# ``records.context.exhaustive()`` turns every shortcut of the record builders off: every
# unit is read by every builder, every word group is searched by ``regex``, every record
# is validated. The records must be the same, model for model.

records_context = importlib.import_module("policydocs.extract.records.context")
records_dialogues = importlib.import_module("policydocs.extract.records.dialogues")
records_forecasts = importlib.import_module("policydocs.extract.records.forecasts")
records_initiatives = importlib.import_module("policydocs.extract.records.initiatives")
RECORD_LISTS = ("initiatives", "funding_commitments", "tech_forecasts", "dialogues")
KMOU = ROOT.parent / "shared" / "data" / "ner_dev" / "kmou_train.jsonl"

# What the record builders look for: organisations with particles, dates, amounts, the words
# of record_words.tsv, named initiatives, meetings and people, quantities, and the
# punctuation, spaces and line breaks that cut units and blocks.
RECORD_PIECES = [
    "충청북도는 ", "충북도의 ", "산업통상자원부가 ", "대한민국이 ", "미국 측에서는 ", "LG에너지솔루션이 ", "현대자동차와 ",
    "배터리 얼라이언스", "한미 협의회", "오송 클러스터", "국가안보실", "대전시가 ",
    "2030년까지 ", "’24년 ", "’24년 전망\n", "2023년 11월 6일 ", "(2.23) ", "5년간 ", "지난 9일 ", "’20년 평균 51kWh → ’30년 69kWh",
    "8조 7,417억원을 ", "25억 달러 ", "4억 2,700만 캐나다 달러", "5~10억 원", "약 3억원", "135억 캐나다 달러 이상의 ",
    "투자", "융자", "조건부 융자", "세액 공제", "세액\u3000공제", "지원금이 ", "보조금", "예산", "사업비는 총 ", "매출", "시장 규모", "경제효과",
    "전망이다", "예상된다", "목표", "내다봤다", "추정", "전 세계 전기차 운행대수가 ",
    "4,400만 대", "3.9TWh", "50%", "두 곳", "2배", "10대 ", "45개 세부사업", "3대 전략", "9대 핵심과제", "\U00010d41\U00010d42 대",
    "「충북 이차전지산업 육성 전략」", "‘K-배터리 발전 전략’", "“반도체 문샷”", "'NGen'", "클러스터인 ‘NGen’",
    "인플레이션\n감축법(IRA)", "국방물자생산법", "대출·채무\n보증\n프로그램", "실행계획", "특화단지", "Defense Production Act (EO 14017)",
    "제1차 한·미 차세대핵심신흥기술 대화", "한·미 정상회담", "간담회", "포럼", "앰프리우스를 방문", "MOU", "업무협약을 체결", "개최", "열린",
    "가졌다", "참석", "참여한다", "논의", "반도체, 양자, 바이오 등", "‘한미 배터리 협의체’를 발족하고 회의를",
    "조태용 국가안보실장", "제이크 설리번 미국 백악관 국가안보보좌관", "장관은 ", "대통령", "이번 회의에는 ", "대화에는 ",
    "이차전지", "반도체", "AI", "수소", "발표", "서울에서 ",
    "에 ", "을 위해 ", "에게 ", "은 ", "는 ", "이 ", "가 ", "의 ", "에서 ", "필요한 ",
    ". ", "다. ", "\n", "\n- ", "\n▲", "▲(Ultium Cells) ", "※", " ", "  ", "\u3000", "\x1c", "\xa0", ",", "·", "(", ")", "\n\n",
]
# … and sentences made of them, which state records more often: who, when, how much, what.
_WHO = ["충청북도는 ", "산업통상자원부가 ", "LG에너지솔루션이 ", "미국 측에서는 ", "배터리 얼라이언스는 ", "", "정부의 "]
_WHEN = ["2030년까지 ", "’24년 ", "’30년 ", "2023년 11월 6일 ", "지난 9일 ", "5년간 ", ""]
_HOW_MUCH = ["8조 7,417억원을 ", "25억 달러 ", "4,400만 대에 ", "3.9TWh ", "50% ", "2배 ", "두 곳을 ", "약 3억원의 ", ""]
_WHAT = ["투자한다", "조건부 융자를 지원한다", "달할 것으로 전망된다", "목표로 한다", "「충북 이차전지산업 육성 전략」을 발표했다",
         "제1차 한·미 대화를 개최했다", "간담회를 가졌다", "MOU를 체결했다", "3대 전략, 45개 세부사업으로 이뤄진다", "매출을 예상한다",
         "‘반도체 특별법’을 시행한다", "조태용 국가안보실장이 참석했다", "이번 회의에는 현대자동차가 참여한다"]
_BETWEEN = [". ", "다. ", "\n", "\n- ", "\n▲", " "]
record_sentence = st.tuples(*(st.sampled_from(choices) for choices in (_WHO, _WHEN, _HOW_MUCH, _WHAT, _BETWEEN))).map("".join)
record_text = st.lists(st.sampled_from(RECORD_PIECES), min_size=1, max_size=40).map("".join) | st.lists(
    record_sentence, min_size=1, max_size=8
).map("".join)


def _same_model(quick: BaseModel, validated: BaseModel) -> None:
    """The same model, field for field, fields set included, and valid as it stands."""
    assert type(quick) is type(validated)
    assert quick == validated
    assert quick.model_fields_set == validated.model_fields_set
    assert (quick.__pydantic_extra__, quick.__pydantic_private__) == (validated.__pydantic_extra__, validated.__pydantic_private__)
    for name in type(quick).model_fields:
        mine, theirs = getattr(quick, name), getattr(validated, name)
        pairs = zip(mine, theirs) if isinstance(mine, list) else [(mine, theirs)]
        for one, other in pairs:
            if isinstance(one, BaseModel):
                _same_model(one, other)
    assert type(quick).model_validate(quick.model_dump()) == quick


def _outcome(text: str, published: str | None) -> object:
    """The result, or the exception extract raised (the same on both ways: a digit int() cannot
    read in ``𐵁 대 사업``, of a Unicode newer than Python's, stops the slow way too)."""
    try:
        return policydocs.extract(text, published=published)
    except Exception as error:  # noqa: BLE001 - compared below
        return error


def _same_records(text: str, published: str | None = None) -> None:
    quick = _outcome(text, published)
    with records_context.exhaustive():
        slow = _outcome(text, published)
    if isinstance(slow, Exception):
        assert (type(quick), str(quick)) == (type(slow), str(slow)), text
        return
    assert quick.model_dump_json() == slow.model_dump_json(), text
    for name in RECORD_LISTS:
        for mine, theirs in zip(getattr(quick, name), getattr(slow, name)):
            _same_model(mine, theirs)


def _seed_pieces() -> list[str]:
    """The seeds, and the seeds cut at blank lines (shorter, headless pages)."""
    return [*SEEDS, *(piece for text in SEEDS for piece in text.split("\n\n") if piece.strip())]


@pytest.mark.parametrize("published", [None, "2023-11-01"])
def test_records_are_built_as_the_slow_way_builds_them_from_the_seeds(published: str | None) -> None:
    for text in _seed_pieces():
        _same_records(text, published)


def test_records_are_built_as_the_slow_way_builds_them_from_the_corpus() -> None:
    for text in CORPUS:
        _same_records(text)


def test_records_are_built_as_the_slow_way_builds_them_from_news_sentences() -> None:
    if not KMOU.exists():
        pytest.skip("../shared/data is not here")
    with KMOU.open(encoding="utf-8") as lines:
        sentences = [json.loads(line)["text"] for _, line in zip(range(2000), lines)]
    for start in range(0, len(sentences), 20):
        _same_records(" ".join(sentences[start : start + 20]))


@settings(max_examples=300, deadline=None)
@given(record_text, st.sampled_from([None, "2023-11-01"]))
def test_records_are_built_as_the_slow_way_builds_them_from_generated_text(text: str, published: str | None) -> None:
    _same_records(text, published)


def test_the_slow_way_validates_every_record() -> None:
    values = {"evidence": [], "confidence": "high", "title": "", "kind": "summit", "ordinal": 0, "date": None,
              "location": None, "participants": [], "organizations": [], "topics": []}
    assert records_context.build(Dialogue, values, valid=True).title == ""  # trusted: what the caller checked
    with records_context.exhaustive(), pytest.raises(ValidationError):
        records_context.build(Dialogue, values, valid=True)
    with pytest.raises(ValidationError):
        records_context.build(Dialogue, values, valid=False)


def _views(text: str) -> list[object]:
    result = policydocs.extract(text)
    mentions = result.mentions
    return records_context.document_view(segment(read_page(text)), text, mentions)


def _by_unit_the_slow_way(mentions: list, units: list) -> list[tuple]:
    """The merge that placed mentions in units before the binary search."""
    out, position, count = [], 0, len(mentions)
    for unit in units:
        while position < count and mentions[position].span.start < unit.start:
            position += 1
        first = position
        while position < count and mentions[position].span.start < unit.end:
            position += 1
        out.append(tuple(m for m in mentions[first:position] if m.span.end <= unit.end) if position > first else ())
    return out


def _document_views_are_the_slow_ones(text: str) -> None:
    units = segment(read_page(text))
    mentions = policydocs.extract(text).mentions
    doc = records_context.document_view(units, text, mentions)
    for field, found in (("money", mentions.money), ("dates", mentions.dates), ("orgs", mentions.organizations)):
        slow = _by_unit_the_slow_way(found, units)
        assert [getattr(view, field) for view in doc.views] == slow
        assert getattr(doc, f"with_{field}") == [index for index, placed in enumerate(slow) if placed]
    assert [view.text for view in doc.views] == [unit.text for unit in units]
    every_unit_read = records_context.forecast_headings(doc.views)  # every unit read for a heading
    assert _fields(doc.heading_of) == _fields(every_unit_read)


def _fields(headings: dict[int, object]) -> dict[int, tuple]:
    """Headings by what they hold (views are equal only to themselves)."""
    return {index: (view.unit, view.money, view.dates, view.orgs, view.text) for index, view in headings.items()}


def test_units_get_their_mentions_as_the_merge_gave_them_in_the_seeds() -> None:
    for text in _seed_pieces()[:200]:
        _document_views_are_the_slow_ones(text)


@settings(max_examples=200, deadline=None)
@given(record_text)
def test_units_get_their_mentions_as_the_merge_gave_them_in_generated_text(text: str) -> None:
    _document_views_are_the_slow_ones(text)


def _running_forecasters(doc: object) -> list[object]:
    """The forecaster as the slow way tracks it: the last subject stated, unit after unit."""
    out, last = [], None
    for view in doc.views:
        last = records_context.subject(view) or last
        out.append(last)
    return out


@settings(max_examples=200, deadline=None)
@given(record_text)
def test_the_forecaster_looked_up_is_the_one_tracked_unit_by_unit(text: str) -> None:
    doc = _views(text)
    forecasters = records_forecasts._Forecasters(doc)
    running = _running_forecasters(doc)
    for index in reversed(range(len(doc.views))):  # in any order: answers are remembered
        assert forecasters.last(index) is running[index]
        assert forecasters.stated(index) is records_context.subject(doc.views[index])


def test_the_forecaster_looked_up_is_the_one_tracked_unit_by_unit_in_the_seeds() -> None:
    for text in SEEDS:
        doc = _views(text)
        running = _running_forecasters(doc)
        forecasters = records_forecasts._Forecasters(doc)
        assert [forecasters.last(index) for index in range(len(doc.views))] == running


word_text = st.lists(
    st.sampled_from([word for row in read_tsv("record_words.tsv") for word in (row["word"].replace("\\s*", " "), row["word"].replace("\\s*", "\x1c"), row["word"].replace("\\s*", "\u3000 "))] + [" ", "\n", "\x1c", "가", "금", "a", "1"]),
    max_size=12,
).map("".join)


@pytest.mark.parametrize("group", sorted({row["group"] for row in read_tsv("record_words.tsv")}))
@settings(max_examples=200, deadline=None)
@given(text=word_text)
def test_word_groups_are_found_by_the_stdlib_engine_as_regex_finds_them(group: str, text: str) -> None:
    quick, first = records_context.find_all(group, text), records_context.find_first(group, text)
    with records_context.exhaustive():
        assert quick == records_context.find_all(group, text)
        assert first == records_context.find_first(group, text)


@settings(max_examples=300, deadline=None)
@given(word_text | record_text)
def test_word_indexes_of_several_groups_are_those_of_each(text: str) -> None:
    together = records_context.WordIndex.of_groups(records_context.INDEXED_TOGETHER, text)
    for group in records_context.INDEXED_TOGETHER:
        alone = records_context.WordIndex(group, text)
        assert (together[group]._starts, together[group]._ends) == (alone._starts, alone._ends)


def test_the_stdlib_classes_take_every_digit_and_space_regex_takes() -> None:
    every_character = "".join(map(chr, range(0x110000)))
    digits = regex.findall(r"\d", every_character)
    assert len(re.findall(rf"[{records_context.ANY_DIGIT}]", "".join(digits))) == len(digits)
    spaces = regex.findall(r"\s", every_character)
    assert re.findall(records_context.SPACE, every_character) == spaces  # the same, exactly
    assert all(space.isspace() for space in spaces)  # what str.split, str.strip and isspace take


@settings(max_examples=500, deadline=None)
@given(word_text | record_text)
def test_quantity_hints_match_wherever_a_quantity_does(text: str) -> None:
    if records_forecasts._quantity().search(text):
        assert any(hint.search(text) for hint in records_forecasts._quantity_hints())


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from([*(w for w, _ in records_context.words("initiative_head")), " ", "\x1c", "\n", "2030", "\U00010d41", "가", "a", "(", "전략 2030"]), max_size=6).map("".join))
def test_a_title_that_cannot_end_in_an_initiative_word_has_no_kind(raw: str) -> None:
    if not records_initiatives._may_name_kind(raw):
        assert records_initiatives._kind(records_context.squash(raw)) is None


@settings(max_examples=500, deadline=None)
@given(record_text)
def test_what_follows_a_name_decides_as_the_subject_particle_does(text: str) -> None:
    first = text[:1]
    if records_context.SUBJECT_PARTICLE.match(text):
        assert first in records_context.SUBJECT_FIRST or first.isspace()
    if records_dialogues.FOLLOW_UP.match(text):
        assert first in records_dialogues.FOLLOW_UP_FIRST or first.isspace()


@settings(max_examples=300, deadline=None)
@given(record_text)
def test_person_titles_are_found_from_the_first_title_word_as_from_the_start(text: str) -> None:
    assert [m.span() for m in records_dialogues._titles(text)] == [m.span() for m in records_dialogues._title_word().finditer(text)]


@settings(max_examples=300, deadline=None)
@given(record_text)
def test_every_unit_with_a_name_holds_a_name_mark(text: str) -> None:
    doc = _views(text)
    marked = set(records_context.units_holding(records_initiatives.NAME_MARKS, text, [view.unit for view in doc.views]))
    for index, view in enumerate(doc.views):
        if records_initiatives._named(view, list):
            assert index in marked, view.text
        assert (index in marked) == any(mark in view.text for mark in records_initiatives.NAME_MARKS)


def test_the_stdlib_space_is_what_str_strip_takes_for_a_space() -> None:
    every_character = "".join(map(chr, range(0x110000)))
    assert re.findall(r"\s", every_character) == [c for c in every_character if c.isspace()]


quoted_title = st.tuples(
    st.sampled_from(["‘", "“", "'", '"', "「"]),
    st.lists(st.sampled_from([*(w for w, _ in records_context.words("initiative_head")), "가", " ", "\x1c", "2030", "\U00010d41", "(이하 법)", "다"]), max_size=5).map("".join),
    st.sampled_from(["’", "”", "'", '"', "」", ""]),
).map("".join)


@settings(max_examples=500, deadline=None)
@given(st.lists(quoted_title | st.sampled_from(RECORD_PIECES), max_size=6).map("".join))
def test_a_text_whose_quotes_cannot_close_a_title_has_no_quoted_title_with_a_kind(text: str) -> None:
    if not records_initiatives._may_close_a_title(text):
        for match in records_initiatives.QUOTED.finditer(text):
            assert records_initiatives._kind(records_context.squash(match.group("title"))) is None


@settings(max_examples=300, deadline=None)
@given(record_text | word_text)
def test_the_stdlib_purpose_and_clause_patterns_find_what_the_regex_ones_find(text: str) -> None:
    funding = importlib.import_module("policydocs.extract.records.funding")
    purpose = regex.compile(r"(?:에게|에|을 위해|를 위해|을 위한|를 위한|에 대한)(?=\s)")
    clause = regex.compile(r"[,，;:∙•▲※*\-]|\)|(?:은|는|이|가)\s")
    assert [m.span() for m in funding.PURPOSE_LINK.finditer(text)] == [m.span() for m in purpose.finditer(text)]
    assert [m.span() for m in funding.CLAUSE_START.finditer(text)] == [m.span() for m in clause.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(record_text)
def test_quantities_are_read_from_where_the_first_may_start(text: str) -> None:
    doc = _views(text)
    for view in doc.views:
        start = records_forecasts._quantity_start(view)
        everything = records_forecasts._quantities(view, False)
        if start is None:
            assert everything == []
        else:
            assert records_forecasts._quantities(view, False, start) == everything


@pytest.mark.parametrize("group", [g for g in sorted({row["group"] for row in read_tsv("record_words.tsv")}) if records_context.overlap_free(g)])
@settings(max_examples=300, deadline=None)
@given(text=word_text)
def test_words_that_cannot_overlap_are_all_found_and_the_index_knows_the_last(group: str, text: str) -> None:
    words = records_context.literal_words(group)
    every = sorted((at, at + len(word)) for word in words for at in range(len(text)) if text.startswith(word, at))
    assert [(start, end) for start, end, _ in records_context.find_all(group, text)] == every
    index = records_context.WordIndex(group, text)
    for start in range(0, len(text) + 1, 3):
        for end in range(start, len(text) + 1, 2):
            inside = [span for span in every if start <= span[0] and span[1] <= end]
            assert index.last_within(start, end) == (inside[-1] if inside else None)


def test_forecast_cues_cannot_overlap() -> None:
    assert records_context.overlap_free("forecast_cue")  # else cues are found by find_all, slower
    assert not records_context.overlap_free("event_noun")  # 회의 ends 협의회의


@settings(max_examples=300, deadline=None)
@given(record_text | word_text)
def test_the_last_clause_start_is_found_near_the_end_as_from_the_start(text: str) -> None:
    funding = importlib.import_module("policydocs.extract.records.funding")
    everything = list(funding.CLAUSE_START.finditer(text))
    near = funding._clause_starts(text)
    assert [m.span() for m in near] == [m.span() for m in everything][-len(near):] if near else not everything


@settings(max_examples=200, deadline=None)
@given(record_text)
@example("’24年 전망\n다. ")  # a heading that is a whole unit: once made as a second, equal view
def test_no_two_views_of_a_document_hold_the_same_unit(text: str) -> None:
    """Why views are equal only to themselves: comparing their fields would say the same."""
    doc = _views(text)
    every = list({id(view): view for view in [*doc.views, *doc.heading_of.values()]}.values())
    fields = [(view.unit, view.money, view.dates, view.orgs, view.text) for view in every]
    for index, one in enumerate(fields):
        assert all(one != other for other in fields[index + 1 :])


# ---------------------------------------------------------------- frozen dataclasses made fast


def _generated(cls: type) -> type:
    """The same frozen dataclass with the ``__init__`` that ``dataclasses`` writes (the slow way)."""
    fields = [(f.name, f.type, dataclasses.field(default=f.default)) for f in dataclasses.fields(cls)]
    return dataclasses.make_dataclass(f"Generated{cls.__name__}", fields, frozen=True)


@pytest.mark.parametrize(
    ("cls", "arguments"),
    [
        (Candidate, [(3, 5, "value", "rule"), (0, 0, None, "r", 2, ("note",))]),
        (organizations.Reading, [("산업부", organizations.Entry("산업통상자원부", "ministry", "KR")), ("NSF", None, "NSF", True, (1, 4), True, True, "bare", "noun")]),
    ],
)
def test_hand_written_inits_of_frozen_dataclasses_make_what_the_generated_ones_make(cls: type, arguments: list[tuple]) -> None:
    generated = _generated(cls)
    assert list(inspect.signature(cls).parameters.values()) == list(inspect.signature(generated).parameters.values())
    for args in arguments:
        fast, slow = cls(*args), generated(*args)
        assert vars(fast) == vars(slow) and list(vars(fast)) == list(vars(slow))
        assert fast == cls(**vars(slow)) and hash(fast) == hash(cls(**vars(slow)))
        with pytest.raises(dataclasses.FrozenInstanceError):
            fast.start = 1  # type: ignore[misc]


SCANNED_RULES = [rule for rule in (*money.rules(), *dates.rules(), *organizations.rules()) if rule.starts is not None]


def _starts_are_every_match_of_the_scanner(text: str) -> None:
    from policydocs.extract.rules import _starts_of

    for rule in SCANNED_RULES:
        assert _starts_of(rule, text) == [found.start() for found in rule.starts.finditer(text)], rule.name
    by_name = {rule.name: rule for rule in organizations.rules()}
    for name, starts in organizations.paren_scanner().starts(text).items():
        assert starts == _starts_of(by_name[name], text), name


def test_the_starts_of_a_rule_are_every_match_of_its_scanner_in_the_seeds() -> None:
    for text in SEEDS:
        _starts_are_every_match_of_the_scanner(normalize(text).text)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            TRICKY + ["(", "(주)", "▲", "FC", "정부", "군", "Inc.", " Labs", "억 원", "3-1", "이하", "현 ", "대표", "참고", "日 ", "SK", "·"]
        ),
        max_size=40,
    ).map("".join)
)
def test_the_starts_of_a_rule_are_every_match_of_its_scanner(text: str) -> None:
    _starts_are_every_match_of_the_scanner(text)
