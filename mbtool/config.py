"""Configuration: `[tool.mbtool]` in `pyproject.toml`, or `mbtool.toml`, validated by pydantic.

An unknown key is a `ConfigError` (exit 2) naming the valid keys, so a typo never
silently disables a setting. Numbers have ranges (a `review-grace-days` of 10**30 was an
OverflowError), and `bank` and `map` must stay inside the folder that holds the
configuration and the bank respectively. Rule codes in `select`, `ignore` and `severity` are
checked against the rule registry where the selection is built (`checks.engine`), since the
registry belongs to a later stage.
"""

from __future__ import annotations

import hashlib
import posixpath
import tomllib
from pathlib import Path, PurePosixPath
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from mbtool.errors import ConfigError

Severity = Literal["error", "warning", "info", "off"]

MAX_DAYS = 36_500  # a hundred years: larger day counts overflow date arithmetic
DEFAULT_DEPENDS_ON = ("Depends On", "Dependencies", "Depends", "Upstream")
DEFAULT_REQUIRED_BY = ("Required By", "Informs", "Used By", "Downstream")
DEFAULT_DESCRIBES = ("Describes",)


class Vocabulary(BaseModel):
    """Relation keys, matched case-insensitively.

    `workflow` keys (set by the `cursor` profile) are read only in bold, and their direction
    follows the documents' stages: a document depends on what an earlier stage wrote (plan →
    creative → reflection → archive); a hub such as `tasks.md` is required by the records it
    points to.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    depends_on: tuple[str, ...] = Field(default=DEFAULT_DEPENDS_ON, alias="depends-on")
    required_by: tuple[str, ...] = Field(default=DEFAULT_REQUIRED_BY, alias="required-by")
    workflow: tuple[str, ...] = ()
    describes: tuple[str, ...] = DEFAULT_DESCRIBES  # the code a document describes (DESIGN §13)


class ProfileTable(BaseModel):
    """A custom bank profile, `[tool.mbtool.profiles.<name>]` (DESIGN §3).

    `extends` starts from a built-in or another custom profile; `core-files` and
    `conventions` replace the base's when given; relation keys are added to the base's.
    `conventions` maps a document name or glob (`notes/*.md`) to the documents it depends
    on by convention.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    extends: str | None = None
    core_files: tuple[str, ...] | None = Field(default=None, alias="core-files")
    conventions: dict[str, tuple[str, ...]] | None = None
    depends_on: tuple[str, ...] = Field(default=(), alias="depends-on")
    required_by: tuple[str, ...] = Field(default=(), alias="required-by")
    workflow: tuple[str, ...] = ()


class CoChange(BaseModel):
    """`[[co-change]]`: when a file matching `when` (project-relative globs) changes in a
    `--since` range, each bank document matching `require` (bank-relative globs) must change too."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    when: tuple[str, ...] = Field(min_length=1)
    require: tuple[str, ...] = Field(min_length=1)


class Config(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    bank: str | None = None
    exclude: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = Field(default_factory=dict)
    fail_on: Literal["error", "warning", "info"] = Field(default="error", alias="fail-on")
    relations: Vocabulary = Field(default_factory=Vocabulary)
    # The bank profile: "auto" (detect from the files present), a built-in one ("cline",
    # "roo", "cursor", "none") or a `[profiles.<name>]` table. `core-files` is the old name,
    # kept as a deprecated alias (used when `profile` is not set).
    profile: str | None = None
    profiles: dict[str, ProfileTable] = Field(default_factory=dict)
    core_files: Literal["cline", "roo", "none"] | None = Field(default=None, alias="core-files")
    # Which sections are runnable procedures (DESIGN §8): "explicit" (a `Procedure:` heading
    # or `{name=...}` fences) or "lists" (also ordered lists of shell fences).
    procedures: Literal["explicit", "lists"] = "explicit"
    map_document: str = Field(default="dependencies.md", alias="map")
    review_grace_days: int = Field(default=0, alias="review-grace-days", ge=0, le=MAX_DAYS)
    suspect_grace_days: int = Field(default=0, alias="suspect-grace-days", ge=0, le=MAX_DAYS)
    renderer: Literal["pure", "dot"] = "pure"
    diagram_fold_threshold: int = Field(default=250, alias="diagram-fold-threshold", ge=1, le=1_000_000)
    max_findings_per_rule: int = Field(default=200, alias="max-findings-per-rule", ge=0, le=1_000_000)
    # Size budgets in estimated tokens (MB501, MB502); `checks/rules/budgets.py` says why these defaults.
    document_budget: int = Field(default=10_000, alias="document-budget", ge=1, le=100_000_000)
    bank_budget: int = Field(default=20_000, alias="bank-budget", ge=1, le=100_000_000)
    always_read: tuple[str, ...] = Field(default=(), alias="always-read")
    co_change: tuple[CoChange, ...] = Field(default=(), alias="co-change")

    @field_validator("severity")
    @classmethod
    def _codes_upper(cls, value: dict[str, Severity]) -> dict[str, Severity]:
        return {code.upper(): level for code, level in value.items()}

    @field_validator("bank", "map_document")
    @classmethod
    def _stays_inside(cls, value: str | None) -> str | None:
        """A relative path that does not climb out of the folder it is relative to."""
        if value is None:
            return value
        path = PurePosixPath(value.replace("\\", "/"))
        if not value.strip() or path.is_absolute() or posixpath.normpath(str(path)).startswith(".."):
            raise ValueError(f"`{value}` must be a relative path inside the project (no `..` out of it)")
        return value

    def parse_fingerprint(self) -> str:
        """A hash of the settings that change what the parser produces (cache key part)."""
        data = self.relations.model_dump_json() + self.map_document
        return hashlib.sha256(data.encode()).hexdigest()[:16]


def valid_keys() -> list[str]:
    return sorted(field.alias or name for name, field in Config.model_fields.items())


def config_from_mapping(data: dict[str, Any], source: str) -> Config:
    unknown = sorted(set(data) - set(valid_keys()) - set(Config.model_fields))
    if unknown:
        raise ConfigError(
            f"{source}: unknown key `{unknown[0]}` in [tool.mbtool]; valid keys: {', '.join(valid_keys())}"
        )
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise ConfigError(f"{source}: invalid value for `{where}`: {first['msg']}") from None


def find_config_file(start: Path) -> Path | None:
    """The nearest `mbtool.toml`, or `pyproject.toml` holding `[tool.mbtool]`, from `start` up."""
    for folder in (start, *start.parents):
        candidate = folder / "mbtool.toml"
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _tool_table(pyproject) is not None:
            return pyproject
        if (folder / ".git").exists():
            return None
    return None


def load_config(path: Path | None) -> Config:
    if path is None:
        return Config()
    data = _read_toml(path) if path.name == "mbtool.toml" else (_tool_table(path) or {})
    config = config_from_mapping(data, path.name)
    if config.bank is not None:
        folder = path.parent.resolve()
        bank = (folder / config.bank).resolve()
        if bank != folder and folder not in bank.parents:
            raise ConfigError(
                f'{path.name}: `bank = "{config.bank}"` leads outside the project (through a link); '
                "the bank must be a folder inside it"
            )
    return config


def _tool_table(pyproject: Path) -> dict[str, Any] | None:
    table = _read_toml(pyproject).get("tool", {}).get("mbtool")
    return table if isinstance(table, dict) else None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path.name}: cannot read configuration: {exc}") from None
