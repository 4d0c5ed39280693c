"""git: the one module that runs git, read-only, with a checkout's own helpers switched off.

A repository's `.git/config` can name programs git runs on our behalf (`core.fsmonitor`,
an external diff, textconv filters, hooks): running `git diff` in an untrusted checkout
would run them. Every call here passes `-c` overrides that disable them, drops inherited
`GIT_*` variables, uses a fixed argument list (no shell), and has one timeout.

Two kinds of callers: commands that need git (`impact --since`) get a `GitError` (exit 2)
when it is missing or fails; rules that merely benefit from history (MB302) get "nothing
known" instead, never an error.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import queue
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from mbtool.errors import UsageError

TIMEOUT_SECONDS = 60
_RECORD = "\x1e"
# Configuration that would make git run a program named by the checkout itself.
_SAFE_CONFIG = (
    "-c", "core.fsmonitor=false",
    "-c", "core.hooksPath=/dev/null",
    "-c", "diff.external=",
    "-c", "core.quotepath=off",
    "-c", "log.showSignature=false",
    "-c", "protocol.allow=never",
)  # fmt: skip
# Subcommands that could otherwise call an external diff driver or a textconv filter.
_DIFF_SAFETY = ("--no-ext-diff", "--no-textconv")


class GitError(UsageError):
    """git is missing, the folder is not in a repository, or a ref does not name a commit."""


def command(*args: str) -> list[str]:
    """The full argument list for `git ARGS`, hardened (see the module docstring)."""
    executable = shutil.which("git") or "git"
    subcommand, rest = args[0], list(args[1:])
    if subcommand in ("diff", "log", "show"):
        rest = [*_DIFF_SAFETY, *rest]
    return [executable, *_SAFE_CONFIG, subcommand, *rest]


def environment() -> dict[str, str]:
    """The caller's environment without `GIT_*` variables (they can redirect the repository)."""
    return {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}


def git(folder: Path, *args: str) -> str:
    """The standard output of `git ARGS` run in `folder`; a failure is a one-line `GitError`."""
    try:
        done = subprocess.run(
            command(*args),
            cwd=folder,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="surrogateescape",
            timeout=TIMEOUT_SECONDS,
            check=False,
            env=environment(),
            stdin=subprocess.DEVNULL,
        )
    except FileNotFoundError:
        raise GitError("`git` is not installed or not on PATH; install git to use --since") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"`git {args[0]}` took longer than {TIMEOUT_SECONDS} seconds") from None
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["failed"])[-1].removeprefix("fatal: ")
        raise GitError(f"`git {args[0]}` failed in `{folder.name}`: {reason}")
    return done.stdout


# -- refs and changes (impact --since) -------------------------------------------------------------


def repository_root(folder: Path) -> Path:
    """The top folder of the git work tree holding `folder`."""
    try:
        return Path(git(folder, "rev-parse", "--show-toplevel").strip()).resolve()
    except GitError:
        raise GitError(f"`{folder.name}` is not inside a git repository; --since needs one") from None


def is_shallow(top: Path) -> bool:
    try:
        return git(top, "rev-parse", "--is-shallow-repository").strip() == "true"
    except GitError:
        return False


def verify_ref(top: Path, ref: str) -> None:
    if not ref or ref.startswith("-"):
        raise GitError(f"`{ref}` is not a git revision; pass a commit, branch or tag such as `HEAD~1`")
    try:
        git(top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    except GitError:
        if is_shallow(top):
            raise GitError(
                f"`{ref}` is not in this clone: the clone is shallow; fetch more history "
                "(`git fetch --unshallow`, or `fetch-depth: 0` in actions/checkout)"
            ) from None
        raise GitError(
            f"`{ref}` does not name a commit in this repository; try `HEAD~1` or a branch"
        ) from None


def changed_since(folder: Path, ref: str) -> list[str]:
    """Files under `folder` that differ between `ref` and the working tree, committed or not,
    plus untracked (not ignored) files; paths relative to `folder`, POSIX, sorted.

    Deleted files are included (they changed); callers keep the ones they know.
    """
    folder = folder.resolve()
    top = repository_root(folder)
    verify_ref(top, ref)
    diffed = git(top, "diff", "--name-only", "--no-relative", "-z", ref, "--")
    untracked = git(top, "ls-files", "--others", "--exclude-standard", "--full-name", "-z")
    found = set()
    for name in (diffed + untracked).split("\0"):
        if name:
            path = top / name
            if path.is_relative_to(folder):
                found.add(path.relative_to(folder).as_posix())
    return sorted(found)


# -- history that rules may use (never an error) -----------------------------------------------------


def repository_inside(bank: Path, project: Path) -> bool:
    """Whether a `.git` sits between the bank and the project root (so git reads nothing outside)."""
    for folder in (bank, *bank.parents):
        if (folder / ".git").exists():
            return True
        if folder == project:
            return False
    return False


def commit_dates(bank: Path, project: Path, documents: Iterable[str]) -> dict[str, dt.date]:
    """Bank-relative path → date of the last commit touching it (committer's calendar day),
    from ONE `git log` for the whole bank; {} when git, a repository or history is missing."""
    wanted = set(documents)
    if shutil.which("git") is None or not wanted or not repository_inside(bank, project):
        return {}
    log = command("log", f"--format={_RECORD}%cI", "--name-only", "--relative", "--", ".")
    try:
        with subprocess.Popen(
            log,
            cwd=bank,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
            errors="surrogateescape",
            env=environment(),
        ) as process:
            assert process.stdout is not None
            found = parse_log(process.stdout, wanted)
            process.kill()
            process.wait(timeout=TIMEOUT_SECONDS)
    except (OSError, subprocess.SubprocessError):
        return {}
    return found


def parse_log(lines: Iterable[str], wanted: set[str]) -> dict[str, dt.date]:
    """Read `git log --format=<RS>%cI --name-only` newest first; stop once every file is dated."""
    found: dict[str, dt.date] = {}
    current: dt.date | None = None
    for raw in lines:
        line = raw.rstrip("\n")
        if line.startswith(_RECORD):
            try:
                current = dt.datetime.fromisoformat(line[1:].strip()).date()
            except ValueError:
                current = None
        elif line and current is not None and line in wanted and line not in found:
            found[line] = current
            if len(found) == len(wanted):
                break
    return found


# -- long outputs and object contents (code drift, mbtool.drift) ------------------------------------


def objects(folder: Path, ids: Iterable[str]) -> dict[str, bytes]:
    """The contents of git objects (blobs) by id, from ONE `git cat-file --batch`; ids git does
    not have are left out. A failure is a `GitError`."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    try:
        done = subprocess.run(
            command("cat-file", "--batch"),
            cwd=folder,
            input=("\n".join(wanted) + "\n").encode("ascii", "replace"),
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
            env=environment(),
        )
    except FileNotFoundError:
        raise GitError("`git` is not installed or not on PATH") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"`git cat-file` took longer than {TIMEOUT_SECONDS} seconds") from None
    if done.returncode != 0:
        raise GitError(f"`git cat-file` failed in `{folder.name}`")
    return _batch(done.stdout)


def _batch(output: bytes) -> dict[str, bytes]:
    """Parse `cat-file --batch` output: `<id> <type> <size>\\n<content>\\n` or `<id> missing\\n`."""
    found: dict[str, bytes] = {}
    position = 0
    while position < len(output):
        end = output.index(b"\n", position)
        header = output[position:end].decode("ascii", "replace").split()
        position = end + 1
        if len(header) != 3:
            continue  # `<id> missing`
        size = int(header[2])
        found[header[0]] = output[position : position + size]
        position += size + 1
    return found


def blob_id(data: bytes, length: int = 40) -> str:
    """The id git gives a file's bytes (`git hash-object`, no filters): SHA-1, or SHA-256 for
    repositories whose ids are 64 characters long."""
    header = b"blob %d\0" % len(data)
    digest = hashlib.sha256 if length == 64 else hashlib.sha1
    return digest(header + data).hexdigest()


def status(top: Path) -> list[tuple[str, str]]:
    """(two-letter status, path relative to the work tree's top) of every uncommitted change,
    untracked files listed one by one (`??`)."""
    output = git(top, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames")
    return [(item[:2], item[3:]) for item in output.split("\0") if len(item) > 3]


class Background:
    """`git ARGS` whose output a thread reads into a bounded queue while the caller does other
    work (the code-drift log runs on the second core while the bank's references are read).

    `chunks()` yields the output as it arrives and raises `GitError` at the end if git failed;
    leaving the `with` block stops git, whether or not everything was read.
    """

    def __init__(self, folder: Path, *args: str) -> None:
        self._name, self._folder = args[0], folder
        self._errors = tempfile.TemporaryFile()  # noqa: SIM115 - closed in __exit__
        try:
            self._process = subprocess.Popen(
                command(*args),
                cwd=folder,
                stdout=subprocess.PIPE,
                stderr=self._errors,
                stdin=subprocess.DEVNULL,
                env=environment(),
            )
        except OSError:
            self._errors.close()
            raise GitError("`git` is not installed or not on PATH") from None
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=64)  # at most 64 MiB ahead
        self._stop = threading.Event()
        self._ended = False
        self._timer = threading.Timer(TIMEOUT_SECONDS, self._process.kill)
        self._timer.start()
        self._thread = threading.Thread(target=self._pump, daemon=True)
        self._thread.start()

    def __enter__(self) -> Background:
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        if self._process.poll() is None:
            self._process.kill()
        while not self._ended:  # let the thread finish a pending put
            self._ended = self._queue.get() is None
        self._thread.join()
        self._process.wait()
        self._timer.cancel()
        assert self._process.stdout is not None
        self._process.stdout.close()
        self._errors.close()

    def _pump(self) -> None:
        stdout = self._process.stdout
        assert stdout is not None
        try:
            while not self._stop.is_set() and (chunk := os.read(stdout.fileno(), 1 << 20)):
                self._queue.put(chunk)
        except (OSError, ValueError):
            pass
        finally:
            self._queue.put(None)

    def chunks(self) -> Iterator[bytes]:
        while not self._ended:
            chunk = self._queue.get()
            if chunk is None:
                self._ended = True
            else:
                yield chunk
        if self._process.wait() != 0:
            self._errors.seek(0)
            lines = self._errors.read().decode("utf-8", "replace").strip().splitlines() or ["stopped"]
            raise GitError(
                f"`git {self._name}` failed in `{self._folder.name}`: {lines[-1].removeprefix('fatal: ')}"
            )
