"""The optional atheris target in `bench/fuzz/` keeps working without atheris installed."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

import pytest

from tests.conftest import ROOT
from tests.hostile.hostile_bank import _files

TARGET = ROOT / "bench" / "fuzz" / "fuzz_parse.py"


@pytest.fixture(scope="module")
def target() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fuzz_parse", TARGET)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_importing_the_target_does_not_need_atheris(target: ModuleType) -> None:
    assert callable(target.fuzz_one_input)
    assert "atheris" not in sys.modules or importlib.util.find_spec("atheris") is not None


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\xef\xbb\xbf# T\r\n\r\n- **Depends On:** a.md\r",
        b"# T\n\nbad \xc2\x85 nel \x0c feed \xe2\x80\xa8 sep\n- **Depends On:** a.md\n\xff",
        b"---\ndepends_on: [a.md\n---\n# T\n",
        b"# T\r\rtext\r\xfe\n",
    ],
)
def test_the_target_accepts_hostile_inputs(target: ModuleType, data: bytes) -> None:
    target.fuzz_one_input(data)


def test_the_target_accepts_the_hostile_bank(target: ModuleType) -> None:
    for data in _files().values():
        target.fuzz_one_input(data[:200_000])


@pytest.mark.skipif(importlib.util.find_spec("atheris") is not None, reason="atheris is installed")
def test_without_atheris_main_says_how_to_install_it(target: ModuleType) -> None:
    with pytest.raises(SystemExit, match="pip install atheris"):
        target.main()
