"""Fixes: planning edits for fixable rules and applying them to files safely.

Planners (`backrefs`, `rename`) read a document's current text and return `TextEdit`s in
its own coordinates; `apply` merges the edits of many fixes per file, refuses overlaps,
keeps line endings, BOM and final newline, and writes atomically.
"""
