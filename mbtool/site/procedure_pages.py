"""A page per runnable procedure: its steps with copy buttons, the exact run line, a script.

The steps are taken from the documents' bytes read in this run, parsed again, never from
the parse cache: the published script is something people download and run, and a forged
entry in a shared cache folder must not change it (as `procedures run` never runs one).
"""

from __future__ import annotations

import re
import shlex

from mbtool.analysis import Analysis
from mbtool.parse import parse_document
from mbtool.procedures import Procedure, export_script
from mbtool.site import escape
from mbtool.site.content import SiteContent

_UNSAFE_SLUG = re.compile(r"[^A-Za-z0-9._-]+")


def fresh_procedures(analysis: Analysis) -> list[Procedure]:
    """The procedures of the documents that hold any, parsed again from this run's bytes."""
    found: list[Procedure] = []
    for path in sorted({procedure.path for procedure in analysis.procedures}):
        raw = analysis.bank.raw.get(path)
        if raw is not None:
            found.extend(analysis.procedures_in(parse_document(path, raw, analysis.config)))
    return found


def add_procedure_pages(content: SiteContent) -> None:
    procedures = fresh_procedures(content.analysis)
    if not procedures:
        return
    folder = content.bank.prefix
    index = [
        "# Procedures",
        "",
        "Runnable replication procedures found in the bank. Nothing runs "
        "without your consent: `mbtool procedures run` asks first (or needs `--yes`).",
        "",
    ]
    for procedure in procedures:
        slug = _UNSAFE_SLUG.sub("-", procedure.id.replace(".md#", "--")).strip("-")
        page = content.generated_path(f"procedures/{slug}.md")
        script = f"{slug}.sh"
        content.assets[content.generated_path(f"procedures/{script}")] = export_script(
            procedure, folder
        ).encode("utf-8")
        content.pages[page] = _page(content, procedure, folder, script)
        index.append(
            f"- [{escape.text(procedure.title)}]({slug}.md) — "
            f"{len(procedure.steps)} step{'s' if len(procedure.steps) != 1 else ''}"
        )
    content.pages[content.generated_path("procedures/index.md")] = "\n".join(index) + "\n"


def _page(content: SiteContent, procedure: Procedure, folder: str, script: str) -> str:
    source = f"../../{content.options.prefix}/{procedure.path}"
    run_line = f"mbtool procedures run {shlex.quote(procedure.id)} {shlex.quote(folder)}"
    lines = [
        f"# {escape.text(procedure.title)}",
        "",
        f"From [{escape.text(procedure.path)}]({source}), line {procedure.line}. "
        f"Procedure id: {escape.code(procedure.id)}.",
        "",
        "Run it (mbtool asks before running anything):",
        "",
        "```bash",
        run_line,
        "```",
        "",
        f"Or review and run the exported script: [{escape.text(script)}]({script}).",
        "",
        "## Steps",
        "",
    ]
    for step in procedure.steps:
        notes = []
        if step.attributes.cwd:
            notes.append(f"in {escape.code(step.attributes.cwd)}")
        if step.attributes.timeout:
            notes.append(f"timeout {step.attributes.timeout:g} s")
        if step.attributes.skip:
            notes.append("skipped")
        suffix = f" ({', '.join(notes)})" if notes else ""
        lines += [f"### Step {step.number}: {escape.text(step.title)}{suffix}", "", _fence(step.command), ""]
    return "\n".join(lines)


def _fence(command: str) -> str:
    longest = max((len(run) for run in re.findall(r"`{3,}", command)), default=2)
    fence = "`" * (longest + 1)
    return f"{fence}bash\n{command.rstrip()}\n{fence}"
