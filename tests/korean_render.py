"""Korean renderings of a number, for the round-trip tests of numbers and money.

Written independently of policydocs.extract.numbers: a test that reads back what the
parser itself wrote would prove nothing.
"""

from __future__ import annotations

SINO = "영일이삼사오육칠팔구"
MYRIADS = ((16, "경"), (12, "조"), (8, "억"), (4, "만"), (0, ""))
SMALL = ((1000, "천"), (100, "백"), (10, "십"))


def groups(value: int) -> list[tuple[int, str]]:
    """8741700000000 -> [(8, '조'), (7417, '억')]: the non-zero groups of four digits."""
    out = []
    for exponent, unit in MYRIADS:
        group = value // 10**exponent % 10**4
        if group:
            out.append((group, unit))
    return out


def hangul_group(group: int, drop_one: bool) -> str:
    """7417 -> 칠천사백십칠 (일 before 천/백/십 dropped when ``drop_one``)."""
    text = ""
    for size, unit in SMALL:
        digit = group // size % 10
        if digit:
            text += ("" if digit == 1 and drop_one else SINO[digit]) + unit
    if group % 10:
        text += SINO[group % 10]
    return text


def press_group(group: int) -> str:
    """3066 -> 3천66, 7417 -> 7천417: the leading digit before 천, the rest in digits."""
    if group < 1000:
        return str(group)
    rest = group % 1000
    return f"{group // 1000}천" + (str(rest) if rest else "")


def render(value: int, style: str, space: bool) -> str:
    parts = groups(value)
    joiner = " " if space else ""
    if style == "digits":
        return str(value)
    if style == "commas":
        return f"{value:,}"
    if style == "units":  # 8조 7417억
        return joiner.join(f"{group}{unit}" for group, unit in parts)
    if style == "units_commas":  # 8조 7,417억
        return joiner.join(f"{group:,}{unit}" for group, unit in parts)
    if style in ("hangul", "hangul_full"):  # 팔조 칠천사백십칠억; 일천 일백 ...
        words = [hangul_group(group, drop_one=style == "hangul") + unit for group, unit in parts]
        # Hangul writing runs a last group without a unit on (일만일): a space before it
        # would end the numeral in running text (5784억 사라져).
        if len(words) > 1 and not parts[-1][1]:
            words[-2:] = [words[-2] + words[-1]]
        return joiner.join(words)
    if style == "press":  # 3천66억
        return joiner.join(press_group(group) + unit for group, unit in parts)
    raise AssertionError(style)


STYLES = ["digits", "commas", "units", "units_commas", "hangul", "hangul_full", "press"]
