"""`mbtool mcp` as a client starts it: a subprocess speaking MCP over stdin/stdout."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import anyio
import pytest
from mcp import Client, StdioServerParameters
from mcp.types import TextContent

from mbtool.cli import run
from tests.conftest import ROOT


def test_initialize_handshake_and_a_tool_call_over_stdio() -> None:
    parameters = StdioServerParameters(
        command=sys.executable,
        args=["-m", "mbtool", "mcp", str(ROOT / "memory-bank")],
        env=dict(os.environ),  # the test cache directory, PATH
        cwd=str(ROOT),
    )

    async def main() -> tuple[str, str, list[str], str]:
        async with Client(parameters, mode="legacy", read_timeout_seconds=60) as client:
            info = client.server_info
            assert info is not None
            tools = sorted(tool.name for tool in (await client.list_tools()).tools)
            answer = await client.call_tool("depends_on", {"document": "progress.md"})
            block = answer.content[0]
            assert isinstance(block, TextContent)
            return info.name, client.instructions or "", tools, block.text

    name, instructions, tools, text = anyio.run(main)
    assert name == "mbtool"
    assert "Start with `overview`" in instructions
    assert tools == ["check", "context", "depends_on", "impact", "overview", "read", "required_by", "search"]
    assert '"activeContext.md"' in text


def test_a_bad_bank_is_a_usage_error_before_serving(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["mcp", str(tmp_path / "nowhere")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_without_the_sdk_one_line_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in [name for name in sys.modules if name.partition(".")[0] in ("mcp", "mcp_types")]:
        monkeypatch.setitem(sys.modules, name, None)  # importing it now fails as if it were not installed
    monkeypatch.setitem(sys.modules, "mcp", None)
    monkeypatch.delitem(sys.modules, "mbtool.agents.server", raising=False)
    assert run(["mcp", str(ROOT / "memory-bank")]) == 2
    err = capsys.readouterr().err
    assert (
        err == "mbtool: error: `mbtool mcp` needs the MCP SDK, an optional extra: pip install 'mbtool[mcp]'\n"
    )


def test_the_package_imports_mcp_in_one_module_only() -> None:
    importers = [
        path.relative_to(ROOT).as_posix()
        for path in sorted((ROOT / "mbtool").rglob("*.py"))
        if any(
            line.startswith(("import mcp", "from mcp")) or line.strip().startswith(("import mcp", "from mcp"))
            for line in path.read_text(encoding="utf-8").splitlines()
        )
    ]
    assert importers == ["mbtool/agents/server.py"]
