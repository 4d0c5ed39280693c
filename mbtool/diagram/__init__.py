"""Diagrams: container architecture from Compose files, rendered through Graphviz.

`render` is the only module that runs a Graphviz executable; the others build DOT text.
"""

from mbtool.diagram.compose import compose_to_dot, load_compose
from mbtool.diagram.render import find_renderer, render, svg_for_inline

__all__ = ["compose_to_dot", "find_renderer", "load_compose", "render", "svg_for_inline"]
