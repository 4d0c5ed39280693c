"""Reading procedures never raises, whatever the info string or shell text; real corpora too."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mbtool.api import check_procedures, list_procedures, load
from mbtool.procedures.attributes import parse_info
from mbtool.procedures.shell import commands_of, script_references
from tests.conftest import CORPUS_NAMES, corpus

INFO_ALPHABET = st.sampled_from([*"bash{}=\"' #.:-_,xyz\t", "name", "cwd", "timeout", "skip", "env"])


@given(st.lists(INFO_ALPHABET, max_size=20).map("".join))
def test_info_strings_never_raise(info: str) -> None:
    parsed = parse_info(info)
    assert isinstance(parsed.problems, tuple)


@given(st.text(max_size=200), st.sampled_from(["bash", "console"]))
def test_shell_text_never_raises(text: str, language: str) -> None:
    for reference in script_references(commands_of(language, text)):
        assert reference.path


@pytest.mark.parametrize("name", CORPUS_NAMES)
def test_corpus_procedures_are_well_formed(name: str) -> None:
    bank = load(corpus(name))
    procedures = list_procedures(bank)
    assert len({p.id for p in procedures}) == len(procedures)
    for procedure in procedures:
        assert [s.number for s in procedure.steps] == list(range(1, len(procedure.steps) + 1))
        assert all(step.command.strip() for step in procedure.steps)
    for diagnostic in check_procedures(bank, shellcheck=False).diagnostics:
        assert diagnostic.code in ("MB401", "MB402", "MB403")
        assert diagnostic.line >= 1 and diagnostic.column >= 1
