"""`mbtool schema NAME`: the JSON Schema of a machine-readable output, generated from its model."""

from __future__ import annotations

import argparse
import importlib
import json
from typing import Any

from mbtool.cli.common import add_output_argument, emit

# Output name → "module:Model"; the model's pydantic schema is the contract.
SCHEMAS = {
    "map": "mbtool.mapdoc.model:DependencyMap",
}
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("schema", help="print the JSON Schema of a JSON output")
    parser.add_argument(
        "name", choices=sorted(SCHEMAS), metavar="NAME", help=f"which output: {', '.join(sorted(SCHEMAS))}"
    )
    add_output_argument(parser)
    parser.set_defaults(handler=handle)


def schema_for(name: str) -> dict[str, Any]:
    module, _, attr = SCHEMAS[name].partition(":")
    model = getattr(importlib.import_module(module), attr)
    schema: dict[str, Any] = {"$schema": DIALECT, **model.model_json_schema()}
    return schema


def handle(args: argparse.Namespace) -> int:
    emit(json.dumps(schema_for(args.name), indent=2, ensure_ascii=False), args.output)
    return 0
