"""The corpus command line: every kind of input, encodings, bad documents, order, atomic output, tables, scale.

Most tests run ``policydocs extract`` in a subprocess, as a user would, because the
process pool, exit codes and signals are what is under test.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policydocs.cli import main
from policydocs.corpus import (
    ReadOptions,
    Task,
    UnreadableInput,
    decode_bytes,
    extract_task,
    iter_tasks,
)
from policydocs.export.jsonl import AtomicFile, safe_file_name
from policydocs.models import DocumentError, ExtractionResult
from policydocs.workers import OrderedPool, PoolOptions

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
SEED = ROOT / "seeds" / "002_ed9749e83b3cbb24.txt"
SENTENCE = "충청북도는 2030년까지 8조 7,417억원을 투자한다."


def run(*args: str, stdin: bytes | None = None, timeout: float = 300) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "policydocs", "extract", *args],
        input=stdin, capture_output=True, cwd=ROOT, timeout=timeout, check=False,
    )


def lines_of(done: subprocess.CompletedProcess[bytes]) -> list[dict]:
    return [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]


def ids(records: list[dict]) -> list[str]:
    return [r["document"]["id"] if "document" in r else r["id"] for r in records]


def summary_of(stderr: bytes) -> dict[str, str]:
    """``key: value`` lines of the closing summary."""
    found = {}
    for line in stderr.decode("utf-8").splitlines():
        key, _, value = line.partition(": ")
        if key in {"summary", "records", "mentions", "warnings", "memory", "failures"}:
            found[key] = value
    return found


def pairs(value: str) -> dict[str, int]:
    return {key: int(count) for key, count in re.findall(r"(\w+)=(\d+)", value)}


# -- inputs ---------------------------------------------------------------------------


def test_plain_files_keep_todays_behaviour() -> None:
    done = run(str(SEED), "--published", "2023-11-01", "--quiet")
    assert done.returncode == 0, done.stderr
    (record,) = lines_of(done)
    result = ExtractionResult.model_validate(record)
    assert result.document.id == SEED.stem and result.document.published.isoformat() == "2023-11-01"
    assert done.stderr == b""  # --quiet: no summary, and never a progress bar off a terminal


def test_pretty_indents_and_summary_goes_to_stderr() -> None:
    done = run(str(SEED), "--pretty")
    assert done.stdout.startswith(b"{\n  ")
    assert ExtractionResult.model_validate_json(done.stdout).document.id == SEED.stem
    summary = summary_of(done.stderr)
    assert summary["summary"].startswith("1 documents, 1 extracted, 0 failed")
    assert "\r" not in done.stderr.decode()  # no progress bar when stderr is not a terminal


def test_folder_is_read_recursively_with_glob(tmp_path: Path) -> None:
    (tmp_path / "2023" / "11").mkdir(parents=True)
    (tmp_path / "b.txt").write_text(SENTENCE, encoding="utf-8")
    (tmp_path / "2023" / "a.txt").write_text(SENTENCE, encoding="utf-8")
    (tmp_path / "2023" / "11" / "c.txt").write_text(SENTENCE, encoding="utf-8")
    (tmp_path / "2023" / "skip.md").write_text(SENTENCE, encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "h.txt").write_text(SENTENCE, encoding="utf-8")
    done = run(str(tmp_path), "--quiet")
    assert done.returncode == 0, done.stderr
    assert ids(lines_of(done)) == ["2023/11/c", "2023/a", "b"]
    assert ids(lines_of(run(str(tmp_path), "--glob", "*.md", "--quiet"))) == ["2023/skip"]
    assert ids(lines_of(run(str(tmp_path), "--glob", "2023/*", "--quiet"))) == ["2023/11/c", "2023/a", "2023/skip"]


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_progress_bar_only_on_a_terminal(tmp_path: Path) -> None:
    import fcntl
    import struct
    import termios

    leader, follower = os.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))  # a new pty is 0 columns wide
    try:
        done = subprocess.run([sys.executable, "-m", "policydocs", "extract", str(SEED)],
                              stdout=subprocess.PIPE, stderr=follower, cwd=ROOT, timeout=120, check=False)
        os.set_blocking(leader, False)
        shown = b""
        while True:
            try:
                shown += os.read(leader, 65536)
            except (BlockingIOError, OSError):
                break
    finally:
        os.close(follower)
        os.close(leader)
    assert done.returncode == 0
    assert b"extract:" in shown and b"B/s" in shown and b"1 docs" in shown  # documents, MB, MB/s
    assert b"summary: 1 documents" in shown
    quiet = subprocess.run([sys.executable, "-m", "policydocs", "extract", str(SEED), "--quiet"],
                           capture_output=True, cwd=ROOT, timeout=120, check=False)
    assert quiet.stderr == b""


def test_jsonl_records_with_their_own_fields(tmp_path: Path) -> None:
    corpus = tmp_path / "news.jsonl"
    rows = [
        {"id": "r1", "text": "지난 4월 3억 원을 지원했다.", "published": "2023-11-06", "source": "https://example.org/1"},
        {"id": 2, "text": SENTENCE},
        {"text": "5억 달러"},
    ]
    corpus.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n\n", encoding="utf-8")
    done = run(str(corpus), "--published", "2020-01-01", "--quiet")
    assert done.returncode == 0, done.stderr
    first, second, third = lines_of(done)
    assert first["document"]["id"] == "r1" and first["document"]["source"] == "https://example.org/1"
    assert first["document"]["published"] == "2023-11-06"  # the record's own date wins over --published
    assert second["document"]["id"] == "2" and second["document"]["published"] == "2020-01-01"
    assert third["document"]["id"] == "news:3" and third["document"]["source"].endswith("news.jsonl:3")


def test_other_field_names_and_forced_input_format(tmp_path: Path) -> None:
    corpus = tmp_path / "dump.txt"  # not .jsonl: --input-format says what it is
    corpus.write_text(json.dumps({"doc": "x1", "body": SENTENCE}, ensure_ascii=False) + "\n", encoding="utf-8")
    done = run(str(corpus), "--input-format", "jsonl", "--text-field", "body", "--id-field", "doc", "--quiet")
    assert done.returncode == 0, done.stderr
    (record,) = lines_of(done)
    assert record["document"]["id"] == "x1" and record["mentions"]["money"][0]["amount"] == "8741700000000"
    as_text = lines_of(run(str(corpus), "--quiet"))  # auto: a .txt file is one document
    assert as_text[0]["document"]["id"] == "dump"


def test_stdin_as_one_document_or_as_json_lines() -> None:
    done = run("-", "--quiet", stdin=SENTENCE.encode("cp949"))
    (record,) = lines_of(done)
    assert record["document"]["id"] == "stdin" and record["mentions"]["money"][0]["span"]["text"] == "8조 7,417억원"
    jsonl = b'{"id": "a", "text": "3\xec\x96\xb5 \xec\x9b\x90"}\n{"id": "b", "text": "x"}\n'
    assert ids(lines_of(run("-", "--quiet", stdin=jsonl))) == ["a", "b"]


# -- encodings ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "encoding", "notice"),
    [
        (SENTENCE.encode("utf-8"), "utf-8", None),
        (b"\xef\xbb\xbf" + SENTENCE.encode("utf-8"), "utf-8-sig", None),
        (SENTENCE.encode("cp949"), "cp949", "legacy_encoding"),
        (SENTENCE.encode("euc-kr"), "cp949", "legacy_encoding"),
        ("똠방각하 3억 원".encode("cp949"), "cp949", "legacy_encoding"),  # 똠: in CP949, not in EUC-KR
        (SENTENCE.encode("utf-16"), "utf-16", None),
        (SENTENCE.encode("utf-8") + b"\xff\xfe\xfa", "utf-8", "encoding_replaced"),
        (b"\xef\xbb\xbf" + SENTENCE.encode("utf-8") + b"\xff", "utf-8-sig", "encoding_replaced"),
        (SENTENCE.encode("utf-16") + b"\x00", "utf-16", "encoding_replaced"),  # an odd byte at the end
        (SENTENCE.encode("utf-8") + "\ufffd".encode("utf-8"), "utf-8", None),  # the text's own U+FFFD
    ],
    ids=["utf-8", "utf-8-bom", "cp949", "euc-kr", "cp949-only-syllable", "utf-16-bom", "broken-utf-8",
         "broken-utf-8-bom", "broken-utf-16-bom", "utf-8-with-replacement-character"],
)
def test_decoding_heuristic(raw: bytes, encoding: str, notice: str | None) -> None:
    decoded = decode_bytes(raw)
    assert decoded.encoding == encoding
    assert [n.code for n in decoded.notices] == ([notice] if notice else [])
    assert decoded.text.lstrip("\ufeff").startswith(SENTENCE[:5]) or decoded.text.startswith("똠방각하")


@pytest.mark.parametrize("raw", [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", bytes(range(32)) * 10, b"\x00"])
def test_binary_input_is_refused(raw: bytes) -> None:
    with pytest.raises(UnreadableInput) as caught:
        decode_bytes(raw)
    assert caught.value.error_type == "BinaryInput"


def test_replacements_are_counted_apart_from_the_texts_own() -> None:
    decoded = decode_bytes("\ufffd 3억 원 \ufffd".encode("utf-8") + b"\xff\xfe")
    assert decoded.notices[0].message.startswith("2 undecodable")


CONTROLS_IN_UTF16 = "".join(map(chr, range(1, 32))).encode("utf-16-le") * 10


@pytest.mark.parametrize(("raw", "encoding"), [(b"\xff\xfe" + CONTROLS_IN_UTF16, None), (CONTROLS_IN_UTF16, "utf-16-le")])
def test_binary_input_is_refused_whatever_the_codec_named(raw: bytes, encoding: str | None) -> None:
    """A byte-order mark, or --encoding, names a codec that reads NUL bytes: the decoded text decides."""
    with pytest.raises(UnreadableInput) as caught:
        decode_bytes(raw, encoding)
    assert caught.value.error_type == "BinaryInput"


def test_utf16_without_a_mark_is_read_when_named(tmp_path: Path) -> None:
    """Its NUL bytes look binary to the heuristic; the error says how to read it, and --encoding does."""
    path = tmp_path / "a.txt"
    path.write_bytes(SENTENCE.encode("utf-16-le"))
    refused = run(str(path), "--quiet")
    assert refused.returncode != 0
    (error,) = lines_of(refused)
    assert error["error_type"] == "BinaryInput" and "--encoding" in error["message"]
    (record,) = lines_of(run(str(path), "--encoding", "utf-16-le", "--quiet"))
    assert record["mentions"]["money"][0]["amount"] == "8741700000000"
    assert record["document"]["char_count"] == len(SENTENCE)


def test_cp949_and_bom_files_give_spans_into_the_decoded_text(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(SENTENCE.encode("cp949"))
    (tmp_path / "b.txt").write_bytes(b"\xef\xbb\xbf" + SENTENCE.encode("utf-8"))
    done = run(str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--quiet")
    assert done.returncode == 0, done.stderr
    cp949, bom = lines_of(done)
    for record in (cp949, bom):
        money = record["mentions"]["money"][0]
        assert SENTENCE[money["span"]["start"]:money["span"]["end"]] == money["span"]["text"] == "8조 7,417억원"
        assert record["document"]["char_count"] == len(SENTENCE)
    assert [w["code"] for w in cp949["warnings"]][:1] == ["legacy_encoding"]
    assert not any(w["code"] == "legacy_encoding" for w in bom["warnings"])


def test_encoding_override(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(SENTENCE.encode("euc-kr"))
    done = run(str(path), "--encoding", "euc-kr", "--quiet")
    (record,) = lines_of(done)
    assert record["mentions"]["money"][0]["amount"] == "8741700000000"
    assert not any(w["code"] == "legacy_encoding" for w in record["warnings"])  # said, not guessed
    forced = lines_of(run(str(path), "--encoding", "utf-8", "--quiet"))[0]
    assert forced["warnings"][0]["code"] == "encoding_replaced"
    bad = run(str(path), "--encoding", "klingon")
    assert bad.returncode == 2 and b"not a known encoding" in bad.stderr


def test_a_record_nested_too_deeply_is_an_invalid_record_and_the_run_goes_on(tmp_path: Path) -> None:
    corpus = tmp_path / "n.jsonl"
    deep = '{"id": "deep", "text": "x", "extra": ' + "[" * 100_000 + "]" * 100_000 + "}"
    corpus.write_text(deep + "\n" + json.dumps({"id": "ok", "text": SENTENCE}) + "\n", encoding="utf-8")
    done = run(str(corpus), "--quiet")
    assert done.returncode == 1, done.stderr
    error, good = lines_of(done)
    assert (error["error_type"], error["message"]) == ("InvalidRecord", "not a JSON object: nested too deeply to read")
    assert good["document"]["id"] == "ok"


def test_lone_surrogates_in_json_become_replacement_characters(tmp_path: Path) -> None:
    corpus = tmp_path / "s.jsonl"
    corpus.write_text('{"id": "s", "text": "3\\uc5b5 \\uc6d0 \\ud800 \\udfff"}\n', encoding="ascii")
    done = run(str(corpus), "--quiet")
    assert done.returncode == 0, done.stderr
    (record,) = lines_of(done)
    assert record["warnings"][0]["code"] == "encoding_replaced"
    assert record["document"]["char_count"] == len("3억 원 \ud800 \udfff")


# -- bad documents --------------------------------------------------------------------


def _unreadable(path: Path) -> None:
    """chmod 000; as root that is still readable, so then the path disappears after listing (a dangling link)."""
    path.write_text(SENTENCE, encoding="utf-8")
    path.chmod(0)
    try:
        path.read_bytes()
    except PermissionError:
        return
    path.chmod(0o644)
    path.unlink()
    gone = path.with_name("vanished.txt")
    gone.write_text(SENTENCE, encoding="utf-8")
    path.symlink_to(gone)
    gone.unlink()


def test_bad_documents_become_error_records_and_exit_one(tmp_path: Path) -> None:
    (tmp_path / "1_good.txt").write_text(SENTENCE, encoding="utf-8")
    (tmp_path / "2_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(512))
    (tmp_path / "3_cp949.txt").write_bytes(SENTENCE.encode("cp949"))
    (tmp_path / "4_empty.txt").write_bytes(b"")
    _unreadable(tmp_path / "5_unreadable.txt")
    (tmp_path / "6_good.txt").write_text("2023년 11월 6일 5억 달러", encoding="utf-8")
    done = run(str(tmp_path), "--jobs", "2")
    assert done.returncode == 1, done.stderr
    records = lines_of(done)
    assert ids(records) == ["1_good", "2_binary", "3_cp949", "4_empty", "5_unreadable", "6_good"]
    good = [ExtractionResult.model_validate(r) for r in records if "document" in r]
    errors = [DocumentError.model_validate(r) for r in records if "error_type" in r]
    assert [g.document.id for g in good] == ["1_good", "3_cp949", "6_good"]
    assert [(e.id, e.stage, e.error_type) for e in errors[:2]] == [
        ("2_binary", "decode", "BinaryInput"), ("4_empty", "decode", "EmptyDocument")
    ]
    assert errors[2].id == "5_unreadable" and errors[2].stage == "read"
    assert errors[2].error_type in {"PermissionError", "FileNotFoundError"}
    assert all(e.source and e.source.endswith(f"{e.id}.txt") for e in errors)
    summary = summary_of(done.stderr)
    assert summary["summary"].startswith("6 documents, 3 extracted, 3 failed")
    assert sum(pairs(summary["failures"]).values()) == 3
    assert "Traceback" not in done.stderr.decode()


def test_fail_fast_stops_at_the_first_failure(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    rows = [{"id": f"d{i}", "text": SENTENCE} for i in range(30)]
    rows[5] = {"id": "d5"}  # no text
    corpus.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    done = run(str(corpus), "--fail-fast", "--jobs", "2")
    assert done.returncode == 1
    assert ids(lines_of(done)) == [f"d{i}" for i in range(6)]
    assert "stopped at the first failure" in summary_of(done.stderr)["summary"]


def test_a_hung_document_times_out_and_the_run_goes_on(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text(("\n\n".join(p.read_text(encoding="utf-8") for p in SEEDS) + "\n") * 100, encoding="utf-8")
    small = tmp_path / "small.txt"
    small.write_text(SENTENCE, encoding="utf-8")
    started = time.perf_counter()
    done = run(str(big), str(small), str(big), "--timeout", "0.2", "--jobs", "1")  # 6.5 MB: > 1 s at 5 MB/s
    assert time.perf_counter() - started < 60
    assert done.returncode == 1, done.stderr
    first, second, third = lines_of(done)
    assert first["error_type"] == third["error_type"] == "Timeout" and first["stage"] == "extract"
    assert second["document"]["id"] == "small"
    assert pairs(summary_of(done.stderr)["failures"]) == {"Timeout": 2}


# -- order and workers ----------------------------------------------------------------


def test_order_is_input_order_with_two_jobs(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    big = "\n".join(p.read_text(encoding="utf-8") for p in SEEDS)
    texts = [big if i % 7 == 0 else SENTENCE for i in range(60)]  # slow documents among quick ones
    corpus.write_text("\n".join(json.dumps({"id": f"d{i:03d}", "text": t}, ensure_ascii=False)
                                for i, t in enumerate(texts)), encoding="utf-8")
    one = run(str(corpus), "--jobs", "1", "--quiet")
    two = run(str(corpus), "--jobs", "2", "--quiet")
    assert ids(lines_of(two)) == [f"d{i:03d}" for i in range(60)]
    assert two.stdout == one.stdout  # same bytes, whatever the number of workers


def _pool(jobs: int = 2, timeout: float | None = None, **options) -> OrderedPool:
    # eval is a picklable builtin: each item is a Python expression the worker evaluates.
    return OrderedPool(
        eval, lambda item, kind, message: f"{kind}:{item}",
        options=PoolOptions(jobs=jobs, timeout=timeout, **options),
    )


def test_pool_keeps_order_and_survives_timeouts_crashes_and_errors() -> None:
    items = [
        "__import__('time').sleep(0.3) or 'slow'",
        "'quick'",
        "__import__('time').sleep(30)",  # hung
        "1 / 0",
        "__import__('os')._exit(3)",  # the worker dies
        "'last'",
    ]
    started = time.perf_counter()
    results = list(_pool(jobs=2, timeout=2, chunk_items=2).imap(items))
    assert time.perf_counter() - started < 20
    assert results == ["slow", "quick", f"Timeout:{items[2]}", f"ZeroDivisionError:{items[3]}",
                       f"WorkerCrash:{items[4]}", "last"]


def test_pool_blames_the_item_a_worker_was_on_not_the_first_it_had_not_reported() -> None:
    # 'done' is finished but still in the worker's batch when the next item kills or hangs it:
    # the failure goes to the item the worker was on, and 'done' is read again by a new worker.
    crash = ["'done'", "__import__('os')._exit(3)", "'after'"]
    assert list(_pool(jobs=1, chunk_items=3).imap(crash)) == ["done", f"WorkerCrash:{crash[1]}", "after"]
    hang = ["'done'", "__import__('time').sleep(30)", "'after'"]
    started = time.perf_counter()
    assert list(_pool(jobs=1, timeout=1, chunk_items=3).imap(hang)) == ["done", f"Timeout:{hang[1]}", "after"]
    assert time.perf_counter() - started < 20


def test_pool_reports_a_result_that_cannot_be_sent_as_that_items_failure() -> None:
    items = ["'before'", "lambda: 0", "'after'"]  # a lambda cannot be pickled back to the parent
    results = list(_pool(jobs=1, chunk_items=3).imap(items))
    assert results[0] == "before" and results[2] == "after"
    assert results[1].endswith(f":{items[1]}") and not results[1].startswith("WorkerCrash")


def test_pool_pulls_input_lazily_within_its_window() -> None:
    pulled = []

    def items():
        for index in range(10_000):
            pulled.append(index)
            yield repr(index)

    pool = _pool(jobs=2, chunk_items=4, window_chunks_per_job=2)
    results = pool.imap(items())
    assert next(results) == 0
    assert len(pulled) <= 2 * 2 * 4 + 4  # the window, not the corpus
    results.close()
    assert not pool.workers


# -- outputs --------------------------------------------------------------------------


def test_out_file_is_complete_or_absent(tmp_path: Path) -> None:
    out = tmp_path / "results.jsonl"
    done = run(str(SEED), "--out", str(out), "--quiet")
    assert done.returncode == 0 and done.stdout == b""
    assert ExtractionResult.model_validate_json(out.read_text(encoding="utf-8")).document.id == SEED.stem
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results.jsonl"]


def test_atomic_file_abort_leaves_nothing(tmp_path: Path) -> None:
    output = AtomicFile(tmp_path / "x.jsonl")
    output.stream.write(b"partial\n")
    output.abort()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_interrupted_run_leaves_no_output_file(tmp_path: Path, signum: int) -> None:
    corpus = tmp_path / "c.jsonl"
    text = "\n".join(p.read_text(encoding="utf-8") for p in SEEDS)
    with corpus.open("w", encoding="utf-8") as stream:
        for i in range(200):  # about 13 MB: seconds of work even at twice the throughput bar
            stream.write(json.dumps({"id": f"d{i}", "text": text}, ensure_ascii=False) + "\n")
    out = tmp_path / "out" / "results.jsonl"
    out.parent.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "policydocs", "extract", str(corpus), "--out", str(out), "--jobs", "2"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while not any(out.parent.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert b"interrupted" in stderr and b"Traceback" not in stderr
    assert list(out.parent.iterdir()) == []  # neither results.jsonl nor its temporary file


def test_usage_errors_exit_two(tmp_path: Path) -> None:
    assert main(["extract", str(SEED), "--format", "parquet"]) == 2
    assert main(["extract", str(SEED), "--format", "json"]) == 2
    assert main(["extract", str(SEED), "--jobs", "0"]) == 2
    assert main(["extract", str(tmp_path / "missing.txt")]) == 2
    assert main(["extract", "-", "-"]) == 2
    assert main(["extract", str(SEED), "--out", str(tmp_path / "no" / "such" / "dir.jsonl")]) == 2
    with pytest.raises(SystemExit) as caught:
        main(["extract", str(SEED), "--format", "xml"])
    assert caught.value.code == 2


HOSTILE_IDS = ["../../escape", "/etc/passwd", "a/b", "a_b", "..", ".", "CON", "con.txt", "C:\\x", "dup", "dup", "Dup",
               "x" * 400, "\x00nul", "충북/../../도"]


def test_document_ids_never_escape_the_output_folder(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("\n".join(json.dumps({"id": i, "text": SENTENCE}, ensure_ascii=False) for i in HOSTILE_IDS),
                      encoding="utf-8")
    out = tmp_path / "deep" / "out"
    done = run(str(corpus), "--format", "json", "--out", str(out), "--quiet")
    assert done.returncode == 0, done.stderr
    written = sorted(out.iterdir())
    assert len(written) == len(HOSTILE_IDS)  # duplicates are numbered, not overwritten
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == sorted([corpus.name, *(p.name for p in written)])
    found = sorted(json.loads(p.read_text(encoding="utf-8"))["document"]["id"] for p in written)
    assert found == sorted(HOSTILE_IDS)
    assert (out / "충북-2023.json").exists() is False and not (tmp_path / "escape.json").exists()


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=300))
def test_safe_file_names_stay_in_their_folder(doc_id: str) -> None:
    taken: set[str] = set()
    name = safe_file_name(doc_id, taken)
    assert "/" not in name and "\\" not in name and "\x00" not in name and not name.startswith(".")
    assert len(name) <= 140 and name.endswith(".json")
    folder = Path("/tmp/policydocs-out")
    assert (folder / name).resolve().parent == folder.resolve()
    assert safe_file_name(doc_id, taken) != name  # a second document with that id gets its own file


def test_json_files_output_matches_the_stream(tmp_path: Path) -> None:
    done = run(*map(str, SEEDS[:2]), "--format", "json", "--out", str(tmp_path), "--quiet")
    assert done.returncode == 0, done.stderr
    stream = lines_of(run(*map(str, SEEDS[:2]), "--quiet"))
    for record in stream:
        on_disk = json.loads((tmp_path / f"{record['document']['id']}.json").read_text(encoding="utf-8"))
        assert on_disk == record


# -- parquet --------------------------------------------------------------------------


def test_parquet_tables_are_flat_and_add_up(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    out = tmp_path / "tables"
    done = run(*map(str, SEEDS), str(bad), "--format", "parquet", "--out", str(out), "--jobs", "2", "--quiet")
    assert done.returncode == 1, done.stderr
    stream = [r for r in lines_of(run(*map(str, SEEDS), "--quiet"))]
    names = {p.stem for p in out.iterdir()}
    assert names == {"documents", "money_mentions", "date_mentions", "organization_mentions", "initiatives",
                     "funding_commitments", "tech_forecasts", "dialogues", "warnings", "set_aside", "errors"}
    documents = pq.read_table(out / "documents.parquet").to_pylist()
    assert [d["doc_id"] for d in documents] == [r["document"]["id"] for r in stream]  # input order
    assert [d["sha256"] for d in documents] == [r["document"]["sha256"] for r in stream]
    money = pq.read_table(out / "money_mentions.parquet")
    assert str(money.schema.field("amount").type) == "string"  # exact, never a float
    expected = [(r["document"]["id"], m["amount"], m["currency"], m["span"]["start"], m["span"]["text"])
                for r in stream for m in r["mentions"]["money"]]
    assert [(row["doc_id"], row["amount"], row["currency"], row["span_start"], row["span_text"])
            for row in money.to_pylist()] == expected
    assert [d["n_money"] for d in documents] == [len(r["mentions"]["money"]) for r in stream]
    for table, key in (("funding_commitments", "funding_commitments"), ("initiatives", "initiatives"),
                       ("tech_forecasts", "tech_forecasts"), ("dialogues", "dialogues")):
        rows = pq.read_table(out / f"{table}.parquet")
        assert rows.num_rows == sum(len(r[key]) for r in stream)
        assert {"doc_id", "index", "span_start", "span_end", "span_text", "confidence"} <= set(rows.column_names)
    funding = pq.read_table(out / "funding_commitments.parquet").to_pylist()
    first = next(c for r in stream for c in r["funding_commitments"])
    assert funding[0]["amount"] == first["amount"]["amount"]
    assert funding[0]["span_text"] == first["evidence"][0]["text"]
    dates = pq.read_table(out / "date_mentions.parquet")
    assert str(dates.schema.field("end").type) == "date32[day]"
    errors = pq.read_table(out / "errors.parquet").to_pylist()
    assert [(e["doc_id"], e["error_type"]) for e in errors] == [("bad", "EmptyDocument")]


def test_parquet_is_readable_by_pandas(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    pd = pytest.importorskip("pandas")
    assert main(["extract", str(SEED), "--format", "parquet", "--out", str(tmp_path), "--quiet"]) == 0
    money = pd.read_parquet(tmp_path / "money_mentions.parquet")
    documents = pd.read_parquet(tmp_path / "documents.parquet")
    joined = money.merge(documents, on="doc_id")
    assert set(joined["doc_id"]) == {SEED.stem} and joined["amount"].map(type).eq(str).all()


def test_parquet_without_pyarrow_is_a_clear_usage_error(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now raises ImportError
    assert main(["extract", str(SEED), "--format", "parquet", "--out", str(tmp_path / "t")]) == 2
    assert "pip install 'policydocs[parquet]'" in capsys.readouterr().err
    assert not (tmp_path / "t").exists()


# -- in-process pieces ----------------------------------------------------------------


def test_listing_is_lazy_and_reading_never_raises(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"id": "a", "text": "x"}\n[1, 2]\n{"id": true, "text": "x"}\n{"text": "x", "published": "soon"}\n',
                      encoding="utf-8")
    tasks = list(iter_tasks([str(corpus)]))
    assert [t.doc_id for t in tasks] == ["c:1", "c:2", "c:3", "c:4"]
    results = [extract_task(t, ReadOptions()) for t in tasks]
    assert isinstance(results[0], ExtractionResult)
    assert [r.error_type for r in results[1:]] == ["InvalidRecord"] * 3
    missing = Task("file", str(tmp_path / "gone.txt"), "gone", path=str(tmp_path / "gone.txt"))
    assert extract_task(missing, ReadOptions()).error_type == "FileNotFoundError"


# -- scale ----------------------------------------------------------------------------


def _snippets() -> list[str]:
    """Short lines of the seed documents: real text, fast to extract."""
    found = []
    for path in SEEDS:
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if 10 <= len(line) <= 40:
                found.append(line)
    return found


def _write_corpus(path: Path, count: int, bad_every: int) -> set[int]:
    snippets, bad = _snippets(), set()
    with path.open("w", encoding="utf-8") as stream:
        for index in range(count):
            if index % bad_every == bad_every - 1:
                bad.add(index)
                stream.write(json.dumps({"id": f"d{index:06d}", "body": "no text field"}) + "\n")
            else:
                text = snippets[index % len(snippets)]
                stream.write(json.dumps({"id": f"d{index:06d}", "text": text}, ensure_ascii=False) + "\n")
    return bad


def _peak_main_rss(corpus: Path, out: Path) -> tuple[subprocess.CompletedProcess[bytes], int]:
    done = run(str(corpus), "--jobs", "2", "--out", str(out), timeout=600)
    memory = summary_of(done.stderr).get("memory", "")
    found = re.search(r"main process (\d+) MB", memory)
    return done, int(found.group(1)) if found else 0


@pytest.mark.scale
def test_scale_100k_documents_with_two_jobs(tmp_path: Path) -> None:
    """100,000 JSON Lines documents end to end: order kept, constant memory, a summary that adds up."""
    small, large = tmp_path / "small.jsonl", tmp_path / "large.jsonl"
    _write_corpus(small, 2_000, bad_every=1_000)
    bad = _write_corpus(large, 100_000, bad_every=10_000)
    _, small_peak = _peak_main_rss(small, tmp_path / "small.out.jsonl")
    done, large_peak = _peak_main_rss(large, tmp_path / "large.out.jsonl")
    assert done.returncode == 1, done.stderr  # the bad records are failures
    summary = summary_of(done.stderr)

    totals: dict[str, int] = dict.fromkeys(["initiatives", "funding_commitments", "tech_forecasts", "dialogues",
                                            "money", "dates", "organizations"], 0)
    warnings = failed = 0
    with (tmp_path / "large.out.jsonl").open(encoding="utf-8") as stream:
        for index, line in enumerate(stream):
            record = json.loads(line)
            if "error_type" in record:
                assert index in bad and record["id"] == f"d{index:06d}" and record["error_type"] == "InvalidRecord"
                failed += 1
                continue
            assert record["document"]["id"] == f"d{index:06d}"  # order kept
            for name in ("initiatives", "funding_commitments", "tech_forecasts", "dialogues"):
                totals[name] += len(record[name])
            for name in ("money", "dates", "organizations"):
                totals[name] += len(record["mentions"][name])
            warnings += len(record["warnings"])
    assert index == 99_999 and failed == len(bad) == 10
    head = summary["summary"]
    assert head.startswith(f"100000 documents, {100_000 - failed} extracted, {failed} failed"), head
    assert f"{(tmp_path / 'large.jsonl').stat().st_size / 1e6:.2f} MB" in head
    assert pairs(summary["records"]) | pairs(summary["mentions"]) == totals
    assert int(summary["warnings"]) == warnings
    assert pairs(summary["failures"]) == {"InvalidRecord": failed}
    # Constant memory: 50 times the documents, about the same peak (the output is streamed, not held).
    assert small_peak and large_peak - small_peak <= 15, (small_peak, large_peak)
    worker_peak = int(re.search(r"largest worker (\d+) MB", summary["memory"]).group(1))
    assert large_peak <= 200 and worker_peak <= 200
