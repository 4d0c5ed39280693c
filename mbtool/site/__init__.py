"""site: the published bank. `content` is engine-agnostic (Markdown, SVG, JSON, text);
`plugin` is the thin MkDocs adapter; `build` runs MkDocs with or without a `mkdocs.yml`.
Only this package imports mkdocs."""
