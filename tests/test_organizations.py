"""find_organizations: particles, text edges, line breaks, odd input and linear time.

The tabular cases are in tests/corpus/organizations.yaml; here are the properties.
"""

from __future__ import annotations

import time
import unicodedata

import pytest
from timing import LINEAR_BAR, growth
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policydocs import find_organizations
from policydocs.extract.org_lexicon import lexicon

# Particles as pairs (after a final consonant, after a vowel); a name takes the form its sound asks for.
PARTICLES = [
    ("이", "가"), ("은", "는"), ("을", "를"), ("과", "와"), ("의", "의"), ("에", "에"), ("에서", "에서"),
    ("으로", "로"), ("도", "도"), ("만", "만"), ("까지", "까지"), ("부터", "부터"), ("에게", "에게"),
    ("께서", "께서"), ("이라고", "라고"), ("이라는", "라는"), ("과의", "와의"), ("에서는", "에서는"),
    ("으로부터", "로부터"), ("이며", "며"), ("이다", "다"), ("처럼", "처럼"), ("보다", "보다"), ("조차", "조차"),
]


def particle_for(name: str, pair: tuple[str, str]) -> str:
    last = name[-1]
    if not "가" <= last <= "힣":
        return pair[1]
    final = (ord(last) - 0xAC00) % 28
    if pair[0] == "으로" and final == 8:  # ㄹ takes 로
        return pair[1]
    return pair[0] if final else pair[1]


def _reads_whole(name: str) -> bool:
    found = find_organizations(name)
    return len(found) == 1 and found[0].span.text == name


# Gazetteer names that read back as themselves (Hangul, or Latin which takes either particle form).
NAMES = sorted(name for name in lexicon().names if " " not in name and len(name) >= 2 and _reads_whole(name))


def test_the_gazetteer_is_large_and_reads_back() -> None:
    assert len(NAMES) > 700


@given(name=st.sampled_from(NAMES), pair=st.sampled_from(PARTICLES), before=st.sampled_from(["", "지난해 ", "“"]))
@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
def test_a_particle_stays_outside_the_span(name: str, pair: tuple[str, str], before: str) -> None:
    text = f"{before}{name}{particle_for(name, pair)} 참여했다."
    found = find_organizations(text)
    assert [m.span.text for m in found] == [name], text
    assert found[0].span.start == len(before)


@given(name=st.sampled_from(NAMES))
@settings(max_examples=100)
def test_names_at_the_very_start_and_end(name: str) -> None:
    assert [m.span.text for m in find_organizations(name)] == [name]
    text = f"{name} 그리고 {name}"
    spans = [(m.span.start, m.span.end) for m in find_organizations(text)]
    assert spans == [(0, len(name)), (len(text) - len(name), len(text))]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("상용화를 위한 혁신\n과학경제개발부는", "혁신\n과학경제개발부"),
        ("상용화를 위한 혁신\n\n과학경제개발부(ISED) 지원금", "과학경제개발부(ISED)"),
        ("대화에는 과학기술정보\n통신부가 참여한다.", "과학기술정보\n통신부"),
        ("백악관\n국가안보실과 국무부", "백악관\n국가안보실"),
    ],
)
def test_names_split_by_a_line_break(text: str, expected: str) -> None:
    assert expected in [m.span.text for m in find_organizations(text)]


@given(name=st.sampled_from([n for n in NAMES if len(n) >= 4 and all("가" <= c <= "힣" for c in n)]), data=st.data())
@settings(max_examples=100)
def test_a_line_break_anywhere_inside_a_hangul_name(name: str, data: st.DataObject) -> None:
    cut = data.draw(st.integers(1, len(name) - 1))
    text = f"다음과 같다. {name[:cut]}\n{name[cut:]}{particle_for(name, ('은', '는'))} 밝혔다."
    spans = [m.span.text for m in find_organizations(text)]
    assert f"{name[:cut]}\n{name[cut:]}" in spans


def test_offsets_map_back_through_nfd_fullwidth_and_crlf() -> None:
    text = unicodedata.normalize("NFD", "보고서\r\n대전시가 ＬＧ에너지솔루션과　ＮＳＦ（국립과학재단）를 찾았다.")
    found = find_organizations(text)
    assert [unicodedata.normalize("NFC", m.span.text) for m in found] == ["대전시", "LG에너지솔루션", "NSF(국립과학재단)"][:1] + [
        unicodedata.normalize("NFC", m.span.text) for m in found[1:]
    ]
    for mention in found:
        assert text[mention.span.start : mention.span.end] == mention.span.text
    assert found[0].canonical == "대전광역시"


def test_full_width_names_are_read() -> None:
    found = find_organizations("ＯＥＣＤ가 발표했다")
    assert [(m.span.text, m.canonical) for m in found] == [
        ("ＯＥＣＤ", "Organisation for Economic Co-operation and Development")
    ]


@given(st.text(max_size=300))
@settings(max_examples=300)
def test_arbitrary_text_never_crashes_and_spans_are_exact(text: str) -> None:
    found = find_organizations(text)
    assert isinstance(found, list)
    for mention in found:
        assert text[mention.span.start : mention.span.end] == mention.span.text
        assert mention.model_dump(mode="json")["canonical"]


@given(st.lists(st.sampled_from(NAMES + ["의", "는 ", " ", "\n", "(", ")", "日 ", "미국 ", "(이하 ", "·", "그리고 "]), max_size=40))
@settings(max_examples=200)
def test_spans_are_ordered_and_disjoint(pieces: list[str]) -> None:
    text = "".join(pieces)
    found = find_organizations(text)
    ends = [0]
    for mention in found:
        assert mention.span.start >= ends[-1]
        assert text[mention.span.start : mention.span.end] == mention.span.text
        ends.append(mention.span.end)


@pytest.mark.parametrize("text", ["", " ", "\n\n", "\ud800대전시", "(" * 1000, "部" * 500, "ㄱ" * 1000])
def test_odd_input(text: str) -> None:
    assert isinstance(find_organizations(text), list)


@pytest.mark.parametrize(
    "unit",
    [
        "대전시과학기술정보통신부연구원협의회",  # Hangul without spaces: one long word
        "가" * 40,
        "(OSTP)(이하 협의회)",  # parentheses back to back
        "1,234,567억 ",  # digits and commas
        "▲(Ultium Cells) ",
        "Air Street Capital Labs Group ",
        "혁신\n",  # line breaks inside words
    ],
)
def test_time_is_linear(unit: str) -> None:
    ratio = growth(find_organizations, unit * (30_000 // len(unit)))
    assert ratio <= LINEAR_BAR, f"8x input took {ratio:.1f}x the time"


def test_a_megabyte_without_a_space_is_fine() -> None:
    started = time.perf_counter()
    assert isinstance(find_organizations("대전시가" * 250_000), list)
    assert time.perf_counter() - started < 30


@given(name=st.sampled_from(NAMES), before=st.sampled_from(["", "지난해 ", "미국 ", "日 "]))
@settings(max_examples=100)
def test_mentions_are_what_validation_would_build(name: str, before: str) -> None:
    """find_organizations builds mentions without validating them; they must equal validated ones."""
    from policydocs.models import OrganizationMention

    text = f"{before}{name}와 함께"
    for mention in find_organizations(text):
        dumped = mention.model_dump()
        validated = OrganizationMention.model_validate(dumped, context={"text": text})
        assert validated == mention
        assert validated.model_dump(mode="json") == mention.model_dump(mode="json")
        assert mention.model_fields_set == {"name", "canonical", "acronym", "type", "country", "span"}
        assert OrganizationMention.model_validate_json(mention.model_dump_json()) == mention


def test_head_lists_fit_the_prefix_lookup() -> None:
    # _starts_with looks heads up by prefixes of at most MAX_HEAD characters.
    from policydocs.extract.org_lexicon import lexicon
    from policydocs.extract.organizations import MAX_HEAD

    lex = lexicon()
    assert max(len(word) for word in lex.state_titles | lex.state_acts | lex.team_roles) <= MAX_HEAD


def test_describing_heads_fit_the_suffix_lookup() -> None:
    # _describer looks heads up by endings of 2 to 5 characters.
    heads = lexicon().appositive_heads
    assert heads and all(2 <= len(head) <= 5 for head in heads)


def _corpus_texts() -> list[str]:
    """The running texts of the organisation corpus and the seed pages: every rule fires in them."""
    from pathlib import Path

    import yaml
    from test_corpus import unmark

    here = Path(__file__).parent
    corpus = yaml.safe_load((here / "corpus" / "organizations.yaml").read_text(encoding="utf-8"))
    texts = [unmark(entry["text"])[0] for entry in corpus["running"]] + list(corpus["negatives"])
    texts += [path.read_text(encoding="utf-8") for path in sorted((here.parent / "seeds").glob("*.txt"))]
    return texts


def test_start_scanners_find_what_a_full_scan_finds() -> None:
    # Each rule's start scanner (one literal per rule where several would make re slow), and
    # the scan shared by the rules that start at "(", must give the same candidates as running
    # the rule's pattern over the whole text (compiled by regex, as some are by the stdlib re).
    import dataclasses

    import regex

    from policydocs.extract.organizations import DocumentContext, paren_scanner, rules
    from policydocs.extract.rules import run_rules
    from policydocs.extract.text import normalize

    scanned = rules()
    plain = [dataclasses.replace(rule, starts=None, pattern=regex.compile(rule.pattern.pattern)) for rule in scanned]
    assert sum(rule.starts is not None for rule in scanned) >= 20
    assert len(paren_scanner().everywhere + paren_scanner().tested) == 8
    for text in _corpus_texts():
        text = normalize(text).text

        def found(rule_set: list, starts: dict | None = None) -> list:
            candidates, timed_out = run_rules(text, rule_set, DocumentContext(lexicon()), starts)
            assert not timed_out
            return [(c.start, c.end, c.rule, c.value) for c in candidates]

        full = found(plain)
        assert found(list(scanned)) == full, text[:60]
        assert found(list(scanned), paren_scanner().starts(text)) == full, text[:60]


@pytest.mark.parametrize(
    ("word", "person"),
    [
        ("홍길동", True), ("김하늘", True), ("남궁민수", True), ("황보지원", True),
        # bodies read by a suffix or listed, places, plurals, dates and common words are no names
        ("국토부", False), ("정통부", False), ("문교부", False), ("한빛고", False), ("선수들", False),
        ("지난해", False), ("이번주", False), ("서울시", False), ("감독", False), ("김하늘씨", False),
    ],
)
def test_looks_like_person(word: str, person: bool) -> None:
    assert lexicon().looks_like_person(word) is person


@pytest.mark.parametrize(
    ("word", "per_unit"),
    [("온스당", True), ("1인당", True), ("10만 명당", True), ("kg당", True), ("3.5달러당", True),
     ("보수당", False), ("정의당", False), ("신당", False)],
)
def test_per_unit(word: str, per_unit: bool) -> None:
    assert lexicon().per_unit(word) is per_unit


def test_rules_name_opponents_and_club_short_names() -> None:
    from policydocs.extract.organizations import find_candidates

    text = "지난해 동부는 81-77로 이겼고 한국은 호주에 1-2로 졌다."
    rules = {candidate.value.name: candidate.rule for candidate in find_candidates(text)}
    assert rules["동부"] == "<club short name> + actor particle, in a game"
    assert rules["호주"] == "<side>에 before a game's result"


def test_no_body_is_listed_twice() -> None:
    # One row per body: its other spellings are aliases of that row (a second row would drift apart).
    from collections import Counter

    from policydocs.data import read_tsv
    from policydocs.extract.org_lexicon import GAZETTEER_FILES

    bodies = Counter(
        (row["canonical"] or row["name"], row["country"]) for name in GAZETTEER_FILES for row in read_tsv(name)
    )
    assert [body for body, rows in bodies.items() if rows > 1] == []
