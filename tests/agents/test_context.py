"""`mbtool context`: reading order, budget trimming (what goes first), the left-out list, determinism."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

import mbtool
from mbtool.agents.bundle import markdown, to_json
from mbtool.agents.context import ContextPack, PackBuilder
from mbtool.agents.packing import build_context
from mbtool.analysis import Analysis
from mbtool.cli import run
from mbtool.reading.tokens import estimate_tokens
from tests.banks import write_project
from tests.conftest import ROOT


def topic(title: str, depends: str = "None", sections: int = 3, extra: str = "") -> str:
    """A document with `sections` sections of prose, then its relations."""
    body = [f"# {title}", "", f"What {title} is about, in one paragraph.", ""]
    for number in range(1, sections + 1):
        body += [f"## {title} part {number}", "", f"Details of part {number} of {title}. " * 6, ""]
    body += [extra, "## Relations", "", f"- **Depends On:** {depends}", ""]
    return "\n".join(body)


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    """top.md rests on zeta.md and alpha.md (alpha depends on zeta), mid.md → base.md → far.md;
    user.md depends on top.md, and user2.md on user.md."""
    return write_project(
        tmp_path,
        {
            "far.md": topic("Far", sections=8),
            "base.md": topic("Base", "far.md", sections=8),
            "mid.md": topic("Mid", "base.md", sections=6, extra="## Keep Me\n\nThe part top relies on.\n"),
            "zeta.md": topic("Zeta", sections=2),
            "alpha.md": topic("Alpha", "zeta.md", sections=2, extra="## Notes\n\nSee top.md for the use.\n"),
            "top.md": topic("Top", "[mid.md](mid.md#keep-me), zeta.md, alpha.md", sections=2),
            "user.md": topic("User", "top.md", sections=1),
            "user2.md": topic("User Two", "user.md", sections=1),
        },
    )


def pack_of(bank: Path, budget: int | None = None) -> ContextPack:
    return mbtool.context(bank, "top.md", budget=budget)


def modes(pack: ContextPack) -> dict[str, str]:
    return {part.path: part.mode for part in pack.parts}


def test_dependencies_come_first_then_the_document_then_what_to_recheck(bank: Path) -> None:
    pack = pack_of(bank)  # alpha.md depends on zeta.md: zeta first, whatever the names
    assert [part.path for part in pack.parts] == [
        "far.md",
        "base.md",
        "mid.md",
        "zeta.md",
        "alpha.md",
        "top.md",
    ]
    assert [(item.id, item.distance) for item in pack.recheck] == [("user.md", 1), ("user2.md", 2)]
    text = markdown(pack)
    bundle = ("## Reading order", "## Left out", "## Re-check")
    headings = [
        line for line in text.splitlines() if line.startswith(bundle) or re.match(r"## \d+\. `", line)
    ]
    assert headings == [
        "## Reading order",
        "## Left out",
        "## 1. `far.md`",
        "## 2. `base.md`",
        "## 3. `mid.md`",
        "## 4. `zeta.md`",
        "## 5. `alpha.md`",
        "## 6. `top.md`",
        "## Re-check after changing `top.md`",
    ]
    assert "Nothing: every document is included in full." in text
    assert "- `user2.md` — via `user.md`" in text


def test_without_a_budget_every_document_is_whole_and_the_size_is_the_bundle(bank: Path) -> None:
    pack = pack_of(bank)
    assert set(modes(pack).values()) == {"full"}
    for part in pack.parts:
        assert part.text == (bank / part.path).read_text(encoding="utf-8")
    assert pack.tokens == estimate_tokens(markdown(pack)) == pack.full_tokens


def test_the_farthest_ancestor_goes_first(bank: Path) -> None:
    full = pack_of(bank).tokens
    pack = pack_of(bank, full - 1)
    assert modes(pack) == {**{path: "full" for path in modes(pack)}, "far.md": "dropped"}
    assert pack.tokens <= full - 1


def test_every_budget_takes_a_prefix_of_the_fixed_order(bank: Path) -> None:
    """Whatever the budget, what is left out is the first steps of one schedule: far ancestors
    (farthest first), then direct dependencies cut to headings (largest first), then dropped,
    then the document cut, then the re-check list shortened."""
    analysis = mbtool.analyse(bank)
    schedule = PackBuilder(analysis, "top.md").schedule()
    assert [(step.path, step.mode) for step in schedule[:2]] == [
        ("far.md", "dropped"),
        ("base.md", "dropped"),
    ]
    outlined = [step.path for step in schedule if step.mode == "outline"]
    assert outlined[-1] == "top.md" and outlined[0] == "mid.md"  # the largest direct dependency first
    full = build_context(analysis, "top.md").tokens
    for budget in range(full, 0, -97):
        pack = build_context(analysis, "top.md", budget)
        changed = {path: mode for path, mode in modes(pack).items() if mode != "full"}
        applied: dict[str, str] = {}
        for step in schedule:
            if changed == applied:
                break
            if step.path is not None:
                applied[step.path] = step.mode
        assert changed == applied, f"budget {budget}: {changed} is not a prefix of the schedule"
        assert pack.tokens <= budget or pack.over_budget


def test_a_cut_document_keeps_its_headings_and_the_sections_that_matter(bank: Path) -> None:
    analysis = mbtool.analyse(bank)
    mid = next(step for step in PackBuilder(analysis, "top.md").schedule() if step.path == "mid.md")
    assert mid.mode == "outline"
    pack = build_context(analysis, "top.md", 1)  # as small as it gets: everything cut or dropped
    top = next(part for part in pack.parts if part.path == "top.md")
    assert top.mode == "outline" and top.kept == ("relations",)
    small = _smallest_with_outlines(analysis)
    parts = {part.path: part for part in small.parts}
    assert "keep-me" in parts["mid.md"].kept  # a dependency entry points at mid.md#keep-me
    assert "The part top relies on." in parts["mid.md"].text
    assert "Details of part 1 of Mid" not in parts["mid.md"].text
    assert "## Mid part 1" in parts["mid.md"].text  # every heading stays
    assert "notes" in parts["alpha.md"].kept  # that section names top.md


def _smallest_with_outlines(analysis: Analysis) -> ContextPack:
    """The pack at the budget where every direct dependency is cut but none dropped."""
    full = build_context(analysis, "top.md").tokens
    for budget in range(full, 0, -10):
        pack = build_context(analysis, "top.md", budget)
        found = modes(pack)
        if all(found[path] == "outline" for path in ("mid.md", "zeta.md", "alpha.md")):
            return pack
    raise AssertionError("no budget cuts every direct dependency")


def test_the_left_out_list_says_exactly_what_is_missing_and_how_to_get_it(bank: Path) -> None:
    analysis = mbtool.analyse(bank)
    pack = _smallest_with_outlines(analysis)
    text = markdown(pack)
    section = text.split("## Left out\n", 1)[1].split("\n## ", 1)[0]
    far = next(part for part in pack.parts if part.path == "far.md")
    assert f"- `far.md` (3 steps up, ~{far.full_tokens:,} tokens): not included" in section
    assert "- `base.md` (2 steps up" in section
    mid = next(part for part in pack.parts if part.path == "mid.md")
    ranges = ", ".join(f"{start}–{end}" for start, end in mid.left_out_lines)
    assert f"- `mid.md`: lines {ranges} (" in section
    for start, end in mid.left_out_lines:
        assert f"[… lines {start}–{end} left out …]" in mid.text
    command = f"mbtool context top.md memory-bank --budget {-(-pack.full_tokens // 100) * 100}"
    assert f"Everything in full: `{command}`" in section
    assert "the `read` tool of `mbtool mcp`" in section
    data = to_json(pack)
    assert [item["path"] for item in data["left_out"]] == [
        "far.md",
        "base.md",
        "mid.md",
        "zeta.md",
        "alpha.md",
    ]
    assert {item["path"] for item in data["documents"]} == {"zeta.md", "mid.md", "alpha.md", "top.md"}


def test_the_recheck_list_is_shortened_last_and_says_how_to_see_it_all(tmp_path: Path) -> None:
    files = {"top.md": topic("Top", sections=1)}
    files.update({f"user{n:02}.md": topic(f"User {n}", "top.md", sections=0) for n in range(30)})
    bank = write_project(tmp_path, files)
    pack = mbtool.context(bank, "top.md", budget=300)
    assert 0 < len(pack.recheck) < 30 and pack.recheck_total == 30
    assert (
        f"- {30 - len(pack.recheck)} more documents to re-check: `mbtool impact top.md --bank memory-bank`"
        in (markdown(pack))
    )


def test_a_budget_too_small_for_anything_says_so(bank: Path) -> None:
    pack = pack_of(bank, 1)
    assert pack.over_budget
    assert "This is as small as the pack gets: still over the budget of 1 tokens." in markdown(pack)


def test_the_same_bank_gives_the_same_pack(bank: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outputs = []
    for flags in ([], ["--no-cache"], [], ["--format", "json"], ["--format", "json"]):
        assert run(["context", "top.md", str(bank), "--budget", "600", *flags]) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1] == outputs[2]
    assert outputs[3] == outputs[4]
    data = json.loads(outputs[3])
    assert data["tokens"] == estimate_tokens(outputs[0]) <= 600
    assert [item["path"] for item in data["documents"]][-1] == "top.md"


def test_a_document_cannot_close_the_fence_it_sits_in(tmp_path: Path) -> None:
    bank = write_project(
        tmp_path, {"odd.md": "# Odd\n\n`````\nnot the end\n`````\n\n- **Depends On:** None\n"}
    )
    text = markdown(mbtool.context(bank, "odd.md"))
    assert "``````markdown\n# Odd" in text and "\n``````\n" in text


def test_context_needs_a_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bank = write_project(tmp_path, {"a.md": topic("A", "Build System")})
    assert run(["context", "Build System", str(bank)]) == 2
    assert "`mbtool context` takes a document" in capsys.readouterr().err
    assert run(["context", "nope.md", str(bank)]) == 2
    assert run(["context", "a.md", str(bank), "--budget", "0"]) == 2


def test_project_bank_docker_workflow_in_4000_tokens(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The example of docs/agents.md: it fits, keeps the document whole, shows every direct
    dependency at least as headings, and names what it left out."""
    shutil.copytree(ROOT / "memory-bank", tmp_path / "memory-bank")
    (tmp_path / "pyproject.toml").write_text('[tool.mbtool]\nbank = "memory-bank"\n', encoding="utf-8")
    assert run(["context", "dockerWorkflow.md", str(tmp_path / "memory-bank"), "--budget", "4000"]) == 0
    text = capsys.readouterr().out
    assert estimate_tokens(text) <= 4000
    pack = mbtool.context(tmp_path / "memory-bank", "dockerWorkflow.md", budget=4000)
    parts = {part.path: part for part in pack.parts}
    assert parts["dockerWorkflow.md"].mode == "full"
    direct = {"projectbrief.md", "systemPatterns.md", "techContext.md", "activeContext.md", "progress.md"}
    assert all(parts[path].mode in ("full", "outline") for path in direct)
    assert parts["productContext.md"].mode == "dropped"  # two steps up: the first to go
    assert "- `productContext.md` (2 steps up" in text
    assert "## Re-check after changing `dockerWorkflow.md`" in text and "`dependencies.md`" in text
    guide = (ROOT / "docs" / "agents.md").read_text(encoding="utf-8")
    assert "mbtool context dockerWorkflow.md --budget 4000" in guide
    assert text.splitlines()[0] in guide and "## Reading order" in guide
