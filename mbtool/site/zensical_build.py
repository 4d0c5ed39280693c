"""`mbtool build --engine zensical`: the site built by Zensical from pre-rendered Markdown.

Zensical reads `mkdocs.yml` but runs no MkDocs plugins, so mbtool does the plugin's work
before it starts: in a temporary project it writes the project's own documentation pages
(when a `mkdocs.yml` names a `docs_dir`), every bank document with its neighbourhood and
panels under the title and its `dot` fences drawn (`Generated.page_markdown`, the same code
the plugin runs), the generated pages and assets, and a configuration of mbtool's own
(site name from the project's). The safety layers hold as under MkDocs: raw HTML in
documents is escaped before rendering, the rendered HTML of bank and generated pages is
sanitised by the `mbtool.site.mdext` Markdown extension, titles reach the theme escaped,
and every finished page of ours goes through `sanitize.guard_page`. Then the result is
published like any other build (`publish`).
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

from mbtool.analysis import Analysis
from mbtool.errors import UsageError
from mbtool.parse.decode import split_lines
from mbtool.reading.discover import Location
from mbtool.site import publish, sanitize
from mbtool.site.assets import CSS, SCRIPT
from mbtool.site.build import DEFAULT_MARKDOWN_EXTENSIONS, StrictFailure, own_config
from mbtool.site.content import directory_url
from mbtool.site.generate import Generated, generate
from mbtool.site.pagemeta import escaped_markup_text
from mbtool.site.target import check_site_dir


def build(
    analysis: Analysis, site_dir: Path | None, strict: bool, on_ready: Callable[[], None] | None
) -> Path:
    import zensical

    location = analysis.location
    project = _project_settings(location)
    target = check_site_dir(location, site_dir or (location.project / "site"), project.get("docs"))
    previous = publish.prepare(target)
    if on_ready is not None:
        on_ready()
    with tempfile.TemporaryDirectory(prefix="mbtool-zensical-") as temp:
        root = Path(temp)
        generated = generate(
            analysis,
            prefix=location.bank.name,
            site_name=project.get("site_name") or f"{location.bank.name} — Memory Bank",
            index_page=project.get("docs") is None,
        )
        generated.source_links = True
        for message in generated.warnings + generated.notes:
            print(f"mbtool: {message}", flush=True)
        _write_docs(root / "docs", generated, project.get("docs"))
        config = _config(generated, project)
        (root / "mkdocs.yml").write_text(json.dumps(config, indent=2), encoding="utf-8")
        try:
            zensical.build(str(root / "mkdocs.yml"), {"strict": strict, "clean": True})
        except Exception as error:  # Zensical reports its own problems as exceptions
            raise UsageError(f"site build failed (zensical): {' '.join(str(error).split())}") from None
        if strict and generated.findings:
            raise StrictFailure(
                f"site build failed: {len(generated.findings)} findings in strict mode "
                "(`mbtool check` lists them)"
            )
        _guard(root / "site", generated)
        with publish.staging(target) as built:
            shutil.rmtree(built)
            shutil.copytree(root / "site", built)
            publish.publish(built, previous)
    return target


def _project_settings(location: Location) -> dict[str, Any]:
    """The site name and documentation folder of the project's `mkdocs.yml`, when it has one."""
    path = own_config(location)
    if path is None:
        return {}
    from mkdocs.utils.yaml import yaml_load

    try:
        with path.open(encoding="utf-8") as stream:
            data = yaml_load(stream)
    except Exception as error:
        raise UsageError(f"{path.name}: {' '.join(str(error).split())}") from None
    docs = (path.parent / str(data.get("docs_dir") or "docs")).resolve()
    name = data.get("site_name")
    return {
        "site_name": str(name) if name else None,
        "docs": docs if docs.is_dir() else None,
        "features": (data.get("theme") or {}).get("features")
        if isinstance(data.get("theme"), dict)
        else None,
    }


def _write_docs(docs: Path, generated: Generated, project_docs: Path | None) -> None:
    if project_docs is not None:
        shutil.copytree(project_docs, docs, symlinks=False, ignore_dangling_symlinks=True)
    docs.mkdir(parents=True, exist_ok=True)
    urls = _urls(docs, generated)
    generated.finalise(urls)
    for src_uri, text in generated.pages.items():
        late = generated.late_content(src_uri)
        source = late if late is not None else text
        if src_uri.startswith(generated.prefix + "/"):
            source = _bank_page(generated, src_uri, source)
        elif src_uri.endswith(".md"):
            source = _titled(source)
        _write(docs / src_uri, source.encode("utf-8"))
    for src_uri, data in generated.assets.items():
        late = generated.late_content(src_uri)
        _write(docs / src_uri, late.encode("utf-8") if late is not None else data)


def _urls(docs: Path, generated: Generated) -> dict[str, str]:
    """Every page's and asset's URL, as MkDocs and Zensical assign them (directory URLs)."""
    sources = {path.relative_to(docs).as_posix() for path in docs.rglob("*") if path.is_file()}
    sources |= set(generated.pages) | set(generated.assets)
    return {src: directory_url(src) for src in sorted(sources)}


def _bank_page(generated: Generated, src_uri: str, text: str) -> str:
    """A bank document as the plugin would render it, with only an escaped title as front matter."""
    body = _without_front_matter(text)
    title = generated.page_title(src_uri)
    rendered = generated.page_markdown(src_uri, body)
    meta = f"---\n{json.dumps({'title': title})}\n---\n\n" if title else ""
    return meta + rendered


_INLINE = MarkdownIt("commonmark")  # one renderer for every title
_H1 = re.compile(r"^ {0,3}# +(?P<text>.*?)(?: +#+)? *\r?\n?$")


def _titled(text: str) -> str:
    """A generated page with its first heading's text, escaped, as its title: Zensical would
    take the heading's source, markup included, into `<title>` and the navigation."""
    if text.startswith("---"):
        return text
    for line in split_lines(text):
        heading = _H1.match(line)
        if heading is not None:
            rendered = _INLINE.renderInline(heading["text"])
            title = escaped_markup_text(rendered)
            return f"---\n{json.dumps({'title': title})}\n---\n\n{text}" if title else text
    return text


def _without_front_matter(text: str) -> str:
    lines = split_lines(text)
    if not lines or lines[0].strip() != "---":
        return text
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() in ("---", "..."):
            return "".join(lines[index + 1 :])
    return text


def _config(generated: Generated, project: dict[str, Any]) -> dict[str, Any]:
    ours = [generated.prefix + "/", generated.content.options.generated + "/", "index.md", "llms.txt"]
    features = ["content.code.copy", "search.highlight"]
    for feature in project.get("features") or ():
        if isinstance(feature, str) and feature not in features:
            features.append(feature)
    return {
        "site_name": html.escape(generated.content.options.site_name),
        "docs_dir": "docs",
        "site_dir": "site",
        "theme": {"features": features},
        "markdown_extensions": [
            *DEFAULT_MARKDOWN_EXTENSIONS,
            {"mbtool.site.mdext": {"prefixes": ours}},
        ],
        "extra_css": [CSS],
        "extra_javascript": [SCRIPT],
    }


def _guard(site: Path, generated: Generated) -> None:
    """The whole-page safety net over every page of ours (the project's own pages are left alone)."""
    folders = (generated.prefix, generated.content.options.generated)
    for page in site.rglob("*.html"):
        relative = page.relative_to(site).as_posix()
        if relative.split("/", 1)[0] in folders or relative in ("index.html", "404.html"):
            page.write_text(sanitize.guard_page(page.read_text(encoding="utf-8")), encoding="utf-8")


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    os.chmod(path, 0o644)
