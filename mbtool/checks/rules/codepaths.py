"""Which code spans are repository paths (for MB207): a conservative reading.

Prose puts many things in backticks (`CI/CD`, `key=value`, `ghcr.io/x:latest`); only
spans that clearly name a file or folder are checked, so MB207 stays quiet on the rest.
"""

from __future__ import annotations

_PATH_FORBIDDEN = frozenset(":<>=*\"'`$|{}()[],;!?#%@~&^\\")
_EXTENSIONS = """
md markdown mdx txt rst py pyi sh bash zsh ps1 bat js mjs cjs ts tsx jsx json jsonc yml yaml toml ini
cfg conf env lock html css scss sql go rs java kt rb php c h cpp hpp cs swift xml csv ipynb svg png
jpg jpeg gif pdf dockerfile gradle mk tf hcl proto graphql vue svelte
"""
COMMON_EXTENSIONS = frozenset(_EXTENSIONS.split())


def looks_like_repo_path(text: str) -> bool:
    """A code span that is clearly a repository path (conservative: see MB207's doc)."""
    if not text or text.startswith(("/", "-")) or any(c.isspace() or c in _PATH_FORBIDDEN for c in text):
        return False
    if text.startswith(".") and "/" not in text and "." in text[1:]:
        return False  # `.prompt.md`: a kind of file name, not a file
    parts = text.rstrip("/").split("/")
    name = parts[-1]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name.strip(".") else ""
    known = extension in COMMON_EXTENSIONS or name.startswith("Dockerfile")
    first = parts[0]
    if (
        len(parts) > 1
        and not first.startswith(".")
        and "." in first
        and first.rsplit(".", 1)[-1].lower() not in COMMON_EXTENSIONS
    ):
        return False  # `github.com/x/y`: a host name, not a folder
    return known or text.endswith("/") or text.count("/") >= 2
