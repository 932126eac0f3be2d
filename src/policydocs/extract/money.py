"""Korean amounts of money: every amount in running text, exact to the unit.

Three named rules read the amounts (``"<number>[~<number>] <currency>"``, ``"<currency>
<number>"`` and ``"<number>억|조"`` with no currency written). The longest reading wins
where they overlap; then each amount takes the qualifier words beside it (``약``,
``최대``, ``이상``, ``가량``) and, when its currency is a generic one (a bare ``달러``),
the currency its sentence has named (``9억 5,000만 캐나다 달러를 시작으로 … 6,000만
달러``, or a header ``투자액($ CA)``).

Currency names, qualifier words and what is not money live in ``data/``; numerals come
from :mod:`policydocs.extract.numbers`.

>>> [(m.amount, m.currency, m.span.text) for m in find_money("총 8조 7,417억원을 투자")]
[(Decimal('8741700000000'), 'KRW', '8조 7,417억원')]
"""

from __future__ import annotations

import bisect
import itertools
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache
from typing import Any, get_args

import regex

from policydocs.data import currency_codes, read_text, read_tsv
from policydocs.extract.numbers import (
    EXACT,
    NUMERAL_START,
    Numeral,
    numeral_characters,
    numeral_pattern,
    read_numeral,
    scale_words,
)
from policydocs.extract.rules import Candidate, Rule, longest_first
from policydocs.extract.text import NormalizedText, normalize
from policydocs.models import MoneyMention, Span
from policydocs.models.trusted import trusted
from policydocs.models.values import Qualifier

# Amounts beyond this are not impossible in a text (hyperinflation, a typo, a digit run)
# but are worth a second look: they come back with a warning, never dropped.
IMPLAUSIBLE_AMOUNT = Decimal(10) ** 20
# How far back a sentence may reach for the currency that a bare 달러 inherits.
CONTEXT_WINDOW = 1000
DASHES = "~∼〜～-–—"

# ---------------------------------------------------------------- data


@dataclass(frozen=True)
class Currency:
    """One row of currencies.tsv: one way of writing a currency."""

    surface: str
    code: str
    family: str
    generic: bool
    position: str
    follow: str
    digits_from: Decimal | None
    lone_digit: bool
    scale: Decimal
    warning: str


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
            digits_from=Decimal(row["digits_from"]) if row["digits_from"] else None,
            lone_digit=row["lone_digit"] == "yes",
            scale=Decimal(row["scale"] or "1"),
            warning=row["warning"],
        )
        for row in read_tsv("currencies.tsv")
    )


def _key(surface: str) -> str:
    return surface.replace(" ", "").upper()


@lru_cache(maxsize=None)
def _by_surface() -> dict[tuple[str, str], Currency]:
    """('after' | 'before' | 'any', key) -> currency."""
    table: dict[tuple[str, str], Currency] = {}
    for currency in currencies():
        for side in ("after", "before"):
            if currency.position in (side, "both"):
                table.setdefault((side, _key(currency.surface)), currency)
        table.setdefault(("any", _key(currency.surface)), currency)
    return table


def _currency(side: str, surface: str | None) -> Currency | None:
    return None if surface is None else _by_surface().get((side, _key(surface)))


def _lines(name: str) -> list[str]:
    return [line.strip() for line in read_text(name).splitlines() if line.strip() and not line.startswith("#")]


def _alternation(words: list[str] | set[str], escape: Callable[[str], str] = regex.escape) -> str:
    return "|".join(escape(word) for word in sorted(set(words), key=len, reverse=True))


def _surfaces(side: str, keep: Callable[[Currency], bool] = lambda c: True) -> str:
    """A literal alternation of the surfaces written on ``side`` of a number.

    Literal only (spaces optional): the regex engine matches it fast, and the checks that
    need context (what follows 원, what precedes USD) are made once a match is found.
    """
    surfaces = {c.surface for c in currencies() if c.position in (side, "both") and keep(c)}
    ordered = sorted(surfaces, key=len, reverse=True)
    return "(?:" + "|".join(r"[ ]?".join(regex.escape(part) for part in s.split(" ")) for s in ordered) + ")"


@lru_cache(maxsize=None)
def _followers() -> regex.Pattern[str]:
    """What may follow a short currency name (원, 엔, 위안): not Hangul, or a particle."""
    return regex.compile(rf"[^가-힣]|\Z|{_alternation(_lines('currency_followers.txt'))}")


@lru_cache(maxsize=None)
def _not_money(position: str) -> tuple[str, ...]:
    return tuple(row["word"] for row in read_tsv("not_money.tsv") if row["position"] == position)


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


# ---------------------------------------------------------------- readings


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


def _scaled(value: Decimal, currency: Currency) -> Decimal:
    return EXACT.multiply(value, currency.scale) if currency.scale != 1 else value


def _fits(numeral_text: str, numeral: Numeral, currency: Currency) -> bool:
    """Short currency names accept only numbers that cannot be the start of a word."""
    if currency.digits_from is not None and not numeral.hangul and numeral.value < currency.digits_from:
        return False  # 3불 is "three nos"; 10불 and 만불 are dollars
    if not currency.lone_digit and len(numeral_text) == 1 and not numeral_text.isdigit():
        return numeral.value >= 10  # 사원, 일원, 이유로 are words; 십원, 백원, 만원 are money
    return True


def _written_apart(view: str, match: regex.Match[str], group: str, currency: Currency) -> bool:
    """Is the currency of ``group`` a word of its own (not the 원 of 원칙, the USD of USDT)?"""
    start, end = match.span(group)
    if currency.follow == "particle" and not _followers().match(view, end):
        return False
    if currency.surface[-1:].isascii() and currency.surface[-1:].isalpha() and view[end : end + 1].isascii():
        if view[end : end + 1].isalpha():
            return False
    if currency.surface[:1].isascii() and currency.surface[:1].isalpha() and start:
        before = view[start - 1]
        if before.isascii() and before.isalpha():
            return False
    return True


def _single(numeral_text: str, currency: Currency, written: bool = True, lone: bool = False) -> Reading | None:
    """One amount; ``lone`` lets a lone Hangul digit through (이불이십삼센트: cents follow)."""
    numeral = read_numeral(numeral_text)
    if numeral is None or (not lone and not _fits(numeral_text, numeral, currency)):
        return None
    if numeral.upper is not None:
        return Reading(
            currency,
            low=_scaled(numeral.value, currency),
            high=_scaled(numeral.upper, currency),
            written=written,
            warnings=(f"vague amount {numeral_text!r}: read as the range its vague digit allows (2 to 9)",),
        )
    return Reading(currency, amount=_scaled(numeral.value, currency), approximate=numeral.approximate, written=written)


def _range(low_text: str, high_text: str, currency: Currency) -> Reading | None:
    """``5~10억 원``: the unit of the second number applies to a first that has none."""
    low, high = read_numeral(low_text), read_numeral(high_text)
    if low is None or high is None or not _fits(high_text, high, currency):
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


def _read_after(match: regex.Match[str], view: str) -> Reading | None:
    """``<number>[~<number>] <currency>[ <number> 센트]``."""
    currency = _currency("after", match["cur"])
    if currency is None or not _written_apart(view, match, "cur", currency):
        return None
    if match["high"] is not None:
        if match["lowcur"] is not None:
            low_currency = _currency("after", match["lowcur"])
            if low_currency is None or low_currency.code != currency.code or low_currency.scale != currency.scale:
                return None
            if not _written_apart(view, match, "lowcur", low_currency):
                return None
        return _range(match["num"], match["high"], currency)
    reading = _single(match["num"], currency, lone=match["cents"] is not None)
    if reading is None or match["cents"] is None or reading.amount is None:
        return reading
    cents = read_numeral(match["cents"])
    cent_currency = _currency("after", match["centcur"])
    if cents is None or cent_currency is None or cents.upper is not None or cents.value >= 100:
        return None
    return replace(reading, amount=EXACT.add(reading.amount, _scaled(cents.value, cent_currency)))


def _with_scale(numeral_text: str, scale_word: str | None) -> str | None:
    """``1.2`` + ``billion`` -> ``1200000000`` (as text the numeral reader accepts)."""
    if not scale_word:
        return numeral_text
    numeral = read_numeral(numeral_text)
    if numeral is None or numeral.top_exponent is not None or numeral.upper is not None:
        return None
    return format(EXACT.multiply(numeral.value, scale_words()[scale_word.lower()]), "f")


def _read_before(match: regex.Match[str], view: str) -> Reading | None:
    """``$3,750``, ``EUR 20``, ``US$ 1.2 billion``, ``$10-$20``, ``$1-2.5 billion``."""
    currency = _currency("before", match["cur"])
    if currency is None or not _written_apart(view, match, "cur", currency):
        return None
    if match["high"] is None:
        low_text = _with_scale(match["num"], match["scale"])
        return None if low_text is None else _single(low_text, currency)
    if match["highcur"] is not None:
        high_currency = _currency("before", match["highcur"])
        if high_currency is None or high_currency.code != currency.code:
            return None
    high_text = _with_scale(match["high"], match["highscale"])
    if high_text is None:
        return None
    # The scale word of the second number applies to a first without one, as a unit does.
    for low_scale in dict.fromkeys((match["scale"] or match["highscale"], match["scale"])):
        low_text = _with_scale(match["num"], low_scale)
        reading = None if low_text is None else _range(low_text, high_text, currency)
        if reading is not None:
            return reading
    return None


_PLAIN_JO = regex.compile(r"[0-9]+조")


@lru_cache(maxsize=None)
def _bare_checks() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """After a bare amount: a counter (14억 명) or a currency name the rules refused."""
    word_end = rf"(?:{_followers().pattern})"
    counters = regex.compile(rf"[ ]?(?:{_alternation(_not_money('after'))}){word_end}")
    currency = regex.compile(rf"[ ]?(?:{_surfaces('after')}|{_surfaces('before')})")
    return counters, currency


def _read_bare(match: regex.Match[str], view: str) -> Reading | None:
    """``매출 2조4715억``: 억 and 조 amounts in Korean text are won even unwritten."""
    end = match.end()
    counters, currency = _bare_checks()
    if not _followers().match(view, end) or counters.match(view, end) or currency.match(view, end):
        return None
    numeral = read_numeral(match["num"])
    if numeral is None or numeral.top_exponent is None or numeral.top_exponent < 8:
        return None
    if _PLAIN_JO.fullmatch(match["num"]):
        return None  # 4조, 70조: a group (4조에 편성), an article (규약 70조), a team (2인 1조)
    reading = _single(match["num"], _by_surface()[("after", "원")], written=False)
    warning = "no currency written beside the amount; read as KRW, the currency of a bare 억/조 amount in Korean text"
    return None if reading is None else replace(reading, warnings=(*reading.warnings, warning))


# ---------------------------------------------------------------- rules


def _spellings(words: set[str]) -> list[str]:
    """Every way of writing ``words`` with each space kept or left out (as ``_surfaces`` reads them)."""
    spelled = set()
    for word in words:
        parts = word.split(" ")
        for gaps in itertools.product((" ", ""), repeat=len(parts) - 1):
            spelled.add(parts[0] + "".join(gap + part for gap, part in zip(gaps, parts[1:])))
    return sorted(spelled, key=lambda word: (-len(word), word))


def _after_one_of(words: list[str]) -> str:
    """``(?<=a|bc)`` as one fixed-width lookbehind per word: the stdlib re takes only those."""
    return "(?:" + "|".join(f"(?<={regex.escape(word)})" for word in words) + ")"


def _not_after_any_of(words: list[str]) -> str:
    """``(?<!a|bc)`` as one fixed-width lookbehind per word."""
    return "".join(f"(?<!{regex.escape(word)})" for word in words)


def _rule_sources() -> tuple[tuple[str, str, Callable[[Any, str], Reading | None], int], ...]:
    """(name, pattern, production, priority) of each rule; the patterns read the same in re and regex."""
    number = numeral_pattern()
    after, before = _surfaces("after"), _surfaces("before")
    dash = rf"[ ]?[{regex.escape(DASHES)}][ ]?"
    dollars = _spellings({c.surface for c in currencies() if c.position in ("after", "both") and c.family == "dollar" and c.generic and c.scale == 1})
    cents = _surfaces("after", lambda c: c.family == "dollar" and c.scale != 1)
    scale = rf"(?:[ ]?(?P<scale>{_alternation(set(scale_words()))})(?![A-Za-z]))?"
    law_words = sorted({suffix for word in _not_money("before") for suffix in (word, word + " ")})  # 법 / 법 before a number
    return (
        (
            "<number>[~<number>] <currency>[ <number> 센트]",
            rf"{NUMERAL_START}(?P<num>{number})(?:(?:[ ]?(?P<lowcur>{after}))?{dash}(?P<high>{number}))?"
            rf"[ ]?(?P<cur>{after})(?:{_after_one_of(dollars)}[ ]?(?P<cents>{number})[ ]?(?P<centcur>{cents}))?",
            _read_after,
            2,
        ),
        (
            "<number>억|조 (no currency)",
            rf"{_not_after_any_of(law_words)}{NUMERAL_START}(?=[0-9])(?P<num>{number})",
            _read_bare,
            1,
        ),
        (
            "<currency> <number>[~<number>]",
            rf"(?P<cur>{before})[ ]?(?P<num>{number}){scale}"
            rf"(?:{dash}(?P<highcur>{before})?[ ]?(?P<high>{number}){scale.replace('<scale>', '<highscale>')})?",
            _read_before,
            2,
        ),
    )


# The stdlib re matches the rules about 3x faster than regex; it reads the possessive
# quantifiers of the numeral pattern from Python 3.11 on.
_RULE_ENGINE: Any = re if sys.version_info >= (3, 11) else regex


@lru_cache(maxsize=None)
def rules() -> tuple[Rule[Reading], ...]:
    """The RULES of this module, compiled on first use so that ``import policydocs`` stays fast.

    The first two start at a numeral, the last at a currency sign or code. ``produce``
    takes the match and the (normalised) text it was found in. Compiled by the stdlib re
    where it can (``reference_rules`` are the same patterns compiled by regex, for the tests).
    """
    return tuple(Rule(name, _RULE_ENGINE.compile(source), read, priority=priority) for name, source, read, priority in _rule_sources())


@lru_cache(maxsize=None)
def reference_rules() -> tuple[Rule[Reading], ...]:
    """``rules()`` with the patterns compiled by regex (the tests check that both read the same)."""
    return tuple(Rule(name, regex.compile(source), read, priority=priority) for name, source, read, priority in _rule_sources())


def __getattr__(name: str) -> Any:
    if name == "RULES":
        return rules()
    raise AttributeError(name)


# ---------------------------------------------------------------- where to look
#
# Trying the rules at every position of a 50 MB corpus would be slow: Hangul numeral
# syllables (이, 사, 일, 구, 천) are everywhere in Korean. Three cheap scans find the few
# places where an amount can start -- a digit run followed by a unit, a currency or a
# dash (or preceded by a currency code); a Hangul numeral at the start of a word followed
# by a currency; a currency sign -- and the rules are tried only there. The scans use the
# standard library's re, which is several times faster than regex on such classes.


@dataclass(frozen=True)
class _Scanners:
    digits: re.Pattern[str]
    hangul: re.Pattern[str]
    signs: str  # the last characters of currency signs ($ of US$): each looked for on its own


@lru_cache(maxsize=None)
def _scanners() -> _Scanners:
    characters = numeral_characters()
    starts, inside = characters.starts, characters.inside
    units = characters.units + characters.approximate  # not the 일 of 3일: a unit must follow digits
    after = {c.surface for c in currencies() if c.position in ("after", "both")}
    spellings = after | {surface.replace(" ", "") for surface in after}
    # Their first letters ahead: re tries each of ~90 words in turn, and most places have none.
    currency_words = f"(?=[{re.escape(''.join(sorted({word[0] for word in spellings})))}])(?:{_alternation(spellings, re.escape)})"
    signs = {c.surface[-1] for c in currencies() if c.position in ("before", "both") and not c.surface[-1].isalnum()}
    # The set first and the boundary after: re skips non-numeral characters fastest that way.
    run = f"[{inside}]{{0,40}}(?: [{inside}]{{1,40}}){{0,8}}"  # 팔조 칠천사백십칠억 원: groups apart; bounded
    hangul = f"[{starts}](?<![가-힣0-9].)(?=(?P<run>{run}))(?P=run) ?(?:[{re.escape(DASHES)}]|{currency_words})"
    codes = "|".join(sorted(c.surface for c in currencies() if c.position in ("before", "both") and len(c.surface) == 3 and c.surface.isalpha()))
    return _Scanners(
        # A digit run that goes on into an amount, or that a currency code precedes (USD 20).
        digits=re.compile(
            # (?=(?P<run>...))(?P=run) is an atomic group that re of Python 3.10 can run: a long
            # digit run is read once, never backtracked into (10,000 digits stay linear).
            # The digit's left boundary is the rules' (NUMERAL_START): not after a digit, nor
            # after a comma or point that follows one (1,234 / 2.5); after a word, a comma or a
            # point starts a number (5억원,3억원 / 밝혔다.5억원).
            rf"[0-9](?<![0-9][0-9])(?<![0-9][,.][0-9])(?:(?P<code>(?<=(?:{codes})[0-9])|(?<=(?:{codes}) [0-9]))"
            rf"|(?=(?P<run>[0-9]*(?:[,.][0-9]+)*))(?P=run)(?= ?(?:[{units}{re.escape(DASHES)}]|{currency_words})))"
        ),
        hangul=re.compile(hangul),
        signs="".join(sorted(signs)),
    )


def _anchors(view: str) -> tuple[list[int], list[int]]:
    """Where a numeral may start an amount, and where a currency sign or code may."""
    scanners = _scanners()
    numbers: list[int] = []
    prefixes: list[int] = []
    for match in scanners.digits.finditer(view):
        start = match.start()
        if match.group("code") is not None:
            prefixes.append(start - 4 if view[start - 1] == " " else start - 3)
        numbers.append(start)  # a number after a code may be an amount of its own (USD0원)
    numbers.extend(match.start() for match in scanners.hangul.finditer(view))
    # Signs are rare in Korean pages: a search for each (at the speed of a character search)
    # costs a tenth of one scan for all of them.
    for sign in scanners.signs:
        at = view.find(sign)
        while at >= 0:
            prefixes.extend(range(max(0, at - 2), at + 1))  # US$, HK$, CA$
            at = view.find(sign, at + 1)
    return sorted(set(numbers)), sorted(set(prefixes))


def _candidates(view: str) -> list[Candidate[Reading]]:
    with_currency, bare, currency_first = rules()
    numbers, prefixes = _anchors(view)
    found: list[Candidate[Reading]] = []

    def attempt(rule: Rule[Reading], position: int) -> bool:
        # No timeout here (it costs more than the match): anchored at one position, every
        # pattern is linear -- possessive numerals, literal currencies -- and the 1x-vs-8x
        # tests hold it to that.
        match = rule.pattern.match(view, position)
        if match is None or match.end() == match.start():
            return False
        value = rule.produce(match, view)
        if value is None:
            return False
        found.append(Candidate(match.start(), match.end(), value, rule.name, rule.priority))
        return True

    covered = 0  # end of the last amount read: an anchor inside it (the 7,417 of 8조 7,417억원)
    for position in numbers:  # can only give a shorter reading of the same amount
        if position < covered:
            continue
        if attempt(with_currency, position):
            covered = found[-1].end
            continue
        if not view[position].isdigit():
            continue
        ahead = view[position : position + 40]
        if "억" in ahead or "조" in ahead:  # the bare rule reads only 억 and 조 amounts
            attempt(bare, position)
    for position in prefixes:
        attempt(currency_first, position)
    return found


# ---------------------------------------------------------------- qualifiers and context


@dataclass(frozen=True)
class _Context:
    prefix_qualifier: regex.Pattern[str]
    prefix_last_characters: frozenset[str]
    suffix_qualifier: regex.Pattern[str]
    suffix_first_characters: frozenset[str]
    # family -> the surfaces that name one currency of it (캐나다 달러, $ CA) and the
    # countries that own one (캐나다, position "hint")
    names: dict[str, re.Pattern[str]]


@lru_cache(maxsize=None)
def _context() -> _Context:
    qualifiers = list(_qualifiers().values())
    before = [q.word for q in qualifiers if q.position == "before"]
    suffix_parts = []
    for q in sorted((q for q in qualifiers if q.position == "after"), key=lambda q: len(q.word), reverse=True):
        gap = "[ ]?" if q.space else ""
        if q.particles:
            gap = rf"(?:[{q.particles}][ ]?|{gap})"
        suffix_parts.append(rf"{gap}(?P<q{len(suffix_parts)}>{regex.escape(q.word)})")
    names: dict[str, list[str]] = {}
    for currency in currencies():
        if not currency.generic:
            names.setdefault(currency.family, []).append(currency.surface)
    return _Context(
        prefix_qualifier=regex.compile(rf"(?<![가-힣])(?P<q>{_alternation(before)})[ ]?\Z"),
        prefix_last_characters=frozenset(word[-1] for word in before),
        suffix_qualifier=regex.compile("|".join(f"(?:{part})" for part in suffix_parts)),
        suffix_first_characters=frozenset(
            ch for q in qualifiers if q.position == "after" for ch in q.word[0] + q.particles
        ),
        names={family: re.compile(_alternation(words, re.escape)) for family, words in names.items()},
    )


def _extend_with_qualifiers(view: str, start: int, end: int, lower: int, upper: int) -> tuple[int, int, list[str]]:
    """Widen an amount over the qualifier words beside it, within [lower, upper)."""
    context, table = _context(), _qualifiers()
    found = []
    # Most amounts have no qualifier: look at one character on each side before any regex.
    last = view[max(0, start - 2) : start].strip()[-1:]
    if last and last in context.prefix_last_characters:
        before = context.prefix_qualifier.search(view, max(lower, start - 4), start)
        if before is not None:
            start = before.start()
            found.append(table[before["q"]].qualifier)
    first = view[end : end + 2].strip()[:1]
    after = context.suffix_qualifier.match(view, end, upper) if first and first in context.suffix_first_characters else None
    if after is not None:
        word = next(value for value in after.groups() if value is not None)
        if word != "대" or _followers().match(view, after.end()):  # 80만 원대로, not 원대한
            end = after.end()
            found.append(table[word].qualifier)
    return start, end, found


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


# What ends a sentence in these pages: a blank line, or a full stop before a space. A single
# line break does not: PDF text wraps sentences (and table rows) over several lines.
SENTENCE_BREAKS = ("\n\n", "\n \n", "\n\t\n", ". ", ".\n", "? ", "?\n", "! ", "!\n", "。")


def _sentence(view: str, position: int) -> tuple[int, int]:
    """The sentence around ``position``: from the last break before it to the next one."""
    low, high = max(0, position - CONTEXT_WINDOW), min(len(view), position + CONTEXT_WINDOW)
    starts = [found + len(mark) for mark in SENTENCE_BREAKS if (found := view.rfind(mark, low, position)) >= 0]
    start = max(starts, default=low)
    ends = [found for found in (view.find(mark, position, high) for mark in SENTENCE_BREAKS) if found >= 0]
    return start, min(ends, default=high)


def _ascii_word_at(view: str, start: int, end: int) -> bool:
    return not (start and view[start - 1].isascii() and view[start - 1].isalpha()) and not (
        end < len(view) and view[end].isascii() and view[end].isalpha()
    )


class _ContextIndex:
    """Where the text names a currency of a family (캐나다 달러, $ CA) or a country that
    owns one (캐나다).

    Built lazily, one scan per family, the first time an amount in a generic currency of
    that family (달러, $) needs it; then each amount looks up its sentence by bisection.
    """

    def __init__(self, view: str) -> None:
        self.view = view
        self._names: dict[str, tuple[list[int], list[Currency]]] = {}

    def names(self, family: str) -> tuple[list[int], list[Currency]]:
        if family not in self._names:
            positions: list[int] = []
            found: list[Currency] = []
            pattern = _context().names.get(family)
            for match in pattern.finditer(self.view) if pattern is not None else ():
                currency = _currency("any", match.group())
                if currency is not None and _ascii_word_at(self.view, match.start(), match.end()):
                    positions.append(match.start())
                    found.append(currency)
            self._names[family] = (positions, found)
        return self._names[family]


def _context_currency(index: _ContextIndex, start: int, reading: Reading) -> tuple[str, bool, list[str]]:
    """The code of a generic currency (달러): the one its sentence has named, if any."""
    currency = reading.currency
    if not currency.generic:
        return currency.code, not reading.written, []
    positions, names = index.names(currency.family)
    nearby = bisect.bisect_left(positions, start - CONTEXT_WINDOW)
    if nearby == bisect.bisect_left(positions, start + CONTEXT_WINDOW):
        return currency.code, False, []  # nothing named nearby: the common case, no sentence needed
    sentence_start, sentence_end = _sentence(index.view, start)
    first, before = bisect.bisect_left(positions, sentence_start), bisect.bisect_left(positions, start)
    for name in reversed(names[first:before]):
        if name.position != "hint":  # the last currency the sentence named before the amount
            return name.code, name.code != currency.code, []
    for position, name in zip(positions[first:], names[first:]):
        if position >= sentence_end:
            break
        if name.code != currency.code:  # only hints are left: a country that owns a dollar
            warning = f"{currency.surface} in a sentence that names {name.surface}: read as {currency.code}, may be {name.code}"
            return currency.code, False, [warning]
    return currency.code, False, []


# ---------------------------------------------------------------- the finder


def find_money(text: str) -> list[MoneyMention]:
    """Every amount of money in running text, in text order.

    >>> [m.model_dump(mode="json")["qualifier"] for m in find_money("약 20억 캐나다 달러, 5~10억 원")]
    ['approximate', 'range']
    """
    if not isinstance(text, str) or not text:
        return []
    normalized = normalize(text)
    chosen = longest_first(_candidates(normalized.text))
    context = _ContextIndex(normalized.text)
    mentions = []
    for index, candidate in enumerate(chosen):
        lower = chosen[index - 1].end if index else 0
        upper = chosen[index + 1].start if index + 1 < len(chosen) else len(normalized.text)
        mention = _mention(normalized, context, candidate, lower, upper)
        if mention is not None:
            mentions.append(mention)
    return mentions


def _mention(
    normalized: NormalizedText, context: _ContextIndex, candidate: Candidate[Reading], lower: int, upper: int
) -> MoneyMention | None:
    view, reading = normalized.text, candidate.value
    if view[candidate.start : candidate.end] in _not_money("exact"):
        return None
    start, end, words = _extend_with_qualifiers(view, candidate.start, candidate.end, lower, upper)
    qualifier, warnings = _qualifier(reading, words)
    code, inferred, context_warnings = _context_currency(context, candidate.start, reading)
    warnings = [*reading.warnings, *context_warnings, *warnings]
    if reading.currency.warning:
        warnings.append(reading.currency.warning)
    largest = reading.amount if reading.amount is not None else reading.high
    if largest is not None and largest > IMPLAUSIBLE_AMOUNT:
        warnings.append("amount above 10^20: implausible for money; check the source")
    original_start, original_end, original_text = normalized.original_slice(start, end)
    if original_end <= original_start:
        return None
    values = {
        "amount": reading.amount,
        "currency": code,
        "qualifier": qualifier,
        "min": reading.low,
        "max": reading.high,
        "currency_inferred": inferred,
        "span": {"start": original_start, "end": original_end, "text": original_text},
        "warnings": warnings,
    }
    if not _valid_money(values):  # one validation for the mention and its span, which raises
        return MoneyMention.model_validate(values)
    values["span"] = trusted(Span, values["span"], _SPAN_FIELDS)
    return trusted(MoneyMention, values, _MENTION_FIELDS)


_SPAN_FIELDS = frozenset(Span.model_fields)
_MENTION_FIELDS = frozenset(MoneyMention.model_fields)
_QUALIFIERS = frozenset(get_args(Qualifier))


def _valid_money(values: dict[str, Any]) -> bool:
    """Whether ``MoneyMention.model_validate(values)`` accepts the values as they are (then it
    changes none of them, and ``models.trusted`` builds the same mention without its cost).

    The span comes from a slice of the caller's text after a check that it is not empty.
    """
    amount, low, high, qualifier = values["amount"], values["min"], values["max"], values["qualifier"]
    if qualifier not in _QUALIFIERS or values["currency"] not in currency_codes() or type(values["currency_inferred"]) is not bool:
        return False
    if qualifier == "range":
        if amount is not None or not (_finite(low) and _finite(high) and 0 <= low <= high):
            return False
    elif not (_finite(amount) and amount >= 0) or low is not None or high is not None:
        return False
    span = values["span"]
    start, end = span["start"], span["end"]
    return (
        type(start) is int and type(end) is int and 0 <= start < end == start + len(span["text"])
        and all(type(warning) is str for warning in values["warnings"])
    )


def _finite(value: Any) -> bool:
    return type(value) is Decimal and value.is_finite()
