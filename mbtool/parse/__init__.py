"""parse: bytes of one bank file → a `Document`. The only stage that reads Markdown or YAML.

The chain, in order: decode → front matter → one markdown-it pass (the skeleton) →
extractors (headings, links, fences, relations, metadata, suppressions).
"""

from __future__ import annotations

import hashlib
import re

from mbtool.config import Config
from mbtool.model import Document, Position, ReadProblem
from mbtool.parse import blocks, decode, frontmatter
from mbtool.parse.extract import Extractor, keys_for
from mbtool.parse.mapregion import MAP_END, MAP_START, region_of

_SUPPRESSION = re.compile(r"<!--\s*mbtool:\s*(disable|disable-next-line)\s*=\s*([A-Za-z0-9 ,]+?)\s*-->")

__all__ = ["MAP_END", "MAP_START", "parse_document"]


def parse_document(path: str, raw: bytes, config: Config, digest: str | None = None) -> Document:
    """Parse one file; every problem becomes a finding on the document, never an exception.
    `digest` is the sha256 of `raw` when the caller has it already (the bank hashes each file once)."""
    digest = digest or hashlib.sha256(raw).hexdigest()
    title = path.rsplit("/", 1)[-1].removesuffix(".md")
    text, findings = decode.decode(raw)
    if text is None:
        return Document(path=path, title=title, problems=tuple(findings), content_hash=digest)
    lines = decode.split_lines(text)
    front_size = frontmatter.split(lines)
    front: dict[str, object] = {}
    if front_size:
        front, problems = frontmatter.load(lines, front_size)
        findings.extend(problems)
    # Blank the front matter instead of cutting it, so markdown-it's line numbers stay exact.
    body = "\n" * front_size + "".join(lines[front_size:])
    env: dict[str, object] = {}
    skeleton = blocks.skeleton(blocks.parse_markdown(body, env))
    skipped = env.get(blocks.SKIPPED)
    if isinstance(skipped, int):
        findings.append(_too_many_markers(skipped))
    region = region_of(lines)  # parses again only when a marker line is present (the map)
    map_region = (region[0] + 1, region[1] + 1) if region is not None else None
    extractor = Extractor(lines, skeleton, keys_for(config), front_size, map_region)
    fm_title = front.get("title")
    return Document(
        path=path,
        title=extractor.title() or (fm_title if isinstance(fm_title, str) else None) or title,
        headings=tuple(extractor.headings),
        links=tuple(extractor.links()),
        code_spans=tuple(extractor.code_spans()),
        fences=tuple(extractor.fences()),
        relations=tuple(extractor.relations(front)),
        metadata=tuple(extractor.metadata(front)),
        texts=tuple(extractor.texts),
        suppressions=tuple(extractor.suppressions(_SUPPRESSION)),
        problems=tuple(findings),
        map_region=extractor.map_region,
        line_count=len(lines),
        content_hash=digest,
        reviewed=tuple(extractor.reviewed(front)),
    )


def _too_many_markers(line: int) -> ReadProblem:
    """Marks the document unreadable (MB002), so no rule reports on links it could not read."""
    message = (
        f"document has more than {blocks.MAX_INLINE_MARKERS} link and code markers; its links are not checked"
    )
    return ReadProblem(code="MB002", message=message, position=Position(line=line + 1, column=1))


def unreadable(path: str, message: str) -> Document:
    """A stand-in for a file that could not be read at all (permissions, I/O error)."""
    finding = ReadProblem(code="MB002", message=message, position=Position(line=1, column=1))
    return Document(path=path, title=path.rsplit("/", 1)[-1].removesuffix(".md"), problems=(finding,))
