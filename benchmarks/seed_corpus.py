"""The benchmark texts: the seeds repeated (per-extractor benchmarks), and the seeds with the
KMOU sentences of ``../shared/data`` grouped into documents (corpus benchmarks; read at run
time, never copied into the repository).
"""

from __future__ import annotations

import json
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
KMOU = SEEDS.parent.parent / "shared" / "data" / "ner_dev" / "kmou_train.jsonl"
SENTENCES_PER_DOCUMENT = 20


def source_documents() -> tuple[list[str], str]:
    """The seed documents, then the KMOU sentences in documents of 20, and where they came from."""
    documents = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    origin = f"{len(documents)} seed documents"
    if KMOU.exists():
        sentences = [json.loads(line)["text"] for line in KMOU.open(encoding="utf-8") if line.strip()]
        for start in range(0, len(sentences), SENTENCES_PER_DOCUMENT):
            documents.append(" ".join(sentences[start : start + SENTENCES_PER_DOCUMENT]))
        origin += f" + {len(sentences):,} KMOU sentences ({KMOU})"
    else:
        origin += f" (KMOU sentences not found at {KMOU})"
    return documents, origin


def seed_corpus(megabytes: float) -> str:
    """The seed documents, repeated until the text is at least ``megabytes`` of UTF-8."""
    seeds = "\n\n".join(path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt")))
    size = len(seeds.encode("utf-8"))
    copies = int(megabytes * 1_000_000 // size) + 1
    return "\n\n".join([seeds] * copies)
