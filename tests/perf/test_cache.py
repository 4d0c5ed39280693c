"""The content-hash parse cache: hits, invalidation, bad entries, and answers that are never stale."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import mbtool.reading.cache
from mbtool.api import graph_json, load
from mbtool.cli import run
from mbtool.config import Config, Vocabulary
from mbtool.model import Document
from mbtool.reading.bank import load_bank
from mbtool.reading.cache import DocumentCache, parser_fingerprint
from mbtool.reading.discover import locate

MakeBank = Callable[..., Path]


def entries(folder: Path) -> list[Path]:
    """The parse cache's entries (the result cache keeps its own, under `results-v1/`)."""
    return sorted(folder.glob("documents-v*/*.json"))


def fresh(bank: Path) -> dict[str, Document]:
    """The documents as the plain serial parser produces them, no cache involved."""
    location = locate(bank)
    return load_bank(location, cache=False).documents


def test_warm_run_parses_nothing_and_returns_the_same_documents(
    make_bank: MakeBank, parsed: list[str], cache_folder: Path
) -> None:
    bank = make_bank()
    cold = load(bank)
    assert sorted(parsed) == sorted(cold.documents)
    assert len(entries(cache_folder)) == 4
    parsed.clear()
    warm = load(bank)
    assert parsed == []
    assert warm.documents == cold.documents == fresh(bank)
    assert warm.entries == cold.entries


def test_editing_one_file_reparses_exactly_that_file_and_the_graph_follows(
    make_bank: MakeBank, parsed: list[str]
) -> None:
    bank = make_bank()
    before = graph_json(load(bank))
    assert not any(
        e["source"] == "projectbrief.md" and e["target"] == "topics/docker.md" for e in before["edges"]
    )
    parsed.clear()
    brief = bank / "projectbrief.md"
    brief.write_text(brief.read_text() + "- **Depends On:** topics/docker.md\n", encoding="utf-8")
    after = load(bank)
    assert parsed == ["projectbrief.md"]
    edges = graph_json(after)["edges"]
    assert any(e["source"] == "projectbrief.md" and e["target"] == "topics/docker.md" for e in edges)
    assert after.documents == fresh(bank)


def test_a_different_parse_configuration_does_not_read_the_old_entries(
    make_bank: MakeBank, parsed: list[str]
) -> None:
    bank = make_bank()
    load(bank)
    parsed.clear()
    renamed = Config(relations=Vocabulary.model_validate({"depends-on": ["Upstream"]}))
    upstream_only = load(bank, config=renamed)
    assert sorted(parsed) == sorted(upstream_only.documents)
    assert not any(
        r.kind.value == "depends-on" for d in upstream_only.documents.values() for r in d.relations
    )
    parsed.clear()
    load(bank)
    assert parsed == []  # the default configuration's entries are still there


def test_a_new_mbtool_version_does_not_read_the_old_entries(
    make_bank: MakeBank, parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    bank = make_bank()
    load(bank)
    parsed.clear()
    monkeypatch.setattr(mbtool.reading.cache, "VERSION", "999.0.0")
    parser_fingerprint.cache_clear()
    try:
        load(bank)
    finally:
        parser_fingerprint.cache_clear()
    assert len(parsed) == 4


def _corruptions(entry: Path, other: Path) -> list[bytes]:
    data = entry.read_bytes()
    header, _, payload = data.partition(b"\n")
    flipped = payload.replace(b'"title":"', b'"title":"X', 1)
    key = json.loads(header)
    wrong_schema = b'{"path": 1}'
    key["checksum"] = hashlib.sha256(wrong_schema).hexdigest()
    forged = json.dumps(key, separators=(",", ":")).encode()
    return [
        b"",
        data[: len(data) // 2],  # truncated
        b"\x00\xff garbage",
        header + b"\n" + flipped,  # payload changed, checksum no longer matches
        forged + b"\n" + wrong_schema,  # checksum matches, pydantic rejects
        other.read_bytes(),  # another document's well-formed entry: a foreign key
    ]


@pytest.mark.parametrize("case", range(6))
def test_a_corrupt_or_foreign_entry_is_ignored_and_rebuilt(
    make_bank: MakeBank, parsed: list[str], cache_folder: Path, case: int
) -> None:
    bank = make_bank()
    load(bank)
    store = DocumentCache.open(Config())
    assert store is not None
    digest = hashlib.sha256((bank / "progress.md").read_bytes()).hexdigest()
    target = store.entry_path("progress.md", digest)
    other = next(path for path in entries(cache_folder) if path != target)
    target.write_bytes(_corruptions(target, other)[case])
    parsed.clear()
    again = load(bank)
    assert parsed == ["progress.md"]
    assert again.documents == fresh(bank)
    parsed.clear()
    load(bank)
    assert parsed == []  # the entry was rewritten


def test_an_entry_for_another_path_with_a_valid_checksum_is_not_trusted(
    make_bank: MakeBank, parsed: list[str]
) -> None:
    bank = make_bank()
    load(bank)
    store = DocumentCache.open(Config())
    assert store is not None
    raw = (bank / "progress.md").read_bytes()
    impostor = fresh(bank)["projectbrief.md"]
    payload = impostor.model_dump_json().encode()
    digest = hashlib.sha256(raw).hexdigest()
    header = store.header("progress.md", digest, hashlib.sha256(payload).hexdigest())
    store.entry_path("progress.md", digest).write_bytes(header + b"\n" + payload)
    expected = fresh(bank)["progress.md"]
    parsed.clear()
    assert load(bank).documents["progress.md"] == expected
    assert parsed == ["progress.md"]


def test_no_cache_neither_reads_nor_writes(
    make_bank: MakeBank, parsed: list[str], cache_folder: Path
) -> None:
    bank = make_bank()
    load(bank)
    for entry in entries(cache_folder):
        entry.write_bytes(b"poison")
    parsed.clear()
    result = load(bank, cache=False)
    assert sorted(parsed) == sorted(result.documents)
    assert result.documents == fresh(bank)
    assert all(entry.read_bytes() == b"poison" for entry in entries(cache_folder))


def test_graph_cli_no_cache_writes_no_entry(
    make_bank: MakeBank, cache_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bank = make_bank()
    assert run(["graph", str(bank), "--no-cache"]) == 0
    assert entries(cache_folder) == []
    assert run(["graph", str(bank)]) == 0
    assert len(entries(cache_folder)) == 4
    first, second = capsys.readouterr().out.split("\n}\n", 1)
    assert json.loads(first + "}") == json.loads(second)


def test_an_unusable_cache_folder_only_costs_speed(
    make_bank: MakeBank, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("MBTOOL_CACHE_DIR", str(blocker))
    bank = make_bank()
    assert load(bank).documents == fresh(bank)


def test_concurrent_runs_share_the_cache_safely(make_bank: MakeBank, cache_folder: Path) -> None:
    bank = make_bank()
    command = [sys.executable, "-m", "mbtool", "graph", str(bank)]
    processes = [subprocess.Popen(command, stdout=subprocess.PIPE) for _ in range(4)]
    outputs = [process.communicate()[0] for process in processes]
    assert all(process.returncode == 0 for process in processes)
    assert len(set(outputs)) == 1
    assert json.loads(outputs[0]) == graph_json(load(bank, cache=False))
    assert not list(cache_folder.rglob("*.tmp"))
    assert len(entries(cache_folder)) == 4


def test_the_cache_folder_defaults_to_the_user_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    from platformdirs import user_cache_dir

    monkeypatch.delenv("MBTOOL_CACHE_DIR")
    assert mbtool.reading.cache.cache_dir() == Path(user_cache_dir("mbtool", appauthor=False))


def test_check_answers_from_the_cache_equal_a_fresh_check_after_an_edit(make_bank: MakeBank) -> None:
    from mbtool.api import check

    bank = make_bank()
    check(load(bank))
    progress = bank / "progress.md"
    progress.write_text(progress.read_text() + "  - missing.md\n", encoding="utf-8")
    cached = check(load(bank)).to_json("bank")
    fresh_result = check(load(bank, cache=False)).to_json("bank")
    assert cached == fresh_result
    diagnostics = cached["diagnostics"]
    assert isinstance(diagnostics, list)
    assert any(d["code"] == "MB201" and d["path"] == "progress.md" for d in diagnostics)
