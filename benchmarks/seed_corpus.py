"""The benchmark text shared by the per-extractor benchmarks: the seeds, repeated."""

from __future__ import annotations

from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def seed_corpus(megabytes: float) -> str:
    """The seed documents, repeated until the text is at least ``megabytes`` of UTF-8."""
    seeds = "\n\n".join(path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt")))
    size = len(seeds.encode("utf-8"))
    copies = int(megabytes * 1_000_000 // size) + 1
    return "\n\n".join([seeds] * copies)
