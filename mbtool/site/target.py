"""Where `mbtool build` may write the site: never over the project, the bank or sources.

MkDocs empties its `site_dir` before every build. The built-in config keeps `docs_dir` in a
temporary folder, so MkDocs' own "site_dir inside docs_dir" guard never fires: without this
check `--site-dir .` emptied the project and a bank folder named `site/` was deleted by a
plain `mbtool build`. The site folder is refused (exit 2, nothing written) when it

- is, or contains, the project root or the bank, or lies inside the bank;
- is, contains, or lies inside the configured `docs_dir` or the installed mbtool package;
- lies inside a folder of the project that holds project files (`git ls-files`, or a walk
  honouring `.gitignore`): `--site-dir mbtool/html` or `docs/site`. The project root itself
  is not such a folder (the default `site/` lives there), and files inside the site folder
  are judged by the publisher's manifest instead (they may be the previous build).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from mbtool.errors import UsageError
from mbtool.reading.discover import Location, inside
from mbtool.reading.repofiles import ProjectFiles

PACKAGE = Path(__file__).resolve().parent.parent


def check_site_dir(location: Location, site_dir: Path, docs_dir: Path | None = None) -> Path:
    """The resolved site folder, or a UsageError saying why mbtool will not write there."""
    target = site_dir.resolve()
    shown = _shown(site_dir)
    guarded = [
        ("the project root", location.project),
        ("the bank", location.bank),
        ("mbtool itself", PACKAGE),
    ]
    if docs_dir is not None:
        guarded.append(("the documentation folder (docs_dir)", docs_dir.resolve()))
    for what, folder in guarded:
        _refuse_overlap(shown, target, what, folder)
    _refuse_inside_sources(shown, target, location.project)
    return target


def _refuse_overlap(shown: str, target: Path, what: str, folder: Path) -> None:
    if target == folder:
        relation = "is"
    elif inside(folder, target):
        relation = "contains"
    elif what != "the project root" and inside(target, folder):
        relation = "lies inside"
    else:
        return
    raise UsageError(
        f"site folder `{shown}` {relation} {what}; pass another --site-dir, e.g. `--site-dir site`"
    )


def _refuse_inside_sources(shown: str, target: Path, project: Path) -> None:
    """A site folder below a project folder that holds project files (other than the site's own)."""
    if not inside(target, project) or target == project:
        return
    relative = target.relative_to(project).as_posix()
    holders = _folders_holding(ProjectFiles.scan(project).files, relative)
    for parent in _ancestors(relative):
        if parent in holders:
            raise UsageError(
                f"site folder `{shown}` lies inside `{parent}/`, which holds project files; "
                "pass a folder of its own, e.g. `--site-dir site`"
            )


def _folders_holding(files: Iterable[str], site: str) -> set[str]:
    """Every project folder that holds a file outside the site folder itself."""
    holders: set[str] = set()
    for path in files:
        if path == site or path.startswith(site + "/"):
            continue
        parent = os.path.dirname(path)
        while parent and parent not in holders:
            holders.add(parent)
            parent = os.path.dirname(parent)
    return holders


def _ancestors(relative: str) -> list[str]:
    """`a/b/c` → [`a`, `a/b`]: the folders between the project root and the site folder."""
    parts = relative.split("/")
    return ["/".join(parts[:index]) for index in range(1, len(parts))]


def _shown(path: Path) -> str:
    try:
        return os.path.relpath(path, Path.cwd())
    except ValueError:
        return str(path)
