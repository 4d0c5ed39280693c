"""Settings of one `mbtool build` run that reach the MkDocs plugin.

MkDocs constructs the plugin itself, so a run cannot hand it arguments. They live apart from
`plugin` so that setting them imports no MkDocs: ProperDocs must take `mkdocs`'s place before
anything imports it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

# `mbtool build --verbose`: MkDocs' own warning for every bank link that leads off the site,
# instead of one line that counts them.
list_off_site_links = False


@contextlib.contextmanager
def verbose_links(on: bool) -> Iterator[None]:
    global list_off_site_links
    list_off_site_links = on
    try:
        yield
    finally:
        list_off_site_links = False
