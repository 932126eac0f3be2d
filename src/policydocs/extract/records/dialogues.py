"""Dialogue: a meeting between parties, named by the sentence that says it took place.

A unit with a meeting word (대화, 정상회담, 간담회, 포럼, 방문, MOU … data group
``event_noun``) and a verb of holding it (개최, 열린, 가졌다, 방문, 체결 … ``event_verb``)
states a meeting. Its title is the name the text gives (``제1차 한·미 차세대핵심신흥기술
대화``, ``한·미 정상회담``), or is composed from what the text says (``대전시 앰프리우스
방문``). People with their titles (``조태용 국가안보실장``) are participants; organisations
listed as taking part in the next sentences (``…이 참여한다``) join it; an enumeration
followed by 등 in a sentence about what is discussed gives the topics.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

import regex

from policydocs.extract.records import context
from policydocs.data import country_codes
from policydocs.extract.records.context import (
    DIALOGUE_KINDS,
    DocumentView,
    UnitView,
    build,
    date_value,
    find_all,
    find_first,
    literal_words,
    organization,
    similar_titles,
    squash,
    subject,
    words,
)
from policydocs.models import Dialogue, Organization, OrganizationMention, Participant

ORDINAL_TITLE = regex.compile(
    r"제\s?(?P<ordinal>\d{1,3})\s?차\s+(?P<name>(?:[^\s,.]+\s+){0,3}?[^\s,.]*?(?:대화|회의|회담|포럼|협의회|위원회|총회|서밋))"
)
SUMMIT = regex.compile(r"(?P<name>[^\s,.]{1,12}\s?(?:정상회담|정상회의))")
FIRST = regex.compile(r"첫\s?(?:번째\s?)?(?:\S*?)(?:대화|회의|회담|포럼)")
VISIT = regex.compile(r"^(?:을|를)\s?(?:차례로\s)?방문")
VISITED_WORD = regex.compile(r"(?P<target>[\p{Hangul}A-Za-z0-9]{2,20})(?:을|를)\s?(?:차례로\s)?방문")
LAUNCH_MEETING = regex.compile(r"[‘“'\"]([^‘’“”'\"(]{2,40})(?:\(이하[^)]*\))?[’”'\"]를?\s*(?:발족|출범)하고\s*(\S+?)(?:를|을)")
NAME_BEFORE_NOUN = regex.compile(r"(?P<name>(?:[\p{Hangul}A-Za-z0-9·]+\s){0,2}[\p{Hangul}A-Za-z0-9·]*)$")
NOT_A_NAME_START = {"다른", "이번", "해당", "각", "여러", "첫", "이", "그", "새", "새로운", "관련"}
GENERIC_PLACES = {"기업", "현장", "기관", "시설", "대학", "곳", "지역", "업체", "회사", "공장", "단지", "센터"}
PARTICLE_END = regex.compile(r"(?:은|는|이|가|을|를|에|에서|와|과|의|고|며|서|하여|해)$")
LOCATION = regex.compile(r"(?P<place>(?:(?:미국|중국|일본|한국|영국|독일|프랑스|캐나다|호주)\s)?[\p{Hangul}A-Za-z]{2,10})에서(?=\s)")
PARTICIPATE = regex.compile(r"참여|참석|참가")
DISCUSS = regex.compile(r"논의|협력\s?방안|분야|의제")
GENERIC_MEETING = {"회의", "행사"}
ENUMERATION = regex.compile(r"(?P<items>(?:[\p{Hangul}A-Za-z()·]{2,15},\s?){2,}[\p{Hangul}A-Za-z()·]{2,15})\s?등")
COUNTRY_WORDS = {"미국": "US", "한국": "KR", "중국": "CN", "일본": "JP", "영국": "GB", "캐나다": "CA", "호주": "AU"}
FOLLOW_UP = regex.compile(r"^(?:이번|이날|해당|당일)?\s?(?P<noun>대화|회의|회담|간담회|포럼|행사|방문|협의회)(?:에는|에서는|에서|은|는|이|가|를|을|에)?\s")
# The first characters of FOLLOW_UP's matches, besides a space (``\s`` is a space to ``str.isspace`` too).
FOLLOW_UP_FIRST = frozenset("이해당대회간포행방협")


NAME_TOKEN = regex.compile(r"^\p{Hangul}{1,4}$")
NOT_A_NAME = {"당시", "이날", "그리고", "또한", "특히", "한편", "이번", "지난", "오는", "및", "등", "양국", "측", "전", "현", "신임", "前", "現"}


@lru_cache(maxsize=1)
def _title_word() -> regex.Pattern[str]:
    titles = "|".join(word for word, _ in words("person_title"))
    return regex.compile(rf"(?<![\p{{Hangul}}])(?P<title>\p{{Hangul}}*?(?:{titles}))(?=[\s과와은는이가의,]|$)")


HANGUL_BEFORE = regex.compile(r"(?r)\p{Hangul}*\Z")  # searched up to a position: the Hangul run ending there


def _titles(text: str) -> list[regex.Match[str]]:
    """``_title_word().finditer(text)``, started where a match can first begin.

    A match is a run of Hangul ending in a title word, so none begins before the run that
    holds the first title word: a search for the words (one quick stdlib search) finds it.
    """
    start = 0
    if context.SHORTCUTS and literal_words("person_title") is not None:
        first = find_first("person_title", text)
        if first is None:
            return []
        start = HANGUL_BEFORE.search(text, 0, first[0]).start()
    return list(_title_word().finditer(text, start))


def _name_before(text: str) -> str | None:
    """The person's name written right before a title: one Korean token or two (조 바이든)."""
    tokens = text.split()
    name: list[str] = []
    while tokens and len(name) < 2:
        token = tokens[-1]
        if not NAME_TOKEN.match(token) or token in NOT_A_NAME:
            break
        if name and len(token) > 3:
            break
        name.insert(0, tokens.pop())
    if len(name) == 2 and len(name[1]) >= 3 and len(name[0]) >= 2:
        name = name[1:]  # ``당시 윤석열``-like pairs: a Korean name is one token
    return " ".join(name) or None


def _kind(text: str) -> str | None:
    noun = find_first("event_noun", text)
    if noun is None or find_first("event_verb", text) is None:
        return None
    return noun[2]


def _main_actor(all_views: list[UnitView]) -> OrganizationMention | None:
    """The organisation the document is about: the most mentioned Korean one."""
    counts = Counter(m.canonical for v in all_views for m in v.orgs if m.country in (None, "KR"))
    if not counts:
        return None
    canonical = counts.most_common(1)[0][0]
    return next(m for v in all_views for m in v.orgs if m.canonical == canonical)


def _title(view: UnitView, kind: str, actor: OrganizationMention | None) -> tuple[str, int | None] | None:
    text = view.text
    # Each pattern below is tried only where a word that all its matches hold is written.
    named = ORDINAL_TITLE.search(text) if "차" in text else None
    if named:
        return squash(f"제{named.group('ordinal')}차 {named.group('name')}"), int(named.group("ordinal"))
    summit = SUMMIT.search(text) if "정상회" in text else None
    if summit:
        return squash(summit.group("name")), None
    if kind == "visit":
        target = _visited(view)
        if target is None:
            return None
        who = actor.name if actor is not None else ""
        return squash(f"{who} {target} 방문"), None
    quoted = LAUNCH_MEETING.search(text) if "발족" in text or "출범" in text else None
    if quoted:
        return squash(f"{quoted.group(1)} 발족 {quoted.group(2)}"), None
    return _composed(view, actor)


def _explicit(text: str) -> bool:
    """Whether the unit names its meeting (``제1차 … 대화``, ``… 정상회담``)."""
    return ("차" in text and ORDINAL_TITLE.search(text) is not None) or ("정상회" in text and SUMMIT.search(text) is not None)


def _visited(view: UnitView) -> str | None:
    """Who or what is visited: an organisation before ``을/를 방문``, else the word there."""
    for mention in view.orgs:
        if VISIT.match(view.text[view.local(mention.span.end) :]):
            return mention.name
    match = VISITED_WORD.search(view.text)
    if match is None or match.group("target") in GENERIC_PLACES:
        return None
    return match.group("target")


def _composed(view: UnitView, actor: OrganizationMention | None) -> tuple[str, int | None] | None:
    """A title for an unnamed meeting: its name before the noun (``수소경제 포럼``), or the
    parties and the noun (``충청남도 현대자동차 업무협약``, ``김민수·존 스미스 회담``)."""
    noun_start, noun_end, _ = find_first("event_noun", view.text)  # type: ignore[misc]  # the unit has one
    noun = view.text[noun_start:noun_end]
    named = NAME_BEFORE_NOUN.search(view.text, max(0, noun_start - 60), noun_start)
    name_words = [w for w in (named.group("name").split() if named else []) if not PARTICLE_END.search(w)]
    name_words = [w for w in name_words if w not in NOT_A_NAME_START]
    if name_words and view.text[noun_start - 1 : noun_start] != " " and len("".join(name_words)) >= 2:
        return squash(" ".join(name_words) + noun), None
    parties = [m.name for m in view.orgs if m.span.start < view.unit.start + noun_start]
    if not parties:
        parties = [p.person for p in _participants(view) if p.person]
    if not parties and actor is not None:
        parties = [actor.name]
    if not parties:
        return None
    return squash(" ".join(dict.fromkeys(parties)) + " " + noun), None


def _participants(view: UnitView) -> list[Participant]:
    """``조태용 국가안보실장``, ``제이크 설리번 미국 백악관 국가안보보좌관``: person, title, organisation."""
    people = []
    for match in _titles(view.text):
        start = match.start("title")
        head = view.text[:start]
        inside = [m for m in view.orgs if view.local(m.span.start) >= start and view.local(m.span.end) <= match.end()]
        before = [m for m in view.orgs if 0 <= start - view.local(m.span.end) <= 1]
        org = (inside or before or [None])[0]
        if before:
            head = view.text[: view.local(before[0].span.start)]
        country = None
        words_before = head.split()
        if words_before and words_before[-1] in COUNTRY_WORDS:
            country = COUNTRY_WORDS[words_before.pop()]
            head = " ".join(words_before)
        person = _name_before(head)
        if person is None:
            continue
        values = {
            "person": person,
            "title": match.group("title"),
            "organization": organization(org) if org else None,
            "country": country or (org.country if org else None),
        }
        people.append(build(Participant, values, values["country"] is None or values["country"] in country_codes()))
    return people


def _topics(views: list[UnitView]) -> list[str]:
    for view in views:
        if DISCUSS.search(view.text):
            match = ENUMERATION.search(view.text) if "등" in view.text else None
            if match:
                return [item.strip() for item in match.group("items").split(",") if item.strip()]
    return []


def _may_follow_up(text: str) -> bool:
    """``FOLLOW_UP.match(text)``, answered at once for a unit whose first character cannot begin it."""
    first = text[:1]
    return bool(first) and (first in FOLLOW_UP_FIRST or first.isspace()) and FOLLOW_UP.match(text) is not None


def _followed(view: UnitView, records: list[Dialogue], current: Dialogue | None) -> Dialogue | None:
    """The meeting a unit goes on about: ``대화에는`` -> the latest with 대화 in its title;
    ``이번 회의에서`` (a generic noun) -> the document's main meeting."""
    match = FOLLOW_UP.match(view.text)
    if match is None:
        return None
    noun = match.group("noun")
    if noun in GENERIC_MEETING:
        return current
    return next((r for r in reversed(records) if noun in r.title), None)


def dialogues(doc: DocumentView) -> list[Dialogue]:
    """Every meeting stated in the body, one record per title.

    Only a unit with a meeting word can state a meeting (one search of the document finds
    them); before the first meeting no unit can go on about one, and after it only a unit
    opening with a meeting word (``FOLLOW_UP``) or following one that did. Other units are
    skipped at once.
    """
    all_views = doc.views
    shortcuts = context.SHORTCUTS
    actor, actor_read = None, False  # the main actor, read at the first meeting word
    records: list[Dialogue] = []
    current: Dialogue | None = None
    attached_last = False
    if shortcuts:
        may_hold = doc.word_index("event_noun").units_with([v.unit for v in all_views])
    else:
        may_hold = [True] * len(all_views)
    for index, view in enumerate(all_views):
        if shortcuts and not (may_hold[index] or attached_last or (records and _may_follow_up(view.text))):
            continue  # no meeting word and nothing to go on about: nothing happens here
        kind = _kind(view.text) if may_hold[index] else None
        if kind and not actor_read:
            actor, actor_read = _main_actor(all_views), True
        named = _title(view, kind, subject(view) or actor) if kind else None
        explicit = named is not None and _explicit(view.text)
        target = None if explicit else _followed(view, records, current)
        if target is None and named is None and attached_last and PARTICIPATE.search(view.text):
            target = current  # ``미국 측에서는 … 참여할 예정``: the list of parties goes on
        if target is not None:
            _attach(target, view)  # ``간담회에는 …``: more about a meeting already read
            attached_last = True
            continue
        attached_last = False
        if named is not None and not any(similar_titles(r.title, named[0]) for r in records):
            record = _dialogue(view, named, kind, actor)  # built only when its title is new
            records.append(record)
            current = record if record.ordinal is not None or current is None else current
    return records


def _dialogue(view: UnitView, named: tuple[str, int | None], kind: str, actor: OrganizationMention | None) -> Dialogue:
    title, ordinal = named
    noun = find_all("event_noun", title)
    if noun:
        kind = noun[-1][2]
    if ordinal is None and "첫" in view.text and FIRST.search(view.text):
        ordinal = 1
    orgs: dict[str, Organization] = {}
    if kind == "visit" and actor is not None:
        orgs[actor.canonical] = organization(actor)
    host = subject(view)
    for mention in view.orgs:
        if host is None or mention.span != host.span:
            orgs.setdefault(mention.canonical, organization(mention))
    date = next((d for d in view.dates if d.grain == "day"), view.dates[0] if view.dates else None)
    location = LOCATION.search(view.text) if "에서" in view.text else None
    values = {
        "evidence": [view.evidence()],
        "confidence": "high",
        "title": title,
        "kind": kind,
        "ordinal": ordinal,
        "date": date_value(date) if date else None,
        "location": location.group("place") if location else None,
        "participants": _participants(view),
        "organizations": list(orgs.values()),
        "topics": _topics([view]),
    }
    valid = len(title) >= 1 and kind in DIALOGUE_KINDS and (ordinal is None or ordinal >= 1)
    return build(Dialogue, values, valid)


def _attach(record: Dialogue, view: UnitView) -> None:
    """A following unit adds the organisations it says take part, the topics, and evidence."""
    if PARTICIPATE.search(view.text):
        known = {org.canonical for org in record.organizations}
        for mention in view.orgs:
            if mention.canonical not in known:
                known.add(mention.canonical)
                record.organizations.append(organization(mention))
    if not record.topics:
        record.topics = _topics([view])
    record.evidence.append(view.evidence())
    record.confidence = "medium"
