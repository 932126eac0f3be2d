"""Korean amounts of money: every amount in running text, exact to the unit.

A handful of named rules find the amounts (``"<number> <currency>"``, ``"<currency>
<number>"``, ranges, ``"<number> 달러 <number> 센트"``, and ``"<number>억|조"`` with no
currency). The longest reading wins where they overlap; then each amount takes the
qualifier words around it (``약``, ``최대``, ``이상``, ``가량``) and, when its currency is a
generic one (a bare ``달러``), the currency the sentence has named (``9억 5,000만 캐나다
달러를 시작으로 … 6,000만 달러``, or a header ``투자액($ CA)``).

Currency names, qualifier words and counters live in ``data/``; numerals come from
:mod:`policydocs.extract.numbers`.

>>> [(m.amount, m.currency, m.span.text) for m in find_money("총 8조 7,417억원을 투자")]
[(Decimal('8741700000000'), 'KRW', '8조 7,417억원')]
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache
from typing import Any

import regex

from policydocs.data import read_text, read_tsv
from policydocs.extract.numbers import EXACT, NUMERAL_START, Numeral, numeral_pattern, read_numeral, scale_words
from policydocs.extract.rules import RULE_TIMEOUT_SECONDS, Candidate, Rule, longest_first
from policydocs.extract.text import normalize
from policydocs.models import MoneyMention, Span

# Amounts beyond this are not impossible in a text (hyperinflation, a typo, a digit run)
# but are worth a second look: they come back with a warning, never dropped.
IMPLAUSIBLE_AMOUNT = Decimal(10) ** 20
# How far back a sentence may reach for the currency that a bare 달러 inherits.
CONTEXT_WINDOW = 1000
DASHES = "~∼〜～\\-–—"


@dataclass(frozen=True)
class Currency:
    """One row of currencies.tsv: a way of writing a currency."""

    surface: str
    code: str
    family: str
    generic: bool
    position: str
    follow: str
    hangul_number: bool
    lone_digit: bool
    scale: Decimal
    warning: str


@dataclass(frozen=True)
class Reading:
    """What a rule read, before qualifiers and context are applied."""

    currency: Currency
    amount: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    approximate: bool = False
    written: bool = True  # the currency is written beside the number
    warnings: tuple[str, ...] = field(default=())


def _key(surface: str) -> str:
    return regex.sub(r"\s+", "", surface).upper()


@lru_cache(maxsize=None)
def currencies() -> tuple[Currency, ...]:
    """Every row of currencies.tsv."""
    return tuple(
        Currency(
            surface=row["surface"],
            code=row["code"],
            family=row["family"],
            generic=row["generic"] == "yes",
            position=row["position"],
            follow=row["follow"],
            hangul_number=row["hangul_number"] == "yes",
            lone_digit=row["lone_digit"] == "yes",
            scale=Decimal(row["scale"] or "1"),
            warning=row["warning"],
        )
        for row in read_tsv("currencies.tsv")
    )


@lru_cache(maxsize=None)
def _by_surface() -> dict[tuple[str, str], Currency]:
    """(position kind, key) -> currency; position kind is 'after' or 'before'."""
    table: dict[tuple[str, str], Currency] = {}
    for currency in currencies():
        for kind in ("after", "before"):
            if currency.position in (kind, "both"):
                table.setdefault((kind, _key(currency.surface)), currency)
    return table


def _lines(name: str) -> list[str]:
    return [line.strip() for line in read_text(name).splitlines() if line.strip() and not line.startswith("#")]


def _alternation(words: list[str]) -> str:
    return "|".join(regex.escape(word) for word in sorted(set(words), key=len, reverse=True))


def _surface_pattern(surface: str) -> str:
    """A surface as a pattern: its spaces optional, ASCII letters kept apart from words."""
    pattern = r"[ ]?".join(regex.escape(part) for part in surface.split(" "))
    if surface[:1].isascii() and surface[:1].isalpha():
        pattern = r"(?<![A-Za-z])" + pattern
    if surface[-1:].isascii() and surface[-1:].isalpha():
        pattern += r"(?![A-Za-z])"
    return pattern


@lru_cache(maxsize=None)
def _followers() -> str:
    return _alternation(_lines("currency_followers.txt"))


def _currency_pattern(kind: str, only: Any = None) -> str:
    rows = [c for c in currencies() if c.position in (kind, "both") and (only is None or only(c))]
    rows.sort(key=lambda c: len(c.surface), reverse=True)
    alternatives = []
    for currency in rows:
        pattern = _surface_pattern(currency.surface)
        if currency.follow == "particle":
            pattern += rf"(?=[^가-힣]|$|{_followers()})"
        alternatives.append(pattern)
    return "(?:" + "|".join(alternatives) + ")"


@lru_cache(maxsize=None)
def _not_money(position: str) -> list[str]:
    return [row["word"] for row in read_tsv("not_money.tsv") if row["position"] == position]


@dataclass(frozen=True)
class _Qualifier:
    word: str
    qualifier: str
    position: str
    space: bool
    particles: str


@lru_cache(maxsize=None)
def _qualifiers() -> dict[str, _Qualifier]:
    return {
        row["word"]: _Qualifier(row["word"], row["qualifier"], row["position"], row["space"] == "yes", row["particles"])
        for row in read_tsv("money_qualifiers.tsv")
    }


@dataclass(frozen=True)
class _Patterns:
    prefix_qualifier: regex.Pattern[str]
    suffix_qualifier: regex.Pattern[str]
    sentence_break: regex.Pattern[str]
    markers: dict[str, regex.Pattern[str]]  # family -> specific surfaces of that family
    hints: dict[str, regex.Pattern[str]]


@lru_cache(maxsize=None)
def _patterns() -> _Patterns:
    qualifiers = list(_qualifiers().values())
    before = [q.word for q in qualifiers if q.position == "before"]
    prefix = rf"(?<![가-힣])(?P<q>{_alternation(before)})[ ]?\Z"
    suffix_parts = []
    for q in sorted((q for q in qualifiers if q.position == "after"), key=lambda q: len(q.word), reverse=True):
        gap = "[ ]?" if q.space else ""
        if q.particles:
            gap = rf"(?:[{q.particles}][ ]?|{gap})"
        suffix_parts.append(rf"{gap}(?P<q_{len(suffix_parts)}>{regex.escape(q.word)})")
    suffix = "|".join(f"(?:{part})" for part in suffix_parts)
    markers: dict[str, list[str]] = {}
    hints: dict[str, list[str]] = {}
    for currency in currencies():
        if currency.position == "hint":
            hints.setdefault(currency.family, []).append(currency.surface)
        elif not currency.generic:
            markers.setdefault(currency.family, []).append(currency.surface)
    return _Patterns(
        prefix_qualifier=regex.compile(prefix),
        suffix_qualifier=regex.compile(suffix),
        sentence_break=regex.compile(r"\n[ \t]*\n|(?<=[가-힣)\]\"'”’])[.!?。](?=\s)"),
        markers={
            family: regex.compile("|".join(_surface_pattern(s) for s in sorted(words, key=len, reverse=True)))
            for family, words in markers.items()
        },
        hints={family: regex.compile(_alternation(words)) for family, words in hints.items()},
    )


# ---------------------------------------------------------------- readings


def _numeral(text: str) -> Numeral | None:
    return read_numeral(text)


def _currency(kind: str, surface: str) -> Currency | None:
    return _by_surface().get((kind, _key(surface)))


def _scaled(value: Decimal, currency: Currency) -> Decimal:
    return EXACT.multiply(value, currency.scale) if currency.scale != 1 else value


def _allowed(numeral_text: str, numeral: Numeral, currency: Currency) -> bool:
    """Short currency names accept only numbers that cannot be the start of a word."""
    if currency.hangul_number and not numeral.hangul:
        return False  # 3불 is "three nos", 만불 is 10,000 dollars
    if not currency.lone_digit and len(numeral_text) == 1 and not numeral_text.isdigit():
        return numeral.value >= 10  # 사원, 일원, 이유로 are words; 십원, 백원, 만원 are money
    return True


def _single(numeral_text: str, currency: Currency, **extra: Any) -> Reading | None:
    numeral = _numeral(numeral_text)
    if numeral is None or not _allowed(numeral_text, numeral, currency):
        return None
    if numeral.upper is not None:
        return Reading(
            currency,
            low=_scaled(numeral.value, currency),
            high=_scaled(numeral.upper, currency),
            warnings=(f"vague amount {numeral_text!r}: read as the range its vague digit allows (2 to 9)",),
            **extra,
        )
    return Reading(currency, amount=_scaled(numeral.value, currency), approximate=numeral.approximate, **extra)


def _range(low_text: str, high_text: str, currency: Currency) -> Reading | None:
    """``5~10억 원``: the unit of the second number applies to a first that has none."""
    low, high = _numeral(low_text), _numeral(high_text)
    if low is None or high is None or not _allowed(high_text, high, currency):
        return None
    low_value, warnings = low.value, ()
    high_value = high.upper if high.upper is not None else high.value
    if low.upper is not None or high.upper is not None:
        warnings = (f"vague amount {low_text}~{high_text}: read as the widest range its vague digits allow",)
    if low.top_exponent is None and high.top_exponent is not None:
        scaled = EXACT.multiply(low.value, Decimal(10) ** high.top_exponent)
        if scaled <= high_value:
            low_value = scaled
        else:
            warnings = (f"the unit of {high_text!r} would put {low_text!r} above it; read {low_text!r} as written",)
    if low_value > high_value:
        return None
    return Reading(
        currency,
        low=_scaled(low_value, currency),
        high=_scaled(high_value, currency),
        approximate=low.approximate or high.approximate,
        warnings=warnings,
    )


def _produce_after(match: regex.Match[str], context: Any) -> Reading | None:
    currency = _currency("after", match["cur"])
    return None if currency is None else _single(match["num"], currency)


def _produce_range(match: regex.Match[str], context: Any) -> Reading | None:
    currency = _currency("after", match["cur"])
    if currency is None:
        return None
    if match["lowcur"] is not None:
        low_currency = _currency("after", match["lowcur"])
        if low_currency is None or low_currency.code != currency.code or low_currency.scale != currency.scale:
            return None
    return _range(match["low"], match["num"], currency)


def _with_scale(numeral_text: str, scale_word: str | None) -> str | None:
    """``1.2`` + ``billion`` -> ``1200000000`` (as text the numeral reader accepts)."""
    if not scale_word:
        return numeral_text
    numeral = _numeral(numeral_text)
    if numeral is None or numeral.top_exponent is not None or numeral.upper is not None:
        return None
    value = EXACT.multiply(numeral.value, scale_words()[scale_word.lower()])
    return format(value, "f")


def _produce_before(match: regex.Match[str], context: Any) -> Reading | None:
    currency = _currency("before", match["cur"])
    if currency is None:
        return None
    low_text = _with_scale(match["num"], match["scale"])
    if low_text is None:
        return None
    if match["high"] is None:
        return _single(low_text, currency)
    if match["highcur"] is not None:
        high_currency = _currency("before", match["highcur"])
        if high_currency is None or high_currency.code != currency.code:
            return None
    high_text = _with_scale(match["high"], match["highscale"])
    return None if high_text is None else _range(low_text, high_text, currency)


def _produce_cents(match: regex.Match[str], context: Any) -> Reading | None:
    dollars = _currency("after", match["cur"])
    cents = _currency("after", match["centcur"])
    whole, part = _numeral(match["num"]), _numeral(match["cents"])
    if dollars is None or cents is None or whole is None or part is None or part.value >= 100:
        return None
    if whole.upper is not None or part.upper is not None:
        return None
    return Reading(dollars, amount=EXACT.add(_scaled(whole.value, dollars), _scaled(part.value, cents)))


_PLAIN_JO = regex.compile(r"[0-9]+조")


@lru_cache(maxsize=None)
def _won() -> Currency:
    return _by_surface()[("after", "원")]


def _produce_bare(match: regex.Match[str], context: Any) -> Reading | None:
    numeral = _numeral(match["num"])
    if numeral is None or numeral.top_exponent is None or numeral.top_exponent < 8:
        return None
    if _PLAIN_JO.fullmatch(match["num"]):
        return None  # 4조, 70조: a group (4조에 편성), an article (규약 70조), a team (2인 1조)
    warning = "no currency written beside the amount; read as KRW, the currency of a bare 억/조 amount in Korean text"
    reading = _single(match["num"], _won(), written=False)
    return None if reading is None else replace(reading, warnings=(*reading.warnings, warning))


# ---------------------------------------------------------------- rules


def _bounded_numeral(name: str) -> str:
    return rf"{NUMERAL_START}(?P<{name}>{numeral_pattern()})"


@lru_cache(maxsize=None)
def rules() -> tuple[Rule[Reading], ...]:
    """The RULES of this module, compiled on first use so that ``import policydocs`` stays fast.

    The first four start at a numeral, the last at a currency sign or code.
    """
    after = _currency_pattern("after")
    before = _currency_pattern("before")
    number = _bounded_numeral("num")
    dash = rf"[ ]?[{DASHES}][ ]?"
    scale = rf"(?:[ ]?(?P<scale>{_alternation(list(scale_words()))})(?![A-Za-z]))?"
    high_scale = scale.replace("(?P<scale>", "(?P<highscale>")
    dollar = _currency_pattern("after", lambda c: c.family == "dollar" and c.generic and c.scale == 1)
    cent = _currency_pattern("after", lambda c: c.family == "dollar" and c.scale != 1)
    counters = _alternation(_not_money("after"))
    law_words = _alternation(_not_money("before"))
    word_ends = rf"(?=[^가-힣]|$|{_followers()})"
    return (
        Rule(
            "<number>~<number> <currency>",
            regex.compile(
                rf"{_bounded_numeral('low')}(?:[ ]?(?P<lowcur>{after}))?{dash}(?P<num>{numeral_pattern()})"
                rf"[ ]?(?P<cur>{after})"
            ),
            _produce_range,
            priority=2,
        ),
        Rule("<number> <currency>", regex.compile(rf"{number}[ ]?(?P<cur>{after})"), _produce_after, priority=2),
        Rule(
            "<number> 달러 <number> 센트",
            regex.compile(rf"{number}[ ]?(?P<cur>{dollar})[ ]?(?P<cents>{numeral_pattern()})[ ]?(?P<centcur>{cent})"),
            _produce_cents,
            priority=2,
        ),
        Rule(
            "<number>억|조 (no currency)",
            # Only digit-led numerals: a Hangul one alone is too often a word (구조, 일조, 수조).
            regex.compile(
                rf"(?<!(?:{law_words})[ ]?){NUMERAL_START}(?=[0-9])(?P<num>{numeral_pattern()}){word_ends}"
                rf"(?![ ]?(?:{counters}){word_ends})(?![ ]?(?:{after}|{before}))"
            ),
            _produce_bare,
            priority=1,
        ),
        Rule(
            "<currency> <number>",
            regex.compile(
                rf"(?P<cur>{before})[ ]?(?P<num>{numeral_pattern()}){scale}"
                rf"(?:{dash}(?P<highcur>{before})?[ ]?(?P<high>{numeral_pattern()}){high_scale})?"
            ),
            _produce_before,
            priority=2,
        ),
    )


def __getattr__(name: str) -> Any:
    if name == "RULES":
        return rules()
    raise AttributeError(name)


# ---------------------------------------------------------------- where to look
#
# Running every rule over every position of a 50 MB corpus would be slow: Hangul numeral
# syllables (이, 사, 일, 구, 천) are everywhere in Korean. Three cheap scans find the few
# places where an amount can start -- a digit run followed by a unit, a currency or a
# dash; a Hangul numeral at the start of a word followed by a currency; a currency sign
# -- and the rules are tried only there.


@dataclass(frozen=True)
class _Scanners:
    digit_runs: regex.Pattern[str]
    hangul_numerals: regex.Pattern[str]
    signs: regex.Pattern[str]
    code_before: regex.Pattern[str]
    continuation: frozenset[str]  # what may follow a digit run in an amount


@lru_cache(maxsize=None)
def _scanners() -> _Scanners:
    lex_chars = "일이삼사오육칠팔구십백천만억조경수몇여점쩜영공"
    after_starts = {c.surface[0] for c in currencies() if c.position in ("after", "both")}
    before_signs = {c.surface[-1] for c in currencies() if c.position in ("before", "both") and not c.surface[-1].isalpha()}
    hangul_after = "".join(sorted(ch for ch in after_starts if not ch.isascii()))
    return _Scanners(
        digit_runs=regex.compile(r"[0-9]++(?:[,.][0-9]++)*+"),
        hangul_numerals=regex.compile(
            rf"[^가-힣0-9][일이삼사오육칠팔구십백천만수몇][{lex_chars}]*+[ ]?[{regex.escape(hangul_after)}]"
        ),
        signs=regex.compile(f"[{regex.escape(''.join(sorted(before_signs)))}]"),
        code_before=regex.compile(r"(?<![A-Za-z])[A-Z]{3}[ ]?\Z"),
        continuation=frozenset(after_starts | set(lex_chars) | set(DASHES.replace("\\", ""))),
    )


def _anchors(view: str) -> tuple[list[int], list[int]]:
    """Where a numeral may start an amount, and where a currency sign or code may."""
    scanners = _scanners()
    numbers: list[int] = []
    currencies_first: list[int] = []
    continuation = scanners.continuation
    for match in scanners.digit_runs.finditer(view):
        start, end = match.span()
        following = view[end : end + 1]
        if following == " ":
            following = view[end + 1 : end + 2]
        if following and following in continuation:
            numbers.append(start)
        preceding = view[start - 1 : start] if start else ""
        if preceding == " " and start > 1:
            preceding = view[start - 2 : start - 1]
        if "A" <= preceding <= "Z":
            code = scanners.code_before.search(view, max(0, start - 4), start)
            if code is not None:
                currencies_first.append(code.start())
    for match in scanners.hangul_numerals.finditer(view):
        numbers.append(match.start() + 1)
    if view[:1] in "일이삼사오육칠팔구십백천만수몇":
        numbers.append(0)
    for match in scanners.signs.finditer(view):
        # US$, HK$, CA$: the sign may end a longer prefix.
        currencies_first.extend(range(max(0, match.start() - 2), match.start() + 1))
    return numbers, currencies_first


def _candidates(view: str) -> tuple[list[Candidate[Reading]], list[str]]:
    number_rules, currency_rules = rules()[:4], rules()[4:]
    numbers, currencies_first = _anchors(view)
    found: list[Candidate[Reading]] = []
    timed_out: list[str] = []
    for positions, applicable in ((numbers, number_rules), (currencies_first, currency_rules)):
        for position in sorted(set(positions)):
            for rule in applicable:
                try:
                    match = rule.pattern.match(view, position, timeout=RULE_TIMEOUT_SECONDS)
                except TimeoutError:
                    timed_out.append(rule.name)
                    continue
                if match is None or match.end() == match.start():
                    continue
                value = rule.produce(match, None)
                if value is not None:
                    found.append(Candidate(match.start(), match.end(), value, rule.name, rule.priority))
    return found, timed_out


# ---------------------------------------------------------------- qualifiers and context


def _extend_with_qualifiers(
    text: str, candidate: Candidate[Reading], lower: int, upper: int
) -> tuple[int, int, list[str]]:
    """Widen a candidate over the qualifier words beside it, within [lower, upper)."""
    patterns, table = _patterns(), _qualifiers()
    start, end, found = candidate.start, candidate.end, []
    window_start = max(lower, start - 4)
    before = patterns.prefix_qualifier.search(text[window_start:start])
    if before is not None:
        start = window_start + before.start()
        found.append(table[before["q"]].qualifier)
    after = patterns.suffix_qualifier.match(text, end, upper)
    if after is not None:
        word = next(value for name, value in after.groupdict().items() if value is not None)
        if after.end() == upper or not _continues_word(text, after.end(), table[word]):
            end = after.end()
            found.append(table[word].qualifier)
    return start, end, found


def _continues_word(text: str, position: int, qualifier: _Qualifier) -> bool:
    """대 of 원대 is a qualifier; 대 of 원대한 is not (the word goes on)."""
    if qualifier.word != "대" or position >= len(text):
        return False
    return bool(regex.match(r"[가-힣]", text[position])) and not regex.match(_followers(), text[position:])


def _qualifier(reading: Reading, words: list[str]) -> tuple[str, list[str]]:
    if reading.amount is None:
        return "range", []
    bounds = [w for w in words if w != "approximate"]
    warnings = []
    if len(set(bounds)) > 1:
        warnings.append(f"conflicting qualifiers {bounds}; kept {bounds[-1]!r}")
    if bounds:
        return bounds[-1], warnings
    if "approximate" in words or reading.approximate:
        return "approximate", warnings
    return "exact", warnings


def _sentence_start(text: str, position: int) -> int:
    window_start = max(0, position - CONTEXT_WINDOW)
    last = window_start
    for match in _patterns().sentence_break.finditer(text, window_start, position):
        last = match.end()
    return last


def _context_currency(text: str, start: int, reading: Reading) -> tuple[str, bool, list[str]]:
    """The code of a generic currency (달러): from the sentence's own specific one, if any."""
    currency = reading.currency
    if not currency.generic:
        return currency.code, not reading.written, []
    patterns = _patterns()
    sentence = _sentence_start(text, start)
    marker_pattern = patterns.markers.get(currency.family)
    last = None
    if marker_pattern is not None:
        for last in marker_pattern.finditer(text, sentence, start):
            pass
    if last is not None:
        marker = _currency("after", last.group()) or _currency("before", last.group())
        if marker is None:
            marker = next((c for c in currencies() if _key(c.surface) == _key(last.group())), None)
        if marker is not None and marker.code != currency.code:
            return marker.code, True, []
        return currency.code, False, []
    hint_pattern = patterns.hints.get(currency.family)
    if hint_pattern is not None:
        sentence_end = _sentence_end(text, start)
        for hint in hint_pattern.finditer(text, sentence, sentence_end):
            code = next(c.code for c in currencies() if c.position == "hint" and c.surface == hint.group())
            if code != currency.code:
                return currency.code, False, [
                    f"{currency.surface} in a sentence that names {hint.group()}: read as {currency.code}, may be {code}"
                ]
    return currency.code, False, []


def _sentence_end(text: str, position: int) -> int:
    window_end = min(len(text), position + CONTEXT_WINDOW)
    match = _patterns().sentence_break.search(text, position, window_end)
    return match.start() if match else window_end


# ---------------------------------------------------------------- the finder


def find_money(text: str) -> list[MoneyMention]:
    """Every amount of money in running text, in text order.

    >>> [m.model_dump(mode="json")["qualifier"] for m in find_money("약 20억 캐나다 달러, 5~10억 원")]
    ['approximate', 'range']
    """
    if not isinstance(text, str) or not text:
        return []
    normalized = normalize(text)
    view = normalized.text
    candidates, timed_out = _candidates(view)
    chosen = longest_first(candidates)
    mentions = []
    for index, candidate in enumerate(chosen):
        lower = chosen[index - 1].end if index else 0
        upper = chosen[index + 1].start if index + 1 < len(chosen) else len(view)
        mention = _mention(normalized, candidate, lower, upper)
        if mention is not None:
            mentions.append(mention)
    if timed_out and mentions:
        mentions[0].warnings.append(f"rules timed out and may have missed amounts: {timed_out}")
    return mentions


def _mention(normalized: Any, candidate: Candidate[Reading], lower: int, upper: int) -> MoneyMention | None:
    view, reading = normalized.text, candidate.value
    if view[candidate.start : candidate.end] in _not_money("exact"):
        return None
    start, end, words = _extend_with_qualifiers(view, candidate, lower, upper)
    qualifier, warnings = _qualifier(reading, words)
    code, inferred, context_warnings = _context_currency(view, candidate.start, reading)
    warnings = [*reading.warnings, *context_warnings, *warnings]
    if reading.currency.warning:
        warnings.append(reading.currency.warning)
    largest = reading.amount if reading.amount is not None else reading.high
    if largest is not None and largest > IMPLAUSIBLE_AMOUNT:
        warnings.append("amount above 10^20: implausible for money; check the source")
    original_start, original_end, original_text = normalized.original_slice(start, end)
    if original_end <= original_start:
        return None
    return MoneyMention(
        amount=reading.amount,
        currency=code,
        qualifier=qualifier,
        min=reading.low,
        max=reading.high,
        currency_inferred=inferred,
        span=Span(start=original_start, end=original_end, text=original_text),
        warnings=warnings,
    )
