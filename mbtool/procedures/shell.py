"""Shell text of a step: prompt stripping, script references, and static checks (never runs it).

`bash -n` and shellcheck read the step on stdin with a timeout; neither executes a command.
"""

from __future__ import annotations

import functools
import json
import re
import shlex
import shutil
import subprocess
import sysconfig
from dataclasses import dataclass
from pathlib import Path

SHELL_LANGUAGES = frozenset({"bash", "sh", "shell", "zsh", "console", "shell-session", "shellsession"})
PROMPT_LANGUAGES = frozenset({"console", "shell-session", "shellsession"})
CHECK_TIMEOUT = 10.0

_INTERPRETERS = frozenset({"bash", "sh", "zsh", "dash", "ksh", "source", "."})
_PREFIXES = frozenset(
    {
        "sudo",
        "exec",
        "time",
        "nohup",
        "command",
        "env",
        "then",
        "do",
        "else",
        "elif",
        "if",
        "while",
        "until",
        "!",
        "{",
        "}",
        "xargs",
    }
)
_OPTIONS_WITH_ARGUMENT = frozenset({"-o", "+o", "-O", "+O"})
_PLACEHOLDER = re.compile(r"[$<>{}*?~`\[\]]")
_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")
_BASH_ERROR = re.compile(r"^/dev/stdin: line (\d+): (.*)$")
_SHELLCHECK_EXCLUDED = "SC2154,SC2164"  # variables from the caller's environment; `cd` under `set -e`


@dataclass(frozen=True)
class ScriptReference:
    path: str
    line: int  # 0-based line within the step's command
    column: int  # 0-based


@dataclass(frozen=True)
class ShellProblem:
    line: int  # 1-based line within the step's command
    column: int
    message: str


def commands_of(language: str, content: str) -> str:
    """The text to run: console prompts stripped, output lines blanked (line numbers kept)."""
    if language not in PROMPT_LANGUAGES:
        return content
    lines: list[str] = []
    in_command = False
    for line in content.splitlines():
        stripped = line.lstrip()
        if stripped == "$" or stripped.startswith("$ "):
            lines.append(stripped[2:])
            in_command = True
        elif in_command and (stripped == ">" or stripped.startswith("> ")):
            lines.append(stripped[2:])
        else:
            lines.append("")
            in_command = False
    text = "\n".join(lines).rstrip()
    return text + "\n" if text.strip() else ""


def script_references(command: str) -> list[ScriptReference]:
    """Scripts a step runs: `bash x.sh`, `sh x.sh`, `source x.sh`, `./x.sh`, `scripts/x.sh`."""
    found: list[ScriptReference] = []
    for number, line in enumerate(command.splitlines()):
        paths, changed_directory = _scripts_in(_tokens(line))
        found.extend(ScriptReference(path, number, max(line.find(path), 0)) for path in paths)
        if changed_directory:  # later paths are relative to a folder we cannot know statically
            break
    return found


def _tokens(line: str) -> list[str]:
    lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
    try:
        return list(lexer)
    except ValueError:  # unbalanced quotes: no references from this line
        return []


def _scripts_in(tokens: list[str]) -> tuple[list[str], bool]:
    """Script paths among the command words of one line, and whether the line changes folder."""
    found: list[str] = []
    expect_command, index = True, 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        if _is_separator(token):
            expect_command = token not in ("<", ">", ">>", "<<", "<<<", ">&", "<&")
            continue
        if not expect_command:
            continue
        if token in _PREFIXES or _ASSIGNMENT.match(token) or token.startswith("-"):
            continue
        expect_command = False
        if token in ("cd", "pushd"):
            return _usable(found), True
        if token in _INTERPRETERS:
            script, index = _interpreter_script(tokens, index)
            found.extend([script] if script else [])
        elif _runs_relative_path(token):
            found.append(token)
    return _usable(found), False


def _usable(paths: list[str]) -> list[str]:
    """Drop placeholders (`$DIR/x.sh`, `<script>`) and absolute paths: nothing to verify."""
    return [path for path in paths if not _PLACEHOLDER.search(path) and not path.startswith("/")]


def _is_separator(token: str) -> bool:
    return bool(token) and all(char in "();<>|&" for char in token)


def _interpreter_script(tokens: list[str], index: int) -> tuple[str | None, int]:
    while index < len(tokens):
        token = tokens[index]
        if token == "-c" or _is_separator(token):
            return None, index
        if token in _OPTIONS_WITH_ARGUMENT:
            index += 2
        elif token.startswith(("-", "+")):
            index += 1
        else:
            return token, index + 1
    return None, index


def _runs_relative_path(token: str) -> bool:
    if token.startswith(("./", "../")):
        return True
    return "/" in token and token.endswith(".sh") and not token.startswith("/")


@functools.lru_cache(maxsize=1024)
def syntax_error(command: str) -> ShellProblem | None:
    """The first error `bash -n` reports for the step, or None (also when bash is unavailable)."""
    bash = shutil.which("bash")
    if bash is None:
        return None
    try:
        result = subprocess.run(
            [bash, "-n", "/dev/stdin"],
            input=command,
            capture_output=True,
            text=True,
            timeout=CHECK_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if result.returncode == 0:
        return None
    for line in result.stderr.splitlines():
        match = _BASH_ERROR.match(line)
        if match:
            return ShellProblem(int(match.group(1)), 1, _backticks(match.group(2)))
    return ShellProblem(
        1, 1, _backticks(result.stderr.strip().splitlines()[0] if result.stderr.strip() else "bash -n failed")
    )


def _backticks(message: str) -> str:
    """Bash quotes as `tok'; the house style quotes as `tok`."""
    return re.sub(r"`([^`']*)'", r"`\1`", message)


def shellcheck_executable() -> str | None:
    beside = Path(sysconfig.get_path("scripts")) / "shellcheck"
    return str(beside) if beside.is_file() else shutil.which("shellcheck")


@functools.lru_cache(maxsize=1024)
def shellcheck(command: str) -> tuple[ShellProblem, ...]:
    """shellcheck's warnings and errors for the step (as bash); empty when it is not installed."""
    executable = shellcheck_executable()
    if executable is None:
        return ()
    arguments = [
        executable,
        "--shell=bash",
        "--severity=warning",
        "--format=json1",
        f"--exclude={_SHELLCHECK_EXCLUDED}",
        "-",
    ]
    try:
        result = subprocess.run(
            arguments, input=command, capture_output=True, text=True, timeout=CHECK_TIMEOUT * 3, check=False
        )
        comments = json.loads(result.stdout or "{}").get("comments", [])
    except (OSError, subprocess.TimeoutExpired, ValueError):
        return ()
    return tuple(
        ShellProblem(
            int(c["line"]), int(c["column"]), f"shellcheck SC{c['code']}: {c['message'].rstrip('.')}"
        )
        for c in comments
    )
