"""Configuration from `[tool.mbtool]` / `mbtool.toml`: selection, severities, fail-on, profiles, dates."""

from __future__ import annotations

from pathlib import Path

import pytest

from mbtool.api import check
from mbtool.checks.engine import Selection
from mbtool.checks.rules import rule_by_code
from mbtool.cli import run
from mbtool.config import Config, valid_keys
from tests.check.helpers import TODAY, lines_of

DOC_A = "# A\n\n- **Depends On:** b.md\n\n---\n\n**Last Updated:** 2026-01-01\n**Next Review:** 2026-05-20\n"
DOC_B = "# B\n\n- **Depends On:** None\n\n---\n\n**Last Updated:** 2026-01-01\n"


def make_bank(tmp_path: Path, config: str = "", files: dict[str, str] | None = None) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    profile = "" if "core-files" in config else 'core-files = "none"\n'
    (tmp_path / "mbtool.toml").write_text(profile + config, encoding="utf-8")
    bank = tmp_path / "memory-bank"
    bank.mkdir()
    for name, text in (files or {"a.md": DOC_A, "b.md": DOC_B}).items():
        (bank / name).write_text(text, encoding="utf-8")
    return bank


def codes(bank: Path, **options: object) -> list[str]:
    return sorted({d.code for d in check(bank, today=TODAY, **options).diagnostics})  # type: ignore[arg-type]


def test_unknown_key_exits_2_naming_the_valid_keys(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bank = make_bank(tmp_path, 'fail_onn = "warning"\n')
    assert run(["check", str(bank)]) == 2
    err = capsys.readouterr().err
    assert "unknown key `fail_onn`" in err and "fail-on" in err and "Traceback" not in err
    assert all(key in err for key in valid_keys())


def test_unknown_key_in_pyproject(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.mbtool]\nselectt = ["MB2"]\n', encoding="utf-8")
    (tmp_path / "memory-bank").mkdir()
    assert run(["check", str(tmp_path / "memory-bank")]) == 2
    assert "unknown key `selectt`" in capsys.readouterr().err


def test_bad_value_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bank = make_bank(tmp_path, 'fail-on = "sometimes"\n')
    assert run(["check", str(bank)]) == 2
    assert "fail-on" in capsys.readouterr().err


def test_select_and_ignore_by_prefix_longest_wins() -> None:
    selection = Selection.of(Config(select=("MB2",), ignore=("MB20",)), select=None, ignore=["MB202"])
    mb202, mb203, mb211 = (rule_by_code(code) for code in ("MB202", "MB203", "MB211"))
    assert mb202 and mb203 and mb211
    assert selection.level(mb202) is None
    assert selection.level(mb203) is None  # MB20 beats MB2
    assert selection.level(mb211) == "warning"
    narrow = Selection.of(Config(ignore=("MB2",)), select=["MB202"])
    assert narrow.level(mb202) == "warning"  # the more specific select wins
    assert narrow.level(mb203) is None


def test_cli_select_replaces_config_select(tmp_path: Path) -> None:
    bank = make_bank(tmp_path, 'select = ["MB3"]\n')
    assert codes(bank) == ["MB301"]
    assert codes(bank, select=["MB202"]) == ["MB202"]
    assert codes(bank, ignore=["MB301"]) == []


def test_invalid_selector_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bank = make_bank(tmp_path)
    assert run(["check", str(bank), "--select", "E501"]) == 2
    assert "`E501`" in capsys.readouterr().err


def test_severity_override_and_off(tmp_path: Path) -> None:
    bank = make_bank(tmp_path, 'severity = { MB3 = "error", MB202 = "off" }\n')
    result = check(bank, today=TODAY)
    assert {(d.code, d.severity) for d in result.diagnostics} == {("MB301", "error")}
    assert result.exit_code == 1


def test_fail_on(tmp_path: Path) -> None:
    assert check(make_bank(tmp_path / "default"), today=TODAY).exit_code == 0  # warnings only
    warned = make_bank(tmp_path / "strict", 'fail-on = "warning"\n')
    assert check(warned, today=TODAY).exit_code == 1


def test_core_file_profiles(tmp_path: Path) -> None:
    files = {
        name: "# X\n\n- **Depends On:** None\n"
        for name in ("active-context.md", "ProductContext.md", "progress.md", "system_patterns.md")
    }
    roo = make_bank(tmp_path / "roo", 'core-files = "roo"\n', files)
    found = [line for line in lines_of(check(roo, today=TODAY), "MB101")]
    assert found == ["decisionLog.md:1:1: MB101 core file `decisionLog.md` is missing from the memory bank"]
    cline = make_bank(tmp_path / "cline", 'core-files = "cline"\n', files)
    missing = {d.path for d in check(cline, today=TODAY).diagnostics if d.code == "MB101"}
    assert missing == {"projectbrief.md", "techContext.md"}


def test_relation_vocabulary(tmp_path: Path) -> None:
    files = {"a.md": "# A\n\n- **Builds On:** b.md\n", "b.md": "# B\n\n- **Feeds:** a.md\n"}
    default = make_bank(tmp_path / "default", "", files)
    # Unknown keys: no document declares a relation, which MB102 says once, as a hint.
    assert [code for code, _ in check(default, today=TODAY).hints] == ["MB102"]
    assert "MB102" in codes(default, select=["MB102"])
    custom = make_bank(
        tmp_path / "custom", '[relations]\ndepends-on = ["Builds On"]\nrequired-by = ["Feeds"]\n', files
    )
    assert codes(custom) == []


def test_date_thresholds(tmp_path: Path) -> None:
    bank = make_bank(tmp_path, "review-grace-days = 30\n")
    assert "MB301" not in codes(bank)  # due 2026-05-20, today 2026-06-01: within 30 days
    files = {
        "a.md": "# A\n\n- **Depends On:** b.md\n\n---\n\n**Last Updated:** 2026-01-01\n",
        "b.md": "# B\n\n- **Required By:** a.md\n\n---\n\n**Last Updated:** 2026-01-05\n",
    }
    assert "MB302" in codes(make_bank(tmp_path / "strict", "", files))
    assert "MB302" not in codes(make_bank(tmp_path / "lenient", "suspect-grace-days = 7\n", files))


def test_exclude_globs(tmp_path: Path) -> None:
    files = {
        "a.md": "# A\n\n- **Depends On:** b.md\n",
        "b.md": "# B\n\n- **Required By:** a.md\n",
        "drafts/x.md": "# X\n",
    }
    (tmp_path / "memory-bank" / "drafts").mkdir(parents=True)
    bank = tmp_path / "memory-bank"
    (tmp_path / "mbtool.toml").write_text('core-files = "none"\nexclude = ["drafts/**"]\n')
    for name, text in files.items():
        (bank / name).write_text(text)
    result = check(bank, today=TODAY)
    assert result.documents == 2 and result.diagnostics == []
