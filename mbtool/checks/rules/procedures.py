"""Rules about runnable procedures (MB4xx): checked statically, nothing is run.

`bash -n` reads a step on stdin to parse it; it executes no command.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator

from mbtool.analysis import Analysis
from mbtool.checks.rules.base import Hint, Rule, Violation
from mbtool.checks.rules.notes import UNVERIFIED_HINT
from mbtool.procedures.attributes import parse_info
from mbtool.procedures.model import Step
from mbtool.procedures.shell import script_references, shellcheck, syntax_error
from mbtool.reading.bank import Bank
from mbtool.reading.discover import inside


def missing_script(analysis: Analysis) -> Iterator[Violation | Hint]:
    """What it does:
    Checks that every script a procedure step runs (`bash scripts/x.sh`, `sh x.sh`,
    `source env.sh`, `./scripts/x.sh`) exists, relative to the project root or to the
    step's `cwd=` attribute.

    Why is this bad?
    A replication procedure that calls a script which was renamed or never committed
    fails for every reader and every agent that follows it, usually at the worst step.

    Example:
    A step in `dockerWorkflow.md` runs `bash scripts/run_codex.sh` but the script in the
    repository is `scripts/run_codex_cli.sh`.

    Use instead:
    Name the script as it is in the repository (paths are relative to the project root,
    or to the step's `cwd=`): `bash scripts/run_codex_cli.sh`.

    Fix:
    Correct the path or commit the script. Paths with variables or placeholders
    (`$DIR/x.sh`, `<script>`), absolute paths, scripts an earlier step mentions (so it may
    create them), build output and anything after a `cd` in the step are not checked.
    When a script of that name exists once elsewhere, the message names it.

    When is it noise?
    Outside a repository (no `.git`, `pyproject.toml` or `mbtool.toml` above the bank) the
    project root the steps run in is unknown: nothing is reported, and one hint says so.
    Numbered lists of shell snippets are not procedures (so not checked) unless
    `procedures = "lists"` is set.
    """
    location = analysis.bank.location
    if not location.project_found:
        # Steps run in the project root, which is unknown here: nothing can be verified.
        if any(script_references(step.command) for p in analysis.procedures for step in p.steps):
            yield Hint(UNVERIFIED_HINT)
        return
    files = analysis.bank.resolver.paths.files
    for procedure in analysis.procedures:
        earlier = ""
        for step in procedure.steps:
            for reference in script_references(step.command):
                mentioned = reference.path in earlier or reference.path in _before(step, reference.line)
                if mentioned or _script_exists(analysis.bank, step, reference.path):
                    continue
                if files.ignored(reference.path.removeprefix("./")):
                    continue  # build output: made by the build, not committed
                message = f"procedure step runs `{reference.path}`, which does not exist"
                named = files.by_name(posixpath.basename(reference.path))
                if len(named) == 1:
                    message += f"; did you mean `{named[0]}`"
                yield Violation(
                    step.path, step.line + 1 + reference.line, step.column + reference.column, message
                )
            earlier += step.command


def _before(step: Step, line: int) -> str:
    return "\n".join(step.command.splitlines()[:line])


def _script_exists(bank: Bank, step: Step, path: str) -> bool:
    project = bank.location.project
    bases = [project]
    if step.attributes.cwd:
        bases.insert(0, project / step.attributes.cwd)
    candidates = [(base / path).resolve() for base in bases]
    inside_project = [c for c in candidates if inside(c, project)]
    # A path that leaves the project is never looked at (DESIGN §11): not reported here.
    return not inside_project or any(bank.probe(c, file=True) for c in inside_project)


def syntax_errors(analysis: Analysis) -> Iterator[Violation]:
    """What it does:
    Parses every shell step of every procedure with `bash -n` (the script is read, never
    run) and reports the first syntax error of each step.

    Why is this bad?
    Steps run in `bash -euo pipefail`. A step that does not parse stops the procedure
    before doing anything, and readers who copy it by hand get the same error.

    Example:
    A step holding `if [ -f .env ]; then source .env` with no closing `fi`.

    Use instead:
    `if [ -f .env ]; then source .env; fi`

    Fix:
    Correct the shell text. Console blocks (`console`, `shell-session`) are checked after
    their `$ ` prompts are removed and their output lines dropped. `mbtool procedures
    check` also reports shellcheck's warnings, at `info` level, when shellcheck is
    installed (for steps that pass `bash -n`).

    When is it noise?
    Only procedures are checked: sections under a `Procedure:` heading and `{name=...}`
    fences. Numbered lists of shell snippets (troubleshooting with `kill -9 <PID>`, plans
    sketching scripts) are examples unless `procedures = "lists"` is set in [tool.mbtool];
    set it only when such lists really are meant to be run.
    """
    for procedure in analysis.procedures:
        for step in procedure.steps:
            problem = syntax_error(step.command)
            if problem is not None:
                yield Violation(
                    step.path,
                    step.line + problem.line,
                    step.column,
                    f"procedure step fails `bash -n`: {problem.message}",
                )
            elif analysis.shellcheck:
                for advice in shellcheck(step.command):
                    yield Violation(
                        step.path,
                        step.line + advice.line,
                        step.column + advice.column - 1,
                        advice.message,
                        level="info",
                    )


# Cursor's code-citation fence: ```START:END:path
_CITATION = re.compile(r"\d+:\d+:[^\s{}`]+")


def malformed_fences(analysis: Analysis) -> Iterator[Violation]:
    """What it does:
    Checks that fence info strings are ones Markdown renderers understand: a language,
    then attributes in braces (`bash {name=setup cwd=. timeout=600}`).

    Why is this bad?
    MkDocs' superfences does not treat ```` ```bash notest ```` or ```` ```bash name=x ````
    as a code block: the fence becomes text, its closing fence opens a new block, and the
    rest of the page is swallowed. `bash#tag` loses syntax highlighting, and broken
    braces or values (`timeout=soon`) silently drop a step's settings.

    Example:
    ```` ```bash notest ````, ```` ```bash name=setup ````, ```` ```bash {name=setup ````,
    ```` ```bash{name=setup} ````

    Use instead:
    ```` ```bash {skip} ````, ```` ```bash {name=setup} ````; the superfences options
    `title="..."`, `linenums="..."` and `hl_lines="..."` are fine without braces.

    Fix:
    Put attributes in braces after a space, with balanced braces and quotes.

    When is it noise?
    Cursor's code citations (```` ```12:30:src/app.ts ````, lines 12 to 30 of a file) are
    deliberate and not reported; a renderer shows them as plain code.
    """
    for path in sorted(analysis.bank.documents):
        for fence in analysis.bank.documents[path].fences:
            if _CITATION.fullmatch(fence.info.strip()):
                continue  # `START:END:path`: a code citation, written so on purpose
            for problem in parse_info(fence.info).problems:
                yield Violation(
                    path, fence.position.line, fence.position.column, f"fence info `{fence.info}` {problem}"
                )


RULES = (
    Rule("MB401", "procedure-missing-script", "error", missing_script),
    Rule("MB402", "procedure-syntax-error", "error", syntax_errors),
    Rule("MB403", "malformed-fence", "warning", malformed_fences),
)
