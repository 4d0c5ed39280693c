"""A `Document` to JSON bytes and back: what the parse cache stores and parse workers send.

`Decoder` rebuilds the frozen models from their field types instead of validating with
pydantic, which halves a loaded bank's memory (see its docstring).
"""

from __future__ import annotations

import datetime as dt
import json
import types
from collections.abc import Callable
from enum import Enum
from typing import Any, Literal, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel

from mbtool.model import Document


def to_json(document: Document) -> bytes:
    return document.__pydantic_serializer__.to_json(document)


M = TypeVar("M", bound=BaseModel)
_FIELDS_SETS: dict[type[BaseModel], set[str]] = {}


def construct(cls: type[M], **values: Any) -> M:
    """A frozen model from values mbtool itself computed, without validating them, sharing one
    fields-set per class (as `Decoder` does): a bank with a million relation entries holds a
    million resolved entries, and a fields-set each would be ~700 MB. Every field must be given."""
    fields_set = _FIELDS_SETS.get(cls)
    if fields_set is None:
        fields_set = _FIELDS_SETS.setdefault(cls, set(cls.model_fields))
    model = cls.__new__(cls)
    object.__setattr__(model, "__dict__", values)
    object.__setattr__(model, "__pydantic_fields_set__", fields_set)
    object.__setattr__(model, "__pydantic_extra__", None)
    object.__setattr__(model, "__pydantic_private__", None)
    return model


Decode = Callable[[Any], Any]


def _same(value: Any) -> Any:
    return value


class Decoder:
    """`to_json` output back into the equal frozen `Document`, faster and leaner than validating.

    pydantic's `model_validate_json` gives every one of a document's ~70 nested models its own
    `__pydantic_fields_set__` set: half of a loaded bank's memory (480 MB for 10,000
    documents, against 296 MB here). This decoder builds the models from their field types
    instead, sharing one fields-set per class and one `Position` per distinct value. It is
    strict about shape (exact field names, enum values, ISO dates) and raises on anything
    else; it is used only on payloads this process or a worker just wrote, or whose cache
    checksum matched. A model field of a type it does not know makes it fall back to pydantic.
    """

    def __init__(self) -> None:
        self._decoders: dict[Any, Decode] = {}
        self._document: Decode | None
        try:
            self._document = self._for(Document)
        except TypeError:
            self._document = None

    def __call__(self, payload: bytes) -> Document:
        """The document; ValueError, KeyError, TypeError or AttributeError when the JSON is not one."""
        if self._document is None:
            return Document.model_validate_json(payload)
        document = self._document(json.loads(payload))
        if not isinstance(document, Document):
            raise TypeError("not a document")
        return document

    def _for(self, annotation: Any) -> Decode:
        if annotation not in self._decoders:
            self._decoders[annotation] = self._build(annotation)
        return self._decoders[annotation]

    def _build(self, annotation: Any) -> Decode:
        origin = get_origin(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return self._model(annotation)
        if origin is tuple:
            return self._tuple(get_args(annotation))
        if origin in (Union, types.UnionType):
            options = [arg for arg in get_args(annotation) if arg is not type(None)]
            if len(options) != 1:
                raise TypeError(annotation)
            inner = self._for(options[0])
            return lambda value: None if value is None else inner(value)
        if origin is Literal or annotation in (str, int, bool):
            return _same
        if isinstance(annotation, type) and issubclass(annotation, Enum):
            return annotation
        if annotation is dt.date:
            return dt.date.fromisoformat
        raise TypeError(annotation)

    def _tuple(self, args: tuple[Any, ...]) -> Decode:
        if len(args) == 2 and args[1] is Ellipsis:
            item = self._for(args[0])
            return tuple if item is _same else lambda value: tuple([item(each) for each in value])
        items = [self._for(arg) for arg in args]
        return lambda value: tuple([item(each) for item, each in zip(items, value, strict=True)])

    def _model(self, cls: type[BaseModel]) -> Decode:
        names = tuple(cls.model_fields)
        converted = [(name, self._for(field.annotation)) for name, field in cls.model_fields.items()]
        converted = [(name, decode) for name, decode in converted if decode is not _same]
        fields_set = set(names)
        interned: dict[tuple[Any, ...], BaseModel] | None = {} if not converted else None
        new, set_slot = cls.__new__, object.__setattr__

        def decode(data: dict[str, Any]) -> BaseModel:
            if tuple(data) != names:
                raise ValueError(f"`{cls.__name__}` fields differ")
            if interned is not None:  # all-scalar values (Position) are shared, not repeated
                key = tuple(data.values())
                if key in interned:
                    return interned[key]
            for name, convert in converted:
                data[name] = convert(data[name])
            model = new(cls)
            set_slot(model, "__dict__", data)
            set_slot(model, "__pydantic_fields_set__", fields_set)
            set_slot(model, "__pydantic_extra__", None)
            set_slot(model, "__pydantic_private__", None)
            if interned is not None:
                interned[key] = model
            return model

        return decode
