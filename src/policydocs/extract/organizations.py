"""Korean and foreign organisation names: find, type and canonicalise them.

Korean writes a particle straight onto a name (``대전시가``, ``LG에너지솔루션과``), so the
unit of lookup is the word between spaces: each distinct word is read once (gazetteer
prefix + a valid tail of titles and particles, or an organisation suffix such as …부,
…연구원, …협회 on an unknown stem), and the reading is cached. Words are located with
C-speed string operations, so the cost per document is one split plus the work on the
words that hold a name. Constructions that span words are named regex rules anchored on a
literal (``(``, ``▲``, a Latin designator): name–acronym pairs (``과학기술정책실(OSTP)``),
``(이하 협의회)`` back-references, Latin company names. A country before a name sets its
country (``日 JOGMEC``) and, before a government body, belongs to it (``미국 에너지부``).

>>> [(m.span.text, m.canonical) for m in find_organizations("충북도는 산업부와 NSF(국립과학재단)를 찾았다.")]
[('충북도', '충청북도'), ('산업부', '산업통상자원부'), ('NSF(국립과학재단)', 'National Science Foundation')]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress, count

import regex

from policydocs.extract.org_lexicon import Affixes, Entry, Lexicon, lexicon
from policydocs.extract.rules import Candidate, Rule, SharedScanner, longest_first, run_rules
from policydocs.extract.text import NormalizedText, normalize
from policydocs.models import OrganizationMention, Span
from policydocs.models.trusted import trusted


# Letters that can make up a name: Hangul, Han, kana, Latin, digits and the joiners of names
# (KT&G, 에너지·금속광물자원기구, 三菱UFJリサーチ&コンサルティング).
NAME_CHARS = "가-힣ㄱ-ㅎ一-鿿㐀-䶿ぁ-ヿ々A-Za-z0-9&·・"
# Patterns made of plain character classes are compiled by the stdlib re, which matches them
# in half the time of regex; those with \w, \s, \d, anchors or variable-width lookbehinds stay
# on regex, which reads the first three differently and alone takes the last.
SUBWORD = re.compile(rf"[{NAME_CHARS}]+(?:(?<=[A-Za-z0-9])[-'’.][A-Za-z0-9]+)*")
LETTER = re.compile(rf"[{NAME_CHARS}]")
HANGUL = re.compile(r"[가-힣]")
ACRONYM = re.compile(r"[A-Z][A-Za-z0-9&.\-]{1,11}")
ACRONYM_BEFORE = regex.compile(r"[A-Z][A-Za-z0-9&.\-]{1,11}$")
LATIN_NAME = regex.compile(r"[A-Z0-9][\w&.'’\-]*(?:,? (?:[A-Z0-9][\w&.'’\-]*|of|and|for|the|de|&))*")
GOVERNMENT_TYPES = frozenset({"ministry", "government", "foreign_government"})
DESIGNATOR_TYPES = {
    "University": "university",
    "Institute": "research_institute",
    "Research": "research_institute",
    "Labs": "research_institute",
    "Lab": "research_institute",
    "Laboratory": "research_institute",
    "Laboratories": "research_institute",
    "Association": "association",
    "Council": "association",
    "Foundation": "association",
    "Ministry": "foreign_government",
    "Department": "foreign_government",
    "Agency": "foreign_government",
    "Office": "foreign_government",
    "Commission": "foreign_government",
    "Authority": "foreign_government",
}
# Designators that end a company name by themselves (Ultium Cells); the others (Energy,
# Bank, Group) need a Korean particle, 사 or a list marker to show the name is a name.
STRONG_DESIGNATORS = frozenset(
    "Inc Inc. Corp Corp. Corporation Ltd Ltd. LLC GmbH AG plc PLC Co. Holdings Technologies Labs "
    "Laboratories Capital Partners Materials Cells Pharmaceuticals Therapeutics Biosciences Ventures "
    "Airlines Industries Motors Electronics".split()
)
# Page furniture words that may stand where a name stands in a citation.
CITATION_NOISE = frozenset("참고 자료 출처 사진 그림 표 주 단위 기준 원문 보도자료".split())


@dataclass(frozen=True)
class Reading:
    """What a candidate says: the name as written (without acronym or particles) and its entry."""

    name: str
    entry: Entry
    acronym: str | None = None
    country_from_text: bool = False
    # Where the candidate really lies when a rule's match is wider or narrower (a pair starts at the name).
    span: tuple[int, int] | None = None
    # A reading that only blocks others: 전이(MIT) defines an abbreviation, MIT is no university there.
    blocks: bool = False
    # A reading that holds only in a sentence about a game (a city standing for its club).
    in_sports: bool = False
    # A country (or a club's city) that names its state (or club) only if the words around it say so:
    # ``possessive`` (중국의 with a noun of a state's act: 중국의 반대), ``listed`` (한국, 중국, 일본과: a
    # series decided by its last member's particle), ``bare`` (미국 대통령, or the last member of a series:
    # 한국, 일본 등), ``object`` (독일을, a place before 방문했다), ``opponent`` (호주에, a side before a
    # game's result), ``listed_team`` / ``bare_team`` (a club's city in a series, or before a person and a role).
    country_context: str | None = None
    # A describing noun whose body is named by the next word (시장조사기관 가트너는): ``noun``, or
    # ``copula`` when it ends in 인 (배터리업체인 누리셀), which lets the name go without a particle.
    describes: str | None = None

    def __init__(
        self,
        name: str,
        entry: Entry,
        acronym: str | None = None,
        country_from_text: bool = False,
        span: tuple[int, int] | None = None,
        blocks: bool = False,
        in_sports: bool = False,
        country_context: str | None = None,
        describes: str | None = None,
    ) -> None:
        """Every field into the instance's dict at once, as ``rules.Candidate`` does: the frozen
        dataclass's own ``__init__`` costs twice as much (tests/test_shortcuts.py checks the two agree)."""
        self.__dict__.update(
            name=name,
            entry=entry,
            acronym=acronym,
            country_from_text=country_from_text,
            span=span,
            blocks=blocks,
            in_sports=in_sports,
            country_context=country_context,
            describes=describes,
        )


@dataclass(frozen=True)
class Hit:
    """A name inside one word, at word-relative offsets; ``head`` marks a possible multiword name."""

    start: int
    end: int
    reading: Reading | None
    head: str | None = None


@dataclass
class DocumentContext:
    """What rules learn about a document: names it defines for later bare mentions."""

    lex: Lexicon
    aliases: dict[str, tuple[Reading, int]] = field(default_factory=dict)

    def define(self, alias: str, reading: Reading, after: int = 0) -> None:
        alias = " ".join(alias.split())
        if len(alias) >= 2 and alias not in self.lex.stop_words or alias in ("협의회", "위원회", "협회", "재단"):
            self.aliases.setdefault(alias, (reading, after))


# ------------------------------------------------------------------ reading one word

# The longest tail a name can carry (a title and three particles: 국가안보실장으로부터는); loops over
# the cuts of a word stop there, so that a megabyte without a space costs one pass, not a square.
MAX_TAIL = 16


def _country_prefix(word: str, lex: Lexicon) -> tuple[str | None, int]:
    """``美국무부`` -> (US, 1): a Hanja country marker written onto the name."""
    if len(word) > 1 and word[0] in lex.markers and LETTER.match(word, 1) and not "一" <= word[1] <= "鿿":
        return lex.markers[word[0]], 1
    return None, 0


def _suffix_entry(name: str, lex: Lexicon) -> Entry | None:
    """The entry of an unknown name that ends in an organisation suffix, if the stem allows it."""
    if "·" in name or "・" in name:
        return None
    hall = _city_hall(name, lex)
    if hall is not None:
        return hall
    if lex.is_stop(name):
        return None
    if name.endswith("대") and name[:-1] in lex.korean_places and len(name) >= 3:
        return Entry(canonical=name, type="university", country="KR")
    for size in range(min(lex.longest_suffix, len(name) - 1), 0, -1):
        rule = lex.suffixes.get(name[-size:])
        if rule is None:
            continue
        stem = name[:-size]
        if len(stem) < rule.min_stem or stem in lex.generic_stems or not NOT_ONLY_DIGITS.search(stem):
            return None
        if stem[-1] in "·&-" or (rule.type in STEM_WITHOUT_DIGITS and DIGIT.search(stem)):
            return None
        korean = lex.korean_places.longest_beginning(name) is not None and HANGUL.match(name)
        country = "KR" if korean else None
        return Entry(canonical=name, type=rule.type, country=country)
    return None


# A suffix name's stem must hold more than digits and joiners; a government body's or an
# agency's holds no digit at all (2024년도 is no 도, 3청 no 청).
NOT_ONLY_DIGITS = regex.compile(r"[^\d·&]")
DIGIT = regex.compile(r"\d")
STEM_WITHOUT_DIGITS = GOVERNMENT_TYPES | {"agency"}


CITY_HALLS = ("시청", "군청", "구청", "도청")


def _city_hall(name: str, lex: Lexicon) -> Entry | None:
    """``삼척시청``, ``강릉시청``, ``해남군청``: a place and 시청/군청/구청/도청 name its local government."""
    if len(name) < 4 or name[-2:] not in CITY_HALLS:
        return None
    government = name[:-1]
    if government[:-1] not in lex.korean_places and government not in lex.korean_places:
        return None
    known = lex.lookup(government)
    if known is not None and known.type == "local_government":
        return known
    return Entry(canonical=government, type="local_government", country="KR")


def _a_building(name: str, tail: str) -> bool:
    """``대전시청에서``: a city hall with a particle of place names the building, not the government."""
    return name.endswith("청") and tail.startswith(("에서", "에", "앞")) and not tail.startswith("에게")


def _affiliate_entry(core: str, lex: Lexicon) -> tuple[int, Entry] | None:
    """``롯데마트에서`` -> (4, 롯데마트): a company named by writing onto a group's name."""
    prefix = lex.group_prefixes.longest_beginning(core)
    if prefix is None:
        return None
    if len(core) > lex.longest_name + MAX_TAIL:
        return None
    cuts = [cut for cut in range(len(core) - 1, len(prefix), -1) if lex.tail_fits(core[:cut], core[cut:])]
    cut = cuts[0] if cuts else len(core)
    name, rest = core[:cut], core[len(prefix) : cut]
    if len(rest) < 2 or lex.tail.fullmatch(rest) is not None or not LETTER.match(rest):
        return None
    if name[-1] in AFFILIATE_NOT_LAST or lex.is_stop(name):
        return None
    return cut, Entry(canonical=name, type="company", country="KR")


# Last syllables of words that start with a group's name without naming a company:
# places (삼성동, 삼성역), a match against it (삼성전), a cup (삼성배).
AFFILIATE_NOT_LAST = frozenset("동로역길점전배컵")


def read_name(word: str, lex: Lexicon, *, allow_tail: bool = True) -> Hit | None:
    """The organisation a word names, particles and titles excluded (``대전시가`` -> 대전시)."""
    country, offset = _country_prefix(word, lex) if word[:1] in lex.markers else (None, 0)
    core = word[offset:]
    tail_fits = lex.tail_fits if allow_tail else _no_tail

    shortest = max(1, len(core) - MAX_TAIL)
    known_start = core[:2] in lex.name_starts
    for size in range(min(len(core), lex.longest_name) if known_start else 0, shortest - 1, -1):
        prefix = core[:size]
        if prefix in lex.names and tail_fits(prefix, core[size:]):
            if prefix in lex.needs_particle and size == len(core):
                return None
            entry = lex.lookup(prefix, country)
            assert entry is not None
            if country and entry.country != country:
                entry = Entry(entry.canonical, entry.type, country, entry.acronym)
            return Hit(offset, offset + size, Reading(prefix, entry, entry.acronym, bool(country)))
    if allow_tail and not offset:
        acting = _country_acting(core, lex) or _team_place(core, lex) or _game_against(core, lex)
        if acting is not None:
            return acting
    lasts = lex.suffix_name_lasts
    for cut in range(min(len(core), lex.longest_name), max(1, len(core) - MAX_TAIL), -1):
        # _suffix_entry reads nothing from a name whose last character ends no suffix (the common case)
        if core[cut - 1] not in lasts or not tail_fits(core[:cut], core[cut:]):
            continue
        if cut < len(core) and lex.particles_only.fullmatch(core, cut - 1):
            continue  # the longer particle wins: 거래일보다 is 거래일 + 보다, not a newspaper (…일보) + 다
        entry = _suffix_entry(core[:cut], lex)
        if entry is not None and entry.type == "local_government" and _a_building(core[:cut], core[cut:]):
            return None
        if entry is not None:
            if country:
                entry = Entry(entry.canonical, entry.type, country)
            return Hit(offset, offset + cut, Reading(core[:cut], entry, None, bool(country)))
    affiliate = _affiliate_entry(core, lex) if allow_tail else None
    if affiliate is not None:
        cut, entry = affiliate
        return Hit(offset, offset + cut, Reading(core[:cut], entry))
    return None


def _no_tail(name: str, rest: str) -> bool:
    """The tail test of a reading that allows none: the name must be the whole word."""
    return not rest


def _country_acting(word: str, lex: Lexicon) -> Hit | None:
    """``미국은``, ``한국과``, ``북한에게``: a country with a particle of an actor acts as its state.

    Korean news makes a country the subject of what its government does (미국은 … 발표했다);
    the mention is that government. With 의, 에 or 에서 the country stays a place (미국의 시장).
    """
    if word[:1] not in lex.actor_firsts:
        return None
    for particle in lex.actor_endings.endings(word):
        name = word[: -len(particle)]
        if name in lex.actors and lex.tail_fits(name, particle):
            context = "object" if particle in ("을", "를") else None
            return Hit(0, len(name), Reading(name, state_entry(lex.countries[name]), country_context=context))
    if word.endswith("의") and word[:-1] in lex.actors:
        name = word[:-1]
        return Hit(0, len(name), Reading(name, state_entry(lex.countries[name]), country_context="possessive"))
    return None


def _team_entry(name: str, lex: Lexicon) -> Entry:
    return Entry(canonical=lex.team_canonical.get(name, name), type="other", country=lex.team_places[name] or None)


def _team_in_series(word: str, lex: Lexicon) -> Hit | None:
    """``성남·전북·수원``: in a series joined by ·, a city names its club in a game."""
    if word in lex.team_places:
        return Hit(0, len(word), Reading(word, _team_entry(word, lex), in_sports=True))
    return None


def _team_place(word: str, lex: Lexicon) -> Hit | None:
    """``보스턴은``, ``울산에게``, ``보스턴의``: a city with an actor's particle (or 의), which names its club in a game."""
    if word[:1] not in lex.team_place_firsts:
        return None
    for particle in lex.team_endings.endings(word):
        name = word[: -len(particle)]
        if name in lex.team_places and lex.tail_fits(name, particle):
            return Hit(0, len(name), Reading(name, _team_entry(name, lex), in_sports=True))
    return None


def _side_entry(name: str, lex: Lexicon) -> Entry | None:
    """The side a name stands for in a game: a known body, a club's city or short name, a country's team."""
    if name in lex.team_places:
        return _team_entry(name, lex)
    if name in lex.countries:
        return Entry(canonical=name, type="other", country=lex.countries[name])
    return lex.lookup(name)


def _game_against(word: str, lex: Lexicon) -> Hit | None:
    """``호주에 1-2로 패했다``, ``시카고에 98-91로 승리``: 〈side〉에 before a game's result names the opponent.

    With 에 a country or a city is a place (일본에서, 일본에 도착); before a result (패했다, 완승,
    덜미) in a sentence about a game it is the side that won or lost: a club or a national team.
    (〈side〉전, the game against it, is left alone: news corpora read 롯데전 as the game's name.)
    """
    if word.endswith("에") and (word[:-1] in lex.countries or word[:-1] in lex.team_places):
        name = word[:-1]
        entry = _side_entry(name, lex)
        assert entry is not None
        return Hit(0, len(name), Reading(name, entry, in_sports=True, country_context="opponent"))
    return None


@lru_cache(maxsize=None)
def _sports_cue() -> re.Pattern[str]:
    """Words (and scores such as 2-1, 88-79) that show a sentence is about a game.

    The look-ahead for a first character lets re skip, at the cost of one set test, the
    positions where none of the hundred words can start (a third of the time of trying them).
    """
    cues = lexicon().sports_cues
    words = "|".join(map(re.escape, cues))
    firsts = re.escape("".join(sorted({word[0] for word in cues} | set("0123456789"))))
    return re.compile(rf"(?=[{firsts}])(?:{words}|(?<![0-9.])[0-9]{{1,3}} ?[-:] ?[0-9]{{1,3}}(?![0-9.]))")


SENTENCE_END = re.compile(r"[.!?。\n]")


def _about_a_game(text: str, start: int, end: int) -> bool:
    """Whether the sentence around ``[start, end)`` is about a game (at most 200 characters each way)."""
    global _GAME_ANSWERS
    left, right = _sentence_around(text, start, end)
    known = _GAME_ANSWERS
    if known[0] is not text:
        known = _GAME_ANSWERS = (text, {})
    answer = known[1].get((left, right))
    if answer is None:
        answer = known[1][(left, right)] = _sports_cue().search(text, left, right) is not None
    return answer


def _sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``[start, end)``, cut at 200 characters each way."""
    left = max(0, start - 200)
    cut = max(text.rfind(mark, left, start) for mark in ".!?。\n")
    left = cut + 1 if cut >= 0 else left
    stop = SENTENCE_END.search(text, end, min(len(text), end + 200))
    right = stop.start() if stop else min(len(text), end + 200)
    return left, right


# The answers of ``_about_a_game`` for the sentences of the last text it was asked about,
# found by identity: the word reading, the pair rule and the club rule ask about one sentence
# (정민호(SK) is read by both rules), and the search for a game costs twice the sentence bounds.
# One tuple, replaced whole, so that a thread reading another text keeps its own answers.
_GAME_ANSWERS: tuple[str | None, dict[tuple[int, int], bool]] = (None, {})


@lru_cache(maxsize=None)
def state_entry(code: str) -> Entry:
    """The government of a country, as a mention of the country acting names it."""
    lex = lexicon()
    if code == "KR":
        return Entry(canonical=lex.government_names.get("KR", "대한민국 정부"), type="government", country="KR")
    english = country_english(code, lex)
    return Entry(canonical=lex.government_names.get(code, f"Government of {english}"), type="foreign_government", country=code)


SERIES_MEMBER = re.compile(r"[^·・]+")


def read_word(token: str, lex: Lexicon) -> tuple[Hit, ...]:
    """Every name in one whitespace-separated token, at token offsets."""
    hits: list[Hit] = []
    for match in SUBWORD.finditer(token):
        word, base = match.group(), match.start()
        if word in lex.multiword:
            hits.append(Hit(base, base + len(word), None, head=word))
        hit = read_name(word, lex)
        if hit is None and ("·" in word or "・" in word):
            for part in SERIES_MEMBER.finditer(word):
                inner = read_name(part.group(), lex) or _team_in_series(part.group(), lex)
                if inner is not None:
                    hits.append(Hit(base + part.start() + inner.start, base + part.start() + inner.end, inner.reading))
            continue
        if hit is None and word in lex.team_places and word not in lex.actors:
            after = token[match.end() : match.end() + 1]
            context = "listed_team" if after == "," else "bare_team" if not after else None
            if context is not None:
                hit = Hit(0, len(word), Reading(word, _team_entry(word, lex), in_sports=True, country_context=context))
        if hit is None and word in lex.actors:
            after = token[match.end() : match.end() + 1]
            context = "listed" if after == "," else "bare" if not after else None
            if context is not None:
                hit = Hit(0, len(word), Reading(word, state_entry(lex.countries[word]), country_context=context))
        if hit is None and match.end() == len(token):
            hit = _describer(word, lex)
        if hit is not None:
            hits.append(Hit(base + hit.start, base + hit.end, hit.reading))
    return tuple(hits)


@dataclass(frozen=True)
class WordFilter:
    """What every word that ``read_word`` reads a name in has (about one new word in eight of a KMOU document has it).

    A name starts where a subword does -- at the word's start, or after a character that is
    not Hangul (``(삼성전자는``, ``美국무부``, ``LG·삼성``), since Hangul continues a subword --
    with a gazetteer name, a country, a club's city, a group or a multiword name's head: the
    first three characters of such a name, or the whole of one of one or two characters
    (two characters alone let 국가와, 기업 and 세계를 through: a third of the words read). Or it ends in a suffix
    (…부, …시청, …대) with nothing after it but what can follow a name (titles and
    particles) up to the end of the subword (or a Latin suffix anywhere: a subword may end in
    Latin letters right before Hangul). Or the word ends in a describing noun's head
    (…업체, …업체인). Or the word holds a series joiner (·).
    """

    starts: frozenset[str]  # first three characters of names of three or more
    short_names: frozenset[str]  # names of one or two characters
    suffix_end: re.Pattern[str]
    describer_ends: Affixes

    def may_name(self, token: str) -> bool:
        if self.may_start_name(token, 0):
            return True
        if "·" in token or "・" in token or self.describer_ends.ends(token) or self.suffix_end.search(token):
            return True
        if HANGUL_WORD.fullmatch(token):
            return False
        return any(self.may_start_name(token, at) for at in range(1, len(token)) if not "가" <= token[at - 1] <= "힣")

    def may_start_name(self, token: str, at: int) -> bool:
        """Whether a name of the lexicon may start at ``at``: it would begin with these characters."""
        short = self.short_names
        return token[at : at + 3] in self.starts or token[at : at + 2] in short or token[at : at + 1] in short


HANGUL_WORD = re.compile("[가-힣]*")


@lru_cache(maxsize=None)
def word_filter() -> WordFilter:
    """The filter for the lexicon: what ``read_name`` and ``read_word`` look up, reduced to word starts and ends."""
    lex = lexicon()
    names = [*lex.names, *lex.countries, *lex.team_places, *lex.group_prefixes.words, *lex.multiword]
    endings = sorted({*lex.suffixes, *CITY_HALLS, "대"}, key=len, reverse=True)
    # A subword that ends in Latin letters or digits (Q.ZTV만큼: Q.ZTV, then 만큼) may be followed
    # by a name character: a suffix ending so needs no tail and no boundary after it.
    latin = [ending for ending in endings if ending[-1].isascii() and ending[-1].isalnum()]
    # Endings grouped by first character: re finds where one may start by a set test and
    # tries one branch there, not one per ending (the filter's search takes a quarter less).
    suffix_end = re.compile(
        f"(?:(?:{_grouped_by_first(endings)})(?:{lex.tail.pattern})(?![{NAME_CHARS}])"
        + "".join(f"|{re.escape(ending)}" for ending in latin)
        + ")"
    )
    return WordFilter(
        starts=frozenset(name[:3] for name in names if len(name) >= 3),
        short_names=frozenset(name for name in names if len(name) <= 2),
        suffix_end=suffix_end,
        describer_ends=Affixes.of([*lex.appositive_heads, *(head + "인" for head in lex.appositive_heads)]),
    )


def _grouped_by_first(words: Iterable[str], after_first: Callable[[str], str] = lambda escaped: "") -> str:
    """An alternation of ``words`` as ``부(?:|처)|시(?:청)``: one branch per first character, longest
    words first; ``after_first(escaped first character)`` is written right after that character."""
    by_first: dict[str, list[str]] = {}
    for word in sorted(set(words), key=len, reverse=True):
        by_first.setdefault(word[0], []).append(re.escape(word[1:]))
    return "|".join(
        f"{re.escape(first)}{after_first(re.escape(first))}(?:{'|'.join(rests)})" for first, rests in by_first.items()
    )


# ------------------------------------------------------------------ locating words fast


class WordCache:
    """Readings of distinct tokens; bounded so that a 50 MB corpus does not grow it forever.

    A document's tokens are looked up with ``map`` (C speed): the cost per word is one dict
    lookup, and Python code runs only for the tokens that hold a name or were never seen.
    """

    LIMIT = 200_000

    def __init__(self) -> None:
        self.readings: dict[str, tuple[Hit, ...]] = {}
        # (word before a line break, word after it) -> names that cross the break
        self.joined: dict[tuple[str, str], tuple[Hit, ...]] = {}

    def lookup(self, tokens: list[str], lex: Lexicon) -> list[tuple[Hit, ...] | None]:
        """The hits of each token (an empty tuple when it holds no name), reading new tokens once."""
        try:
            # A document of words seen before: one pass, without a second one that looks for a
            # missing word (``None in found`` costs 12 ns a word: 4 µs for a KMOU document).
            return list(map(self.readings.__getitem__, tokens))
        except KeyError:
            pass
        found = list(map(self.readings.get, tokens))
        if None in found:
            fresh = {token for token, hits in zip(tokens, found) if hits is None}
            if len(self.readings) + len(fresh) > self.LIMIT:
                self.readings.clear()
                fresh = set(tokens)
            if len(self.joined) > self.LIMIT:
                self.joined.clear()
            readings = self.readings
            may_name = word_filter().may_name
            for token in fresh:
                readings[token] = read_word(token, lex) if may_name(token) else ()
            found = list(map(readings.__getitem__, tokens))
        return found


_CACHE = WordCache()


def _located_tokens(text: str, tokens: list[str], hits: list[tuple[Hit, ...] | None]) -> Iterator[tuple[int, int]]:
    """(offset, index) of the tokens that hold a name, walking the text with str.find."""
    position = 0
    size = len(text)
    for index in compress(count(), hits):
        token = tokens[index]
        start = text.find(token, position)
        while start >= 0:
            end = start + len(token)
            if (start == 0 or text[start - 1].isspace()) and (end == size or text[end].isspace()):
                break
            start = text.find(token, start + 1)
        if start < 0:  # cannot happen for tokens of text.split(); stay safe
            continue
        position = start + len(token)
        yield start, index


def _multiword_match(text: str, position: int, head: str, lex: Lexicon) -> tuple[int, str] | None:
    """(end, name) of the longest name with spaces that starts with ``head`` at ``position`` and
    ends its word (nothing after it but a valid tail of titles and particles), or None.
    """
    gaps: dict[int, int | None] = {}  # first word's length -> where the second word starts
    for form, words in _multiword_forms(head, lex):
        first = len(words[0])
        if first not in gaps:
            gap = SPACES.match(text, position + first) if text.startswith(words[0], position) else None
            gaps[first] = gap.end() if gap is not None else None
        second = gaps[first]
        if second is None or not text.startswith(words[1], second) or not text.startswith(words[0], position):
            continue
        end = _words_at(text, second, words[1:])
        if end is not None and _ends_with_a_tail(text, end, lex):
            return end, form
    return None


def _multiword_forms(head: str, lex: Lexicon) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The names with spaces that start with ``head``, longest first, each with its words."""
    forms = _FORMS.get(head)
    if forms is None:
        forms = _FORMS[head] = tuple((form, tuple(form.split(" "))) for form in lex.multiword[head])
    return forms


_FORMS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {}


def _words_at(text: str, position: int, words: tuple[str, ...]) -> int | None:
    """Where ``words`` end if they stand at ``position``, written with any spaces or line
    breaks between them (``국가\n안보실``), or None."""
    at = position
    for index, word in enumerate(words):
        if index:
            gap = SPACES.match(text, at)
            if gap is None:
                return None
            at = gap.end()
        if not text.startswith(word, at):
            return None
        at += len(word)
    return at


SPACES = regex.compile(r"\s+")


# Every title and particle is spelt in name characters, so a valid tail after a name is the
# whole run of name characters that follows it (bounded: a longer run is no tail).
def _ends_with_a_tail(text: str, end: int, lex: Lexicon) -> bool:
    run = NAME_RUN.match(text, end, min(len(text), end + lex.longest_tail + 1)).end()
    return run - end <= lex.longest_tail and lex.tail.fullmatch(text, end, run) is not None


NAME_RUN = re.compile(rf"[{NAME_CHARS}]*")


def word_candidates(text: str, lex: Lexicon) -> list[Candidate[Reading]]:
    """Candidates from the words of the text: gazetteer names, suffix names, multiword names."""
    tokens = text.split()
    hits_of = _CACHE.lookup(tokens, lex)
    found: list[Candidate[Reading]] = []
    for start, index in _located_tokens(text, tokens, hits_of):
        for hit in hits_of[index]:
            if hit.head is not None:
                named = _multiword_match(text, start + hit.start, hit.head, lex)
                if named:
                    end, form = named
                    entry = lex.lookup(form)
                    assert entry is not None
                    found.append(Candidate(start + hit.start, end, Reading(form, entry, entry.acronym), "multiword name"))
            elif hit.reading is not None:
                # The words around first: a name needs them and its sentence both, and they cost
                # less than a search of the sentence for a game (most bare cities are no club).
                if hit.reading.country_context is not None and not _state_in_context(tokens, index, hit.reading, lex):
                    continue
                if hit.reading.in_sports:
                    if not _about_a_game(text, start + hit.start, start + hit.end):
                        continue
                    if hit.reading.name in lex.team_canonical and hit.start == 0 and not _previous_word_allows_club(tokens, index, lex):
                        continue
                if hit.reading.describes is not None:
                    if index + 1 < len(tokens):
                        following = tokens[index + 1]
                        described = _described_next(following, hit.reading, lex)
                        if described is not None:
                            offset, reading = described
                            at = text.find(following, start + len(tokens[index])) + offset
                            found.append(Candidate(at, at + len(reading.name), reading, DESCRIBED_RULE))
                    continue
                rule = _word_rule(hit.reading, lex)
                found.append(Candidate(start + hit.start, start + hit.end, hit.reading, rule))
    return found


def _previous_word_allows_club(tokens: list[str], index: int, lex: Lexicon) -> bool:
    """Whether the word before a club's short name lets it be the club.

    After a person's name it is a title (홍길동 상무는), after a country or a place a region
    (캐나다 동부의): 동부, 상무 and the like name their club only elsewhere.
    """
    if index == 0 or tokens[index - 1][-1:] in "’'\"”»)]":
        return True
    previous = tokens[index - 1]
    return not (lex.looks_like_person(previous) or previous in lex.countries or previous in lex.korean_places)


def _first_word(token: str) -> str:
    match = SUBWORD.match(token)
    return match.group() if match else ""


def _starts_with(word: str, heads: frozenset[str], lex: Lexicon) -> bool:
    """Whether ``word`` is one of ``heads`` with a valid tail (대통령은, 측이, 반대로): a lookup per prefix."""
    for size in range(min(len(word), MAX_HEAD), 0, -1):
        head = word[:size]
        if head in heads and lex.tail_fits(head, word[size:]):
            return True
    return False


# The longest word of the head lists (state titles, state acts, team roles) of org_words.tsv.
MAX_HEAD = 8


def _listed_country(token: str, lex: Lexicon) -> bool:
    return token.endswith(",") and token[:-1] in lex.actors


def _series_is_states(tokens: list[str], index: int, lex: Lexicon) -> bool:
    """``한국, 중국, 일본과``: the particle on the last member decides for the whole series.

    The series is states unless its last member takes a place's particle (한국, 일본에서).
    """
    at = index
    while at + 1 < len(tokens) and _listed_country(tokens[at + 1], lex):
        at += 1
    if at == index and not _listed_country(tokens[index], lex):
        return False
    if at + 1 >= len(tokens):
        return True
    last = _first_word(tokens[at + 1])
    name = next((last[:size] for size in range(min(len(last), 8), 0, -1) if last[:size] in lex.actors), None)
    if name is None:
        return False
    rest = last[len(name) :]
    if rest.startswith(lex.actor_particles):
        return True
    return not rest.startswith(lex.place_particles)


# A Korean person's name as a word of its own (울산 윤정환 감독은).
PERSON_NAME = re.compile(r"[가-힣]{2,4}")


def _state_in_context(tokens: list[str], index: int, reading: Reading, lex: Lexicon) -> bool:
    """Whether a country the words around it must confirm names its state (see ``Reading``)."""
    following = _first_word(tokens[index + 1]) if index + 1 < len(tokens) else ""
    if reading.country_context == "listed_team":
        return True
    if reading.country_context == "bare_team":
        # 수원 홍길동 감독은: a city, a person's name and a sports role
        role = _first_word(tokens[index + 2]) if index + 2 < len(tokens) else ""
        return PERSON_NAME.fullmatch(following) is not None and _starts_with(role, lex.team_roles, lex)
    if reading.country_context == "listed":
        return _series_is_states(tokens, index, lex)
    if reading.country_context == "object":
        # 독일을 방문했다, 베트남을 찾은 사절단: the country visited is a place
        return not following.startswith(lex.visit_verbs)
    if reading.country_context == "opponent":
        return _result_follows(tokens[index + 1 : index + 4], lex)
    heads = lex.state_acts if reading.country_context == "possessive" else lex.state_titles
    if _starts_with(following, heads, lex):
        return True
    # the last member of a series: 한국, 중국, 일본 등 / 한국, 중국, 일본의 체육장관
    return index > 0 and _listed_country(tokens[index - 1], lex) and _series_is_states(tokens, index - 1, lex)


def _result_follows(following: list[str], lex: Lexicon) -> bool:
    """Whether a game's result is among the words after 〈side〉에 (호주에 1-2로 패했다, 태국에 또 완승).

    A short verb form of losing (진, 졌다, 지고) counts only after a score (호주에 1-2로 졌다): without
    one, 진 begins other words (중국에 진출) and 졌다 has other senses (일본에 빚을 졌다).
    """
    scored = False
    for token in following:
        word = _first_word(token)
        if word.startswith(lex.game_results) or (scored and word in lex.results_after_score):
            return True
        scored = scored or SCORE.match(token) is not None
    return False


SCORE = re.compile(r"[0-9]{1,3} ?[-:] ?[0-9]{1,3}(?![0-9])")


def _word_rule(reading: Reading, lex: Lexicon) -> str:
    """The name of the rule that read a word, for debug traces."""
    if reading.name in lex.names:
        return "gazetteer name"
    context = reading.country_context
    if context == "opponent":
        return "<side>에 before a game's result"
    if context == "listed_team":
        return "<city>, in a series of clubs, in a game"
    if context == "bare_team":
        return "<city> <person> <sports role>, in a game"
    if reading.in_sports and reading.name in lex.team_canonical:
        return "<club short name> + actor particle, in a game"
    if reading.in_sports:
        return "<city> + actor particle, in a game"
    if context is not None:
        return f"<country>, {context}"
    if reading.name in lex.actors:
        return "<country> + actor particle"
    return "<stem> + organisation suffix"


LINE_BREAK = regex.compile(rf"(?<=(?<![{NAME_CHARS}])([가-힣A-Za-z]{{1,20}}))\n[ \t\r\n]*([가-힣A-Za-z0-9]{{1,20}})")


def _suffix_alone(hit: Hit, left: str, right: str, lex: Lexicon) -> bool:
    """``도모\n통신``: a suffix name whose suffix stands alone after the break is two words, not one."""
    reading = hit.reading
    if reading is None or reading.name in lex.names:
        return False
    head = right[: hit.end - len(left)]
    return head in lex.suffixes


def line_break_candidates(text: str, lex: Lexicon) -> list[Candidate[Reading]]:
    """Names that a line break cuts in two (``혁신\\n\\n과학경제개발부``): read the joined word."""
    found: list[Candidate[Reading]] = []
    joined = _CACHE.joined
    for match in LINE_BREAK.finditer(text):
        left, right = match.group(1), match.group(2)
        hits = joined.get((left, right))
        if hits is None:
            hits = joined[(left, right)] = tuple(
                hit
                for hit in read_word(left + right, lex)
                if hit.reading is not None
                and not hit.reading.in_sports
                and hit.reading.country_context is None
                and hit.start < len(left) < hit.end
                and not _suffix_alone(hit, left, right, lex)
            )
        for hit in hits:
            if hit.reading is None or not hit.start < len(left) < hit.end:
                continue
            start = match.start(1) + hit.start
            end = match.start(2) + hit.end - len(left)
            found.append(Candidate(start, end, hit.reading, "name cut by a line break"))
    return found


# ------------------------------------------------------------------ rules across words


def _name_ending_at(text: str, end: int, lex: Lexicon) -> tuple[int, Reading] | None:
    """The organisation whose name ends exactly at ``end`` (no particle in between), if any."""
    window = text[max(0, end - 60) : end]
    # No subword holds a space, so the subwords after the window's last space are those a scan
    # of the whole window finds there: a name of one word needs only them (the scan of the
    # whole window costs most of this function).
    words = list(SUBWORD.finditer(window, max(window.rfind(" "), window.rfind("\n")) + 1))
    if not words or words[-1].end() != len(window):
        return None
    last = words[-1]
    if last.group() in lex.multiword_last:
        # Multiword gazetteer names ending here (팬데믹 대비 및 대응실).
        words = list(SUBWORD.finditer(window))
        for first in reversed(words[:-1][-5:]):
            span_text = " ".join(window[first.start() : last.end()].split())
            entry = lex.lookup(span_text)
            if entry is not None:
                return end - len(window) + first.start(), Reading(span_text, entry, entry.acronym)
    hit = _read_bare_name(last.group())
    if hit is None or hit.end != len(last.group()):
        return None
    return end - len(window) + last.start() + hit.start, hit.reading


@lru_cache(maxsize=65536)
def _read_bare_name(word: str) -> Hit | None:
    """``read_name`` of a word that must end where the name ends (before a parenthesis)."""
    return read_name(word, lexicon(), allow_tail=False)


def _pair(match: regex.Match[str], context: DocumentContext) -> Reading | None:
    """``과학기술정책실(OSTP)``, ``NSF(국립과학재단)``, ``앰프리우스(Amprius Technologies)``."""
    lex, text = context.lex, match.string
    inner = " ".join(match.group("inner").split())
    opening = match.start()
    if inner.startswith("이하"):
        return None
    before_end = opening - 1 if opening > 0 and text[opening - 1] == " " else opening
    # name (ACRONYM)
    if ACRONYM.fullmatch(inner) and sum(c.isupper() for c in inner) >= 2:
        named = _name_ending_at(text, before_end, lex)
        by_acronym = lex.lookup(inner)
        if named is not None:
            start, reading = named
            entry = by_acronym if by_acronym is not None and reading.name not in lex.names else reading.entry
            if entry.acronym is None:
                entry = Entry(entry.canonical, entry.type, entry.country, inner)
            return Reading(reading.name, entry, inner, span=(start, match.end()))
        if before_end == opening and opening > 0 and HANGUL.match(text, opening - 1):
            if _about_a_game(text, opening, match.end()):
                return None  # 정민호(SK): a player and his club, read by the club rule
            return Reading(inner, Entry(inner, "other"), blocks=True)
        return None
    # ACRONYM (name)
    inner_entry = lex.lookup(inner)
    if inner_entry is None and " " not in inner:
        inner_hit = _read_bare_name(inner)
        if inner_hit is not None and inner_hit.reading is not None and inner_hit.end == len(inner):
            inner_entry = inner_hit.reading.entry
    before = ACRONYM_BEFORE.search(text, max(0, before_end - 12), before_end) if inner_entry is not None else None
    if inner_entry is not None and before and sum(c.isupper() for c in before.group()) >= 2:
        acronym = before.group()
        start = before_end - len(acronym)
        if start > 0 and LETTER.match(text, start - 1):
            return None
        entry = inner_entry if inner in lex.names else (lex.lookup(acronym) or inner_entry)
        if entry.acronym is None:
            entry = Entry(entry.canonical, entry.type, entry.country, acronym)
        return Reading(inner, entry, acronym, span=(start, match.end()))
    # 한글 이름 (Latin Name With Designator)
    if LATIN_NAME.fullmatch(inner) and " " in inner or lex.lookup(inner) is not None and inner.isascii():
        known = lex.lookup(inner)
        last_word = inner.split()[-1]
        if known is None and last_word not in lex.latin_designators:
            return None
        korean = _transliteration_before(text, before_end, max(1, len(inner.split()) - 1))
        if korean is None:
            return None
        start, name = korean
        entry = known or lex.lookup(name) or Entry(canonical=inner, type=DESIGNATOR_TYPES.get(last_word, "company"))
        context.define(name, Reading(name, entry))
        return Reading(name, entry, span=(start, match.end()))
    return None


def _transliteration_before(text: str, end: int, most: int) -> tuple[int, str] | None:
    """Up to ``most`` bare Hangul words ending at ``end``: the Korean spelling of a foreign name."""
    start = end
    taken = 0
    while taken < most:
        word = HANGUL_WORD_AT_END.search(text[max(0, start - 9) : start])
        if word is None:
            break
        start -= len(word.group())
        taken += 1
        if start == 0 or text[start - 1] != " ":
            break
        start -= 1
    if taken == 0:
        return None
    while text[start] == " ":
        start += 1
    return start, " ".join(text[start:end].split())


# A bare Hangul word at the end of a window (the patterns of this module are compiled once:
# ``regex.search(pattern, …)`` looks its pattern up in a cache, which costs 3 µs a call).
HANGUL_WORD_AT_END = regex.compile(r"(?<![^\s])[가-힣]{1,8}$")


def _defined_here(match: regex.Match[str], context: DocumentContext) -> Reading | None:
    """``‘이차전지산업 발전협의회(이하 협의회)’``: the name, and 협의회 as its short form from here on."""
    lex, text = context.lex, match.string
    opening = match.start()
    window = text[max(0, opening - 40) : opening]
    quote = max(window.rfind(q) for q in "‘“「'\"『")
    closing = max(window.rfind(q) for q in "’”」』")
    name_start: int | None = None
    if quote >= 0 and closing < quote:
        name_start = opening - len(window) + quote + 1
        name = " ".join(text[name_start:opening].split())
        last = SUBWORD.findall(name)
        hit = read_name(last[-1], lex, allow_tail=False) if last else None
        if hit is None or hit.end != len(last[-1]):
            return None
        entry = lex.lookup(name) or Entry(canonical=name, type=hit.reading.entry.type if hit.reading else "other")
        reading = Reading(name, entry, entry.acronym)
    else:
        named = _name_ending_at(text, opening, lex)
        if named is None:
            return None
        name_start, reading = named
    context.define(match.group("short"), reading, after=match.end())
    context.define(reading.name, reading)
    return Reading(reading.name, reading.entry, reading.acronym, span=(name_start, name_start + len(text[name_start:opening].rstrip())))


def _latin_company(match: regex.Match[str], context: DocumentContext) -> Reading | None:
    """``Air Street Capital이``, ``QingTao Energy사와``, ``▲(Redwood Materials)``: Latin names of firms."""
    lex, text = context.lex, match.string
    if match.group("marked") is not None:
        start, end = match.span("name")
    else:
        before = LATIN_WORDS_BEFORE.search(text, max(0, match.start() - 80), match.start())
        if before is None:
            return None
        start, end = before.start(), match.end("name")
    name = " ".join(text[start:end].split())
    words = name.split()
    last = words[-1]
    known = lex.lookup(name)
    strong = last in STRONG_DESIGNATORS or match.group("marked") is not None
    if known is None:
        if not strong and (last not in lex.latin_designators or not match.group("korean_after")):
            return None
        if len(words) == 1 and match.group("marked") is None:
            return None
    entry = known or Entry(canonical=name, type=DESIGNATOR_TYPES.get(last, "company"))
    return Reading(name, entry, entry.acronym, span=(start, end))


# Up to four capitalised Latin words (with of/and/&) right before a designator: ``Air Street `` Capital.
LATIN_WORDS_BEFORE = regex.compile(
    r"(?<![A-Za-z0-9&.\-])(?:[A-Z0-9][A-Za-z0-9&.\-]*(?: (?:of|and|&))? ){1,4}$"
)


def _citation(match: regex.Match[str], context: DocumentContext) -> Reading | None:
    """``(참고 : Wood Mackenzie, …)``, ``(日 MURC, 11.6)``: the source a newsletter cites is an organisation."""
    lex = context.lex
    name = " ".join(match.group("name").split())
    entry = lex.lookup(name)
    if entry is None and (name in CITATION_NOISE or NO_SOURCE_NAME.search(name)):
        return None
    marker = match.group("marker")
    country = lex.markers.get(marker) if marker else None
    if entry is None:
        hit = read_name(name, lex, allow_tail=False) if " " not in name else None
        if hit is not None and hit.end == len(name) and hit.start == 0:
            entry = hit.reading.entry if hit.reading else None
        elif FOREIGN_SOURCE_NAME.fullmatch(name):
            entry = Entry(canonical=name, type="other")
        else:
            return None
    if country and entry.country != country:
        entry = Entry(entry.canonical, entry.type, country, entry.acronym)
    return Reading(name, entry, entry.acronym, bool(country), span=match.span("name"))


# A web address (….com) or a number is no source; a Latin, Han or kana name is one.
NO_SOURCE_NAME = regex.compile(r"\.[a-z]{2,4}$|^\d")
FOREIGN_SOURCE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9&.\- ]{1,40}|[一-鿿ぁ-ヿ々0-9A-Za-z&・]{2,30}")


def country_english(code: str, lex: Lexicon) -> str:
    """``Korea, Democratic People's Republic of`` -> ``Democratic People's Republic of Korea``."""
    name = lex.country_names.get(code, code)
    if ", Province of" in name:
        return name.split(",")[0]
    if name.endswith(" of") and ", " in name:
        head, rest = name.split(", ", 1)
        return f"{rest} {head}"
    return name.split(",")[0]


def _country_body(match: regex.Match[str], context: DocumentContext) -> Reading | None:
    """``일본 정부``, ``북한군``, ``중국 당국``: the government or forces of a named country."""
    lex = context.lex
    country = " ".join(match.group("country").split())
    code = lex.countries.get(country)
    if code is None:
        return None
    body = match.group("body")
    if code == "KR":
        entry = Entry(canonical="국군" if body == "군" else "대한민국 정부", type="government", country="KR")
    else:
        english = country_english(code, lex)
        canonical = f"{english} Armed Forces" if body == "군" else lex.government_names.get(code, f"Government of {english}")
        entry = Entry(canonical=canonical, type="foreign_government", country=code)
    start = match.start("country")
    return Reading(" ".join(match.string[start : match.end()].split()), entry, None, True, span=(start, match.end()))


def _shortest_name(word: str, lex: Lexicon) -> str | None:
    """The head of ``word`` before its particles (``안양을`` -> 안양, ``별빛소녀가`` -> 별빛소녀)."""
    for cut in range(len(word) - 1, max(1, len(word) - MAX_TAIL), -1):
        if lex.tail_fits(word[:cut], word[cut:]) and lex.tail.fullmatch(word[:cut]) is None:
            return word[:cut]
    return word if len(word) >= 2 else None


def _named_by_context(match: regex.Match[str], context: DocumentContext) -> Reading | None:
    """``걸그룹 별빛소녀``, ``스타트업인 ‘누리셀’을``: a noun that says the next word is a body."""
    lex = context.lex
    name = _shortest_name(match.group("word"), lex)
    if name is None or lex.is_stop(name) or name in lex.generic_stems or name in CONTEXT_NOT_NAMES:
        return None
    if name in lex.countries or name in lex.markers:
        return None
    entry = lex.lookup(name) or Entry(canonical=name, type="other" if match.group("kind") else "company")
    start = match.start("word")
    return Reading(name, entry, entry.acronym, span=(start, start + len(name)))


CITY_BEFORE_FC = regex.compile(rf"(?<![{NAME_CHARS}])([가-힣]{{2,4}}) ?$")
CITY_AFTER_FC = re.compile(rf" ?([가-힣]{{2,8}})(?![{NAME_CHARS}])")


def _football_club(match: regex.Match[str], context: DocumentContext) -> Reading | None:
    """``부천 FC``, ``FC 안양``: a city and FC make a football club."""
    lex, text = context.lex, match.string
    places = lex.korean_places
    before = CITY_BEFORE_FC.search(text[max(0, match.start() - 6) : match.start()])
    if before is not None and before.group(1) in places:
        start = match.start() - len(before.group())
        name = " ".join(text[start : match.end()].split())
        return Reading(name, lex.lookup(name) or Entry(canonical=name, type="company", country="KR"), span=(start, match.end()))
    after = CITY_AFTER_FC.match(text, pos=match.end())
    if after is not None:
        place = _shortest_name(after.group(1), lex)
        if place is not None and place in places:
            end = after.start(1) + len(place)
            name = " ".join(text[match.start() : end].split())
            entry = lex.lookup(name) or Entry(canonical=name, type="company", country="KR")
            return Reading(name, entry, span=(match.start(), end))
    return None


# Words between a country and 대표팀 that say which team it is (한국 여자 배구 대표팀, 일본올림픽축구대표팀).
TEAM_WORDS = (
    "남자 여자 男 女 남녀 청소년 유소년 주니어 성인 국가 올림픽 프로 축구 야구 농구 배구 핸드볼 하키 아이스하키 "
    "유도 태권도 양궁 레슬링 복싱 수영 육상 탁구 테니스 배드민턴 골프 펜싱 사격 역도 체조 쇼트트랙 빙상 "
    "스피드스케이팅 피겨 컬링 럭비 소프트볼 씨름 카누 조정 사이클 승마 바둑 e스포츠 U-17 U-20 U-23 U17 U20 U23"
).split()


# Words that follow a context noun without being a name (그룹 차원, 소속사 측).
CONTEXT_NOT_NAMES = frozenset(
    "차원 내 간 관계자 측 회장 부회장 멤버 멤버들 활동 대표 전체 계열사 소속 경영 오너 총수 임원 직원 이미지 가치 "
    "규모 수준 입장 등 및 중 가운데 대상 명의 로고 데뷔 컴백 리더 출신 매출 주가 지분 대비 역시 모두 자체 사이 이름 "
    "최초 첫 사상 출범 해체 결성 신곡 앨범 노래 공연 무대 팬 팬들 측은 측이 관계자는 것 수 때 이후 당시".split()
)


def _club_of_player(match: regex.Match[str], context: DocumentContext) -> Reading | None:
    """``정민호(SK)``, ``이서연(19·LIG)``, ``김도현(27·시애틀)``: a player's club (or country) in a game."""
    lex, text = context.lex, match.string
    name = match.group("club")
    if name in lex.not_clubs or lex.is_stop(name) or name in lex.generic_stems:
        return None
    start, end = match.span("club")
    if not _about_a_game(text, start, end):
        return None
    entry = lex.lookup(name)
    if entry is None and name in lex.team_places:
        entry = _team_entry(name, lex)
    if entry is None and name in lex.countries:
        entry = Entry(canonical=name, type="other", country=lex.countries[name])
    if entry is None:
        hit = _read_bare_name(name)
        entry = hit.reading.entry if hit is not None and hit.reading is not None and hit.end == len(name) else None
    if entry is None:
        entry = Entry(canonical=name, type="other")
    return Reading(name, entry, entry.acronym, span=(start, end))


def _administration(match: regex.Match[str], context: DocumentContext) -> Reading | None:
    """``바이든 행정부``: Korean news names a US administration by its president and 행정부."""
    lex = context.lex
    person = match.group("person")
    if person in lex.generic_stems or person in lex.countries or lex.is_stop(person):
        return None
    start = match.start("person")
    entry = Entry(canonical=lex.government_names.get("US", "United States"), type="foreign_government", country="US")
    return Reading(" ".join(match.string[start : match.end()].split()), entry, span=(start, match.end()))


# A word that ends right where a marker or a parenthesis begins (no space between).
WORD_BEFORE = regex.compile(rf"(?<![{NAME_CHARS}])[{NAME_CHARS}]{{2,30}}$")


def _plausible_name(name: str, lex: Lexicon) -> bool:
    """Not a common word, a country or a generic stem: what a context rule may call a name."""
    return not (
        lex.is_stop(name) or name in lex.generic_stems or name in lex.countries or name in CONTEXT_NOT_NAMES
    )


def _company_marked(match: regex.Match[str], context: DocumentContext) -> Reading | None:
    """``㈜한빛테크놀로지는``, ``(주)가온``, ``누리푸드㈜``: 주식회사 written as a mark makes a company.

    The mark belongs to the name as written (it stands for 주식회사), so the span covers it;
    the name and canonical are the name without it.
    """
    lex, text = context.lex, match.string
    before = WORD_BEFORE.search(text, max(0, match.start() - 30), match.start())
    if before is not None:
        name, start, end = before.group(), before.start(), match.end("mark")
        if not _ends_with_a_tail(text, end, lex):
            return None
    else:
        word = match.group("after")
        if word is None or word in CITATION_NOISE or (match.group("mark") == "주식회사" and not match.group("quote")):
            return None
        name = lex.without_particles(word)
        start = match.start("after") if match.group("quote") else match.start()
        end = match.start("after") + len(name)
    if not _plausible_name(name, lex):
        return None
    entry = lex.lookup(name) or Entry(canonical=name, type="company", country="KR" if HANGUL.search(name) else None)
    return Reading(name, entry, entry.acronym, span=(start, end))


# Titles of the person who heads a body, as a press release writes them after its name.
HEAD_TITLES = ("대표이사", "대표", "사장", "회장", "이사장", "원장", "총장", "위원장", "단장", "관장", "소장")


def _head_named(match: regex.Match[str], context: DocumentContext) -> Reading | None:
    """``한빛출판(대표 홍길동)``, ``누리문화재단(이사장 김하늘)``: a body, then its head's title and name."""
    lex, text = context.lex, match.string
    if not lex.looks_like_person(match.group("person")):
        return None
    before = WORD_BEFORE.search(text, max(0, match.start() - 30), match.start())
    if before is None or not _plausible_name(before.group(), lex):
        return None
    name = before.group()
    hit = _read_bare_name(name)
    entry = lex.lookup(name) or (hit.reading.entry if hit is not None and hit.reading is not None and hit.end == len(name) else None)
    if entry is None:
        kind = "company" if match.group("title") in ("대표이사", "대표", "사장") else "other"
        entry = Entry(canonical=name, type=kind, country="KR" if HANGUL.search(name) else None)
    return Reading(name, entry, entry.acronym, span=before.span())


def _national_team(match: regex.Match[str], context: DocumentContext) -> Reading | None:
    """``한국 남자 축구 대표팀``, ``일본팀``, ``브라질 선수단``: the team a country sends is a body."""
    lex = context.lex
    code = lex.countries.get(match.group("country"))
    if code is None:
        return None
    start = match.start("country")
    name = " ".join(match.string[start : match.end()].split())
    return Reading(name, Entry(canonical=name, type="other", country=code), span=(start, match.end()))


# What ends a verb form rather than a school (되고, 하고, 했다고, 하려고, 가지고, 보고): 고 after these is an
# ending. The verb stems of org_words.tsv (verb_stem_end: 만들고, 가르치고) and any syllable with a final
# consonant no name's syllable has are added to these.
VERB_BEFORE_GO = frozenset("되하다라려지보")
# Final consonants (index of the jongseong) of verb and adjective stems only: ㅆ (했고, 있고), ㅎ (좋고,
# 놓고) and the double finals (없고, 않고, 읽고, 밝고, 넓고, 옳고).
VERB_FINALS = frozenset((3, 5, 6, 9, 10, 11, 12, 13, 14, 15, 18, 20, 27))


def _a_verb_before_go(stem: str, lex: Lexicon) -> bool:
    """Whether ``stem`` + 고 is a verb's connective form (만들고, 가르치고, 했고) rather than a school."""
    last = stem[-1]
    if last in VERB_BEFORE_GO or last in lex.verb_stem_ends:
        return stem not in lex.korean_places  # 구리고: a city's school
    return "가" <= last <= "힣" and (ord(last) - 0xAC00) % 28 in VERB_FINALS


def _school_before_cue(match: regex.Match[str], context: DocumentContext) -> Reading | None:
    """``서울고 출신``, ``한빛초 교사``, ``충남대 교수``: a school's short name, shown by the word after it.

    Short school names end in a syllable (고, 중, 초, 대) that ends countless other words, so
    they are read only where the next word belongs to a school: its graduates, pupils or staff.
    The cue must suit the word: a university's staff and parts (교수, 총장) follow only …대; a verb
    (졸업했다) takes its school with a particle; pupils (학생들) do not make a school of …중, which
    after an activity means "during" (수업중 학생들이). 고 after a verb stem is a connective
    (만들고, 가르치고), and 초, 중 after a time word are parts of that time (올해초, 상반기중).
    """
    lex = context.lex
    name = match.group("name")
    stem, last = name[:-1], name[-1]
    kind = lex.school_ends[last]
    if name in lex.school_generic or lex.is_stop(name) or name in lex.names:
        return None
    if stem in lex.countries or stem in lex.generic_stems or name in lex.countries:
        return None
    cue = lex.school_cue_kinds.get(match.group("cue"))
    if (cue == "university" and last != "대") or (cue == "verb" and not match.group("particle")):
        return None
    if cue == "pupil" and last == "중" and stem not in lex.korean_places:
        return None
    if last == "고" and _a_verb_before_go(stem, lex):
        return None
    if last in "초중" and _a_time(stem, lex):
        return None
    return Reading(name, Entry(canonical=name, type=kind, country="KR"), span=match.span("name"))


# A time that ends in a unit of time (2024년, 3월, 1분기, 2학기, 이번 학기, 회계연도)
TIME_EXPRESSION = regex.compile(r"(?:[0-9]+(?:년|월|일|주)|분기|반기|학기|연도|시즌|기간)$")


def _a_time(stem: str, lex: Lexicon) -> bool:
    """Whether ``stem`` names a time (올해, 상반기, 2024년, 1학기), so that 초/중 after it is a part of it."""
    return stem in lex.time_words or TIME_EXPRESSION.search(stem) is not None


# The particles a school's short name may carry before the word that shows it (한빛고를 졸업한).
SCHOOL_PARTICLES = "을|를|에서|에|의|와|과"


def _describer(word: str, lex: Lexicon) -> Hit | None:
    """``시장조사업체``, ``통신업체인``, ``법무법인``: a noun that describes the body named in the next word.

    It must be a compound (a domain before 업체, 기업, 법인 …) that names a kind of business, not one
    body (한국은행) nor a kind used as a modifier (대기업 임원). The hit marks the describing word;
    ``word_candidates`` reads the name from the word after it (see ``_described_next``).
    """
    def head_of(noun: str) -> str | None:
        return next((noun[-size:] for size in (5, 4, 3, 2) if noun[-size:] in lex.appositive_heads), None)

    copula = word.endswith("인") and head_of(word[:-1]) is not None  # 통신업체인 (체인 is a head too)
    describer = word[:-1] if copula else word
    head = head_of(describer)
    if head is None or not 1 <= len(describer) - len(head) <= 10 or not DESCRIBER.fullmatch(describer):
        return None
    if describer in lex.appositive_generic or describer in lex.names or _read_bare_name(describer) is not None:
        return None
    entry = Entry(canonical=describer, type=lex.appositive_heads[head])
    return Hit(0, len(word), Reading(describer, entry, describes="copula" if copula else "noun"))


DESCRIBER = re.compile(r"[가-힣A-Za-z]+")
DESCRIBED_RULE = "<domain>업체|기업|법인…[인] <name>+particle"
# The name in the word after a describing noun: letters up to particles or punctuation (‘가트너’는, ZTE가).
DESCRIBED = re.compile(r"[‘'\"“]?([가-힣A-Za-z][가-힣A-Za-z0-9&]{1,17})(?![가-힣A-Za-z0-9&])")


def _described_next(token: str, describer: Reading, lex: Lexicon) -> tuple[int, Reading] | None:
    """``가트너는`` after ``시장조사기관``: (offset in the token, the body it names), or None.

    The name must carry a particle, or the describing noun a copula (업체인), so that a bare noun
    phrase (배터리업체 유치, 대기업 임원) is not read as a name.
    """
    match = DESCRIBED.match(token)
    if match is None:
        return None
    word = match.group(1)
    name = lex.without_particles(word)
    if name == word and describer.describes != "copula":
        return None
    if len(name) < 2 or not _plausible_name(name, lex) or name in lex.not_described:
        return None
    if lex.tail.fullmatch(name) or name.endswith(lex.titles):  # 사무국장, 직원들: people, not bodies
        return None
    if name.endswith("들"):  # a plural is a common noun (단체 관광객들이), never one body's name
        return None
    entry = lex.lookup(name) or Entry(canonical=name, type=describer.entry.type)
    return match.start(1), Reading(name, entry, entry.acronym)


def _renamed(match: regex.Match[str], context: DocumentContext) -> Reading | None:
    """``한빛산업(현 누리건설)``, ``문교부(현 교육부)``: a body's former name, with its name now.

    The word before the parenthesis is a body when the name in it is one (a person's name
    before ``(현 KIA)`` is not): under ``현`` it is the same body, so it takes that canonical
    name; under ``구``/``옛`` the word is the current name and keeps its own.
    """
    lex, text = context.lex, match.string
    named = match.group("named")
    hit = read_name(named, lex)
    whole = hit is not None and hit.reading is not None and (hit.start, hit.end) == (0, len(named))
    entry = lex.lookup(named) or (hit.reading.entry if whole else None)
    if entry is None or (entry.type in GOVERNMENT_TYPES and named in lex.countries):
        return None
    before = WORD_BEFORE.search(text, max(0, match.start() - 30), match.start())
    if before is None or not _plausible_name(before.group(), lex) or lex.looks_like_person(before.group()):
        return None
    name = before.group()
    known = lex.lookup(name)
    if known is None:
        canonical = entry.canonical if match.group("when") in ("현", "現") else name
        known = Entry(canonical=canonical, type=entry.type, country=entry.country)
    return Reading(name, known, known.acronym, span=before.span())


def _pattern_of(words: Iterable[str]) -> str:
    return "|".join(regex.escape(word) for word in sorted(set(words), key=len, reverse=True))


def _literal_first(words: Iterable[str], *, before: str = "", not_after: str = "") -> re.Pattern[str]:
    """A stdlib ``re`` start scanner for words that must (or must not) follow something.

    The test on what comes before is written after each word's first character, as a
    fixed-width lookbehind, so that the pattern begins with a literal and ``re`` skips to its
    first characters fast (a pattern that begins with a lookbehind is tried at every
    position). Words are grouped by that character (``A(?:G|gency|…)``): where a scan stops,
    one branch is tried instead of one per word (the designators' scan takes 30% less).
    """

    def test(escaped: str) -> str:
        return (f"(?<={before}{escaped})" if before else "") + (f"(?<!{not_after}{escaped})" if not_after else "")

    return re.compile(_grouped_by_first(words, test))


def _per_literal(
    name: str,
    pattern: regex.Pattern[str],
    produce: Callable[[regex.Match[str], DocumentContext], Reading | None],
    priority: int,
    literals: Iterable[str],
    *,
    then: str = "",
) -> tuple[Rule[Reading], ...]:
    """One rule per literal its matches start with, each matching (and scanned) at that literal only.

    ``re`` finds a literal prefix with a fast search but tries an alternation of literals at
    every position: scanning four literals one by one costs less than one scan for all four.
    """
    return tuple(
        Rule(
            f"{name} [{literal}]",
            regex.compile(f"(?={regex.escape(literal)})" + pattern.pattern, pattern.flags),
            produce,
            priority,
            re.compile(re.escape(literal) + (f"(?={then})" if then else "")),
        )
        for literal in literals
    )


def _rules(lex: Lexicon) -> tuple[Rule[Reading], ...]:
    designators = _pattern_of(lex.latin_designators)
    school_ends = "".join(lex.school_ends)
    markers = "".join(lex.markers)
    return (
        Rule(
            "<name>(<acronym>) | <acronym>(<name>) | <한글>(<Latin name>)",
            # Tried at every parenthesis: the stdlib re matches it in half the time regex takes.
            re.compile(r"\((?=[^()\n]{0,79}[A-Z가-힣])(?P<inner>[^()\n]{1,80})\)"),
            _pair,
            2,
            re.compile(r"\("),
        ),
        Rule(
            "<name>(이하 <short>)",
            regex.compile(r"\(\s*이하\s*[‘'\"“「]?(?P<short>[^()\n’'\"”」]{1,20}?)[’'\"”」]?\s*\)"),
            _defined_here,
            3,
            re.compile(r"\((?=\s*이하)"),
        ),
        Rule(
            "<Latin words> <designator> [사|particle]",
            regex.compile(
                rf"(?<=[A-Za-z0-9&.\-] )(?P<name>{designators})(?![A-Za-z0-9&\-])"
                r"(?P<marked>(?!))?(?:(?=(?P<korean_after>[가-힣])))?"
            ),
            _latin_company,
            1,
            _literal_first(lex.latin_designators, before=r"[A-Za-z0-9&.\-] "),
        ),
        Rule(
            "▲(<Latin name>)",
            regex.compile(r"▲ ?\((?P<name>[A-Z][\w&.\-]*(?: [A-Z0-9][\w&.\-]*){0,3})(?P<marked>)(?P<korean_after>)\)"),
            _latin_company,
            1,
            re.compile("▲"),
        ),
        *_per_literal(
            "<country> 정부 | <country>군 | <country> 당국",
            regex.compile(
                rf"(?P<body>{_pattern_of(lex.country_suffixes)})"
                rf"(?<=(?<![{NAME_CHARS}])(?P<country>{_pattern_of(lex.countries)}) ?(?:{_pattern_of(lex.country_suffixes)}))"
                rf"(?=(?:{lex.tail.pattern})(?![{NAME_CHARS}]))"
            ),
            _country_body,
            1,
            sorted(lex.country_suffixes),
        ),
        Rule(
            "걸그룹 <name> | 스타트업인 ‘<name>’",
            regex.compile(
                r"(?<![가-힣])(?:(?P<kind>(?:걸|보이|아이돌|혼성)그룹|밴드|듀오) [‘'\"“]?|(?:스타트업|업체|기업|회사|제조사)"
                r"(?:인 [‘'\"“]?| [‘'\"“]))(?P<word>[가-힣A-Za-z][가-힣A-Za-z0-9&]{1,11})(?![가-힣A-Za-z0-9&])"
            ),
            _named_by_context,
            0,
            _literal_first("걸그룹 보이그룹 아이돌그룹 혼성그룹 밴드 듀오 스타트업 업체 기업 회사 제조사".split(), not_after="[가-힣]"),
        ),
        Rule(
            "<player>(<club>) | <player>(<age>·<club>), in a game",
            regex.compile(
                r"\((?<=(?<![가-힣])[가-힣]{2,4}\()(?:[0-9]{2} ?[·・,] ?)?"
                r"(?P<club>[A-Za-z][A-Za-z0-9]{1,5}|[가-힣][가-힣A-Za-z]{1,9})\)"
            ),
            _club_of_player,
            1,
            # The pattern less what comes before the two last Hangul letters (re wants a fixed width).
            re.compile(
                r"\((?<=[가-힣][가-힣]\()(?:[0-9]{2} ?[·・,] ?)?(?:[A-Za-z][A-Za-z0-9]{1,5}|[가-힣][가-힣A-Za-z]{1,9})\)"
            ),
        ),
        Rule(
            "<president> 행정부",
            regex.compile(r"행정부(?<=(?<![가-힣])(?P<person>[가-힣]{2,4}) 행정부)(?=(?:[가-힣]{0,3})(?![가-힣]))"),
            _administration,
            0,
            re.compile("행정부"),
        ),
        Rule(
            "<city> FC | FC <city>",
            regex.compile(r"(?<![A-Za-z])FC(?![A-Za-z])"),
            _football_club,
            0,
            _literal_first(["FC"], not_after="[A-Za-z]"),
        ),
        *_per_literal(
            "㈜<name> | (주)<name> | <name>㈜ | 주식회사 ‘<name>’",
            regex.compile(
                r"(?P<mark>㈜|\((?:주|株)\)|주식회사)(?: ?(?P<quote>[‘'\"“])?"
                rf"(?P<after>[가-힣A-Za-z0-9][{NAME_CHARS}]{{1,29}}))?"
            ),
            _company_marked,
            2,
            ("㈜", "(주)", "(株)", "주식회사"),
        ),
        Rule(
            "<name>(대표 <person>) | <name>(회장 <person>)",
            regex.compile(
                rf"\((?P<title>{'|'.join(HEAD_TITLES)}) ?(?P<person>[가-힣]{{3,4}})(?=[,·)]|\s)"
            ),
            _head_named,
            1,
            re.compile(rf"\((?={'|'.join(HEAD_TITLES)})"),
        ),
        *_per_literal(
            "<country> [<sport>] 대표팀 | <country>팀 | <country> 선수단",
            regex.compile(
                rf"(?:선수단|팀)(?<=(?<![가-힣])(?P<country>{_pattern_of(lex.countries)})"
                rf"(?:(?: ?(?:{_pattern_of(TEAM_WORDS)})+){{0,3}} ?(?:국가대표팀|대표팀)| ?선수단|팀))"
                rf"(?=(?:{lex.tail.pattern})(?![{NAME_CHARS}]))"
            ),
            _national_team,
            1,
            ("팀", "선수단"),
        ),
        *_per_literal(
            "<school>고|중|초|대 [particle] <졸업|출신|교사|교수…>",
            regex.compile(
                rf"[{school_ends}](?<=(?<![{NAME_CHARS}])(?P<name>[가-힣]{{2,13}}[{school_ends}]))"
                rf"(?P<particle>{SCHOOL_PARTICLES})? (?P<cue>{_pattern_of(lex.school_cues)})"
            ),
            _school_before_cue,
            0,
            tuple(lex.school_ends),
            then=rf"(?:{SCHOOL_PARTICLES})? (?:{_pattern_of(lex.school_cues)})",
        ),
        Rule(
            "<former name>(현 <name>) | <name>(구 <former name>)",
            regex.compile(r"\((?P<when>현|구|옛|現|舊) (?P<named>[가-힣A-Za-z0-9&·]{2,30})\)"),
            _renamed,
            1,
            re.compile(r"\((?=[현구옛現舊] )"),
        ),
        Rule(
            "(참고 : <source>, …) | (<marker> <source>, <date>)",
            regex.compile(
                rf"\((?:(?:참고|출처|자료)\s*:\s*|(?P<marker>[{markers}])\s)(?P<name>[^,()\n:]{{2,40}}?),\s"
            ),
            _citation,
            0,
            re.compile(rf"\((?=참고|출처|자료|[{markers}]\s)"),
        ),
    )


_RULES: list[tuple[Rule[Reading], ...]] = []


def rules() -> tuple[Rule[Reading], ...]:
    """The cross-word rules, built on first use."""
    if not _RULES:
        _RULES.append(_rules(lexicon()))
    return _RULES[0]


@lru_cache(maxsize=1)
def paren_scanner() -> SharedScanner:
    """One scan for the starts of the eight rules that start at "(" (half the cost of eight)."""
    starting_at_paren = [rule for rule in rules() if rule.starts is not None and rule.starts.pattern.startswith(r"\(")]
    return SharedScanner.of("(", starting_at_paren)


# ------------------------------------------------------------------ the document


def _document_aliases(text: str, context: DocumentContext, taken: list[Candidate[Reading]]) -> list[Candidate[Reading]]:
    """Later bare mentions of names the document defined (협의회 after ``(이하 협의회)``)."""
    if not context.aliases:
        return []
    lex = context.lex
    forms = sorted(context.aliases, key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(map(regex.escape, form.split())) for form in forms)
    pattern = regex.compile(rf"(?:{alternatives})(?=(?:{lex.tail.pattern})(?![{NAME_CHARS}]))")
    found = []
    for match in pattern.finditer(text):
        if match.start() > 0 and LETTER.match(text, match.start() - 1):
            continue
        reading, after = context.aliases[" ".join(match.group().split())]
        if match.start() < after:
            continue
        found.append(Candidate(match.start(), match.end(), reading, "name the document defined", -1))
    return found


def _country_before(text: str, start: int, lex: Lexicon) -> tuple[str, int, bool] | None:
    """A country marker or name right before ``start``: (code, its start, is a name)."""
    at = start - 1
    while at >= 0 and text[at] in " \t":
        at -= 1
    if at < 0 or text[at] not in lex.country_ends:
        return None
    window = text[max(0, start - 14) : start]
    stripped = window.rstrip(" \t")
    if not stripped:
        return None
    offset = start - len(window)
    if stripped[-1] in lex.markers:
        return lex.markers[stripped[-1]], offset + len(stripped) - 1, False
    for size in range(min(len(stripped), 7), 0, -1):
        name = stripped[-size:]
        if name in lex.countries and (size == len(stripped) or not LETTER.match(stripped, len(stripped) - size - 1)):
            return lex.countries[name], offset + len(stripped) - size, True
    return None


def _qualify(text: str, candidate: Candidate[Reading], lex: Lexicon) -> Candidate[Reading]:
    """``日 JOGMEC`` sets the country; ``미국 에너지부`` also takes the country into the span."""
    before = _country_before(text, candidate.start, lex)
    if before is None:
        return candidate
    code, start, is_name = before
    reading = candidate.value
    entry = lex.lookup(reading.name, code) if reading.name in lex.names else reading.entry
    assert entry is not None
    if entry.country is None or (entry.country != code and entry.type not in ("company",)):
        entry = Entry(entry.canonical, entry.type, code, entry.acronym)
    elif entry.country != code and not is_name:
        entry = Entry(entry.canonical, entry.type, code, entry.acronym)
    reading = Reading(reading.name, entry, reading.acronym, True)
    if is_name and entry.type in GOVERNMENT_TYPES and entry.country == code:
        name = " ".join(text[start : candidate.start].split()) + " " + reading.name
        return Candidate(start, candidate.end, Reading(name, entry, reading.acronym, True), candidate.rule)
    return Candidate(candidate.start, candidate.end, reading, candidate.rule)


def find_candidates(text: str) -> list[Candidate[Reading]]:
    """The chosen readings of a normalised text, in order, with the names of the rules that made them."""
    lex = lexicon()
    context = DocumentContext(lex)
    candidates = word_candidates(text, lex)
    candidates += line_break_candidates(text, lex)
    ruled, _ = run_rules(text, rules(), context, paren_scanner().starts(text))
    for candidate in ruled:
        reading = candidate.value
        if reading.span is not None:
            start, end = reading.span
            reading = Reading(reading.name, reading.entry, reading.acronym, reading.country_from_text)
            candidate = Candidate(start, end, reading, candidate.rule, candidate.priority)
        candidates.append(candidate)
    chosen = longest_first(candidates)
    extra = _document_aliases(text, context, chosen)
    if extra:
        chosen = longest_first(chosen + extra)
    title_cues = TitleCues.of(text)
    chosen = [
        candidate
        for index, candidate in enumerate(chosen)
        if not candidate.value.blocks
        and not _address_part(text, chosen, index)
        and not _in_a_title(text, candidate, title_cues)
        and not _a_jurisdiction(text, candidate, lex)
    ]
    return [_qualify(text, candidate, lex) for candidate in chosen]


JOINERS = "·・/"
LIST_LABEL = regex.compile(r"▲ ?\(([^()\n]{1,12})\)")
STATE_TYPES = frozenset({"government", "foreign_government", "international"})


def _a_jurisdiction(text: str, candidate: Candidate[Reading], lex: Lexicon) -> bool:
    """``미국·EU를 중심으로``, ``미국/미국과의 FTA 체결국``, ``▲(미국) … ▲(EU) …``: places, not bodies.

    A state or union written in one series with a country is named as a territory whose rules
    apply, beside the other countries of the series.
    """
    entry = candidate.value.entry
    if entry.type not in STATE_TYPES or (entry.type != "international" and candidate.value.name not in lex.countries):
        return False
    start, end = candidate.start, candidate.end
    if start > 0 and text[start - 1] in JOINERS and _country_ending_at(text, start - 1, lex):
        return True
    if end < len(text) and text[end] in JOINERS and _country_starting_at(text, end + 1, lex):
        return True
    if text.startswith(")", end) and text[max(0, start - 3) : start].rstrip(" (").endswith("▲"):
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        return any(label.group(1).strip() in lex.countries for label in LIST_LABEL.finditer(line))
    return False


NAME_AT_END = regex.compile(rf"[{NAME_CHARS}]{{1,12}}$")
LETTERS = re.compile(r"[가-힣A-Za-z]{1,12}")


def _country_ending_at(text: str, end: int, lex: Lexicon) -> bool:
    word = NAME_AT_END.search(text[max(0, end - 12) : end])
    return word is not None and word.group().lstrip("·・") in lex.countries


def _country_starting_at(text: str, start: int, lex: Lexicon) -> bool:
    word = LETTERS.match(text, pos=start)
    if word is None:
        return False
    return any(word.group()[:size] in lex.countries for size in range(len(word.group()), 0, -1))


TITLE_OPEN, TITLE_CLOSE = "「『", "」』"
ENGLISH_TITLE_NEXT = regex.compile(r"(?:'s|’s| [A-Z][A-Za-z]+(?![A-Za-z0-9]))")
# ``OECD 스킬 전망 : …``: a name, one or two words and a publication noun before a headline's
# colon name a report, the way 「OECD 스킬 전망」 would (``IEA 보고서`` is the IEA's report).
REPORT_NOUNS = ("전망", "보고서", "백서", "리포트")
REPORT_COLONS = (":", "：")
KOREAN_REPORT_NEXT = regex.compile(
    rf"[ \t]+(?:[가-힣A-Za-z0-9·]+[ \t]+){{1,2}}?(?:{'|'.join(REPORT_NOUNS)})[ \t]*[{''.join(REPORT_COLONS)}]"
)


@dataclass(frozen=True)
class TitleCues:
    """Whether a document holds a title mark, and a report noun and a colon: most hold neither,
    and then ``_in_a_title`` skips the searches it would make around every name."""

    marks: bool
    report: bool

    @classmethod
    def of(cls, text: str) -> TitleCues:
        return cls(
            marks=any(mark in text for mark in TITLE_OPEN),
            report=any(colon in text for colon in REPORT_COLONS) and any(noun in text for noun in REPORT_NOUNS),
        )


EVERY_TITLE_CUE = TitleCues(marks=True, report=True)


def _in_a_title(text: str, candidate: Candidate[Reading], cues: TitleCues = EVERY_TITLE_CUE) -> bool:
    """Names inside a title are the title's words: 「충북 이차전지산업 육성 전략」, OECD Skills Outlook."""
    if cues.marks:
        before = text[max(0, candidate.start - 40) : candidate.start]
        opened = max(before.rfind(mark) for mark in TITLE_OPEN)
        if opened >= 0 and max(before.rfind(mark) for mark in TITLE_CLOSE) < opened:
            after = text[candidate.end : candidate.end + 40]
            if any(mark in after for mark in TITLE_CLOSE):
                return True
    name = candidate.value.name
    if name.isascii() and ENGLISH_TITLE_NEXT.match(text, candidate.end) is not None:
        return True
    return cues.report and KOREAN_REPORT_NEXT.match(text, candidate.end) is not None


ADDRESS_NEXT = regex.compile(r"[ \t]+[가-힣0-9]{1,10}(?:동|읍|면|리|로|길|번길|구|군|시)(?:[0-9]+가)?(?![가-힣])|[ \t]+[가-힣]{1,8}(?:동|읍|면|로|길)[0-9]")
ADDRESS_PREVIOUS = regex.compile(r"(?:서울|부산|대구|인천|광주|대전|울산|세종|경기|강원|충북|충남|전북|전남|경북|경남|제주)(?:도|시)?[ \t]+$")


def _address_part(text: str, chosen: list[Candidate[Reading]], index: int) -> bool:
    """``서울 종로구 세종로``: a local government's name inside an address names a place."""
    candidate = chosen[index]
    if candidate.value.entry.type != "local_government":
        return False
    if ADDRESS_NEXT.match(text, candidate.end):
        return True
    return ADDRESS_PREVIOUS.search(text, max(0, candidate.start - 8), candidate.start) is not None


def find_organizations(text: str) -> list[OrganizationMention]:
    """Every organisation named in running text, in text order.

    The span covers the name itself (particles and titles excluded: ``국가안보실장`` ->
    국가안보실), or the name with its parenthesised acronym or translation.
    """
    if not isinstance(text, str) or not text.strip():
        return []
    normalized = normalize(_clean_surrogates(text))
    mentions = []
    for candidate in find_candidates(normalized.text):
        mentions.append(_mention(normalized, text, candidate))
    return mentions


def _clean_surrogates(text: str) -> str:
    """Lone surrogates cannot be normalised; replace them one for one so offsets stay put."""
    if SURROGATE.search(text) is None:
        return text
    return SURROGATE.sub("\ufffd", text)


SURROGATE = re.compile("[\ud800-\udfff]")


def _mention(normalized: NormalizedText, original: str, candidate: Candidate[Reading]) -> OrganizationMention:
    """The public mention, built without validation: every value comes from the checked data files.

    ``tests/test_organizations.py`` validates what this builds, so a drift in the models shows there.
    """
    start, end = normalized.to_original(candidate.start, candidate.end)
    reading = candidate.value
    entry = reading.entry
    span = trusted(Span, {"start": start, "end": end, "text": original[start:end]})
    values = {
        "name": reading.name,
        "canonical": entry.canonical,
        "acronym": reading.acronym or entry.acronym,
        "type": entry.type,
        "country": entry.country,
        "span": span,
        "warnings": [],
    }
    return trusted(OrganizationMention, values, _MENTION_FIELDS)


# What model_validate marks as set: every field given (warnings is left to its default).
_MENTION_FIELDS = frozenset(("name", "canonical", "acronym", "type", "country", "span"))
