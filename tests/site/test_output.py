"""What `build` and `serve` say: findings once (a summary line; every one with --verbose), the
serve address first, MkDocs' copies of mbtool's link findings folded away, a project's own
`mkdocs.yml` without the plugin completed for the run, and a missing plugin, theme or
extension as one line."""

from __future__ import annotations

from pathlib import Path

import mkdocs.commands.serve
import pytest

from mbtool.cli import run
from mbtool.site.plugin import LinkFold
from tests.banks import doc, write_project

CORE = 'core-files = "none"\n'


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    write_project(
        root,
        {
            "a.md": doc("A", depends="b.md", extra="\nSee [gone](gone.md) and [there](b.md#nowhere).\n"),
            "b.md": doc("B"),
        },
    )
    (root / "mbtool.toml").write_text(CORE, encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def test_build_prints_the_findings_once_as_one_summary_line(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["build", "memory-bank", "--site-dir", "out"]) == 1
    captured = capsys.readouterr()
    said = captured.out + captured.err
    assert said.count("MB205") == 0 and said.count("MB202") == 0
    summary = [line for line in captured.out.splitlines() if line.startswith("memory-bank: Found")]
    assert len(summary) == 1 and "--verbose" in summary[0]
    # MkDocs' own warnings about the same broken links are folded into mbtool's findings.
    assert "contains a link" not in said
    assert (project / "out" / "memory-bank" / "a" / "index.html").is_file()


def test_without_the_fold_mkdocs_would_repeat_them(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(LinkFold, "filter", lambda self, record: True)
    assert run(["build", "memory-bank", "--site-dir", "out"]) == 1
    err = capsys.readouterr().err
    assert "contains a link 'gone.md'" in err and "contains a link 'b.md#nowhere'" in err


def test_verbose_prints_every_finding_once(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["build", "memory-bank", "--site-dir", "out", "--verbose"]) == 1
    captured = capsys.readouterr()
    said = captured.out + captured.err
    assert said.count("MB205 link target `gone.md` does not exist") == 1
    assert said.count("MB206") == 1
    assert "contains a link" not in said


def test_strict_still_fails_on_the_folded_findings(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["build", "memory-bank", "--site-dir", "out", "--strict"]) == 1
    err = capsys.readouterr().err
    assert "strict mode" in err and err.count("\n") == 1
    assert not (project / "out").exists()


@pytest.fixture
def linking_to_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A bank whose documents link to the project's code (real, but not on the site)."""
    root = tmp_path / "project"
    root.mkdir()
    extra = "\nSee [the build](../scripts/build.sh) and [the server](../src/server.py).\n"
    write_project(root, {"a.md": doc("A", depends="b.md", extra=extra), "b.md": doc("B", extra=extra)})
    (root / "mbtool.toml").write_text(CORE, encoding="utf-8")
    for name in ("scripts/build.sh", "src/server.py"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x\n", encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def test_links_off_the_site_are_one_counted_line(
    linking_to_code: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["build", "memory-bank", "--site-dir", "out"]) == 0
    said = "".join(capsys.readouterr())
    assert "contains a link" not in said
    assert said.count("4 links in 2 bank pages lead to files that are not on the site") == 1


def test_verbose_lists_the_links_off_the_site(
    linking_to_code: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["build", "memory-bank", "--site-dir", "out", "--verbose"]) == 0
    said = "".join(capsys.readouterr())
    assert said.count("contains a link '../scripts/build.sh'") == 2
    assert "not on the site" not in said


def test_strict_fails_on_links_off_the_site(
    linking_to_code: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["build", "memory-bank", "--site-dir", "out", "--strict"]) == 1


def test_serve_prints_the_address_before_anything_else(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    calls: list[str] = []

    def fake_serve(config_file: str, **kwargs: object) -> None:
        calls.append(capsys.readouterr().err)

    monkeypatch.setattr(mkdocs.commands.serve, "serve", fake_serve)
    assert run(["serve", "memory-bank", "--dev-addr", "127.0.0.1:8123"]) == 0
    assert len(calls) == 1
    assert calls[0].startswith("Serving memory-bank at http://127.0.0.1:8123/")


def test_a_project_config_without_the_plugin_gets_it_for_the_run(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text("site_name: own\nplugins:\n  - search\n", encoding="utf-8")
    assert run(["build", "memory-bank", "--site-dir", "out"]) == 1
    err = capsys.readouterr().err
    notes = [line for line in err.splitlines() if "does not list the memory-bank plugin" in line]
    assert len(notes) == 1 and "- memory-bank" in notes[0]
    assert "mbtool-panel" in (project / "out" / "memory-bank" / "a" / "index.html").read_text(
        encoding="utf-8"
    )
    assert (project / "out" / "mbtool" / "dependency-map" / "index.html").is_file()


@pytest.mark.parametrize(
    ("setting", "named"),
    [
        ("plugins:\n  - search\n  - no-such-plugin\n", "no-such-plugin"),
        ("theme:\n  name: no-such-theme\n", "no-such-theme"),
        ("markdown_extensions:\n  - no_such_extension\n", "no_such_extension"),
    ],
)
def test_a_missing_plugin_theme_or_extension_is_one_line(
    project: Path, capsys: pytest.CaptureFixture[str], setting: str, named: str
) -> None:
    (project / "docs").mkdir()
    (project / "mkdocs.yml").write_text(f"site_name: own\n{setting}", encoding="utf-8")
    assert run(["build", "memory-bank", "--site-dir", "out"]) == 2
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1, captured.err
    assert captured.err.startswith("mbtool: error: mkdocs.yml:") and named in captured.err
    assert "Traceback" not in captured.err + captured.out
    assert not (project / "out").exists()
