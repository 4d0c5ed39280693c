"""Shell text of steps: prompts, the scripts a step runs, and `bash -n` (nothing is executed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mbtool.procedures.shell import commands_of, script_references, syntax_error


def test_console_prompts_are_stripped_and_output_blanked() -> None:
    text = "$ cat <<EOF > a.txt\n> hello\n> EOF\n$ ls\na.txt\n"
    assert commands_of("console", text) == "cat <<EOF > a.txt\nhello\nEOF\nls\n"
    assert commands_of("console", "just output\n") == ""
    assert commands_of("bash", "$ not a prompt in bash\n") == "$ not a prompt in bash\n"


@pytest.mark.parametrize(
    ("command", "paths"),
    [
        ("bash scripts/run_codex_cli.sh /path/to/your/project", ["scripts/run_codex_cli.sh"]),
        ("./scripts/x.sh --flag", ["./scripts/x.sh"]),
        ("sh x.sh", ["x.sh"]),
        ("set -e; source env/setup.sh && make", ["env/setup.sh"]),
        ("sudo -E bash -o pipefail tools/a.sh | tee log", ["tools/a.sh"]),
        ("FOO=1 scripts/build.sh", ["scripts/build.sh"]),
        ("bash -c 'echo hi'", []),
        ("bash $ROOT/x.sh <script.sh>", []),
        ("bash /opt/x.sh", []),
        ("echo bash scripts/x.sh", []),
        ("cd sub && ./here.sh", []),
        ("# bash scripts/commented.sh", []),
    ],
)
def test_script_references(command: str, paths: list[str]) -> None:
    assert [ref.path for ref in script_references(command)] == paths


def test_reference_position_within_the_step() -> None:
    [ref] = script_references("echo start\n  bash scripts/x.sh\n")
    assert (ref.line, ref.column) == (1, 7)


def test_syntax_error_names_the_line_and_token() -> None:
    problem = syntax_error("echo ok\nfi\n")
    assert problem is not None
    assert problem.line == 2
    assert problem.message == "syntax error near unexpected token `fi`"
    assert syntax_error("if true; then echo ok; fi\n") is None


def test_syntax_check_executes_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    assert syntax_error(f"touch {marker}\n") is None
    assert not marker.exists()
