"""The dependency map for agents: `dependencies.md`'s generated region and `dependency-map.json`.

`build` turns the bank and graph into a `DependencyMap` value, `render` turns that into
the region's Markdown, `document` splices the region into the file. Nothing here reads
the clock, so the output is a pure function of the bank.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from mbtool.analysis import Analysis
from mbtool.errors import UsageError
from mbtool.mapdoc.build import build_map
from mbtool.mapdoc.document import decoded, map_file, skeleton_text, splice, write_if_changed
from mbtool.mapdoc.model import DependencyMap
from mbtool.mapdoc.render import render_region
from mbtool.reading.bank import load_bank
from mbtool.reading.discover import Location, inside
from mbtool.writer import write_atomic

__all__ = [
    "DependencyMap",
    "MapStatus",
    "WriteOutcome",
    "build_map",
    "map_json",
    "map_status",
    "render_region",
    "write_map",
]

WriteOutcome = Literal["created", "updated", "unchanged"]


@dataclass(frozen=True)
class MapStatus:
    """The map document as it is (`current`, None when missing) and as `mbtool map` would write it."""

    path: Path
    relative: str  # project-relative POSIX, for messages
    current: str | None
    expected: str

    @property
    def fresh(self) -> bool:
        return self.current == self.expected


def map_json(analysis: Analysis) -> dict[str, Any]:
    """The content of `mbtool map --format json` (and the site's `dependency-map.json`), with a
    `drift` badge on documents whose described code changed after their review point."""
    return build_map(analysis.bank, analysis.graph, analysis.drift).model_dump(
        mode="json", exclude_none=False
    )


def map_status(analysis: Analysis) -> MapStatus:
    """Compare the map document, as read with the bank, with what `mbtool map` would write."""
    bank = analysis.bank
    path = _map_path(bank.location)
    raw = bank.read(bank.map_path)
    current = decoded(raw, path) if raw is not None else None
    region = render_region(build_map(bank, analysis.graph))
    expected = splice(current if current is not None else skeleton_text(), region)
    relative = path.relative_to(bank.location.project).as_posix()
    return MapStatus(path=path, relative=relative, current=current, expected=expected)


def write_map(location: Location, *, cache: bool = True) -> tuple[WriteOutcome, MapStatus]:
    """Regenerate the map region in place (creating the document first when it is missing).

    The document is created before the bank is loaded, so references to it resolve the same
    way on this run as on the next one — that keeps a second run a no-op.
    """
    path = _map_path(location)
    created = not path.exists()
    if created:
        write_atomic(path, skeleton_text().encode("utf-8"), root=location.project)
    status = map_status(Analysis(load_bank(location, cache=cache)))
    changed = write_if_changed(status.path, status.expected, status.current, root=location.project)
    outcome: WriteOutcome = "created" if created else "updated" if changed else "unchanged"
    return outcome, status


def _map_path(location: Location) -> Path:
    path = map_file(location.bank, location.config.map_document)
    if not inside(path.resolve(), location.project):
        raise UsageError(
            f"the map document `{location.config.map_document}` leads outside the project "
            "(through a symbolic link); mbtool writes only inside the project"
        )
    return path
