"""Bad files become findings with a path; the rest of the bank is still read."""

from __future__ import annotations

from pathlib import Path

from mbtool.api import load


def _bank(tmp_path: Path) -> Path:
    (tmp_path / "mbtool.toml").write_text("")
    bank = tmp_path / "memory-bank"
    bank.mkdir()
    (bank / "good.md").write_text("# Good\n\n- **Depends On:** other.md\n")
    (bank / "other.md").write_text("# Other\n\n- **Required By:** good.md\n")
    (bank / "latin1.md").write_bytes("# Caf\xe9\n".encode("latin-1"))
    (bank / "nul.md").write_bytes(b"# A\n\x00\n")
    (bank / "front.md").write_text("---\nkey: [unclosed\n---\n# Front\n")
    (bank / "empty.md").write_text("  \n")
    (bank / "folder.md").mkdir()
    return bank


def test_bad_files_are_findings_and_good_files_still_parse(tmp_path: Path) -> None:
    bank = load(_bank(tmp_path))
    codes = {path: [f.code for f in doc.problems] for path, doc in bank.documents.items()}
    assert codes["latin1.md"] == ["MB002"]
    assert codes["nul.md"] == ["MB002"]
    assert codes["front.md"] == ["MB001"]
    assert codes["empty.md"] == ["MB003"]
    assert [(path, f.code) for path, f in bank.file_problems] == [("folder.md", "MB002")]
    assert [e.node for e in bank.entries if e.source == "good.md"] == ["other.md"]


def test_finding_positions(tmp_path: Path) -> None:
    bank = load(_bank(tmp_path))
    latin = bank.documents["latin1.md"].problems[0].position
    assert (latin.line, latin.column) == (1, 6)
    nul = bank.documents["nul.md"].problems[0].position
    assert (nul.line, nul.column) == (2, 1)
    front = bank.documents["front.md"].problems[0].position
    assert front.line == 3


def test_front_matter_keeps_body_line_numbers(tmp_path: Path) -> None:
    bank_dir = _bank(tmp_path)
    (bank_dir / "good.md").write_text(
        "---\ntitle: Good\nstatus: x\n---\n# Good\n\n- **Depends On:** other.md\n"
    )
    bank = load(bank_dir)
    entry = next(e for e in bank.entries if e.source == "good.md").entry
    assert (entry.position.line, entry.position.column) == (7, 19)
    assert bank.documents["good.md"].headings[0].position.line == 5


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    bank_dir = _bank(tmp_path)
    # 40 levels of "three of the previous": tiny on disk, 3**40 nodes when expanded.
    levels = "".join(f"l{i}: &l{i} [*l{i - 1}, *l{i - 1}, *l{i - 1}]\n" for i in range(1, 41))
    bomb = "---\nl0: &l0 [x]\n" + levels + "---\n# Bomb\n"
    (bank_dir / "bomb.md").write_text(bomb)
    finding = load(bank_dir).documents["bomb.md"].problems[0]
    assert finding.code == "MB001" and "aliases" in finding.message
