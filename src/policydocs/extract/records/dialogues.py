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

from policydocs.extract.records.context import (
    UnitView,
    date_value,
    find_all,
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
LOCATION = regex.compile(r"(?P<place>(?:(?:미국|중국|일본|한국|영국|독일|프랑스|캐나다|호주)\s)?[\p{Hangul}A-Za-z]{2,10})에서(?=\s)")
PARTICIPATE = regex.compile(r"참여|참석|참가")
DISCUSS = regex.compile(r"논의|협력|협의|분야")
ENUMERATION = regex.compile(r"(?P<items>(?:[\p{Hangul}A-Za-z()·]{2,15},\s?){2,}[\p{Hangul}A-Za-z()·]{2,15})\s?등")
COUNTRY_WORDS = {"미국": "US", "한국": "KR", "중국": "CN", "일본": "JP", "영국": "GB", "캐나다": "CA", "호주": "AU"}
FOLLOWING_UNITS = 3


@lru_cache(maxsize=1)
def _person() -> regex.Pattern[str]:
    titles = "|".join(word for word, _ in words("person_title"))
    return regex.compile(
        r"(?P<person>(?<![\p{Hangul}])\p{Hangul}{1,4}(?:\s\p{Hangul}{2,4})?)\s"
        r"(?P<qualifier>(?:(?:미국|중국|일본|한국)\s)?(?:[\p{Hangul}]+\s)?)"
        rf"(?P<title>[\p{{Hangul}}]*?(?:{titles}))(?=[\s과와은는이가의,]|$)"
    )


def _kind(text: str) -> str | None:
    nouns = find_all("event_noun", text)
    if not nouns or not find_all("event_verb", text):
        return None
    return nouns[0][2]


def _main_actor(all_views: list[UnitView]) -> OrganizationMention | None:
    """The organisation the document is about: the most mentioned Korean one."""
    counts = Counter(m.canonical for v in all_views for m in v.orgs if m.country in (None, "KR"))
    if not counts:
        return None
    canonical = counts.most_common(1)[0][0]
    return next(m for v in all_views for m in v.orgs if m.canonical == canonical)


def _title(view: UnitView, kind: str, actor: OrganizationMention | None) -> tuple[str, int | None] | None:
    text = view.text
    named = ORDINAL_TITLE.search(text)
    if named:
        return squash(f"제{named.group('ordinal')}차 {named.group('name')}"), int(named.group("ordinal"))
    summit = SUMMIT.search(text)
    if summit:
        return squash(summit.group("name")), None
    if kind == "visit":
        for mention in view.orgs:
            if VISIT.match(text[view.local(mention.span.end) :]):
                who = actor.name if actor is not None else ""
                return squash(f"{who} {mention.name} 방문"), None
        return None
    quoted = regex.search(r"[‘“'\"]([^‘’“”'\"]{2,40})(?:\(이하[^)]*\))?[’”'\"]를?\s*(?:발족|출범)하고\s*(\S+?)(?:를|을)", text)
    if quoted:
        return squash(f"{quoted.group(1)} 발족 {quoted.group(2)}"), None
    return None


def _participants(view: UnitView) -> list[Participant]:
    people = []
    for match in _person().finditer(view.text):
        title_start = view.unit.start + match.start("title")
        org = next(
            (m for m in view.orgs if m.span.start <= title_start + len(match.group("title")) and m.span.end > view.unit.start + match.start("qualifier")),
            None,
        )
        qualifier = match.group("qualifier").split()
        country = COUNTRY_WORDS.get(qualifier[0]) if qualifier else None
        if org is not None and country is None:
            country = org.country
        people.append(
            Participant(
                person=squash(match.group("person")),
                title=match.group("title"),
                organization=organization(org) if org else None,
                country=country,
            )
        )
    return people


def _topics(views: list[UnitView]) -> list[str]:
    for view in views:
        if DISCUSS.search(view.text):
            match = ENUMERATION.search(view.text)
            if match:
                return [item.strip() for item in match.group("items").split(",") if item.strip()]
    return []


def dialogues(all_views: list[UnitView]) -> list[Dialogue]:
    """Every meeting stated in the body, one record per title."""
    actor = _main_actor(all_views)
    records: list[Dialogue] = []
    for index, view in enumerate(all_views):
        kind = _kind(view.text)
        if kind is None:
            continue
        named = _title(view, kind, subject(view) or actor)
        if named is None:
            continue
        title, ordinal = named
        if ordinal is None and FIRST.search(view.text):
            ordinal = 1
        following = [v for v in all_views[index + 1 : index + 1 + FOLLOWING_UNITS]]
        joined = [v for v in following if PARTICIPATE.search(v.text) and v.orgs]
        orgs: dict[str, Organization] = {}
        host = subject(view)
        for mention in [m for v in [view, *joined] for m in v.orgs]:
            if host is not None and mention.canonical == host.canonical and mention.span == host.span:
                continue
            orgs.setdefault(mention.canonical, organization(mention))
        if kind == "visit" and actor is not None:
            orgs = {actor.canonical: organization(actor), **orgs}
        date = next((d for d in view.dates if d.grain == "day"), view.dates[0] if view.dates else None)
        location = LOCATION.search(view.text)
        record = Dialogue(
            title=title,
            kind=kind,  # type: ignore[arg-type]
            ordinal=ordinal,
            date=date_value(date) if date else None,
            location=location.group("place") if location else None,
            participants=_participants(view),
            organizations=list(orgs.values()),
            topics=_topics([view, *following]),
            confidence="high" if not joined else "medium",
            evidence=[v.evidence() for v in [view, *joined]],
        )
        same = next((r for r in records if similar_titles(r.title, record.title)), None)
        if same is None:
            records.append(record)
    return records
