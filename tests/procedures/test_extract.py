"""Which sections are procedures, their steps, titles and ids (DESIGN §8)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mbtool.api import get_procedure, list_procedures, load
from mbtool.errors import UsageError
from tests.conftest import ROOT
from tests.procedures.conftest import Project

DOCUMENT = """# Operations

**Depends On:** overview.md

## Set-up

An illustration, never run:

```bash
echo illustrative
```

## Procedure: Release a version

Tag it:

```bash
git tag v1
```

### Publish

```console
$ uv build
Built dist/x.whl
$ uv publish
```

```python
print("not shell")
```

## Bootstrapping

1. Make sure Docker runs.
2. Run the script, passing your project:

   ```bash
   bash scripts/boot.sh .
   ```

3. Check it:

   ```sh {name=verify timeout=30}
   test -d .venv
   ```

## Named blocks

```bash {name=clean cwd=build}
rm -rf out
```

```bash
echo "not named, not in a list: illustrative"
```
"""


@pytest.fixture
def procedures(project: Project) -> dict[str, object]:
    project.document(DOCUMENT)
    return {p.id: p for p in list_procedures(load(project.bank))}


def test_three_forms_are_found_and_illustrations_are_not(procedures: dict[str, object]) -> None:
    assert list(procedures) == [
        "ops.md#procedure-release-a-version",
        "ops.md#bootstrapping",
        "ops.md#named-blocks",
    ]


def test_procedure_heading_takes_every_shell_fence_in_its_subsections(project: Project) -> None:
    project.document(DOCUMENT)
    release = get_procedure(load(project.bank), "ops.md#procedure-release-a-version")
    assert (release.title, release.kind) == ("Release a version", "heading")
    assert [step.command for step in release.steps] == ["git tag v1\n", "uv build\n\nuv publish\n"]
    assert [step.number for step in release.steps] == [1, 2]


def test_ordered_steps_have_their_item_text_as_title(project: Project) -> None:
    (project.root / "mbtool.toml").write_text('procedures = "lists"\n', encoding="utf-8")
    project.document(DOCUMENT)
    boot = get_procedure(load(project.bank), "ops.md#bootstrapping")
    assert boot.kind == "list"
    first, second = boot.steps
    assert (first.title, first.list_item, first.command) == (
        "Run the script, passing your project",
        2,
        "bash scripts/boot.sh .\n",
    )
    assert (second.title, second.attributes.name, second.attributes.timeout) == ("Check it", "verify", 30.0)
    assert second.line == DOCUMENT.splitlines().index("   ```sh {name=verify timeout=30}") + 1


def test_an_ordered_list_is_an_example_unless_the_configuration_opts_in(project: Project) -> None:
    project.document(DOCUMENT)
    boot = get_procedure(load(project.bank), "ops.md#bootstrapping")
    assert boot.kind == "named" and [step.attributes.name for step in boot.steps] == ["verify"]


def test_named_blocks_only_are_steps(project: Project) -> None:
    project.document(DOCUMENT)
    named = get_procedure(load(project.bank), "ops.md#named-blocks")
    [step] = named.steps
    assert (named.kind, step.attributes.name, step.attributes.cwd) == ("named", "clean", "build")


def test_lookup_by_unique_anchor_and_by_step_name(project: Project) -> None:
    project.document(DOCUMENT)
    bank = load(project.bank)
    assert get_procedure(bank, "bootstrapping").id == "ops.md#bootstrapping"
    verify = get_procedure(bank, "verify")
    assert (verify.id, [s.command for s in verify.steps]) == ("verify", ["test -d .venv\n"])


def test_unknown_id_is_a_usage_error_with_a_suggestion(project: Project) -> None:
    project.document(DOCUMENT)
    with pytest.raises(UsageError, match=re.escape("did you mean `ops.md#bootstrapping`")):
        get_procedure(load(project.bank), "ops.md#bootstraping")


def test_project_bank_lists_the_codex_cli_bootstrap() -> None:
    bank = load(ROOT / "memory-bank")
    procedure = get_procedure(bank, "dockerWorkflow.md#bootstrapping-codex-cli-environment-locally")
    [step] = procedure.steps
    assert step.command.startswith("bash scripts/run_codex_cli.sh")
    assert step.list_item == 2


def test_a_document_without_procedures(project: Project, tmp_path: Path) -> None:
    project.document("# Notes\n\n```bash\nls\n```\n")
    assert list_procedures(load(project.bank)) == []


def test_steps_in_subsections_are_titled_by_the_subsection(project: Project) -> None:
    project.document(DOCUMENT)
    release = get_procedure(load(project.bank), "ops.md#procedure-release-a-version")
    assert [step.title for step in release.steps] == ["", "Publish"]
