"""Record what ``extract`` gives on a fixed set of documents, or compare with a record.

A speed change must change nothing: write a snapshot before it, compare after it.

    .venv/bin/python scripts/snapshot.py write /tmp/before.jsonl
    .venv/bin/python scripts/snapshot.py compare /tmp/before.jsonl [--show 5]

The documents: the seeds; the seeds cut into pieces at blank lines (so that the page
readers see shorter, headless pages); and, when ``../shared/data`` is present, the KMOU
sentences grouped 20 to a document and one by one, and the Duckling example strings.
The third-party texts are read at run time and never written into the repository; the
snapshot file holds only results (write it outside the repository).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import policydocs

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
SENTENCES_PER_DOCUMENT = 20
PUBLISHED = "2023-11-01"  # a reference date, so that relative dates are placed


def documents() -> Iterator[tuple[str, str]]:
    """(id, text) of every document of the snapshot, in a fixed order."""
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        yield path.name, text
        for index, piece in enumerate(text.split("\n\n")):
            if piece.strip():
                yield f"{path.name}#{index}", piece
    kmou = DATA / "ner_dev" / "kmou_train.jsonl"
    if kmou.exists():
        sentences = [json.loads(line)["text"] for line in kmou.open(encoding="utf-8") if line.strip()]
        for start in range(0, len(sentences), SENTENCES_PER_DOCUMENT):
            yield f"kmou@{start}", " ".join(sentences[start : start + SENTENCES_PER_DOCUMENT])
        for index, sentence in enumerate(sentences):
            yield f"kmou#{index}", sentence
    for path in sorted((DATA / "duckling_ko").glob("*.jsonl")):
        for index, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            if line.strip():
                yield f"{path.stem}#{index}", json.loads(line)["text"]


def results() -> Iterator[tuple[str, str]]:
    """(id, JSON of the ExtractionResult) for every document, with and without a reference date."""
    for doc_id, text in documents():
        yield doc_id, policydocs.extract(text, doc_id=doc_id).model_dump_json()
        if not doc_id.startswith("kmou#"):
            yield doc_id + "@published", policydocs.extract(text, doc_id=doc_id, published=PUBLISHED).model_dump_json()


def write(path: Path) -> None:
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for doc_id, result in results():
            out.write(json.dumps({"id": doc_id, "result": result}, ensure_ascii=False) + "\n")
            count += 1
    print(f"{count} results written to {path}")


def _first_difference(before: object, after: object, path: str = "$") -> str:
    """The JSON path of the first place where two decoded results differ, and both values."""
    if type(before) is not type(after):
        return f"{path}: {before!r} -> {after!r}"
    if isinstance(before, dict):
        for key in dict.fromkeys([*before, *after]):
            if before.get(key) != after.get(key):
                return _first_difference(before.get(key), after.get(key), f"{path}.{key}")
    if isinstance(before, list):
        for index, (old, new) in enumerate(zip(before, after)):
            if old != new:
                return _first_difference(old, new, f"{path}[{index}]")
        if len(before) != len(after):
            return f"{path}: {len(before)} items -> {len(after)} items"
    return f"{path}: {str(before)[:300]!r} -> {str(after)[:300]!r}"


def compare(path: Path, show: int) -> int:
    recorded = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            item = json.loads(line)
            recorded[item["id"]] = item["result"]
    differing = 0
    seen = 0
    for doc_id, result in results():
        seen += 1
        before = recorded.pop(doc_id, None)
        if before == result:
            continue
        differing += 1
        if differing <= show:
            where = "new document" if before is None else _first_difference(json.loads(before), json.loads(result))
            print(f"{doc_id}: {where}")
    print(f"{seen} results compared: {differing} differ, {len(recorded)} recorded but not produced")
    return 1 if differing or recorded else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("write", "compare"))
    parser.add_argument("path", type=Path)
    parser.add_argument("--show", type=int, default=10, help="differences to print (compare)")
    args = parser.parse_args()
    if args.mode == "write":
        write(args.path)
    else:
        sys.exit(compare(args.path, args.show))


if __name__ == "__main__":
    main()
