"""The static files every site gets: the map's script and the site's styles.

They ship inside the package (`mbtool/site/static/`), are published under the generated
folder, and are the same bytes for every bank: no document text is ever written into them.
"""

from __future__ import annotations

from importlib import resources

SCRIPT = "mbtool/mbtool.js"
CSS = "mbtool/mbtool.css"


def static_assets() -> dict[str, bytes]:
    """Site path → bytes for the shipped files."""
    folder = resources.files("mbtool.site") / "static"
    return {
        SCRIPT: (folder / "mbtool.js").read_bytes(),
        CSS: (folder / "mbtool.css").read_bytes(),
    }
