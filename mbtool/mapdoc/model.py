"""The dependency map as data: the shape of `mbtool map --format json` and `dependency-map.json`.

The JSON Schema printed by `mbtool schema map` is generated from these models, so the
schema and the output cannot drift apart.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from mbtool.graph import NodeKind


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Freshness(_Model):
    """A document's metadata as written (`Last Updated`, `Status`, `Next Review`)."""

    last_updated: str | None = Field(default=None, description="`Last Updated` as written")
    status: str | None = Field(default=None, description="`Status` as written")
    next_review: str | None = Field(
        default=None, description="`Next Review` as written (a date or a condition)"
    )


class CodeDrift(_Model):
    """Code the document describes that changed after its review point (MB311, DESIGN §13).

    Only in `mbtool map --format json`: the generated region of the map document stays a pure
    function of the bank, so a code commit never makes the map stale (MB303)."""

    described: int = Field(description="how many files, folders or globs the document describes")
    changed: list[str] = Field(description="the described code (project-relative) that changed")
    declared: bool = Field(
        description="whether declared code changed (`Describes:`, a path entry), not only mentioned"
    )
    commits: int = Field(description="commits after the review point, over all the changed code")
    review_point: str = Field(description="the review point, as MB311 words it")


class MapNode(_Model):
    id: str = Field(
        description="bank-relative POSIX path for documents, the text for concepts, "
        "the project-relative path for path nodes"
    )
    kind: NodeKind
    title: str
    layer: int | None = Field(default=None, description="0 = depends on no other document; documents only")
    in_cycle: bool = False
    depends_on: list[str] = Field(default_factory=list, description="ids this node depends on")
    required_by: list[str] = Field(default_factory=list, description="ids that depend on this node")
    why_this_order: str | None = None
    impact_analysis: str | None = None
    freshness: Freshness | None = Field(default=None, description="documents only")
    tokens: int | None = Field(
        default=None,
        description="estimated reading size in tokens (characters ÷ 4, rounded up); documents only, "
        "the map itself excluded",
    )
    drift: CodeDrift | None = Field(
        default=None, description="code drift (documents only; `map --format json` only, never the region)"
    )


class MapEdge(_Model):
    """`source` depends on `target`; implicit map edges and links are not listed."""

    source: str
    target: str
    kind: Literal["declared", "convention"] = Field(
        default="declared",
        description="declared by the documents, or implied by the bank profile's convention",
    )
    declared_by: list[Literal["dependent", "dependency"]]
    annotations: list[str]


class MapMetadata(_Model):
    generator: Literal["mbtool"] = "mbtool"
    bank: str = Field(description="the bank folder, project-relative POSIX ('.' for the root)")
    map_document: str = Field(description="the map document, bank-relative POSIX")
    documents: int = Field(description="number of bank documents, the map document excluded")
    layers: int = Field(description="number of layers")
    cycles: int = Field(description="number of dependency cycles")


class DependencyMap(_Model):
    """The bank's dependency map: documents in layers of a topological order, cycles apart."""

    version: Literal[1] = 1
    metadata: MapMetadata
    nodes: list[MapNode]
    edges: list[MapEdge]
    layers: list[list[str]] = Field(
        description="layer i lists the documents whose longest dependency chain to a document has i edges"
    )
    cycles: list[list[str]] = Field(description="each cycle as a path, starting at its smallest id")
