"""Globs over project paths: `*` stays in a folder, `**` crosses folders, a folder covers what is in it."""

from __future__ import annotations

import pytest

from mbtool.drift.matching import Matcher, glob_regex
from mbtool.drift.references import Described, Origin, TargetKind


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("src/payments/**", "src/payments/a.py", True),
        ("src/payments/**", "src/payments/deep/b.py", True),
        ("src/payments/**", "src/payments.py", False),
        ("src/*.py", "src/a.py", True),
        ("src/*.py", "src/x/a.py", False),
        ("src/**/test_*.py", "src/test_a.py", True),
        ("src/**/test_*.py", "src/x/y/test_a.py", True),
        ("src/[ab].py", "src/b.py", True),
        ("src/[!ab].py", "src/b.py", False),
        ("docs/", "docs/x/y.md", True),
        ("a+b/*.py", "a+b/x.py", True),
    ],
)
def test_glob(pattern: str, path: str, matches: bool) -> None:
    assert bool(glob_regex(pattern).fullmatch(path)) is matches


def ref(target: str, kind: TargetKind) -> Described:
    return Described("a.md", target, target, kind, Origin.DESCRIBES, 1, 1)


def test_files_folders_and_globs_match_the_paths_of_a_commit() -> None:
    matcher = Matcher(
        [
            ref("src/a.py", TargetKind.FILE),
            ref("src/pay", TargetKind.FOLDER),
            ref("lib/**/*.ts", TargetKind.PATTERN),
        ]
    )
    assert matcher.keys("src/a.py") == {"src/a.py"}
    assert matcher.keys("src/pay/deep/x.py") == {"src/pay/"}
    assert matcher.keys("lib/x/y.ts") == {"lib/**/*.ts"}
    assert matcher.keys("src/b.py") == set()


def test_renames_are_followed_back_in_time() -> None:
    matcher = Matcher([ref("src/new.py", TargetKind.FILE)])
    matcher.follow_rename("src/old.py", "src/new.py")
    assert matcher.keys("src/old.py") == {"src/new.py"}
