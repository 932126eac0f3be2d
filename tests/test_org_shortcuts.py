"""The organisation finder's shortcuts against the slow ways they replace.

A word never seen before is read in full (gazetteer prefixes, countries with particles,
suffix names, group affiliates); most words name nothing, so each reading first asks a
question that rules most words out in one set lookup. The slow way is the same reading
with every such question answered "maybe" (a lexicon whose quick sets hold everything);
each shortcut is checked here to rule out only words where the slow way finds nothing.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from policydocs.extract import organizations as orgs
from policydocs.extract.org_lexicon import Affixes, lexicon

ROOT = Path(__file__).resolve().parents[1]
LEX = lexicon()
SEED_WORDS = sorted({word for path in (ROOT / "seeds").glob("*.txt") for word in path.read_text(encoding="utf-8").split()})


class _Everything(frozenset):
    """A set that holds every string: a quick test that always says "maybe"."""

    def __contains__(self, item: object) -> bool:
        return True


def _slow(affixes: Affixes) -> Affixes:
    return dataclasses.replace(affixes, firsts=_Everything(), lasts=_Everything())


# The lexicon with no quick test: what read_word finds with it is what the slow way finds.
SLOW_LEX = dataclasses.replace(
    LEX,
    name_starts=_Everything(),
    suffix_name_lasts=_Everything(),
    actor_firsts=_Everything(),
    team_place_firsts=_Everything(),
    actor_endings=_slow(LEX.actor_endings),
    team_endings=_slow(LEX.team_endings),
    korean_places=_slow(LEX.korean_places),
    group_prefixes=_slow(LEX.group_prefixes),
)
PARTICLES = sorted(LEX.actor_endings.words)
# Pieces of names and tails: suffixes, places, countries, group names, particles, titles.
PIECES = [
    *sorted(LEX.suffixes)[:60], *sorted(LEX.korean_places.words)[:60], *sorted(LEX.actors)[:30],
    *sorted(LEX.group_prefixes.words), *PARTICLES, "의", "장", "측", "청", "대", "시청", "도청", "가", "1", "·", "&",
]
piece_words = st.lists(st.sampled_from(PIECES), min_size=1, max_size=4).map("".join)


@settings(max_examples=500, deadline=None)
@given(piece_words | st.text(max_size=8))
def test_affix_endings_are_what_a_loop_of_endswith_finds(word: str) -> None:
    slow = [particle for particle in sorted(PARTICLES, key=len, reverse=True) if word.endswith(particle)]
    assert list(LEX.actor_endings.endings(word)) == slow
    assert LEX.actor_endings.ends(word) == word.endswith(tuple(PARTICLES))


@settings(max_examples=500, deadline=None)
@given(piece_words | st.text(max_size=8))
def test_affix_longest_beginning_is_what_a_loop_of_startswith_finds(word: str) -> None:
    groups = sorted(LEX.group_prefixes.words, key=len, reverse=True)
    assert LEX.group_prefixes.longest_beginning(word) == next((g for g in groups if word.startswith(g)), None)


def test_affixes_of_nothing_find_nothing() -> None:
    empty = Affixes.of([])
    assert list(empty.endings("미국은")) == [] and empty.longest_beginning("미국은") is None


def _suffix_names() -> list[str]:
    """Every prefix of every seed word and generated word: the names the suffix loop reads."""
    words = [*SEED_WORDS, *(place + suffix for place in sorted(LEX.korean_places.words)[:40] for suffix in LEX.suffixes)]
    return sorted({word[:cut] for word in words for cut in range(2, len(word) + 1)})


def test_suffix_entries_end_in_a_character_the_prefilter_lets_through() -> None:
    read = 0
    for name in _suffix_names():
        if orgs._suffix_entry(name, LEX) is not None:
            read += 1
            assert name[-1] in LEX.suffix_name_lasts, name
    assert read > 100  # the test reads real suffix names, not only words that name nothing


def _lookahead_pattern(head: str) -> regex.Pattern[str]:
    """The pattern the multiword matcher replaced: every form, then a tail in a look-ahead."""
    forms = LEX.multiword[head]
    alternatives = "|".join(r"\s+".join(map(regex.escape, form.split())) for form in forms)
    return regex.compile(rf"(?:{alternatives})(?=(?:{LEX.tail.pattern})(?![{orgs.NAME_CHARS}]))")


HEADS = sorted(LEX.multiword)
TAILS = [*PARTICLES, "의", "장", "측", "장관", "가", "A", "1", " ", ".", ",", "\n", "(", "·"]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(HEADS), st.integers(0, 3), st.lists(st.sampled_from(TAILS), max_size=5).map("".join), st.sampled_from(["", " ", "  ", "\n"]))
def test_multiword_names_end_where_the_lookahead_pattern_ends_them(head: str, which: int, tail: str, gap: str) -> None:
    forms = LEX.multiword[head]
    form = forms[which % len(forms)]
    for text in (form + tail, form.replace(" ", gap or " ") + tail, "앞말 " + form[: len(form) // 2] + tail, form.replace(" ", "\u3000\n")):
        position = text.find(head)
        if position < 0:
            continue
        slow = _lookahead_pattern(head).match(text, position)
        fast = orgs._multiword_match(text, position, head, LEX)
        assert (fast and fast[0]) == (slow and slow.end())
        assert fast is None or fast[1] == " ".join(slow.group().split())


def test_every_multiword_name_ends_where_the_lookahead_pattern_ends_it() -> None:
    matched = 0
    for head in HEADS:
        slow_pattern = _lookahead_pattern(head)
        for form in LEX.multiword[head]:
            for tail in ("", "은", "의", " ", "A", "장관은", "가나다라", ")", "\n다음"):
                text = form + tail
                slow = slow_pattern.match(text, 0)
                fast = orgs._multiword_match(text, 0, head, LEX)
                assert (fast and fast[0]) == (slow and slow.end()), text
                matched += slow is not None
    assert matched > 1000


def test_every_tail_is_spelt_in_name_characters() -> None:
    """What ``_ends_with_a_tail`` relies on: a tail is the whole run of name characters after a name."""
    from policydocs.data import read_tsv

    words = [row["word"] for row in read_tsv("org_words.tsv") if row["role"] in ("particle", "follower")]
    assert words and all(orgs.NAME_RUN.fullmatch(word) for word in words)
    assert LEX.longest_tail >= max(map(len, words))


def _corpus_words() -> list[str]:
    import yaml

    def strings(node: object) -> list[str]:
        if isinstance(node, str):
            return [node]
        values = node.values() if isinstance(node, dict) else node if isinstance(node, list) else []
        return [text for value in values for text in strings(value)]

    corpus = yaml.safe_load((ROOT / "tests" / "corpus" / "organizations.yaml").read_text(encoding="utf-8"))
    texts = strings(corpus)
    return sorted({word for text in texts for word in text.replace("[[", "").replace("]]", "").split()})


def _same_reading(word: str) -> None:
    """The quick sets change nothing, and the word filter passes every word the slow way reads a name in."""
    slow = orgs.read_word(word, SLOW_LEX)
    assert orgs.read_word(word, LEX) == slow, word
    if slow:
        assert orgs.word_filter().may_name(word), word


def test_quick_tests_and_word_filter_on_the_seed_and_corpus_words() -> None:
    words = [*SEED_WORDS, *_corpus_words()]
    assert sum(1 for word in words if orgs.read_word(word, SLOW_LEX)) > 300  # real names, not only misses
    for word in words:
        _same_reading(word)


TOKEN_PIECES = [
    *PIECES, "(", "‘", "“", "[", "美", "日", "中", "北", "-", ".", "A", "Q.Z", "LG", "SK", ",", "'", "’", "에", "인",
    "𝐀", "\U00020000", *sorted(LEX.appositive_heads)[:20], *sorted(LEX.team_places)[:20], *sorted(LEX.multiword)[:20],
    *sorted(LEX.countries)[:20],
]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(TOKEN_PIECES), min_size=1, max_size=5).map("".join))
def test_quick_tests_and_word_filter_on_generated_words(word: str) -> None:
    _same_reading(word)


def test_a_latin_suffix_right_before_hangul_passes_the_word_filter() -> None:
    latin = [suffix for suffix in LEX.suffixes if suffix[-1].isascii() and suffix[-1].isalnum()]
    for suffix in latin:
        for word in (f"Q.Z{suffix}만큼", f"AB-C{suffix}시청률"):
            _same_reading(word)


def test_the_word_filter_rules_out_common_words() -> None:
    may_name = orgs.word_filter().may_name
    assert not any(map(may_name, ["오늘은", "것으로", "했다.", "그러나", "있다고", "이번", "발표했다"]))
    assert all(map(may_name, ["산업부는", "(삼성전자와", "美국무부", "LG·삼성", "충남대", "북한은", "대전시청"]))


def test_every_name_of_the_lexicon_passes_the_word_filter_wherever_a_subword_starts() -> None:
    """The filter's starts hold three characters of a name, or the whole of a short one (미국은, (KT와)."""
    may_name = orgs.word_filter().may_name
    names = [*LEX.names, *LEX.countries, *LEX.team_places, *LEX.group_prefixes.words, *LEX.multiword]
    for name in names:
        for word in (name, name + "은", name + "의", "(" + name + "와", "美" + name, "1" + name + "가"):
            assert may_name(word), word
    for word in ("국가와", "세계를", "국민들의", "프로그램", "20일"):  # their first two characters start names; no name starts them
        assert not may_name(word) and not orgs.read_word(word, SLOW_LEX), word


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(TOKEN_PIECES), min_size=1, max_size=5).map("".join))
def test_the_suffix_endings_grouped_by_first_character_find_what_one_branch_per_ending_finds(word: str) -> None:
    endings = sorted({*LEX.suffixes, *orgs.CITY_HALLS, "대"}, key=len, reverse=True)
    grouped = regex.compile(orgs._grouped_by_first(endings))
    plain = regex.compile("|".join(map(regex.escape, endings)))
    assert [m.span() for m in grouped.finditer(word)] == [m.span() for m in plain.finditer(word)]


def test_the_sports_cue_pattern_finds_what_it_finds_without_its_first_character_look_ahead() -> None:
    import re

    words = "|".join(map(re.escape, LEX.sports_cues))
    plain = re.compile(rf"{words}|(?<![0-9.])[0-9]{{1,3}} ?[-:] ?[0-9]{{1,3}}(?![0-9.])")
    texts = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "seeds").glob("*.txt"))]
    texts += [" ".join(LEX.sports_cues), "3-1로 2:0 12.3-4 1234-5 a 5 - 6 승리 2-1."]
    for text in texts:
        assert [m.span() for m in orgs._sports_cue().finditer(text)] == [m.span() for m in plain.finditer(text)]


TAIL_LOOK_AHEAD = regex.compile(rf"(?:{LEX.tail.pattern})(?![{orgs.NAME_CHARS}])")


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(TAILS + PARTICLES[:20] + ["가나다라마바사", "A1", "-", "\n", "장관은"]), max_size=6).map("".join), st.integers(0, 12))
def test_a_tail_ends_a_word_where_the_tail_look_ahead_says(text: str, position: int) -> None:
    position = min(position, len(text))
    assert orgs._ends_with_a_tail(text, position, LEX) == (TAIL_LOOK_AHEAD.match(text, position) is not None)


def _title_readings(text: str, start: int, end: int) -> orgs.Candidate:
    name = text[start:end] or "OECD"
    return orgs.Candidate(start, end, orgs.Reading(name, orgs.Entry(name, "international")), "test")


TITLE_PIECES = [
    "「", "『", "」", "』", ":", "：", " ", "\t", "\n", "OECD", "스킬", "전망", "보고서", "백서", "리포트", "산업부", "가", "'s", " Outlook", "2024",
]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(TITLE_PIECES), max_size=12).map("".join), st.integers(0, 60), st.integers(0, 12))
def test_title_cues_skip_only_searches_that_find_nothing(text: str, start: int, size: int) -> None:
    start = min(start, len(text))
    candidate = _title_readings(text, start, min(len(text), start + size))
    assert orgs._in_a_title(text, candidate, orgs.TitleCues.of(text)) == orgs._in_a_title(text, candidate)


def test_title_cues_on_the_seed_and_corpus_names() -> None:
    texts = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "seeds").glob("*.txt"))] + _corpus_words()
    checked = in_titles = 0
    for text in texts:
        cues = orgs.TitleCues.of(text)
        for candidate in orgs.word_candidates(text, LEX):
            slow = orgs._in_a_title(text, candidate)
            assert orgs._in_a_title(text, candidate, cues) == slow, (text[:40], candidate)
            checked += 1
            in_titles += slow
    assert checked > 500 and in_titles > 5


def _name_ending_at_by_full_scan(text: str, end: int) -> tuple[int, orgs.Reading] | None:
    """What ``_name_ending_at`` found scanning the whole window for subwords (the slow way)."""
    window = text[max(0, end - 60) : end]
    words = list(orgs.SUBWORD.finditer(window))
    if not words or words[-1].end() != len(window):
        return None
    last = words[-1]
    for first in reversed(words[:-1][-5:] if last.group() in LEX.multiword_last else ()):
        span_text = " ".join(window[first.start() : last.end()].split())
        entry = LEX.lookup(span_text)
        if entry is not None:
            return end - len(window) + first.start(), orgs.Reading(span_text, entry, entry.acronym)
    hit = orgs._read_bare_name(last.group())
    if hit is None or hit.end != len(last.group()):
        return None
    return end - len(window) + last.start() + hit.start, hit.reading


NAME_END_PIECES = [
    *TOKEN_PIECES, " ", "\n", "\t", "-", "'", "’", ".", "AB", "3", "x", *sorted(LEX.multiword_last)[:20],
    *(form.replace(" ", gap) for form in sorted(form for form in LEX.names if " " in form)[:20] for gap in (" ", "\n", "  ")),
]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(NAME_END_PIECES), max_size=10).map("".join))
def test_a_name_ending_at_a_position_is_what_a_scan_of_the_whole_window_finds(text: str) -> None:
    for end in range(len(text) + 1):
        assert orgs._name_ending_at(text, end, LEX) == _name_ending_at_by_full_scan(text, end), (text, end)


def test_names_ending_before_every_parenthesis_of_the_seeds() -> None:
    named = 0
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for end in (m.start() for m in regex.finditer(r" ?\(", text)):
            fast = orgs._name_ending_at(text, end, LEX)
            assert fast == _name_ending_at_by_full_scan(text, end), text[max(0, end - 60) : end]
            named += fast is not None
    assert named > 10


def _literal_first_ungrouped(words: list[str], before: str = "", not_after: str = "") -> regex.Pattern[str]:
    """The start scanner as one alternative per word (the slow way ``_literal_first`` groups)."""
    import re

    alternatives = []
    for word in sorted(set(words), key=len, reverse=True):
        escaped = re.escape(word)
        test = f"(?<={before}{escaped})" if before else ""
        test += f"(?<!{not_after}{escaped})" if not_after else ""
        alternatives.append(escaped + test)
    return re.compile("|".join(alternatives))


DESIGNATOR_PIECES = sorted(LEX.latin_designators) + ["A", "p", " ", "-", "x ", "가", "Lab", "Co", "\n"]
CONTEXT_KINDS = "걸그룹 보이그룹 아이돌그룹 혼성그룹 밴드 듀오 스타트업 업체 기업 회사 제조사".split()


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(st.sampled_from(DESIGNATOR_PIECES), max_size=10).map("".join),
    st.lists(st.sampled_from(CONTEXT_KINDS + ["가", " ", "'", "인", "그룹", "업"]), max_size=10).map("".join),
)
def test_start_scanners_grouped_by_first_character_find_what_one_branch_per_word_finds(latin: str, korean: str) -> None:
    designators = sorted(LEX.latin_designators)
    before = r"[A-Za-z0-9&.\-] "
    grouped = orgs._literal_first(designators, before=before)
    plain = _literal_first_ungrouped(designators, before=before)
    assert [m.span() for m in grouped.finditer(latin)] == [m.span() for m in plain.finditer(latin)]
    grouped = orgs._literal_first(CONTEXT_KINDS, not_after="[가-힣]")
    plain = _literal_first_ungrouped(CONTEXT_KINDS, not_after="[가-힣]")
    assert [m.span() for m in grouped.finditer(korean)] == [m.span() for m in plain.finditer(korean)]


def test_game_answers_are_what_a_search_of_each_sentence_finds() -> None:
    texts = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "seeds").glob("*.txt"))]
    texts += ["정민호(SK)는 3-1로 이겼다. 산업부(MOTIE)는 발표했다.\n수원 홍길동 감독은 승리했다.", " ".join(LEX.sports_cues)]
    for step in range(3):  # the texts in turn, so that the answers of one are asked for after another's
        for text in texts:
            for start in range(step, len(text), 5):
                end = min(len(text), start + 3)
                left, right = orgs._sentence_around(text, start, end)
                expected = orgs._sports_cue().search(text, left, right) is not None
                assert orgs._about_a_game(text, start, end) == expected, (text[left:right], start)


def test_the_word_cache_gives_the_readings_of_new_known_and_mixed_words() -> None:
    def read(tokens: list[str]) -> list[tuple[orgs.Hit, ...]]:
        return [orgs.read_word(token, LEX) if orgs.word_filter().may_name(token) else () for token in tokens]

    cache = orgs.WordCache()
    known = SEED_WORDS[:4000]
    assert cache.lookup(known, LEX) == read(known)  # every word new
    assert cache.lookup(known, LEX) == read(known)  # every word known: one pass
    mixed = known[::3] + ["처음보는기관은", "산업부가", known[0]] + SEED_WORDS[4000:4100]
    assert cache.lookup(mixed, LEX) == read(mixed)
