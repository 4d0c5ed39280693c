"""Diagrams of the bank (whole, focus, impact views) rendered through Graphviz.

`render` is the only module that runs a Graphviz executable; the others build DOT text.
"""
