"""TechForecast: a quantity, the future time it is expected at, and a forecast cue.

``’30년 전 세계 전기차 운행대수가 4,400만 대에 달할 것으로 예상``: a cue word
(전망/예상/기대/예측/목표/추정, data group ``forecast_cue``), a quantity with a unit
(``quantity_unit``, or an amount of money) and a date written *before* the quantity in
the same sentence or item. ``’20년 평균 51kWh → ’30년 69kWh`` gives a baseline. Items
under a heading such as ``’24년 전망`` inherit its date and cue.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import regex

from policydocs.extract.numbers import parse_number
from policydocs.extract.records import context
from policydocs.extract.records.funding import instrument_cue
from policydocs.extract.records.context import (
    ANY_DIGIT,
    BLOCK_REACH,
    FORECAST_CUES,
    QUALIFIERS,
    DocumentView,
    UnitView,
    WordIndex,
    build,
    date_value,
    find_all,
    organization,
    overlap_free,
    pattern,
    squash,
    strip_particle,
    subject,
    value_of,
    words,
    year_of,
)
from policydocs.models import DateMention, OrganizationMention, TechForecast

HANGUL_START = regex.compile(r"\p{Hangul}")
SPACE_THEN_HANGUL = regex.compile(r"\s+\p{Hangul}")
LATIN = regex.compile(r"[A-Za-z]")
LETTER = regex.compile(r"\p{L}")
YEARISH = regex.compile(r"[’'‘`]?\d")
NUMBERISH = regex.compile(r"[\d’'‘.,~→%]+")
CLAUSE_LINK = regex.compile(r"[,(){}\[\]▲※∙]|(?:하며|하고|하면서|으로|되어)\s")
COUNTER_UNITS = {"대", "개", "건", "명"}
# PARTICLE_NEXT, COUNTER_OK_NEXT and METRIC_AFTER are matched at a position of the unit's text, not on a slice.
PARTICLE_NEXT = regex.compile(r"(?:이상|이하|이|가|은|는|을|를|에|의|로|으로|와|과|까지|씩|도|만|규모|수준|가량|정도)")
COUNTER_OK_NEXT = regex.compile(r"\s+(?:이상|이하|가량|정도|규모|수준|내외|안팎|이|가)")
BASELINE_LINK = regex.compile(r"→|->|⇒|에서\s")
QUALIFIER_WORDS = (("이상", "at_least"), ("돌파", "more_than"), ("넘", "at_least"), ("이하", "at_most"), ("최대", "at_most"))
APPROXIMATE = regex.compile(r"(?:약|대략|가량|정도|경|내외|안팎)")
LABEL = regex.compile(r"^[^\w(]*\((?P<label>[^()]{2,20})\)")
GENERIC_METRIC = {"평균", "약", "최대", "총", "연간", "다시", "전체", "규모", "수준", "이르면"}
OBJECT_PARTICLE = regex.compile(r"(?:을|를|은|는|이|가|의|에)$")  # not 과/와: 경제효과 keeps its 과
ADNOMINAL_END = regex.compile(r"(?:한|된|는|인|할|될|에|에서|으로|로|까지)$")
UNIT_METRIC = {"대": "대수", "%": "비율", "배": "증가 배수", "건": "건수", "개": "개수", "명": "인원"}


@lru_cache(maxsize=1)
def _quantity() -> regex.Pattern[str]:
    units = "|".join(f"(?:{word})" for word, _ in words("quantity_unit"))
    return regex.compile(
        r"(?<![\d.,])(?P<number>\d(?:[\d,]*\d)?(?:\.\d+)?(?:\s?[천백]?\s?[만억조])?)\s?"
        rf"(?P<unit>{units})(?![A-Za-z])"
        r"|(?<!\p{Hangul})(?P<number>한|두|세|네|다섯|여섯|일곱|여덟|아홉|열)\s?(?P<unit>건|개|곳|명|대|배)(?!\p{Hangul})"
    )


@lru_cache(maxsize=1)
def _quantity_hints() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The two branches of ``_quantity()`` without their look-arounds, for the stdlib engine:
    where ``_quantity()`` matches, one of them does (its ``\\s`` takes every space ``regex``
    takes, ``ANY_DIGIT`` every digit). Two searches are faster than one over both."""
    units = "|".join(f"(?:{word})" for word, _ in words("quantity_unit"))
    d = f"[{ANY_DIGIT}]"
    digits = re.compile(rf"{d}(?:[{ANY_DIGIT},]*{d})?(?:\.{d}+)?(?:\s?[천백]?\s?[만억조])?\s?(?:{units})")
    counted = re.compile(r"(?:한|두|세|네|다섯|여섯|일곱|여덟|아홉|열)\s?[건개곳명대배]")
    return digits, counted


def _quantity_start(view: UnitView) -> int | None:
    """Where ``_quantities(view)`` may find its first quantity: None when it finds none (no
    amount of money, no number with a unit), else where ``_quantity()`` may first match
    (the first hint, or the end of the text when only money can be a quantity)."""
    if not context.SHORTCUTS:
        return 0
    text = view.text
    found = [match.start() for match in (hint.search(text) for hint in _quantity_hints()) if match is not None]
    if found:
        return min(found)
    return len(text) if any(money.amount is not None for money in view.money) else None


@dataclass(slots=True)
class Quantity:
    start: int  # local offsets in the unit
    end: int
    value: Decimal
    unit: str
    qualifier: str


def _quantities(view: UnitView, under_heading: bool = False, start: int = 0) -> list[Quantity]:
    """The quantities of a unit; ``_quantity()`` matches none before ``start`` (its look-behinds see the text before it)."""
    found = []
    text = view.text
    for match in _quantity().finditer(text, start):
        rest = match.end()
        if HANGUL_START.match(text, rest) and not PARTICLE_NEXT.match(text, rest):
            continue  # ``3대 전략``-like words, not a unit
        unit = _unit(match.group("unit"))
        if unit in COUNTER_UNITS and SPACE_THEN_HANGUL.match(text, rest) and not COUNTER_OK_NEXT.match(text, rest):
            continue  # ``10대 제조업``, ``45개 세부사업``: a counter on a noun, not a quantity
        if any(d.span.start <= view.unit.start + match.start() < d.span.end for d in view.dates):
            continue
        number = _number(match.group("number").replace(" ", ""))  # digits, or 한/두/세 …
        if number is None:
            continue
        found.append(Quantity(match.start(), match.end(), number, unit, _qualifier(text, match.start(), match.end())))
    for money in view.money:
        start, end = view.local(money.span.start), view.local(money.span.end)
        committed = instrument_cue(view, start, end)
        if money.amount is None or (committed is not None and committed[1] and not under_heading):
            continue  # money next to 투자/예산/지원 is a commitment, not a forecast value
        found.append(Quantity(start, end, money.amount, money.currency, money.qualifier))
    return sorted(found, key=lambda q: q.start)


@lru_cache(maxsize=256)
def _unit(written: str) -> str:
    """The unit a ``quantity_unit`` word stands for; a unit in Latin letters is kept as written."""
    unit = value_of("quantity_unit", pattern("quantity_unit").fullmatch(written))
    return written if LATIN.search(written) else unit


@lru_cache(maxsize=4096)
def _number(written: str) -> Decimal | None:
    """``parse_number``, remembered: the same numbers come back in every document."""
    return parse_number(written)


def _qualifier(text: str, start: int, end: int) -> str:
    after, before = text[end : end + 8], text[max(0, start - 4) : start]
    for word, qualifier in QUALIFIER_WORDS:
        if word in after or word in before:
            return qualifier
    return "approximate" if APPROXIMATE.search(before) or APPROXIMATE.match(after.strip()) else "exact"


METRIC_AFTER = regex.compile(r"(?:\s*(?:이상|이하|가량|정도|규모|수준))?의\s+(?P<metric>\S+)")


def _metric_and_subject(view: UnitView, quantity: Quantity, after: int, fallback: str | None) -> tuple[str, str]:
    """What is measured (metric) and of what (subject), from the words around the quantity.

    ``’30년 전 세계 전기차 운행대수가 4,400만 대`` -> (전 세계 전기차, 운행대수);
    ``글로벌 스크랩 수요가 ’35년 약 3.9TWh`` -> (글로벌 스크랩, 수요), read before the date;
    ``135억 캐나다 달러 이상의 경제효과`` -> metric after the quantity.
    """
    label = LABEL.match(view.text)
    tokens = _words(view.text[after : quantity.start])
    if not [t for t in tokens if t not in GENERIC_METRIC]:
        tokens = _words(view.text[:after]) if after else tokens
        tokens = [t for t in tokens if not YEARISH.match(t)]
    behind = METRIC_AFTER.match(view.text, quantity.end)
    if behind:
        metric = OBJECT_PARTICLE.sub("", behind.group("metric")) or behind.group("metric")
        subject_words = [] if after else tokens[-4:]
    elif tokens:
        metric = tokens[-1]
        subject_words = tokens[:-1]
        if metric in GENERIC_METRIC and subject_words:
            metric = f"{subject_words.pop()} {metric}"
        elif metric in GENERIC_METRIC:
            metric = f"{metric} {UNIT_METRIC.get(quantity.unit, '용량')}"
    else:
        metric = UNIT_METRIC.get(quantity.unit, "규모" if len(quantity.unit) == 3 and quantity.unit.isupper() else "용량")
        subject_words = []
    subject_text = label.group("label") if label else " ".join(subject_words[-4:]) or fallback or metric
    return subject_text, metric


def _words(text: str) -> list[str]:
    """Content words of a stretch of text: particles stripped, numbers and clause links dropped."""
    clause = CLAUSE_LINK.split(squash(text))[-1]
    out = []
    for token in clause.split():
        adnominal, word = _content_word(token)
        if adnominal:
            out = []  # ``필요한``, ``감축에``: what came before qualifies something else
        elif word:
            out.append(word)
    return out


@lru_cache(maxsize=16384)
def _content_word(token: str) -> tuple[bool, str | None]:
    """A token as ``_words`` reads it: (adnominal, the word without its particle or None to skip it).

    An adnominal word (``필요한``) qualifies what follows it. Remembered: words recur.
    """
    if NUMBERISH.match(token) or not LETTER.search(token):
        return False, None
    return ADNOMINAL_END.search(token) is not None, strip_particle(token)


def _cue(text: str) -> str | None:
    cues = find_all("forecast_cue", text)
    return cues[-1][2] if cues else None


def _cue_within(cues: WordIndex, text: str, start: int) -> str | None:
    """``_cue(text)`` for ``text == document[start:start + len(text)]``: None at once when no
    cue word lies there, and read from the index when cue words cannot overlap."""
    end = start + len(text)
    if context.SHORTCUTS and overlap_free("forecast_cue"):
        last = cues.last_within(start, end)
        return None if last is None else _cue_value(text[last[0] - start : last[1] - start])
    return _cue(text) if cues.any_within(start, end) else None


def _block_cue(cues: WordIndex, doc: DocumentView, view: UnitView) -> str | None:
    """``_cue(doc.block_text(view))``, the block cut out only when a cue word lies in it."""
    start, end = doc.block_start(view), doc.block_end(view)
    if context.SHORTCUTS and overlap_free("forecast_cue"):
        last = cues.last_within(start, end)
        return None if last is None else _cue_value(doc.text[last[0] : last[1]])
    return _cue(doc.text[start:end]) if cues.any_within(start, end) else None


@lru_cache(maxsize=64)
def _cue_value(word: str) -> str:
    return find_all("forecast_cue", word)[0][2]


def _may_cue(cues: WordIndex, view: UnitView, heading: UnitView | None) -> bool:
    """False when neither the unit, nor its heading, nor its block holds a cue word: one
    search of the stretch that spans the unit and its block (``block_text``), one of the heading."""
    if not context.SHORTCUTS:
        return True
    unit = view.unit
    start, end = unit.start, unit.start + len(view.text)
    low, high = max(unit.block_start, start - BLOCK_REACH), min(unit.block_end, unit.end + BLOCK_REACH)
    if cues.any_within(min(start, low), max(end, high)):
        return True
    return heading is not None and cues.any_within(heading.unit.start, heading.unit.start + len(heading.text))


def _valid_forecast(values: dict) -> bool:
    """Whether TechForecast accepts ``values`` as they are (values of the types validation gives)."""
    return (
        len(values["subject"]) >= 1
        and len(values["metric"]) >= 1
        and len(values["unit"]) >= 1
        and _finite(values["value"])
        and (values["baseline_value"] is None or _finite(values["baseline_value"]))
        and all(year is None or 1900 <= year <= 2200 for year in (values["baseline_year"], values["target_year"]))
        and values["qualifier"] in QUALIFIERS
        and values["cue"] in FORECAST_CUES
    )


def _finite(value: object) -> bool:
    return type(value) is Decimal and value.is_finite()


class _Forecasters:
    """Who states what in each unit (``subject``), and the last one stated up to a unit: the
    forecaster a unit without its own inherits. Read only for the units that hold a forecast."""

    def __init__(self, doc: DocumentView) -> None:
        self._views = doc.views
        self._named = list(doc.having(doc.with_orgs))  # a unit without an organisation states none
        self._subjects: dict[int, OrganizationMention | None] = {}
        self._last: dict[int, OrganizationMention | None] = {}  # position in _named -> the last subject up to it

    def stated(self, index: int) -> OrganizationMention | None:
        if index not in self._subjects:
            self._subjects[index] = subject(self._views[index])
        return self._subjects[index]

    def last(self, index: int) -> OrganizationMention | None:
        """The subject of the last unit up to ``index`` (included) that states one."""
        position = bisect.bisect_right(self._named, index) - 1
        walked = []
        found = None
        while position >= 0:
            if position in self._last:
                found = self._last[position]
                break
            walked.append(position)
            found = self.stated(self._named[position])
            if found is not None:
                break
            position -= 1
        for step in walked:
            self._last[step] = found
        return found


def tech_forecasts(doc: DocumentView, reference_year: int | None) -> list[TechForecast]:
    """Every quantified forecast stated in the body.

    A forecast needs a date (the unit's or its heading's), a quantity and a cue word (the
    unit's, its heading's or its block's); only the units that have the first two are read
    for the third, and only those with all three for who states them.
    """
    out: list[TechForecast] = []
    forecasters = _Forecasters(doc)
    cues: WordIndex | None = None
    for index in doc.having(sorted({*doc.with_dates, *doc.heading_of})):
        view = doc.views[index]
        heading = doc.heading_of.get(index)
        dates = list(view.dates) or (list(heading.dates) if heading else [])
        if not dates:
            continue  # a forecast needs the date it is for
        cues = cues or doc.word_index("forecast_cue")
        start = _quantity_start(view) if _may_cue(cues, view, heading) else None
        if start is None:
            continue  # … a cue word and a quantity
        cue = (
            _cue_within(cues, view.text, view.unit.start)
            or (_cue_within(cues, heading.text, heading.unit.start) if heading else None)
            or _block_cue(cues, doc, view)
        )
        if cue is None:
            continue
        stated = forecasters.stated(index)
        forecaster = forecasters.last(index)
        out.extend(_forecasts(view, cue, dates, forecaster, stated is not None, reference_year, heading is not None, start))
    return out


def _forecasts(
    view: UnitView,
    cue: str,
    dates: list[DateMention],
    forecaster: OrganizationMention | None,
    stated_here: bool,
    reference_year: int | None,
    under_heading: bool,
    start: int = 0,
) -> list[TechForecast]:
    records = []
    quantities = _quantities(view, under_heading, start)
    previous: tuple[Quantity, DateMention | None] | None = None
    for quantity in quantities:
        absolute = view.unit.start + quantity.start
        before = [d for d in dates if d.span.end <= absolute and d.span.start >= view.unit.start]
        date = before[-1] if before else (dates[0] if dates and dates[0].span.start < view.unit.start else None)
        if date is None:
            previous = None
            continue
        year = year_of(date)
        if year is not None and reference_year is not None and year < reference_year:
            previous = (quantity, date)
            continue
        baseline = None
        if previous is not None and BASELINE_LINK.search(view.text[previous[0].end : quantity.start]):
            baseline = previous
            if records and records[-1].value == baseline[0].value:
                records.pop()
        after = view.local(date.span.end) if date.span.start >= view.unit.start else 0
        fallback = forecaster.name if forecaster else None
        if previous is not None and previous[0].end > after:
            after = previous[0].end  # the words after the previous quantity name this one
            fallback = records[-1].subject if records else fallback  # … of the same subject
        subject_text, metric = _metric_and_subject(view, quantity, max(0, after), fallback)
        interval = date.kind in ("interval", "duration", "relative") and date.start != date.end
        values = {
            "evidence": [view.evidence()],
            "confidence": "high" if stated_here else ("medium" if forecaster else "low"),
            "subject": subject_text,
            "metric": metric,
            "value": quantity.value,
            "unit": quantity.unit,
            "qualifier": quantity.qualifier,
            "baseline_value": baseline[0].value if baseline else None,
            "baseline_year": year_of(baseline[1]) if baseline and baseline[1] is not None else None,
            "target_year": None if interval else year,
            "target_period": date_value(date) if interval else None,
            "forecaster": organization(forecaster) if forecaster else None,
            "cue": cue,
        }
        records.append(build(TechForecast, values, _valid_forecast(values)))
        previous = (quantity, date)
    return records
