"""Path rules on real repositories and on bare bank folders (MB201, MB205, MB207, MB209, MB401)."""

from __future__ import annotations

from pathlib import Path

from mbtool.api import check
from mbtool.checks.rules.notes import UNVERIFIED_HINT
from tests.banks import write_files
from tests.check.helpers import TODAY


def _codes(result: object, code: str) -> list[str]:
    return [d.message for d in result.diagnostics if d.code == code]  # type: ignore[attr-defined]


def _project(root: Path, files: dict[str, str]) -> Path:
    write_files(root, {"mbtool.toml": 'core-files = "none"\n', **files})
    return root / "memory-bank"


def test_moved_paths_get_did_you_mean_and_entries_and_links_a_fix(tmp_path: Path) -> None:
    bank = _project(
        tmp_path,
        {
            "scripts/ci/lint.mjs": "",
            "docs/guide/setup.md": "",
            "memory-bank/a.md": "# A\n\nSee [setup](../docs/setup.md) and `lint.mjs`.\n\n"
            "- **Depends On:** `scripts/lint.mjs`\n",
        },
    )
    result = check(bank, today=TODAY, fix=True)
    assert sum(result.fixed.values()) == 2
    text = (bank / "a.md").read_text(encoding="utf-8")
    assert "[setup](../docs/guide/setup.md)" in text and "`scripts/ci/lint.mjs`" in text
    assert "`lint.mjs`" in text  # a bare name that resolves is left alone
    assert not result.diagnostics


def test_a_bare_bank_folder_claims_nothing_outside_it(tmp_path: Path) -> None:
    bank = write_files(
        tmp_path / "corpora" / "someone__bank",
        {
            "a.md": "# A\n\nRun `scripts/setup.sh`, read [agents](../AGENTS.md) and [b](./missing.md).\n\n"
            "- **Depends On:** `src/app.ts`, README.md, b.md\n",
            "b.md": "# B\n\n- **Required By:** a.md\n",
            "c.md": "# C\n\n## Procedure: Set up\n\n```bash\nbash scripts/setup.sh\n```\n",
        },
    )
    result = check(bank, today=TODAY)
    assert _codes(result, "MB205") == ["link target `./missing.md` does not exist"]
    assert not _codes(result, "MB207") and not _codes(result, "MB201") and not _codes(result, "MB401")
    assert [message for _, message in result.hints].count(UNVERIFIED_HINT) == 1


def test_a_misspelt_document_is_still_reported_without_a_project(tmp_path: Path) -> None:
    bank = write_files(
        tmp_path / "bare" / "bank",
        {"a.md": "# A\n\n- **Depends On:** techContextt.md\n", "techContext.md": "# T\n"},
    )
    assert _codes(check(bank, today=TODAY), "MB201") == [
        "`techContextt.md` is not a document in this memory bank; did you mean `techContext.md`"
    ]


def test_a_link_through_a_symlink_out_of_the_project_is_mb209(tmp_path: Path) -> None:
    outside = write_files(tmp_path / "outside", {"notes.md": "# secret\n"})
    bank = _project(
        tmp_path / "project",
        {"memory-bank/a.md": "# A\n\n[n](shared/notes.md) and [m](shared/missing.md)\n"},
    )
    (bank / "shared").symlink_to(outside, target_is_directory=True)
    result = check(bank, today=TODAY)
    assert _codes(result, "MB209") == [
        "link `shared/notes.md` leaves the project root; it is not read",
        "link `shared/missing.md` leaves the project root; it is not read",
        "symbolic link leaves the project; not followed",
    ]
    assert not _codes(result, "MB205")


def test_ignored_and_build_output_paths_are_not_missing(tmp_path: Path) -> None:
    bank = _project(
        tmp_path,
        {
            ".gitignore": "generated/\n",
            "memory-bank/a.md": "# A\n\nOutputs: `generated/report.json`, `dist/app.js`, `coverage/x.info`\n",
        },
    )
    assert not _codes(check(bank, today=TODAY), "MB207")


def test_examples_kinds_of_file_libraries_and_plans_name_no_file_of_the_project(tmp_path: Path) -> None:
    bank = _project(
        tmp_path,
        {
            "server/app.ts": "",
            "memory-bank/a.md": "# A\n\n"
            "- Middleware files (e.g., `auth.js`) export named functions.\n"
            "- Avoid: `global-error.tsx` with HTML tags.\n"
            "- `error-page.tsx` files must not render `<html>`.\n"
            "- Calendars: `ical.js` parses the feeds.\n"
            "- Actions implemented (`install/uninstall/configure`).\n\n"
            "## Next Steps\n\n- Add `server/routes/modules.ts`.\n",
            "memory-bank/refactoring-plan.md": "# Refactoring\n\n- Move it to `routes/account/center/`.\n",
            "memory-bank/recentChanges.md": "# Changes\n\n- Added `server/old/handler.ts`.\n",
            "memory-bank/b.md": "# B\n\n## Recent Changes\n\n- Renamed `server/older.ts`.\n",
            "web/.gitignore": ".key/\n",
            "memory-bank/c.md": "# C\n\n- Keys live in `.key/`.\n- Rules moved from the `staging/` folder.\n",
        },
    )
    assert _codes(check(bank, today=TODAY), "MB207") == []


def test_a_missing_path_is_still_reported_beside_those_it_is_not(tmp_path: Path) -> None:
    bank = _project(
        tmp_path,
        {
            "server/app.ts": "",
            "memory-bank/a.md": "# A\n\n## Components\n\n"
            "- `server/routes/modules.ts` serves the modules.\n"
            "- `UserMenu.tsx` draws the menu.\n"
            "- `server/handlers/install` installs.\n\n"
            "## Plans\n\n- `server/routes/next.ts`\n",
        },
    )
    assert _codes(check(bank, today=TODAY), "MB207") == [
        "path `server/routes/modules.ts` does not exist in the project",
        "path `UserMenu.tsx` does not exist in the project",
        "path `server/handlers/install` does not exist in the project",
    ]


def test_a_moved_file_whose_name_is_shared_is_found_by_its_folders(tmp_path: Path) -> None:
    bank = _project(
        tmp_path,
        {
            "server/src/express.d.ts": "",
            "server/src/types/express.d.ts": "",
            "memory-bank/a.md": "# A\n\nAugmented in `server/types/express.d.ts` and `lib/express.d.ts`.\n",
        },
    )
    assert _codes(check(bank, today=TODAY), "MB207") == [
        "path `server/types/express.d.ts` does not exist in the project; did you mean "
        "`server/src/types/express.d.ts`",
        "path `lib/express.d.ts` does not exist in the project",
    ]


def test_a_link_written_from_the_project_root_gets_the_relative_one(tmp_path: Path) -> None:
    bank = _project(
        tmp_path,
        {
            "package.json": "{}",
            "web/package.json": "{}",
            "memory-bank/a.md": "# A\n\nSee [the manifest](package.json) and [gone](nothing.json).\n",
        },
    )
    result = check(bank, today=TODAY, fix=True)
    assert _codes(result, "MB205") == ["link target `nothing.json` does not exist"]
    assert "[the manifest](../package.json)" in (bank / "a.md").read_text(encoding="utf-8")
