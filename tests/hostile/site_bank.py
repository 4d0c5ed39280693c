"""A bank of documents that try to put script into the published site (issue 15 items 5-8).

Every payload calls `alert('xss-…')` (or `confirm`/`prompt`) and every injected element
carries a `data-xss` attribute, so a scan can tell a payload that fired or broke out from
the theme's own markup. Payload classes: front matter fields read by the theme
(title, description, status, subtitle, icon, tags, template+location), `attr_list`
attributes on images, links, headings and paragraphs, `javascript:`/`vbscript:`/`data:`
links inline, by reference, as autolinks and entity-encoded or split by control
characters, raw HTML and comment tricks, `dot` fences with concatenated and continued
strings and entity-encoded URLs, SVG `<a xlink:href>`, procedure titles that close
`<title>`, headings for the table of contents, file and folder names, and SVG images.
"""

from __future__ import annotations

from pathlib import Path

from mbtool.cli import run

FRONT_MATTER = """---
title: '</title><img src data-xss=1 onerror=alert("xss-fm-title")>'
description: '"><img src data-xss=1 onerror=alert("xss-fm-description")>'
status: '"><img src data-xss=1 onerror=alert("xss-fm-status")>'
subtitle: '<img src data-xss=1 onerror=alert("xss-fm-subtitle")>'
icon: 'nope/not-an-icon'
tags: ['<img src data-xss=1 onerror=alert("xss-fm-tag")>']
template: redirect.html
location: 'javascript:alert("xss-fm-location")'
search: {boost: '"><img src data-xss=1 onerror=alert(1)>'}
---
# Front matter

- **Depends On:** links.md
"""

TRAVERSAL_ICON = """---
icon: '../../../../../../etc/passwd'
status: new
subtitle: 'A & B'
---
# Icon traversal

- **Depends On:** None
"""

ATTRIBUTES = """# Attribute lists {onmouseover="alert('xss-attr-h1')"}

- **Depends On:** links.md

![picture](ok.svg){onload="alert('xss-attr-img-load')" onerror="alert('xss-attr-img')"}

[a link](links.md){onclick="alert('xss-attr-link')" onfocus="alert('xss-attr-focus')" autofocus}

A paragraph with an attribute list.
{: onmouseover="alert('xss-attr-p')" style="background:url(javascript:alert('xss-style'))" }

## Heading {#h2 onclick="alert('xss-attr-h2')" }
"""

LINKS = """# Links

- **Depends On:** None

- [inline](javascript:alert('xss-inline'))
- [by reference][ref]
- [entity](&#106;avascript:alert('xss-entity'))
- [hex entity](&#x6A;avascript:alert('xss-hex'))
- [mixed case](JaVaScRiPt:alert('xss-case'))
- [vbscript](vbscript:msgbox("xss-vb"))
- [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgneHNzLWRhdGEnKTwvc2NyaXB0Pg==)
- [tab](java&#9;script:alert('xss-tab'))
- [newline](java&#10;script:alert('xss-newline'))
- [leading space](%20javascript:alert('xss-space'))
- <javascript:alert('xss-autolink')>
- ![image](javascript:alert('xss-img-url'))
- [titled](https://example.org "\\"><img src data-xss=1 onerror=alert('xss-link-title')>")

[ref]: javascript:alert('xss-reference')
"""

RAW_HTML = """# Raw <img src data-xss=1 onerror=alert('xss-h1')>

- **Depends On:** None

<img src data-xss=1 onerror="alert('xss-raw')">
<svg data-xss=1 onload="alert('xss-svg')"></svg>
<!--> <img src data-xss=1 onerror=alert('xss-comment')> -->
<a href="javascript:alert('xss-raw-link')" data-xss=1>raw link</a>
<script>alert('xss-script')</script>
<iframe srcdoc="<script>alert('xss-iframe')</script>"></iframe>

## &lt;img src data-xss=1 onerror=alert('xss-toc')&gt;

## <b onmouseover="alert('xss-toc-b')">bold heading</b>
"""

DOT = """# Diagrams

- **Depends On:** None

```dot
digraph {
  a [href="java" + "script:alert('xss-dot-concat')", label="concat"];
  b [URL="&#106;avascript:alert('xss-dot-entity')", label="entity"];
  c [href="javas\\
cript:alert('xss-dot-continued')", label="continued"];
  d [href="data:text/html,<script>alert('xss-dot-data')</script>", label="data"];
  e [tooltip="</title><img src data-xss=1 onerror=alert('xss-dot-title')>", label="title"];
  f [href="JAVASCRIPT:alert('xss-dot-case')", label="case"];
  a -> b -> c -> d -> e -> f;
}
```

```dot
digraph { x ["ima" + "ge"="/etc/passwd"]; }
```
"""

PROCEDURE = """# Procedures

- **Depends On:** None

## Procedure: </title><img src data-xss=1 onerror=alert('xss-procedure')>

1. Say hello:

   ```bash
   echo "</title><script>alert('xss-step')</script>"
   ```
"""

EVIL_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(\'xss-asset\')">'
    "<script>alert('xss-asset-script')</script></svg>\n"
)
OK_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>\n'
)

DOCUMENTS = {
    "front-matter.md": FRONT_MATTER,
    "icon.md": TRAVERSAL_ICON,
    "attributes.md": ATTRIBUTES,
    "links.md": LINKS,
    "raw-html.md": RAW_HTML,
    "dot.md": DOT,
    "procedures.md": PROCEDURE,
    "name<img src data-xss=1 onerror=alert('xss-filename')>.md": "# Named\n\n- **Depends On:** None\n",
    "relations.md": (
        "# Relations\n\n- **Depends On:** links.md (<img src data-xss=1 onerror=alert('xss-note')>), "
        "<b data-xss=1 onmouseover=alert('xss-concept')>concept</b>\n"
    ),
}
ASSETS = {"evil.svg": EVIL_SVG, "ok.svg": OK_SVG}
BANK_FOLDER = "bank<i data-xss=1 onmouseover=alert('xss-bank')>"


def write_hostile_project(project: Path) -> Path:
    """The hostile bank and its `mbtool.toml` written under `project`; the bank folder."""
    bank = project / BANK_FOLDER
    bank.mkdir(parents=True)
    (project / "mbtool.toml").write_text(f'bank = "{BANK_FOLDER}"\ncore-files = "none"\n', encoding="utf-8")
    for name, text in {**DOCUMENTS, **ASSETS}.items():
        (bank / name).write_text(text, encoding="utf-8")
    return bank


def build_hostile_site(root: Path) -> Path:
    """Write the hostile project under `root`, build its site with `mbtool build`; the site folder."""
    bank = write_hostile_project(root / "project")
    site = root / "site"
    code = run(["build", "--bank", str(bank), "--site-dir", str(site), "--no-cache"])
    assert code in (0, 1), f"the hostile bank must build (exit {code})"
    return site
