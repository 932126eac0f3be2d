"""Dates beyond the corpus: round trips, no reference, impossible dates, offsets, and linear time."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from timing import LINEAR_BAR, growth
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from policydocs import find_dates
from policydocs.extract import calendar as cal
from policydocs.extract.dates import DateWarning, parse_date, scan_dates

REFERENCE = dt.date(2023, 11, 6)
APOSTROPHES = ["’", "‘", "'", "`"]


def only(text: str, reference: dt.date | None = REFERENCE) -> dict:
    found = [m.model_dump(mode="json") for m in find_dates(text, reference=reference)]
    assert len(found) == 1, f"{text!r}: {[m['span']['text'] for m in found]}"
    return found[0]


# ---------------------------------------------------------------- round trips

days = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2049, 12, 31))


def day_renderings(day: dt.date) -> list[str]:
    y, m, d = day.year, day.month, day.day
    return [
        f"{y}년 {m}월 {d}일",
        f"{y}년{m}월{d}일",
        f"{y}/{m:02d}/{d:02d}",
        f"{y}-{m:02d}-{d:02d}",
        f"{y}-{m}-{d}",
        f"{y}.{m:02d}.{d:02d}.",
        f"{y}. {m}. {d}.",
        f"{y}年 {m}月 {d}日",
        f"{y}년 {m}월 {d}일({'월화수목금토일'[day.weekday()]})",
    ]


@settings(max_examples=150, deadline=None)
@given(days)
def test_a_day_in_every_style_parses_back(day: dt.date) -> None:
    for text in day_renderings(day):
        found = only(text)
        assert (found["start"], found["end"], found["grain"]) == (day.isoformat(), day.isoformat(), "day"), text
        assert found["span"]["text"] == text


@settings(max_examples=150, deadline=None)
@given(days)
def test_two_digit_years_parse_back_within_the_window(day: dt.date) -> None:
    reference = dt.date(day.year, 6, 15)  # the window always holds the reference's own year
    yy, m, d = day.year % 100, day.month, day.day
    for text in (f"{yy:02d}-{m:02d}-{d:02d}", f"{yy:02d}/{m:02d}/{d:02d}"):
        assert only(text, reference)["start"] == day.isoformat(), text
    for mark in APOSTROPHES:
        found = only(f"{mark}{yy:02d}.{m}.", reference)
        assert (found["start"], found["grain"]) == (day.replace(day=1).isoformat(), "month")
        found = only(f"{mark}{yy:02d}년", reference)
        assert (found["start"], found["end"]) == (f"{day.year}-01-01", f"{day.year}-12-31")


months = st.tuples(st.integers(1950, 2049), st.integers(1, 12))


@settings(max_examples=100, deadline=None)
@given(months, st.integers(0, 11))
def test_a_month_range_parses_back(first: tuple[int, int], extra: int) -> None:
    year, month = first
    last = min(12, month + extra)
    if last == month:
        return
    expected = (dt.date(year, month, 1).isoformat(), cal.month_end(year, last).isoformat())
    for text in (f"{year}년 {month}~{last}월", f"{year}년 {month}월~{last}월", f"{year}년 {month}월부터 {last}월까지"):
        found = only(text)
        assert (found["kind"], found["start"], found["end"], found["grain"]) == ("interval", *expected, "month"), text


@settings(max_examples=100, deadline=None)
@given(st.integers(1950, 2040), st.integers(0, 30))
def test_a_year_range_parses_back(start: int, length: int) -> None:
    end = start + length
    if end == start:
        return
    expected = ("interval", f"{start}-01-01", f"{end}-12-31")
    texts = [f"{start}~{end}년", f"{start}년부터 {end}년까지", f"{start}년~{end}년"]
    reference = dt.date(start, 1, 1)
    if end - start < 60:
        texts.append(f"’{start % 100:02d}~’{end % 100:02d}년")
    for text in texts:
        found = only(text, reference)
        assert (found["kind"], found["start"], found["end"]) == expected, text


@settings(max_examples=100, deadline=None)
@given(st.integers(1950, 2049), st.integers(1, 4), st.integers(1, 2))
def test_quarters_halves_and_deadlines_parse_back(year: int, quarter: int, half: int) -> None:
    q = only(f"{year}년 {quarter}분기")
    assert (q["grain"], q["start"]) == ("quarter", dt.date(year, 3 * quarter - 2, 1).isoformat())
    h = only(f"{year}년 {'상' if half == 1 else '하'}반기")
    assert (h["grain"], h["start"]) == ("half", dt.date(year, 6 * half - 5, 1).isoformat())
    d = only(f"{year}년까지")
    assert (d["kind"], d["start"], d["end"]) == ("deadline", None, f"{year}-12-31")
    s = only(f"{year}년부터")
    assert (s["kind"], s["start"], s["end"]) == ("since", f"{year}-01-01", None)


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 99), st.sampled_from([("년", "Y", "year"), ("개월", "M", "month"), ("주", "W", "week"), ("일", "D", "day")]))
def test_durations_parse_back(amount: int, unit: tuple[str, str, str]) -> None:
    word, letter, grain = unit
    for text in (f"{amount}{word}간", f"{amount}{word} 동안"):
        found = only(text)
        assert (found["kind"], found["duration"], found["grain"]) == ("duration", f"P{amount}{letter}", grain), text


@settings(max_examples=100, deadline=None)
@given(days, st.integers(1, 28))
def test_a_day_alone_follows_the_tense(reference: dt.date, day: int) -> None:
    past = only(f"{day}일 발표했다.", reference)
    future = only(f"{day}일 발표할 예정이다.", reference)
    past_day, future_day = dt.date.fromisoformat(past["start"]), dt.date.fromisoformat(future["start"])
    assert past_day.day == future_day.day == day
    assert past_day <= reference <= future_day
    assert (reference - past_day).days < 32 and (future_day - reference).days < 32


# ---------------------------------------------------------------- two-digit window and tense rules


@pytest.mark.parametrize(
    ("text", "reference", "year"),
    [
        ("’30년", dt.date(2023, 11, 6), 2030),
        ("’50년", dt.date(2023, 11, 6), 2050),
        ("’54년", dt.date(2023, 11, 6), 1954),
        ("’53년", dt.date(2023, 11, 6), 2053),
        ("74/10/31", dt.date(2013, 2, 12), 1974),
        ("’43년", dt.date(2013, 2, 12), 2043),
        ("’44년", dt.date(2013, 2, 12), 1944),
        ("’99년", dt.date(2099, 1, 1), 2099),
    ],
)
def test_two_digit_year_window(text: str, reference: dt.date, year: int) -> None:
    assert only(text, reference)["start"] == f"{year}-{only(text, reference)['start'][5:]}"
    assert only(text, reference)["start"].startswith(str(year))


def test_decades_take_the_latest_begun() -> None:
    assert only("30년대", dt.date(2013, 2, 12))["start"] == "1930-01-01"
    assert only("20년대", dt.date(2023, 1, 1))["start"] == "2020-01-01"


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("회의는 9일 열렸다.", "2023-10-09"),
        ("회의는 9일 열릴 예정이다.", "2023-11-09"),
        ("회의는 오는 9일 열렸다.", "2023-11-09"),  # the prefix wins over the verb
        ("지난 9일 회의를 열겠다고 밝혔다.", "2023-10-09"),
        ("회의는 9일 열린다.", "2023-11-09"),
        ("회의는 12월 열렸다.", "2022-12-01"),
        ("회의는 12월 열린다.", "2023-12-01"),
        ("회의는 3월 열렸다.", "2023-03-01"),
        ("회의는 3월 열린다.", "2024-03-01"),
        ("9일 회의", "2023-11-09"),  # no cue: the reference's own month
        ("3월 회의", "2023-03-01"),  # no cue: the reference's own year
        ("토요일 회의", "2023-11-11"),  # no cue: the coming weekday
    ],
)
def test_tense_cues(text: str, start: str) -> None:
    assert only(text)["start"] == start


def test_relative_dates_resolve_against_the_reference() -> None:
    for text, start, end in [
        ("올해", "2023-01-01", "2023-12-31"),
        ("내년 상반기", "2024-01-01", "2024-06-30"),
        ("지난해 4분기", "2022-10-01", "2022-12-31"),
        ("지난달 30일", "2023-10-30", "2023-10-30"),
        ("다음 주 화요일", "2023-11-14", "2023-11-14"),
        ("3년 전", "2020-01-01", "2020-12-31"),
    ]:
        found = only(text)
        assert (found["start"], found["end"], found["resolved"]) == (start, end, True), text


def test_a_year_only_reference_places_month_day_dates_but_not_days() -> None:
    from policydocs.extract.published import find_publication_date

    issue = find_publication_date("산업기술 동향워치 2023년 22호 요약")
    assert issue is not None and issue.grain == "year"
    mentions = find_dates("(日 MURC, 11.6) … 9일 발표", reference=issue)
    assert [m.span.text for m in mentions] == ["11.6", "9일"]
    assert mentions[0].start == dt.date(2023, 11, 6) and mentions[0].resolved
    assert mentions[1].start is None and mentions[1].partial is not None and mentions[1].partial.day == 9


@pytest.mark.parametrize("reference", [REFERENCE, "2023-11-06", dt.datetime(2023, 11, 6, 13, 40)])
def test_reference_forms(reference: object) -> None:
    assert [m.start for m in find_dates("9일", reference=reference)] == [dt.date(2023, 11, 9)]


# ---------------------------------------------------------------- no reference


def test_without_a_reference_keeps_the_stated_parts() -> None:
    found = only("9일", None)
    assert found["start"] is None and found["end"] is None
    assert found["partial"] == {"year": None, "month": None, "day": 9}
    assert found["resolved"] is False
    assert found["warnings"] and "reference" in found["warnings"][0]
    month = only("지난 4월", None)
    assert month["partial"] == {"year": None, "month": 4, "day": None} and month["grain"] == "month"
    assert only("지난해 5월 30일", None)["partial"] == {"year": None, "month": 5, "day": 30}


def test_without_a_reference_absolute_dates_are_unaffected() -> None:
    found = only("2030년까지", None)
    assert (found["end"], found["resolved"], found["warnings"]) == ("2030-12-31", False, [])


def test_without_a_reference_two_digit_years_use_the_fixed_window_and_say_so() -> None:
    found = only("’30년", None)
    assert found["start"] == "2030-01-01" and found["warnings"]
    assert only("’74년", None)["start"] == "1974-01-01"


def test_without_a_reference_pure_offsets_are_reported_not_emitted() -> None:
    mentions, warnings = scan_dates("올해 매출은 작년보다 늘었다.")
    assert mentions == []
    assert [(w.start, w.end) for w in warnings] == [(0, 2), (7, 9)]
    assert all(isinstance(w, DateWarning) and isinstance(w, tuple) for w in warnings)


# ---------------------------------------------------------------- impossible dates


@pytest.mark.parametrize("text", ["2월 30일", "2023년 2월 29일", "13월", "2023년 13월", "4월 31일", "2023.02.30", "5분기"])
def test_impossible_dates_are_reported_not_emitted(text: str) -> None:
    mentions, warnings = scan_dates(text, REFERENCE)
    assert mentions == [], [m.span.text for m in mentions]
    if text != "5분기":
        assert warnings, text
        assert warnings[0].start == 0


def test_an_impossible_date_warns_on_its_neighbour() -> None:
    mentions = find_dates("회의는 2월 30일에서 2023년 3월 2일로 옮겼다.", reference=REFERENCE)
    assert [m.span.text for m in mentions] == ["2023년 3월 2일"]
    assert any("2월 30일" in w for w in mentions[0].warnings)
    _, warnings = scan_dates("회의는 2월 30일에서 2023년 3월 2일로 옮겼다.", REFERENCE)
    assert [(w.start, w.end) for w in warnings] == [(4, 10)]


def test_years_far_outside_the_calendar_are_not_invented() -> None:
    assert find_dates("9999년", reference=REFERENCE) == []
    assert find_dates("0300년", reference=REFERENCE) == []
    assert find_dates("40%", reference=REFERENCE) == []


# ---------------------------------------------------------------- spans map back to the caller's text


@pytest.mark.parametrize(
    "text",
    [
        "２０２３년 １１월 １일에 열렸다.",  # full-width digits
        "2023년 11월 1일\r\n2030년까지\r\n",  # CRLF
        "\u1100\u1161\u11a8 2023년 11월 1일 \u1109\u1173",  # NFD Hangul around the date
        "회의는 ᄋ\u1169\u1102\u1173\u11ab 9일 열렸다",  # NFD 오는
        "\u3000’23.8~9\u00a0수립",  # odd spaces
    ],
)
def test_spans_are_slices_of_the_callers_text(text: str) -> None:
    mentions = find_dates(text, reference=REFERENCE)
    assert mentions
    for mention in mentions:
        assert text[mention.span.start : mention.span.end] == mention.span.text


# ---------------------------------------------------------------- bad input


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=()), max_size=200))
def test_arbitrary_text_never_raises(text: str) -> None:
    for mention in find_dates(text, reference=REFERENCE):
        assert text[mention.span.start : mention.span.end] == mention.span.text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789년월일.,~-’() 지난오는까지부터간경분기상반하", max_size=80))
def test_date_like_noise_never_raises(text: str) -> None:
    mentions, _ = scan_dates(text, REFERENCE)
    positions = [(m.span.start, m.span.end) for m in mentions]
    assert positions == sorted(positions)
    assert all(a < b for a, b in positions)


@pytest.mark.parametrize("text", ["", " ", "\ud800", "a\udfffb", "\x00" * 10, "\U00011f50~올해", "\U00011f50 -\n2028년"])
def test_odd_strings(text: str) -> None:
    assert isinstance(find_dates(text), list)
    assert parse_date(text) is None


def test_parse_date() -> None:
    parsed = parse_date("2018년 4분기")
    assert parsed is not None and (parsed.start, parsed.end) == (dt.date(2018, 10, 1), dt.date(2018, 12, 31))
    assert parse_date("2018년 4분기 실적") is None


ADVERSARIAL = {
    "apostrophes": "’" * 4000,
    "digits": "1" * 4000,
    "no_spaces": "가나다라마바사아자차" * 400,
    "digit_commas": "1,2," * 1000,
    "dotted": "1.2." * 1000,
    "years": "2023년 " * 600,
    "tildes": "1~" * 2000,
    "days": "1일" * 2000,
    "parentheses": "(" * 4000,
    "mixed": "’23.8~9 2030년까지 (2.23) 지난 9일 " * 120,
}


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_linear_time(name: str) -> None:
    ratio = growth(lambda text: find_dates(text, reference=REFERENCE), ADVERSARIAL[name] * 4)
    assert ratio <= LINEAR_BAR, f"{name}: 8x input took {ratio:.1f}x the time"


def test_one_megabyte_without_spaces_finishes() -> None:
    text = ("가나다라마바사아자차카타파하" * 30000)[: 1_000_000 // 3] + "2023년"
    mentions = find_dates(text, reference=REFERENCE)
    assert [m.span.text for m in mentions] == ["2023년"]


# ---------------------------------------------------------------- deliberate differences from Duckling


def test_duckling_differences() -> None:
    """Our side of each example listed under ``duckling_differences`` in tests/corpus/dates.yaml."""
    corpus = yaml.safe_load((Path(__file__).parent / "corpus" / "dates.yaml").read_text(encoding="utf-8"))
    duckling_reference = dt.date(2013, 2, 12)
    listed = {entry["text"] for entry in corpus["duckling_differences"]}
    assert {"이번주 월요일", "신정", "2년전", "삼년안에", "1주일안에", "전주", "설날"} <= listed
    assert only("이번주 월요일", duckling_reference)["start"] == "2013-02-11"
    assert only("신정", duckling_reference)["start"] == "2013-01-01"
    two_years = only("2년전", duckling_reference)
    assert (two_years["grain"], two_years["start"]) == ("year", "2011-01-01")
    within = only("삼년안에", duckling_reference)
    assert (within["kind"], within["end"]) == ("deadline", "2016-02-12")
    assert only("1주일안에", duckling_reference)["kind"] == "deadline"
    assert find_dates("전주", reference=duckling_reference) == []
    assert find_dates("설날", reference=duckling_reference) == []


def test_digits_newer_than_the_interpreter_read_as_no_date() -> None:
    # regex's \d knows Kawi digits (U+11F50…) that int() of older Pythons cannot read.
    for text in ("0\U00011f50달", "\U00011f50\U00011f51년 \U00011f52월", "2\U00011f50년 3개월간"):
        assert all(m.span.text == text[m.span.start : m.span.end] for m in find_dates(text))
