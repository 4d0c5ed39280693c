"""The questions an agent asks about the bank, answered from one `Analysis` as plain data.

These are the bodies of the MCP tools (`mbtool.agents.server` only wraps them), so they
are tested without the SDK. Bad input (an unknown document, a path outside the bank) is a
`UsageError` whose one line tells the agent what to pass instead. Nothing here writes, and
documents are served from the bank as loaded: a path from a request is never opened.
"""

from __future__ import annotations

import json
import posixpath
import re
from typing import Any

from mbtool import git
from mbtool.agents.summary import summary
from mbtool.analysis import Analysis
from mbtool.checks.engine import run_check
from mbtool.checks.rules.budgets import profile_name, session_start_files
from mbtool.errors import UsageError
from mbtool.graph.impact import find_target, impact_of, impact_of_changes, walk
from mbtool.mapdoc import build_map
from mbtool.reading.tokens import RULE, document_tokens, estimate_tokens

_DRIVE = re.compile(r"^[A-Za-z]:")


class OutsideBank(UsageError):
    """A path that leads out of the bank (absolute, `..`, a drive): refused, never resolved."""


def document_id(analysis: Analysis, text: str) -> str:
    """The bank document `text` names: a bank-relative path, the same with the bank folder in
    front (`memory-bank/x.md`), or a unique file name. Paths that leave the bank are refused."""
    written = text.strip().replace("\\", "/")
    if not written:
        raise UsageError("pass a document of the bank, e.g. `activeContext.md`")
    if "\0" in written or written.startswith("/") or _DRIVE.match(written) or ".." in written.split("/"):
        raise OutsideBank(
            f"`{text}` is outside the memory bank; pass a bank-relative path such as `progress.md`"
        )
    prefix = analysis.bank.prefix + "/"
    aliases = [written[len(prefix) :]] if written.startswith(prefix) else []
    node = find_target(analysis.graph, written, aliases)
    if not analysis.graph.is_document(node):
        raise UsageError(
            f"`{text}` is a {analysis.graph.kind(node).value}, not a document of this memory bank"
        )
    return node


def overview(analysis: Analysis, budget: int | None = None) -> dict[str, Any]:
    """The bank at a glance: profile, session-start files, layers, and every document with its
    size and a one-line summary. Over `budget` (estimated tokens of the JSON), summaries go
    first, then documents from the last layers, and `left_out` says so."""
    documents = _overview_documents(analysis)
    start = session_start_files(analysis)
    answer: dict[str, Any] = {
        "bank": analysis.bank.prefix,
        "profile": profile_name(analysis),
        "documents": len(analysis.bank.documents),
        "session_start": start,
        "session_start_tokens": sum(document_tokens(analysis.bank, path) or 0 for path in start),
        "layers": build_map(analysis.bank, analysis.graph).layers,
        "estimate": RULE,
        "items": documents,
        "left_out": None,
    }
    if budget is None or _size(answer) <= budget:
        return answer
    answer["items"] = [{k: v for k, v in item.items() if k != "summary"} for item in documents]
    answer["left_out"] = "summaries (call `overview` with a larger budget, or `read` a document)"
    while _size(answer) > budget and answer["items"]:
        answer["items"] = answer["items"][:-1]
        answer["left_out"] = (
            f"summaries, and {len(documents) - len(answer['items'])} of {len(documents)} documents"
            " (the last layers); use `search` or a larger budget"
        )
    return answer


def _overview_documents(analysis: Analysis) -> list[dict[str, Any]]:
    layers = build_map(analysis.bank, analysis.graph).layers
    layer_of = {path: index for index, layer in enumerate(layers) for path in layer}
    items = []
    for path, document in analysis.bank.documents.items():
        text = analysis.bank.text(path)
        items.append(
            {
                "path": path,
                "title": " ".join(document.title.split()),
                "layer": layer_of.get(path),
                "tokens": estimate_tokens(text) if text is not None else None,
                "summary": summary(text) if text is not None else None,
            }
        )
    last = len(layers)
    return sorted(
        items, key=lambda item: (item["layer"] if item["layer"] is not None else last, item["path"])
    )


def compact(data: dict[str, Any]) -> str:
    """JSON on one line: what an agent reads of a data answer (and what budgets measure)."""
    return json.dumps(data, ensure_ascii=False)


def _size(answer: dict[str, Any]) -> int:
    return estimate_tokens(compact(answer))


def relations(analysis: Analysis, document: str, *, upstream: bool, depth: int | None) -> dict[str, Any]:
    """What a document depends on (`upstream`) or what depends on it, `depth` edges deep."""
    node = document_id(analysis, document)
    found = walk(analysis.graph, node, upstream=upstream, depth=depth)
    key = "depends_on" if upstream else "required_by"
    return {
        "document": node,
        "depth": depth,
        key: [item.model_dump() | {"annotation": item.annotation} for item in found],
    }


def impact(
    analysis: Analysis,
    target: str | None = None,
    *,
    since: str | None = None,
    depth: int | None = None,
    references: bool = False,
) -> dict[str, Any]:
    """`mbtool impact --format json` for a document, concept or path, or a git range (`since`)."""
    if (target is None) == (since is None):
        raise UsageError("pass either `target` (a document, concept or path) or `since` (a git ref)")
    if since is not None:
        changed = git.changed_since(analysis.location.bank, since)  # a bad ref is a UsageError
        result = impact_of_changes(analysis.graph, since, changed, depth=depth, references=references)
        return result.model_dump()
    assert target is not None
    written = target.strip()
    if ".." in written.replace("\\", "/").split("/"):
        raise OutsideBank(f"`{target}` is outside the memory bank; pass a bank-relative path")
    node = find_target(analysis.graph, written)
    return impact_of(analysis.graph, node, depth=depth, references=references).model_dump()


def check(analysis: Analysis, document: str | None = None, select: list[str] | None = None) -> dict[str, Any]:
    """`mbtool check --format json` (optionally `--select`), narrowed to one document."""
    result = run_check(analysis, select=select or None)
    data = result.to_json(analysis.bank.prefix)
    if document is not None:
        node = document_id(analysis, document)
        kept = [d for d in result.diagnostics if d.path == node]
        data["diagnostics"] = [d.to_json() for d in kept]
        data["summary"] = {
            level: sum(d.severity == level for d in kept) for level in ("error", "warning", "info")
        }
        data["document"] = node
    return data


def bank_relative(analysis: Analysis, path: str) -> str:
    """`path` as the project sees it (`memory-bank/x.md`), for messages that name a file to open."""
    return posixpath.join(analysis.bank.prefix, path) if analysis.bank.prefix != "." else path
