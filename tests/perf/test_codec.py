"""The document decoder used for cache entries and worker results: equal values, strict shape."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import mbtool.reading.parallel
from mbtool.config import Config
from mbtool.model import Document
from mbtool.reading.discover import list_documents, locate
from mbtool.reading.parallel import Decoder, parse_serially, to_json
from tests.conftest import CORPUS_NAMES, corpus
from tests.perf.conftest import DOCUMENTS


def documents_of(bank: Path) -> list[Document]:
    items = [(rel, path.read_bytes()) for rel, path in list_documents(locate(bank)).files]
    return parse_serially(items, Config())


@pytest.fixture
def small(make_bank: Any) -> list[Document]:
    return documents_of(make_bank(DOCUMENTS))


@pytest.mark.parametrize("name", CORPUS_NAMES)
def test_decoding_gives_what_pydantic_validation_gives_on_corpora(name: str) -> None:
    decode = Decoder()
    for document in documents_of(corpus(name)):
        payload = to_json(document)
        assert decode(payload) == Document.model_validate_json(payload) == document


def test_decoded_documents_share_bookkeeping_and_equal_positions(small: list[Document]) -> None:
    decode = Decoder()
    docker = decode(to_json(next(doc for doc in small if doc.path == "topics/docker.md")))
    progress = decode(to_json(next(doc for doc in small if doc.path == "progress.md")))
    assert docker.headings[0].position is progress.headings[0].position  # both `1:1`
    sets = {id(heading.__pydantic_fields_set__) for heading in docker.headings + progress.headings}
    assert len(sets) == 1
    assert docker.model_copy(update={"title": "Other"}).title == "Other"
    assert docker.title == "Docker"


def _mutations(document: Document) -> list[Any]:
    data = json.loads(to_json(document))
    missing = {key: value for key, value in data.items() if key != "title"}
    extra = {**data, "surprise": 1}
    bad_enum = json.loads(json.dumps(data))
    bad_enum["relations"][0]["kind"] = "depends-upon"
    bad_date = json.loads(json.dumps(data))
    bad_date["metadata"][0]["date"] = "2025-13-40"
    bad_nested = json.loads(json.dumps(data))
    bad_nested["headings"][0]["position"] = {"line": 1}
    return [missing, extra, bad_enum, bad_date, bad_nested, [], "text", None]


@pytest.mark.parametrize("case", range(8))
def test_a_payload_of_the_wrong_shape_raises(small: list[Document], case: int) -> None:
    docker = next(doc for doc in small if doc.path == "topics/docker.md")
    payload = json.dumps(_mutations(docker)[case]).encode()
    with pytest.raises((ValueError, KeyError, TypeError, AttributeError)):
        Decoder()(payload)


def test_a_model_field_the_decoder_does_not_know_falls_back_to_pydantic(
    small: list[Document], monkeypatch: pytest.MonkeyPatch
) -> None:
    def unknown(self: Decoder, annotation: Any) -> Any:
        raise TypeError(annotation)

    monkeypatch.setattr(mbtool.reading.parallel.Decoder, "_build", unknown)
    decode = Decoder()
    assert [decode(to_json(document)) for document in small] == small
    with pytest.raises(ValueError):
        decode(b'{"path": 1}')
