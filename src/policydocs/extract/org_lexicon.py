"""The organisation gazetteer and context words, loaded once from ``policydocs/data``.

Names live in ``orgs_*.tsv`` (name, aliases, acronym, type, country, canonical), context
words in ``org_words.tsv``, country names in ``org_countries.tsv`` and suffix rules in ``org_suffixes.tsv``. This module turns them
into dictionaries keyed by surface form, so that a word is looked up by hashing its
prefixes, never by looping over the names.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

import re

import regex

from policydocs.data import read_tsv

GAZETTEER_FILES = (
    "orgs_kr_government.tsv",
    "orgs_kr_local.tsv",
    "orgs_kr_institutions.tsv",
    "orgs_companies.tsv",
    "orgs_foreign.tsv",
    "orgs_media_sports.tsv",
    "orgs_music_groups.tsv",
)


# Korean grammar: a case particle (에서, 으로 …) may be closed by a topic or possessive particle (에서는, 와의).
CASE_PARTICLES = frozenset("에서 에게 에게서 한테 께 에 으로 로 와 과 까지 부터".split())
CLOSING_PARTICLES = frozenset("는은도의만")
# Followers that are places or bodies, not a person's titles
NOT_TITLES = frozenset("공장 사업장 본사 계열사 관계사 주관".split())


@dataclass(frozen=True)
class Entry:
    """One organisation of the gazetteer (or one read by a rule): what a mention of it says."""

    canonical: str
    type: str
    country: str | None = None
    acronym: str | None = None


@dataclass(frozen=True)
class Affixes:
    """Word beginnings or endings (particles, group names), found by slicing a word at each
    length a member has, longest first: a set lookup per length instead of a test per member.
    """

    words: frozenset[str]
    lengths: tuple[int, ...]  # the distinct lengths of the members, longest first
    firsts: frozenset[str]  # the first and last characters of the members: one test rules most words out
    lasts: frozenset[str]

    @classmethod
    def of(cls, words: Iterable[str]) -> Affixes:
        members = frozenset(word for word in words if word)
        lengths = tuple(sorted({len(word) for word in members}, reverse=True))
        return cls(members, lengths, frozenset(word[0] for word in members), frozenset(word[-1] for word in members))

    def __contains__(self, word: object) -> bool:
        return word in self.words

    def endings(self, word: str) -> Iterator[str]:
        """The members ``word`` ends with, longest first (what a loop of ``endswith`` finds)."""
        if word[-1:] not in self.lasts:
            return
        for size in self.lengths:
            if size <= len(word) and word[-size:] in self.words:
                yield word[-size:]

    def ends(self, word: str) -> bool:
        """Whether ``word`` ends with a member: ``word.endswith(members)`` without a test per member."""
        return next(self.endings(word), None) is not None

    def longest_beginning(self, word: str) -> str | None:
        """The longest member ``word`` starts with, or None."""
        if word[:1] not in self.firsts:
            return None
        for size in self.lengths:
            if size <= len(word) and word[:size] in self.words:
                return word[:size]
        return None


@dataclass(frozen=True)
class SuffixRule:
    """A word ending (…부, …연구원) that makes an unknown word an organisation of ``type``."""

    suffix: str
    type: str
    min_stem: int


@dataclass(frozen=True)
class Lexicon:
    """Everything the organisation finder looks up, keyed for O(1) access."""

    # surface form -> entries; several when a name is shared (국방부: KR, and US after 미국)
    names: dict[str, tuple[Entry, ...]]
    # The first two characters of every name (none is shorter): nine words in ten start otherwise
    name_starts: frozenset[str]
    # first word of a name with spaces -> the full names starting with it, longest first
    multiword: dict[str, tuple[str, ...]]
    multiword_last: frozenset[str]
    longest_name: int
    suffixes: dict[str, SuffixRule]
    longest_suffix: int
    # The last characters of every name a suffix rule can read (a suffix's, 청 of 시청, 대 of 충남대)
    suffix_name_lasts: frozenset[str]
    markers: dict[str, str]
    countries: dict[str, str]
    # The characters a marker or country name ends with: a quick test before looking one up
    country_ends: frozenset[str]
    # Country names that, with a particle of ``actor_particles``, name the state acting (미국은)
    actors: frozenset[str]
    actor_firsts: frozenset[str]
    actor_particles: tuple[str, ...]
    actor_endings: Affixes  # the actor particles, for reading a word's end
    team_endings: Affixes  # the actor particles and 의 (보스턴의)
    # Places that stand for their club in a sentence about a game (보스턴은 역전했다), and their country
    team_places: dict[str, str]
    team_place_firsts: frozenset[str]
    # Club short names that are common words (동부, 상무): read like team_places, under the club's canonical name
    team_canonical: dict[str, str]
    # A country before these names the state (미국 대통령); after 〈country〉의 these make it the state acting
    state_titles: frozenset[str]
    state_acts: frozenset[str]
    place_particles: tuple[str, ...]
    sports_cues: tuple[str, ...]
    # Words of a game's result after 〈side〉에 (패했다, 완승, 덜미): the side is then the opponent
    game_results: tuple[str, ...]
    # Short result words (진, 졌다, 지고) that are a result only after a score (호주에 1-2로 졌다):
    # elsewhere they begin other words (진출) or other senses (빚을 졌다)
    results_after_score: frozenset[str]
    # Verbs of visiting after 〈country〉을 (방문했다, 찾은, 경유해): the country is then a place
    visit_verbs: tuple[str, ...]
    team_roles: frozenset[str]
    not_clubs: frozenset[str]
    stop_words: frozenset[str]
    stop_endings: tuple[str, ...]
    generic_stems: frozenset[str]
    company_context: frozenset[str]
    latin_designators: frozenset[str]
    korean_places: Affixes
    # Group names whose affiliates are named by writing onto them (롯데마트, GS건설, LG디스플레이)
    group_prefixes: Affixes
    # Nouns that make a body of a country written before them (일본 정부, 북한군)
    country_suffixes: frozenset[str]
    # ISO code -> English country name, for canonical names of governments
    country_names: dict[str, str]
    # ISO code -> the canonical name of that country's government (Government of Japan)
    government_names: dict[str, str]
    # Short forms that name a government only with a particle written on (충북이, not 충북 실현)
    needs_particle: frozenset[str]
    # A name's tail: an optional title or attached noun, then particles (국가안보실장은)
    tail: regex.Pattern[str]
    longest_tail: int
    # Nouns that describe the body named after them (시장조사기관 가트너): head -> type, and kinds that do not
    appositive_heads: dict[str, str]
    appositive_generic: frozenset[str]
    not_described: frozenset[str]
    # Titles written onto a name (장, 국장, 대변인): a word ending in one is a person's title, not a body
    titles: tuple[str, ...]
    # A school's short name: its last syllable -> type (서울고, 충남대), the words that must follow it
    # (출신, 교수) and the kinds of school that are not names (자사고, 명문대)
    school_ends: dict[str, str]
    school_cues: tuple[str, ...]
    # cue -> its kind: ``university`` (교수, 총장: only after …대), ``pupil`` (학생들: not after …중,
    # which after an activity means "during": 수업중 학생들이), ``verb`` (졸업했다: only after a particle)
    school_cue_kinds: dict[str, str]
    school_generic: frozenset[str]
    # Last syllables of verb stems before the connective 고 (만들고, 이끌고, 가르치고): no school's name
    verb_stem_ends: frozenset[str]
    # Date words (지난해, 올해, 상반기): a stem of one is a time, 초/중 after it a part of that time
    time_words: frozenset[str]
    # Counters and units: 〈counter〉당 is "per 〈counter〉" (온스당, 1인당, 시간당), not a party
    counters: frozenset[str]
    # Common words a person's name is not (선수들 aside, which the plural shows): titles, roles, cues
    common_words: frozenset[str]
    # Korean family names, to tell a person's name (대표 홍길동) from a common noun (대표 선수)
    surnames: tuple[str, ...]
    # One particle (는, 에서, 으로): what may end a name read by context
    particles_only: regex.Pattern[str]
    # Particles that follow only a final consonant (이, 은) or only a vowel (가, 는)
    after_consonant: regex.Pattern[str]
    after_vowel: regex.Pattern[str]
    # tail -> whether ``tail`` matches it: a corpus has few distinct tails and many words
    _tail_shapes: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)

    def lookup(self, name: str, country: str | None = None) -> Entry | None:
        """The entry a surface form names; with ``country``, the row of that country if one exists."""
        entries = self.names.get(name)
        if not entries:
            return None
        if country is not None:
            for entry in entries:
                if entry.country == country:
                    return entry
        return entries[0]

    def tail_fits(self, name: str, tail: str) -> bool:
        """Whether ``tail`` can follow ``name``: titles and particles, in the form its last sound takes.

        >>> lex = lexicon()
        >>> lex.tail_fits("LG디스플레이", "가"), lex.tail_fits("LG디스플레", "이가"), lex.tail_fits("대전시", "는")
        (True, False, True)
        """
        shape = self._tail_shapes.get(tail)
        if shape is None:
            if len(self._tail_shapes) > _TAIL_SHAPES_KEPT:
                self._tail_shapes.clear()
            shape = self._tail_shapes[tail] = self.tail.fullmatch(tail) is not None
        if not shape:
            return False
        if not tail or not name or not "가" <= name[-1] <= "힣":
            return True
        final = (ord(name[-1]) - 0xAC00) % 28
        if final == 0:
            return self.after_consonant.match(tail) is None
        if self.after_vowel.match(tail) is not None:
            return final == 8 and tail.startswith("로")  # ㄹ takes 로 (서울로)
        return True

    def without_particles(self, word: str) -> str:
        """``누리셀은`` -> 누리셀, ``한빛시티개발`` -> itself: the word before its particles (not before titles).

        The longest ending of particles wins (임직원으로 is 임직원 + 으로), where the ending is one
        particle or a case particle closed by 는, 은, 도, 의, 만 (에서는, 와의); other chains are read
        as part of the name (누리인의 is 누리인 + 의, not 누리 + 인 + 의).

        >>> [lexicon().without_particles(w) for w in ("누리서비스의", "한빛시티개발", "임직원으로", "하나", "누리인의", "협회에서는")]
        ['누리서비스', '한빛시티개발', '임직원', '하나', '누리인', '협회']
        """
        for size in range(min(6, len(word) - 2), 0, -1):
            rest = word[-size:]
            if self._particle_ending(rest) and self.tail_fits(word[:-size], rest):
                return word[:-size]
        return word

    def _particle_ending(self, rest: str) -> bool:
        if self.particles_only.fullmatch(rest):
            return True
        if rest[-1] not in CLOSING_PARTICLES:
            return False
        return rest[:-1] in CASE_PARTICLES

    def looks_like_person(self, word: str) -> bool:
        """A Korean personal name: a family name and one or two syllables (홍길동, 남궁민수).

        Not a word the lexicon knows as something else: a name of the gazetteer or a place, a
        word ending in an organisation suffix (국토부, 정통부) or a school's last syllable 고 or 초
        (given names do not end in them: 한빛고), a plural (선수들), a date word (지난해) or another
        common word of the lexicon (감독, 대표).

        >>> lex = lexicon()
        >>> [lex.looks_like_person(w) for w in ("홍길동", "남궁민수", "국토부", "선수들", "한빛고", "지난해", "서울시")]
        [True, True, False, False, False, False, False]
        """
        surname = next((s for s in self.surnames if word.startswith(s)), None)
        if surname is None or not PERSON_SHAPE.fullmatch(word) or (len(word) == 4 and len(surname) == 1):
            return False
        if word[-1] in "들고초" or word in self.common_words or word in self.time_words:
            return False
        if word in self.names or word in self.korean_places or word in self.countries:
            return False
        return not self._ends_in_suffix(word)

    def _ends_in_suffix(self, word: str) -> bool:
        """Whether ``word`` ends in an organisation suffix on a stem long enough for it (국토부)."""
        for size in range(min(self.longest_suffix, len(word) - 1), 0, -1):
            rule = self.suffixes.get(word[-size:])
            if rule is not None and len(word) - size >= rule.min_stem:
                return True
        return False

    def is_stop(self, word: str) -> bool:
        """A common word that only looks like an organisation (일부, 판매처, 연구소, 온스당)."""
        return word in self.stop_words or word.endswith(self.stop_endings) or (word[-1:] == "당" and self.per_unit(word))

    def per_unit(self, word: str) -> bool:
        """``온스당``, ``1인당``, ``10만명당``: 당 after a counter or unit (with its number) means "per".

        >>> lex = lexicon()
        >>> [lex.per_unit(w) for w in ("온스당", "1인당", "10만명당", "kg당", "1축당", "보수당", "정의당")]
        [True, True, True, True, True, False, False]
        """
        if not word.endswith("당"):
            return False
        if word[:1].isdigit():
            return True  # a count before it (1축당, 3가구당): no party's name starts with a number
        return word[:-1].strip() in self.counters


_TAIL_SHAPES_KEPT = 100_000
PERSON_SHAPE = re.compile(r"[가-힣]{3,4}")  # stdlib re: a plain class, matched in half the time of regex
# The date words that name a time by themselves (지난해, 상반기), for telling a time from a name
TIME_WORD_CATEGORIES = frozenset(
    "year_offset month_offset week_offset day_offset quarter_offset half season anaphor_day weekday".split()
)


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


def _rank(entry: Entry) -> int:
    """Korean bodies first: a bare 국방부 is Korea's; 미국 국방부 selects the US row."""
    return 0 if entry.country == "KR" else 1


@lru_cache(maxsize=None)
def lexicon() -> Lexicon:
    """Build the lexicon on first use (keeps ``import policydocs`` fast)."""
    names: dict[str, list[Entry]] = defaultdict(list)
    for file_name in GAZETTEER_FILES:
        for row in read_tsv(file_name):
            entry = Entry(
                canonical=row["canonical"] or row["name"],
                type=row["type"],
                country=row["country"] or None,
                acronym=row["acronym"] or None,
            )
            forms = [row["name"], *_split(row["aliases"])]
            if row["acronym"]:
                forms.append(row["acronym"])
            for form in forms:
                form = " ".join(form.split())
                if entry not in names[form]:
                    names[form].append(entry)
    ranked = {form: tuple(sorted(entries, key=_rank)) for form, entries in names.items()}
    if min(map(len, ranked)) < 2:
        raise ValueError("a gazetteer name of one character: name_starts would miss it")

    multiword: dict[str, list[str]] = defaultdict(list)
    for form in ranked:
        if " " in form:
            multiword[form.split(" ", 1)[0].rstrip(",")].append(form)

    words: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in read_tsv("org_words.tsv"):
        words[row["role"]].append((row["word"], row["value"]))

    def plain(role: str) -> list[str]:
        return [word for word, _ in words[role]]

    suffixes = {
        row["suffix"]: SuffixRule(row["suffix"], row["type"], int(row["min_stem"])) for row in read_tsv("org_suffixes.tsv")
    }
    particles = sorted(set(plain("particle")), key=len, reverse=True)
    by_sound = {kind: sorted((w for w, v in words["particle"] if v == kind), key=len, reverse=True) for kind in "CV"}
    any_sound = sorted((w for w, v in words["particle"] if not v), key=len, reverse=True)

    def first_particle(kind: str) -> regex.Pattern[str]:
        # the longest particle at the start decides (이라고 is C even though 이 ... 라고 exist)
        alternatives = "|".join(map(regex.escape, sorted(by_sound[kind] + any_sound, key=len, reverse=True)))
        own = set(by_sound[kind])
        return regex.compile(rf"(?:{alternatives})(?<=^(?:{'|'.join(map(regex.escape, own))}))")
    followers = sorted(set(plain("follower")), key=len, reverse=True)
    tail = regex.compile(
        "(?:" + "|".join(map(regex.escape, followers)) + ")?(?:" + "|".join(map(regex.escape, particles)) + "){0,3}"
    )
    country_rows = read_tsv("org_countries.tsv")
    actors = [row["name"] for row in country_rows if row["actor"] == "yes"]
    team_rows = read_tsv("org_team_names.tsv")
    team_places = {row["name"]: row["country"] for row in [*read_tsv("org_team_places.tsv"), *team_rows]}
    countries = {row["name"]: row["alpha2"] for row in country_rows}
    lex_markers = dict(words["marker"])
    places = set()
    for row in read_tsv("orgs_kr_local.tsv"):
        for form in [row["name"], *_split(row["aliases"])]:
            if len(form) >= 3 and form[-1] in "시도군구":
                places.add(form[:-1])
            places.add(form)
    places.update(("한국", "대한", "국립", "서울", "부산", "대구", "인천", "광주", "대전", "울산", "세종"))
    time_words = frozenset(
        "".join(row["word"].split()) for row in read_tsv("date_words.tsv") if row["category"] in TIME_WORD_CATEGORIES
    )
    return Lexicon(
        names=ranked,
        name_starts=frozenset(form[:2] for form in ranked),
        multiword={head: tuple(sorted(forms, key=len, reverse=True)) for head, forms in multiword.items()},
        multiword_last=frozenset(form.rsplit(" ", 1)[-1] for form in ranked if " " in form),
        longest_name=max(len(form) for form in ranked),
        suffixes=suffixes,
        longest_suffix=max(len(suffix) for suffix in suffixes),
        suffix_name_lasts=frozenset(suffix[-1] for suffix in suffixes) | {"청", "대"},
        markers=dict(words["marker"]),
        countries=countries,
        country_ends=frozenset(word[-1] for word in [*lex_markers, *countries]),
        actors=frozenset(actors),
        actor_firsts=frozenset(name[0] for name in actors),
        actor_particles=tuple(sorted(set(plain("actor_particle")), key=len, reverse=True)),
        actor_endings=Affixes.of(plain("actor_particle")),
        team_endings=Affixes.of([*plain("actor_particle"), "의"]),
        team_places=team_places,
        team_place_firsts=frozenset(name[0] for name in team_places),
        team_canonical={row["name"]: row["canonical"] for row in team_rows},
        state_titles=frozenset(plain("state_title")),
        state_acts=frozenset(plain("state_act")),
        place_particles=tuple(sorted(set(plain("place_particle")), key=len, reverse=True)),
        not_clubs=frozenset(plain("not_club")),
        team_roles=frozenset(plain("team_role")),
        sports_cues=tuple(sorted(set(plain("sports_cue")), key=len, reverse=True)),
        game_results=tuple(sorted({w for w, v in words["game_result"] if v != "after_score"}, key=len, reverse=True)),
        results_after_score=frozenset(w for w, v in words["game_result"] if v == "after_score"),
        visit_verbs=tuple(sorted(set(plain("visit_verb")), key=len, reverse=True)),
        stop_words=frozenset(plain("stop")),
        stop_endings=tuple(sorted(set(plain("stop_end")), key=len, reverse=True)),
        generic_stems=frozenset(plain("generic_stem")),
        company_context=frozenset(plain("company_context")),
        latin_designators=frozenset(plain("latin_designator")),
        korean_places=Affixes.of(places),
        group_prefixes=Affixes.of(plain("group_prefix")),
        country_suffixes=frozenset(plain("country_suffix")),
        country_names={row["alpha2"]: row["name"] for row in read_tsv("iso3166.tsv")},
        government_names=dict(words["government_name"]),
        needs_particle=frozenset(plain("needs_particle")),
        tail=tail,
        longest_tail=max(map(len, followers), default=0) + 3 * max(map(len, particles), default=0),
        appositive_heads=dict(words["appositive_head"]),
        appositive_generic=frozenset(plain("appositive_generic")),
        not_described=frozenset(plain("not_described")),
        titles=tuple(
            word
            for word in followers
            if len(word) >= 2 and word.endswith(("장", "관", "원", "인", "사", "표")) and word not in NOT_TITLES
        ),
        school_ends=dict(words["school_end"]),
        school_cues=tuple(sorted(set(plain("school_cue")), key=len, reverse=True)),
        school_cue_kinds={w: v for w, v in words["school_cue"] if v},
        school_generic=frozenset(plain("school_generic")),
        verb_stem_ends=frozenset(plain("verb_stem_end")),
        time_words=time_words,
        counters=frozenset(plain("counter")),
        common_words=frozenset(
            [*plain("stop"), *plain("generic_stem"), *plain("sports_cue"), *plain("team_role"), *plain("state_title"),
             *plain("school_generic"), *plain("school_cue"), *plain("appositive_generic"), *plain("not_described"),
             *plain("not_club"), *followers]
        ),
        surnames=tuple(sorted(set(plain("surname")), key=len, reverse=True)),
        particles_only=regex.compile("|".join(map(regex.escape, particles))),
        after_consonant=first_particle("C"),
        after_vowel=first_particle("V"),
    )
