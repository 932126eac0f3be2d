"""Korean numerals shared by money and dates.

Korean writes one number in many ways, often mixed in one phrase: digits with commas
(``7,417``), Sino-Korean words (``이천칠백삼십오만``), native words (``서른다섯``), and the
press style that puts digits in front of the myriad units (``8조 7,417억``, ``3천66억``).
This module reads them all into an exact ``Decimal`` and offers the pattern that finds
them in running text, so that money and dates agree on what a number is.

Stable public names (other extractors import them):

- :func:`parse_number` -- one numeral (the whole string) to a ``Decimal``, or ``None``.
- :func:`read_numeral` -- the value of a numeral found with :func:`numeral_pattern`, with
  what the money reader needs besides (``여`` "and more", vague ``수``/``몇``, the top unit).
- :func:`numeral_pattern` -- regex source (no capturing groups, no boundaries) for one
  non-negative numeral in running text; :data:`NUMERAL_START` is the left boundary to put
  in front of it, so that a numeral never starts inside a longer number or word.
- :func:`numeral_characters` -- the Hangul characters of numerals, for cheap pre-scans.
- :func:`big_unit_exponent` -- ``"억"`` -> 8: the myriad units by name.

The words themselves (digits, units, native numbers) live in ``data/numerals.tsv``.

>>> parse_number("8조 7,417억")
Decimal('8741700000000')
>>> parse_number("서른다섯"), parse_number("일점이삼")
(Decimal('35'), Decimal('1.23'))
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

import regex

from policydocs.data import read_tsv
from policydocs.extract.text import normalize

# Exact arithmetic: big enough that adding and multiplying never rounds (a 10,000-digit
# amount stays exact); the default context would round to 28 digits.
EXACT = decimal.Context(prec=decimal.MAX_PREC, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)
# Division (3/4, 사분의삼) may not terminate: this context says so instead of rounding.
_DIVISION = decimal.Context(prec=60, traps=[decimal.Inexact, decimal.InvalidOperation, decimal.DivisionByZero])

MAX_NUMERAL_TOKENS = 40

NUMERAL_START = r"(?:(?=[0-9])(?<![0-9.])(?<![0-9],)|(?<![0-9가-힣]))"
"""Left boundary for :func:`numeral_pattern`: not inside a number (``1,234``, ``2.5``),
and a Hangul numeral not inside a word (the ``천`` of ``천안시``, the ``조`` of ``조회``)."""


class Numeral(NamedTuple):
    """What a numeral says: its value, and how sure it is.

    ``value`` is exact; with a vague coefficient (``수십억``: "several billion") it is the
    lower reading and ``upper`` the higher one (2 and 9 for the vague digit).
    """

    value: Decimal
    approximate: bool = False  # 여: 7억여 = "700 million and some"
    top_exponent: int | None = None  # exponent of the largest myriad unit written (억 -> 8)
    upper: Decimal | None = None  # set only for vague numerals (수/몇)
    hangul: bool = False  # some part is written in Hangul (not digits only)


@dataclass(frozen=True)
class _Lexicon:
    """numerals.tsv, grouped by kind."""

    by_word: dict[str, tuple[str, str]]  # word -> (kind, value)
    digits: str  # single-syllable Sino digits 1-9, as a character class body
    zero_to_nine: str
    small_units: dict[int, str]  # 10 -> 십
    big_units: dict[int, str]  # exponent -> 만/억/조/경
    vague: str
    approximate: str
    decimal_points: str
    scale_words: dict[str, Decimal]


@lru_cache(maxsize=None)
def _lexicon() -> _Lexicon:
    by_word = {row["word"]: (row["kind"], row["value"]) for row in read_tsv("numerals.tsv")}

    def words(kind: str) -> list[str]:
        return [word for word, (k, _) in by_word.items() if k == kind]

    sino = [w for w in words("digit") if by_word[w][1] != "0"]
    return _Lexicon(
        by_word=by_word,
        digits="".join(sino),
        zero_to_nine="".join(words("digit")),
        small_units={int(by_word[w][1]): w for w in words("small_unit")},
        big_units={len(by_word[w][1]) - 1: w for w in words("big_unit")},
        vague="".join(words("vague")),
        approximate="".join(words("approximate")),
        decimal_points="".join(words("decimal_point")),
        scale_words={w: Decimal(by_word[w][1]) for w in words("scale_word")},
    )


def big_unit_exponent(word: str) -> int | None:
    """``"억"`` -> 8, ``"만"`` -> 4; None for anything that is not a myriad unit."""
    for exponent, unit in _lexicon().big_units.items():
        if unit == word:
            return exponent
    return None


def scale_words() -> dict[str, Decimal]:
    """English scale words (million, bn, ...) and their values, for ``$1.2 billion``."""
    return dict(_lexicon().scale_words)


class NumeralCharacters(NamedTuple):
    """Hangul characters of numerals, for cheap scans that find where a numeral could be
    before the full pattern is tried."""

    starts: str  # may start a numeral: 일..구, 십백천, 만, 수몇
    inside: str  # may appear in one: the above, 억조경, 여, 점, zeros
    units: str  # 십백천만억조경
    approximate: str  # 여


@lru_cache(maxsize=None)
def numeral_characters() -> NumeralCharacters:
    """The Hangul characters of numerals (see :class:`NumeralCharacters`)."""
    lex = _lexicon()
    small = "".join(lex.small_units.values())
    big = "".join(lex.big_units.values())
    zeros = "".join(sorted(set(lex.zero_to_nine) - set(lex.digits)))
    return NumeralCharacters(
        starts=f"{lex.digits}{small}{lex.big_units[4]}{lex.vague}",
        inside=f"{lex.digits}{small}{big}{lex.vague}{lex.approximate}{lex.decimal_points}{zeros}",
        units=small + big,
        approximate=lex.approximate,
    )


@lru_cache(maxsize=None)
def numeral_pattern() -> str:
    """Regex source for one non-negative numeral in running text.

    Covers digits (``27,350,000``, ``2.5``), Sino-Korean (``이천칠백삼십오만``, ``일점이삼``),
    the press style (``8조 7,417억``, ``3천66억``, ``1억 5900여 만``) and vague coefficients
    (``수십억``). It recognises the *extent* of a numeral quickly and without backtracking
    (every repetition is possessive); :func:`read_numeral` then checks that the parts
    make one number (``1억 2억`` does not) and gives its value.

    - A Hangul digit is taken only where it multiplies a unit (``3천``, ``이만``) or, in a
      numeral written wholly in Hangul, as its last digit (``삼십오``). So ``10억이 넘는``
      ends at ``억``.
    - A space is taken only after a myriad unit and only when another group follows
      (``8조 7,417억``; ``삼억 오천만``): ``5784억 사라져`` ends at ``억``.

    No capturing groups; put :data:`NUMERAL_START` in front.
    """
    lex = _lexicon()
    small = "".join(lex.small_units.values())
    big = "".join(lex.big_units.values())
    points, approx, vague, sino = lex.decimal_points, lex.approximate, lex.vague, lex.digits
    arabic = r"[0-9]++(?:[,.][0-9]++)*+"
    multiplier = f"[{sino}](?=[{small}{big}{points}])|[{vague}](?=[{small}{big}])"
    decimal_part = f"[{points}][{lex.zero_to_nine}]++"
    space = f"(?<=[{big}{approx}])[ ](?=[0-9]|[{sino}{vague}{small}]*+[{big}])"
    hangul_tokens = f"{multiplier}|[{small}{big}]|{decimal_part}|{approx}|{space}"
    # At most MAX_NUMERAL_TOKENS parts: a real numeral has a dozen (팔조 칠천사백십칠억 has
    # 11), and the bound keeps a text of "1억 1억 1억 ..." linear to scan.
    digit_led = f"{arabic}(?:{arabic}|{hangul_tokens}){{0,{MAX_NUMERAL_TOKENS}}}+"
    hangul_led = (
        f"(?=[{sino}{vague}{small}{lex.big_units[4]}])(?:(?:{hangul_tokens}){{1,{MAX_NUMERAL_TOKENS}}}+[{sino}]?|[{sino}])"
    )
    return f"(?:{digit_led}|{hangul_led})"


@lru_cache(maxsize=None)
def _tokenizer() -> regex.Pattern[str]:
    lex = _lexicon()
    words = sorted(lex.by_word, key=len, reverse=True)
    word_alternation = "|".join(regex.escape(word) for word in words)
    return regex.compile(
        rf"(?P<digits>[0-9]+(?:,[0-9]{{3}})*(?:\.[0-9]+)?)"
        rf"|(?P<decimal>[{lex.decimal_points}][{lex.zero_to_nine}]+)"
        rf"|(?P<word>{word_alternation})"
        rf"|(?P<space>\s+)"
        rf"|(?P<other>.)",
        regex.DOTALL | regex.IGNORECASE,
    )


class _Reader:
    """Reads one numeral token by token: groups of four digits under myriad units."""

    def __init__(self, vague_digit: Decimal) -> None:
        self.vague_digit = vague_digit
        self.total = Decimal(0)
        self.group = Decimal(0)  # the part below the current myriad unit, from 십/백/천
        self.pending: Decimal | None = None  # a coefficient not yet placed
        self.pending_native_tens = False
        self.last_small = 10**5
        self.last_big = 10**6  # exponents; anything larger than 경's 16
        self.top_exponent: int | None = None
        self.approximate = False
        self.vague = False
        self.hangul = False
        self.decimal_seen = False
        self.anything = False

    def number(self, value: Decimal, native_ones: bool = False) -> bool:
        if self.decimal_seen:
            return False
        if self.pending is not None:
            if not (native_ones and self.pending_native_tens):
                return False  # two numbers in a row: 일이, 1 2
            self.pending = EXACT.add(self.pending, value)
            self.pending_native_tens = False
            return True
        if self.group and value >= self.last_small:
            return False  # 천5000
        self.pending = value
        return True

    def small_unit(self, value: int) -> bool:
        if value >= self.last_small or self.decimal_seen or self.pending_native_tens:
            return False
        coefficient = Decimal(1) if self.pending is None else self.pending
        if coefficient >= 10 and coefficient == coefficient.to_integral_value():
            return False  # 12천: a coefficient of 십/백/천 is one digit
        self.group = EXACT.add(self.group, EXACT.multiply(coefficient, Decimal(value)))
        self.pending, self.last_small = None, value
        return True

    def big_unit(self, exponent: int) -> bool:
        if exponent >= self.last_big or self.pending_native_tens:
            return False
        segment = self.segment()
        if segment is None:
            segment = Decimal(1)  # 만 = 10,000
        if self.top_exponent is not None and segment >= Decimal(10) ** (self.last_big - exponent):
            return False  # 1억 12345만: the segment reaches the unit before it
        self.total = EXACT.add(self.total, EXACT.multiply(segment, Decimal(10) ** exponent))
        self.group, self.pending = Decimal(0), None
        self.last_small, self.last_big = 10**5, exponent
        self.decimal_seen = False
        if self.top_exponent is None:
            self.top_exponent = exponent
        return True

    def fraction(self, digits: str) -> bool:
        if self.decimal_seen or self.pending_native_tens:
            return False
        segment = self.segment()
        if segment is None or segment != segment.to_integral_value():
            return False
        self.group = EXACT.add(segment, Decimal("0." + digits))
        self.pending, self.last_small, self.decimal_seen = None, 1, True
        return True

    def segment(self) -> Decimal | None:
        """The value written since the last myriad unit, or None when nothing was."""
        if self.pending is None and not self.group:
            return None
        return EXACT.add(self.group, self.pending or Decimal(0))

    def finish(self) -> Decimal | None:
        segment = self.segment()
        if segment is not None:
            if self.top_exponent is not None and segment >= Decimal(10) ** self.last_big:
                return None  # 1억 100000000: the tail is as large as the unit before it
            self.total = EXACT.add(self.total, segment)
        return self.total if self.anything else None


def _sino_digits_value(text: str) -> str | None:
    """The digit string of a Sino-Korean digit run (``이삼`` -> ``"23"``), for decimals."""
    lex = _lexicon()
    out = []
    for char in text:
        kind, value = lex.by_word.get(char, ("", ""))
        if kind != "digit":
            return None
        out.append(value)
    return "".join(out)


def _read(text: str, vague_digit: Decimal) -> tuple[_Reader, Decimal] | None:
    lex = _lexicon()
    reader = _Reader(vague_digit)
    for match in _tokenizer().finditer(text):
        kind = match.lastgroup
        token = match.group()
        if kind == "space":
            continue
        if kind == "digits":
            value = _digits_value(token)
            if value is None or not reader.number(value):
                return None
        elif kind == "decimal":
            digits = _sino_digits_value(token[1:])
            if digits is None or not reader.fraction(digits):
                return None
            reader.hangul = True
        elif kind == "word":
            word_kind, value = lex.by_word[token] if token in lex.by_word else lex.by_word[token.lower()]
            reader.hangul = reader.hangul or not token.isascii()
            if word_kind == "digit":
                ok = reader.number(Decimal(value))
            elif word_kind == "native_ones":
                ok = reader.number(Decimal(value), native_ones=True)
            elif word_kind == "native_tens":
                ok = reader.pending is None and reader.number(Decimal(value))
                reader.pending_native_tens = ok
            elif word_kind == "small_unit":
                ok = reader.small_unit(int(value))
            elif word_kind == "big_unit":
                ok = reader.big_unit(len(value) - 1)
            elif word_kind == "approximate":
                ok = reader.anything and not reader.approximate
                reader.approximate = True
            elif word_kind == "vague":
                ok = reader.number(vague_digit)
                reader.vague = True
            else:
                ok = False
            if not ok:
                return None
        else:
            return None
        reader.anything = True
    value = reader.finish()
    if value is None:
        return None
    return reader, value


def _digits_value(token: str) -> Decimal | None:
    """``"7,417"`` -> 7417; commas must group by three (``1,2345`` is not a number)."""
    integer, _, fraction = token.partition(".")
    parts = integer.split(",")
    if len(parts) > 1 and (not 1 <= len(parts[0]) <= 3 or any(len(part) != 3 for part in parts[1:])):
        return None
    try:
        return Decimal("".join(parts) + ("." + fraction if fraction else ""))
    except decimal.InvalidOperation:
        return None


def _canonical(value: Decimal) -> Decimal:
    """Integral values without an exponent (``2.5E+8`` -> ``250000000``)."""
    if value == value.to_integral_value(context=EXACT):
        return value.quantize(Decimal(1), context=EXACT)
    return value.normalize(context=EXACT)


_PLAIN_DIGITS = regex.compile(r"[0-9]{1,3}(?:,[0-9]{3})*+(?:\.[0-9]++)?|[0-9]++(?:\.[0-9]++)?")


def read_numeral(text: str) -> Numeral | None:
    """The value of one non-negative numeral, as matched by :func:`numeral_pattern`.

    Unlike :func:`parse_number` it accepts ``여`` (``7억여`` -> approximate) and vague
    coefficients (``수십억`` -> 20억 with upper 90억), and reports the top myriad unit.

    >>> read_numeral("1억 5900여 만")
    Numeral(value=Decimal('159000000'), approximate=True, top_exponent=8, upper=None, hangul=True)
    """
    if not isinstance(text, str) or not text or len(text) > 100_000:
        return None
    if len(text) > 64:
        return _read_numeral(text)
    return _read_numeral_cached(text)


@lru_cache(maxsize=8192)
def _read_numeral_cached(text: str) -> Numeral | None:
    """Amounts repeat (1억, 100만): reading each spelling once pays off over a corpus."""
    return _read_numeral(text)


def _read_numeral(text: str) -> Numeral | None:
    if _PLAIN_DIGITS.fullmatch(text):
        value = _digits_value(text)
        return None if value is None else Numeral(_canonical(value))
    text = normalize(text).text.strip()
    low = _read(text, Decimal(2))
    if low is None:
        return None
    reader, value = low
    upper = None
    if reader.vague:
        high = _read(text, Decimal(9))
        if high is None:
            return None
        upper = _canonical(high[1])
    return Numeral(_canonical(value), reader.approximate, reader.top_exponent, upper, reader.hangul)


def _strip_sign(text: str) -> tuple[int, str]:
    lex = _lexicon()
    for word, (kind, _) in lex.by_word.items():
        if kind == "minus" and text.startswith(word):
            return -1, text[len(word) :].lstrip()
    if text[:1] in "-−":
        return -1, text[1:].lstrip()
    if text[:1] == "+":
        return 1, text[1:].lstrip()
    return 1, text


def _exact_number(text: str) -> Decimal | None:
    numeral = read_numeral(text)
    if numeral is None or numeral.approximate or numeral.upper is not None:
        return None
    return numeral.value


@lru_cache(maxsize=None)
def _fraction_words() -> tuple[str, ...]:
    return tuple(w for w, (kind, _) in _lexicon().by_word.items() if kind == "fraction")


def _fraction(text: str) -> Decimal | None:
    """``3/4`` and ``사분의삼`` (= 3/4), exactly, or None when the quotient does not terminate."""
    for word in _fraction_words():
        if word in text:
            denominator, _, numerator = text.partition(word)
            break
    else:
        if text.count("/") != 1:
            return None
        numerator, _, denominator = text.partition("/")
    top, bottom = _exact_number(numerator), _exact_number(denominator)
    if top is None or bottom is None or bottom == 0:
        return None
    try:
        return _canonical(_DIVISION.divide(top, bottom))
    except (decimal.Inexact, decimal.InvalidOperation):
        return None


def parse_number(text: str) -> Decimal | None:
    """One Korean numeral, the whole string, as an exact Decimal; None if it is not one.

    Digits (``7,417``, ``2.5``, full-width ``７``), Sino-Korean (``이천칠백삼십오만``,
    ``천오백억``, ``일점이삼``), native (``하나``, ``열한``, ``서른다섯``), mixed
    (``3천66억``, ``40조6천억``, ``8조 7,417억``, ``1천100``), signs (``-3``, ``마이너스 3``)
    and fractions (``3/4``, ``사분의삼``). Approximate (``7억여``) and vague (``수억``)
    numerals have no single value and give None; so does a fraction that does not
    terminate (``1/3``).

    >>> parse_number("3천66억"), parse_number("열한"), parse_number("사분의삼")
    (Decimal('306600000000'), Decimal('11'), Decimal('0.75'))
    >>> parse_number("천안시") is None
    True
    """
    if not isinstance(text, str):
        return None
    text = normalize(text).text.strip()
    if not text or len(text) > 100_000:
        return None
    sign, text = _strip_sign(text)
    if not text:
        return None
    is_fraction = "/" in text or any(word in text for word in _fraction_words())
    value = _fraction(text) if is_fraction else _exact_number(text)
    if value is None:
        return None
    return _canonical(EXACT.multiply(value, Decimal(sign))) if sign < 0 and value else value
