"""`mbtool mcp` driven in memory with the SDK's own client: tools, schemas, answers, refusals."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import anyio
import pytest
from mcp import Client, MCPError
from mcp.types import CallToolResult, TextContent, TextResourceContents

import mbtool
from mbtool.agents.bundle import markdown
from mbtool.agents.live import LiveBank
from mbtool.agents.server import create_server
from mbtool.cli import run
from mbtool.reading.discover import locate
from tests.conftest import ROOT, corpus

T = TypeVar("T")
TOOLS = {"overview", "read", "depends_on", "required_by", "impact", "check", "context", "search"}
CORPUS = "Luxcium__vigilant-codex-k3a"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project's own bank (with a pyproject naming it); returns the bank."""
    shutil.copytree(ROOT / "memory-bank", tmp_path / "memory-bank")
    (tmp_path / "pyproject.toml").write_text('[tool.mbtool]\nbank = "memory-bank"\n', encoding="utf-8")
    (tmp_path / "secret.txt").write_text("not for agents\n", encoding="utf-8")
    return tmp_path / "memory-bank"


def session(bank: Path, talk: Callable[[Client], Awaitable[T]]) -> T:
    """Run `talk` against a fresh server over `bank`, in memory."""

    async def main() -> T:
        async with Client(create_server(locate(str(bank)))) as client:
            return await talk(client)

    return anyio.run(main)


def call(bank: Path, tool: str, arguments: dict[str, Any] | None = None) -> CallToolResult:
    return session(bank, lambda client: client.call_tool(tool, arguments or {}))


def text_of(result: CallToolResult) -> str:
    block = result.content[0]
    assert isinstance(block, TextContent)
    return block.text


def data_of(result: CallToolResult) -> dict[str, Any]:
    assert not result.is_error, text_of(result)
    assert result.structured_content is not None
    assert json.loads(text_of(result)) == result.structured_content  # the agent reads the same data
    return result.structured_content


def cli_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    code = run([*argv])
    assert code in (0, 1)
    data: dict[str, Any] = json.loads(capsys.readouterr().out)
    return data


# -- what the server offers ------------------------------------------------------------------------------


def test_tools_have_typed_schemas_and_descriptions_an_agent_can_act_on(project: Path) -> None:
    tools = {tool.name: tool for tool in session(project, lambda client: client.list_tools()).tools}
    assert set(tools) == TOOLS
    for tool in tools.values():
        assert tool.description is not None and len(tool.description) > 80, tool.name
        assert tool.input_schema["type"] == "object"
        assert tool.annotations is not None and tool.annotations.read_only_hint is True
        for name, spec in tool.input_schema["properties"].items():
            assert spec.get("description"), f"{tool.name}.{name} has no description"
    assert tools["read"].input_schema["required"] == ["path"]
    assert tools["context"].input_schema["required"] == ["document"]
    depth = tools["depends_on"].input_schema["properties"]["depth"]
    assert (depth["type"], depth["minimum"], depth["default"]) == ("integer", 1, 1)
    formats = tools["context"].input_schema["properties"]["format"]
    assert formats["enum"] == ["markdown", "json"]


def test_resources_graph_map_and_documents(project: Path) -> None:
    async def talk(client: Client) -> tuple[list[str], list[str], list[str]]:
        listed = [str(resource.uri) for resource in (await client.list_resources()).resources]
        templates = [t.uri_template for t in (await client.list_resource_templates()).resource_templates]
        texts = []
        for uri in ("bank://graph.json", "bank://map", "bank://doc/progress.md"):
            content = (await client.read_resource(uri)).contents[0]
            assert isinstance(content, TextResourceContents)
            texts.append(content.text)
        return listed, templates, texts

    listed, templates, (graph, dependency_map, progress) = session(project, talk)
    assert listed == ["bank://graph.json", "bank://map"]
    assert templates == ["bank://doc/{+path}"]
    assert json.loads(graph) == mbtool.graph_json(project)
    assert dependency_map == mbtool.map_status(project).expected
    assert progress == (project / "progress.md").read_text(encoding="utf-8")


# -- each tool, checked against the command line ---------------------------------------------------------


def test_impact_is_the_cli_json(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for target in ("dockerWorkflow.md", "projectbrief.md", "CI/CD pipeline configuration"):
        expected = cli_json(capsys, "impact", target, "--bank", str(project), "--format", "json")
        assert data_of(call(project, "impact", {"target": target})) == expected
    expected = cli_json(
        capsys, "impact", "projectbrief.md", "--bank", str(project), "--format", "json", "--depth", "1"
    )
    assert data_of(call(project, "impact", {"target": "projectbrief.md", "depth": 1})) == expected


def test_check_is_the_cli_json(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "progress.md").write_text(
        "# Progress\n\n- **Depends On:** activContext.md\n", encoding="utf-8"
    )
    expected = cli_json(capsys, "check", str(project), "--format", "json")
    answer = data_of(call(project, "check"))
    assert answer["diagnostics"] == expected["diagnostics"] != []
    assert answer["summary"] == expected["summary"]
    only = data_of(call(project, "check", {"document": "progress.md", "select": ["MB2"]}))
    assert only["diagnostics"] == [
        d for d in expected["diagnostics"] if d["path"] == "progress.md" and d["code"].startswith("MB2")
    ]
    assert only["diagnostics"][0]["code"] == "MB201"


def test_depends_on_and_required_by_are_depth_limited(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    upstream = cli_json(
        capsys, "impact", "progress.md", "--bank", str(project), "--format", "json", "--upstream"
    )
    deep = data_of(call(project, "depends_on", {"document": "progress.md", "depth": 10}))["depends_on"]
    assert [item["id"] for item in deep] == [item["id"] for item in upstream["impacted"]]
    near = data_of(call(project, "depends_on", {"document": "progress.md"}))["depends_on"]
    assert [item["id"] for item in near] == ["activeContext.md"]
    users = data_of(call(project, "required_by", {"document": "systemPatterns.md", "depth": 1}))[
        "required_by"
    ]
    assert {item["id"] for item in users} == {"activeContext.md", "dockerWorkflow.md", "dependencies.md"}
    assert all(item["distance"] == 1 for item in users)


def test_overview_lists_every_document_with_size_and_summary(project: Path) -> None:
    answer = data_of(call(project, "overview"))
    assert answer["profile"] == "cline" and answer["bank"] == "memory-bank"
    items = {item["path"]: item for item in answer["items"]}
    assert set(items) == {path.name for path in project.glob("*.md")}
    assert items["projectbrief.md"]["layer"] == 0
    assert items["projectbrief.md"]["summary"].startswith("mbtool is a Python compiler")
    assert answer["session_start"][0] == "projectbrief.md"
    small = data_of(call(project, "overview", {"budget": 600}))
    assert "summary" not in small["items"][0] and small["left_out"].startswith("summaries")
    assert len(json.dumps(small, ensure_ascii=False)) <= 600 * 4


def test_read_gives_relations_freshness_and_the_text(project: Path) -> None:
    text = text_of(call(project, "read", {"path": "activeContext.md"}))
    assert text.startswith("# `activeContext.md` — Active Context\n")
    assert "- Depends on: `productContext.md`, `systemPatterns.md`, `techContext.md`" in text
    updated = re.search(
        r"\*\*Last Updated:\*\* (\S+)", (project / "activeContext.md").read_text(encoding="utf-8")
    )
    assert updated is not None
    assert f"- Freshness: last updated {updated[1]} · status Active" in text
    assert "- Drift: " in text
    assert text.endswith((project / "activeContext.md").read_text(encoding="utf-8"))
    section = text_of(
        call(project, "read", {"path": "memory-bank/activeContext.md", "section": "Next steps"})
    )
    assert "## Next steps" in section and "## Recent changes" not in section
    missing = call(project, "read", {"path": "activeContext.md", "section": "nowhere"})
    assert missing.is_error and "`next-steps`" in text_of(missing)


def test_context_is_the_cli_bundle(project: Path) -> None:
    answer = text_of(call(project, "context", {"document": "dockerWorkflow.md", "budget": 4000}))
    assert answer == markdown(mbtool.context(project, "dockerWorkflow.md", budget=4000))
    data = json.loads(text_of(call(project, "context", {"document": "dockerWorkflow.md", "format": "json"})))
    assert data["target"] == "dockerWorkflow.md" and data["left_out"] == []


def test_search_finds_documents_headings_and_lines(project: Path) -> None:
    answer = data_of(call(project, "search", {"query": "Next Steps"}))
    paths = [hit["path"] for hit in answer["results"]]
    assert "activeContext.md" in paths and "dockerWorkflow.md" in paths
    hit = answer["results"][paths.index("activeContext.md")]
    lines = (project / "activeContext.md").read_text(encoding="utf-8").splitlines()
    line = lines.index("## Next steps") + 1  # the project's own bank moves with every landing
    assert hit["headings"] == [{"anchor": "next-steps", "text": "Next steps", "line": line}]
    assert {"line": line, "section": "next-steps", "text": "## Next steps"} in hit["lines"]
    assert data_of(call(project, "search", {"query": "zzzz-nothing"}))["results"] == []


def test_every_tool_answers_on_a_corpus_bank(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bank = shutil.copytree(corpus(CORPUS), tmp_path / "bank")
    first = data_of(call(bank, "overview"))["items"][0]["path"]
    for tool, arguments in [
        ("read", {"path": first}),
        ("depends_on", {"document": first, "depth": 3}),
        ("required_by", {"document": first, "depth": 3}),
        ("context", {"document": first, "budget": 2000}),
        ("search", {"query": "memory bank"}),
    ]:
        assert not call(bank, tool, arguments).is_error, tool
    expected = cli_json(capsys, "check", str(bank), "--format", "json")
    assert data_of(call(bank, "check"))["diagnostics"] == expected["diagnostics"]
    expected = cli_json(capsys, "impact", first, "--bank", str(bank), "--format", "json")
    assert data_of(call(bank, "impact", {"target": first})) == expected


# -- refusals: errors the agent can read, never a crash -------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["../pyproject.toml", "../secret.txt", "/etc/passwd", "..\\secret.txt", "memory-bank/../../secret.txt"],
)
def test_paths_outside_the_bank_are_refused(project: Path, path: str) -> None:
    for tool, key in (
        ("read", "path"),
        ("context", "document"),
        ("depends_on", "document"),
        ("impact", "target"),
    ):
        result = call(project, tool, {key: path})
        assert result.is_error, (tool, path)
        assert "outside the memory bank" in text_of(result) or "is not a document" in text_of(result)
        assert "not for agents" not in text_of(result)


def test_a_document_resource_outside_the_bank_is_refused(project: Path) -> None:
    async def talk(client: Client) -> list[str]:
        answers = []
        for uri in ("bank://doc/../secret.txt", "bank://doc/%2E%2E/secret.txt", "bank://doc/nope.md"):
            try:
                contents = (await client.read_resource(uri)).contents
                answers.append(f"read {contents}")
            except MCPError as error:
                answers.append(str(error))
        return answers

    answers = session(project, talk)
    assert all(not answer.startswith("read") for answer in answers), answers
    assert "is not a document" in answers[2]


def test_a_missing_document_is_a_tool_error_with_a_suggestion(project: Path) -> None:
    result = call(project, "read", {"path": "activeContex.md"})
    assert result.is_error
    assert "did you mean `activeContext.md`?" in text_of(result)
    assert call(project, "depends_on", {"document": "activeContext.md", "depth": 0}).is_error
    assert call(project, "impact", {}).is_error
    since = call(project, "impact", {"since": "main"})
    assert since.is_error and "not inside a git repository" in text_of(since)


def test_impact_since_a_git_ref(project: Path) -> None:
    root = project.parent
    for args in (
        ["init", "-q"],
        ["add", "-A"],
        ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"],
    ):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)
    (project / "techContext.md").write_text("# Technical Context\n\nChanged.\n", encoding="utf-8")
    answer = data_of(call(project, "impact", {"since": "HEAD"}))
    assert answer["changed"] == ["techContext.md"]
    assert "activeContext.md" in {item["id"] for item in answer["impacted"]}
    injected = call(project, "impact", {"since": "--output=/tmp/x"})
    assert injected.is_error and "is not a git revision" in text_of(injected)


def test_the_server_never_writes(project: Path) -> None:
    before = _snapshot(project.parent)

    async def talk(client: Client) -> None:
        for tool, arguments in [
            ("overview", {}),
            ("read", {"path": "progress.md"}),
            ("check", {}),
            ("context", {"document": "dockerWorkflow.md", "budget": 3000}),
            ("impact", {"target": "projectbrief.md"}),
            ("search", {"query": "map"}),
        ]:
            await client.call_tool(tool, arguments)
        await client.read_resource("bank://map")

    session(project, talk)
    assert _snapshot(project.parent) == before


def _snapshot(root: Path) -> dict[str, tuple[str, int]]:
    return {
        str(path.relative_to(root)): (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


# -- live: the answers follow the files ------------------------------------------------------------------


def test_the_server_rereads_the_bank_after_a_change(project: Path) -> None:
    async def talk(client: Client) -> tuple[str, str, str]:
        before = text_of(await client.call_tool("read", {"path": "progress.md"}))
        (project / "progress.md").write_text("# Progress\n\nRewritten.\n", encoding="utf-8")
        after = text_of(await client.call_tool("read", {"path": "progress.md"}))
        (project / "newDoc.md").write_text("# New\n\n- **Depends On:** progress.md\n", encoding="utf-8")
        users = text_of(await client.call_tool("required_by", {"document": "progress.md"}))
        return before, after, users

    before, after, users = session(project, talk)
    assert "## What works" in before
    assert after.endswith("# Progress\n\nRewritten.\n")
    assert "newDoc.md" in users


def test_an_unchanged_bank_is_not_analysed_again(project: Path) -> None:
    live = LiveBank(locate(str(project)))
    first = live.current()
    assert live.current() is first and live.loads == 1
    target = project / "techContext.md"
    stat = target.stat()
    target.write_text(target.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert live.current() is not first and live.loads == 2
