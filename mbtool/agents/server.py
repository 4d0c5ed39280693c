"""`mbtool mcp`: the bank as a read-only Model Context Protocol server (official `mcp` SDK).

The only module that imports `mcp`. Each tool is a thin wrapper over `mbtool.agents`
queries, answered from the bank as it is now (`LiveBank` re-reads it after a change).
Bad input becomes a tool error the agent can read and correct (`ToolError`); a path that
leaves the bank is refused before anything is looked up, and documents are served from
the bank as loaded, never opened by a path from the request. Nothing here writes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeVar

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceError, ToolError
from mcp.types import CallToolResult, TextContent, ToolAnnotations
from pydantic import Field

from mbtool.agents import queries
from mbtool.agents.bundle import markdown, to_json
from mbtool.agents.live import LiveBank
from mbtool.agents.packing import build_context
from mbtool.agents.read import read as read_document
from mbtool.agents.search import search as search_bank
from mbtool.analysis import Analysis
from mbtool.errors import MbtoolError
from mbtool.graph.export import to_json as graph_json
from mbtool.mapdoc import map_status
from mbtool.reading.discover import Location
from mbtool.version import VERSION

T = TypeVar("T")
Data = Annotated[CallToolResult, dict[str, Any]]  # structured content, plus the same JSON as compact text
READ_ONLY = ToolAnnotations(read_only_hint=True, idempotent_hint=True, open_world_hint=False)

INSTRUCTIONS = """\
This server answers questions about the project's Memory Bank (Markdown documents the agent
reads for context) without reading every file. Start with `overview` (documents, sizes,
one-line summaries, layers). Before changing a document, call `context` for the smallest
reading set (what it rests on, the document, what to re-check), within a token budget.
After changing one, call `impact` (or `required_by`) to see what else may need the same
change, and `check` for broken relations. `read` returns one document or section with its
relations and freshness; `search` finds words across the bank. Paths are bank-relative
(`activeContext.md`). The server never writes; edit the files yourself."""

Document = Annotated[
    str, Field(description="a bank document: bank-relative path (`activeContext.md`) or a unique file name")
]
Depth = Annotated[int, Field(ge=1, le=100, description="how many edges to follow (1 = direct only)")]
Budget = Annotated[
    int | None,
    Field(ge=1, description="at most this many estimated tokens (characters ÷ 4); omit for no limit"),
]


def create_server(location: Location) -> MCPServer:
    """An MCP server over the bank at `location` (not started: `serve` runs it over stdio)."""
    live = LiveBank(location)
    server = MCPServer("mbtool", version=VERSION, instructions=INSTRUCTIONS, log_level="WARNING")
    _add_tools(server, live)
    _add_resources(server, live)
    return server


def serve(location: Location) -> None:
    """Serve the bank over stdin/stdout until the client closes the connection."""
    create_server(location).run("stdio")


def _answer(live: LiveBank, question: Callable[[Analysis], T]) -> T:
    """Ask `question` of the current bank; mbtool's own errors become tool errors."""
    try:
        return question(live.current())
    except MbtoolError as error:
        raise ToolError(str(error)) from None


def _data(live: LiveBank, question: Callable[[Analysis], dict[str, Any]]) -> CallToolResult:
    """A data answer: structured content, and the same JSON on one line as the text an agent
    reads (the SDK's default indents it, which costs a third more tokens)."""
    data = _answer(live, question)
    return CallToolResult(
        content=[TextContent(type="text", text=queries.compact(data))], structured_content=data
    )


def _add_tools(server: MCPServer, live: LiveBank) -> None:
    @server.tool(annotations=READ_ONLY)
    def overview(budget: Budget = None) -> Data:
        """The bank at a glance: its profile, the files agents read at session start, the layers
        (dependency order), and every document with its estimated size in tokens and a one-line
        summary. Call this first. With `budget`, summaries and then the last layers are left out
        to fit, and `left_out` says what is missing."""
        return _data(live, lambda analysis: queries.overview(analysis, budget))

    @server.tool(annotations=READ_ONLY, structured_output=False)
    def read(
        path: Document,
        section: Annotated[
            str | None, Field(description="only this section: its anchor (`data-flow`) or heading text")
        ] = None,
    ) -> str:
        """One document (or one section of it) as Markdown, after a short header with its size,
        what it depends on and what depends on it, its freshness (Last Updated, Status, Next
        Review and overdue findings) and drift against the code."""
        return _answer(live, lambda analysis: read_document(analysis, path, section))

    @server.tool(annotations=READ_ONLY)
    def depends_on(document: Document, depth: Depth = 1) -> Data:
        """What a document rests on: the documents, concepts and paths it depends on, nearest
        first, up to `depth` edges away, each with its why-path and the reason given."""
        return _data(live, lambda analysis: queries.relations(analysis, document, upstream=True, depth=depth))

    @server.tool(annotations=READ_ONLY)
    def required_by(document: Document, depth: Depth = 1) -> Data:
        """What rests on a document: everything that depends on it, nearest first, up to `depth`
        edges away, each with its why-path. These may need the same change."""
        return _data(
            live, lambda analysis: queries.relations(analysis, document, upstream=False, depth=depth)
        )

    @server.tool(annotations=READ_ONLY)
    def impact(
        target: Annotated[
            str | None, Field(description="a document, concept or path whose change to assess")
        ] = None,
        since: Annotated[
            str | None, Field(description="instead of `target`: every document changed since this git ref")
        ] = None,
        depth: Annotated[int | None, Field(ge=1, description="stop this many edges away")] = None,
        references: Annotated[bool, Field(description="also follow plain links between documents")] = False,
    ) -> Data:
        """Everything a change affects, transitively, nearest first, each with one shortest
        why-path (the same JSON as `mbtool impact --format json`). Give `target`, or `since`
        for the documents changed in a git range (e.g. `main`)."""
        return _data(
            live,
            lambda analysis: queries.impact(
                analysis, target, since=since, depth=depth, references=references
            ),
        )

    @server.tool(annotations=READ_ONLY)
    def check(
        document: Annotated[str | None, Field(description="only the findings in this document")] = None,
        select: Annotated[
            list[str] | None, Field(description='only rules with these code prefixes, e.g. ["MB2"]')
        ] = None,
    ) -> Data:
        """The bank's lint findings (broken or one-sided relations, cycles, broken links, stale
        dates, size budgets), as `mbtool check --format json`: code, severity, bank-relative path,
        line, column, message. `mbtool rule CODE` explains a code."""
        return _data(live, lambda analysis: queries.check(analysis, document, select))

    @server.tool(annotations=READ_ONLY, structured_output=False)
    def context(
        document: Document,
        budget: Budget = None,
        format: Annotated[
            Literal["markdown", "json"], Field(description="markdown bundle or JSON")
        ] = "markdown",
    ) -> str:
        """The smallest reading set for work on a document: what it rests on (dependencies first),
        the document, then what to re-check after changing it, in one bundle within `budget`
        tokens. Far dependencies are left out first, then long ones cut to their headings; the
        bundle lists exactly what was left out and how to get it (`read`)."""

        def pack(analysis: Analysis) -> str:
            built = build_context(analysis, queries.document_id(analysis, document), budget)
            return markdown(built) if format == "markdown" else json.dumps(to_json(built), ensure_ascii=False)

        return _answer(live, pack)

    @server.tool(annotations=READ_ONLY)
    def search(
        query: Annotated[str, Field(min_length=1, description="words that must all appear (case ignored)")],
        limit: Annotated[int, Field(ge=1, le=100, description="at most this many documents")] = 10,
    ) -> Data:
        """Text search over the bank: documents whose path, title, headings or lines hold every
        word of `query`, best first, with the matching headings and lines (and the section each
        line is in, to `read` just that section)."""
        return _data(live, lambda analysis: search_bank(analysis, query, limit))


def _add_resources(server: MCPServer, live: LiveBank) -> None:
    @server.resource("bank://graph.json", mime_type="application/json", description="the dependency graph")
    def graph() -> str:
        return json.dumps(graph_json(live.current().graph), indent=2, ensure_ascii=False)

    @server.resource(
        "bank://map", mime_type="text/markdown", description="the dependency map, as `mbtool map` writes it"
    )
    def dependency_map() -> str:
        return map_status(live.current()).expected

    @server.resource(
        "bank://doc/{+path}", mime_type="text/markdown", description="one bank document, as it is on disk"
    )
    def document(path: str) -> str:
        analysis = live.current()
        try:
            node = queries.document_id(analysis, path)
        except MbtoolError as error:
            raise ResourceError(str(error)) from None
        return analysis.bank.text(node) or ""
