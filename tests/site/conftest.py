"""Sites built once per session: the project's own, and a hostile bank with no mkdocs.yml."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from mbtool.cli import run
from tests.conftest import ROOT

HOSTILE = {
    "projectbrief.md": (
        "# Brief <script>alert(1)</script>\n\n"
        "Searchable word: zanzibarite.\n\n"
        "- **Depends On:** None\n"
        "- **Required By:** [evil.md](evil.md) (<img src=x onerror=alert(2)>), "
        "<script>alert(3)</script> concept\n"
    ),
    "evil.md": (
        "# Evil <img src=x onerror=alert(4)>\n\n"
        "- **Depends On:** projectbrief.md (<b onmouseover=alert(5)>x</b>)\n"
    ),
}


def bank_hashes(bank: Path) -> dict[str, str]:
    return {
        p.relative_to(bank).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(bank.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="session")
def project_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`mbtool build --strict` of this repository, written outside the working tree."""
    site = tmp_path_factory.mktemp("project") / "site"
    before = bank_hashes(ROOT / "memory-bank")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        assert run(["build", "--strict", "--site-dir", str(site)]) == 0
    assert bank_hashes(ROOT / "memory-bank") == before, "build must never modify the bank"
    return site


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A bank with script payloads in titles, annotations and concepts, and no mkdocs.yml."""
    root = tmp_path_factory.mktemp("hostile")
    (root / "mbtool.toml").write_text('core-files = "none"\n', encoding="utf-8")
    bank = root / "memory-bank"
    bank.mkdir()
    for name, text in HOSTILE.items():
        (bank / name).write_text(text, encoding="utf-8")
    site = root / "out"
    run(["build", "--bank", str(bank), "--site-dir", str(site)])
    return site
