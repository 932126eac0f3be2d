"""Reliability promises that are not about one extractor: linear time on hostile text,
exact offsets under Unicode transformations, huge documents, and no code execution.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from timing import LINEAR_BAR, growth

import policydocs

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))

ADVERSARIAL = {
    "digits and commas": "1,2" * 1500,
    "units": "억" * 3000 + "조만" * 500,
    "apostrophes": "’" * 3000 + "'" * 1000,
    "open brackets": "(" * 2000 + "「" * 2000,
    "no spaces": "가나다라마바사아자차카타파하" * 300,
    "ranges": "5~" * 1500 + "10억",
    "particles": "부처청부처청" * 600,
    "long line of mentions": "충북도가 8조 7,417억원을 ’30년까지 투자, " * 120,
}


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_extract_is_linear_on_hostile_text(name: str) -> None:
    ratio = growth(policydocs.extract, ADVERSARIAL[name])
    assert ratio <= LINEAR_BAR, f"{name}: 8x input took {ratio:.1f}x the time"


def _values(text: str) -> tuple[list, list, list]:
    money = [(m.amount, m.currency, m.qualifier) for m in policydocs.find_money(text)]
    dates = [(d.kind, d.start, d.end, d.grain) for d in policydocs.find_dates(text)]
    orgs = [o.canonical for o in policydocs.find_organizations(text)]
    return money, dates, orgs


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "0" <= c <= "9" else c for c in text)


TRANSFORMS = {
    "NFD": lambda t: unicodedata.normalize("NFD", t),
    "full-width digits": _full_width,
    "CRLF": lambda t: t.replace("\n", "\r\n"),
}


@pytest.mark.parametrize("transform", sorted(TRANSFORMS))
@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem[:3])
def test_values_and_offsets_survive_transformation(seed: Path, transform: str) -> None:
    original = seed.read_text(encoding="utf-8")
    changed = TRANSFORMS[transform](original)
    assert _values(changed) == _values(original)
    for finder in (policydocs.find_money, policydocs.find_dates, policydocs.find_organizations):
        for mention in finder(changed):
            assert changed[mention.span.start : mention.span.end] == mention.span.text
            if transform != "CRLF":  # the same characters, read the same way
                assert unicodedata.normalize("NFC", mention.span.text).strip()


def test_huge_document_stays_within_ten_times_its_size(tmp_path: Path) -> None:
    """A 50 MB document, in a child process so its peak memory is its own."""
    script = f"""
import resource, sys
sys.path.insert(0, {str(ROOT / 'src')!r})
import policydocs
seed = open({str(SEEDS[2])!r}, encoding='utf-8').read()
text = (seed + "\\n") * (50_000_000 // len(seed.encode('utf-8')) + 1)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
result = policydocs.extract(text)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(len(text.encode('utf-8')), before * 1024, peak * 1024, len(result.mentions.money))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    size, _, peak, money = (int(x) for x in done.stdout.split())
    assert size >= 50_000_000
    assert money > 0
    assert peak <= 10 * size, f"peak {peak / 1e6:.0f} MB for a {size / 1e6:.0f} MB document"


def test_library_never_evaluates_or_unpickles_its_input() -> None:
    forbidden = {"eval", "exec", "compile", "__import__"}
    modules = {"pickle", "marshal", "shelve", "dill", "cloudpickle"}
    for path in (ROOT / "src" / "policydocs").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in forbidden, f"{path}:{node.lineno} calls {node.func.id}"
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [alias.name.split(".")[0] for alias in node.names]
                if isinstance(node, ast.ImportFrom) and node.module:
                    names.append(node.module.split(".")[0])
                assert not modules & set(names), f"{path}:{node.lineno} imports {modules & set(names)}"
            if isinstance(node, ast.Attribute) and node.attr in ("load", "unsafe_load") and isinstance(node.value, ast.Name):
                assert node.value.id != "yaml", f"{path}:{node.lineno} uses yaml.{node.attr}"


def test_windows_cover_every_offset_once() -> None:
    from policydocs.pipeline import windows

    text = "\n".join("줄" * (i % 37) for i in range(3000))
    parts = windows(len(text), text, 5_000, 300)
    assert parts[0][2] == 0 and parts[-1][3] == len(text)
    for (_, _, _, keep_end), (_, _, next_start, _) in zip(parts, parts[1:]):
        assert keep_end == next_start
    for read_start, read_end, keep_start, keep_end in parts:
        assert read_start <= keep_start < keep_end <= read_end


def test_windowed_extraction_equals_whole_text_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    """Mentions read window by window are exactly those read at once: none lost or doubled at an edge."""
    import policydocs.pipeline as pipeline

    text = "\n\n".join(seed.read_text(encoding="utf-8") for seed in SEEDS) * 2
    whole = policydocs.extract(text, published="2023-11-06")
    monkeypatch.setattr(pipeline, "WINDOW_CHARS", 3_000)
    monkeypatch.setattr(pipeline, "WINDOW_OVERLAP", 400)
    assert len(pipeline.windows(len(text), text, 3_000, 400)) > 15
    windowed = policydocs.extract(text, published="2023-11-06")
    for kind in ("money", "organizations"):
        assert getattr(windowed.mentions, kind) == getattr(whole.mentions, kind), kind
    # dates that refer back (이날) or take their year from an earlier date may read
    # differently when that date falls in another window; all others are the same.
    same = [(d.span.start, d.span.end) for d in whole.mentions.dates]
    assert [(d.span.start, d.span.end) for d in windowed.mentions.dates] == same
