"""Keeping secrets out of transcripts: values of secret-named variables become `***`."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

MASK = "***"
MIN_SECRET_LENGTH = 4  # shorter values ("1", "yes") would mask ordinary output
_SECRET_NAME = re.compile(
    r"TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|KEY|CREDENTIAL|AUTH|PRIVATE|COOKIE|SESSION|CERT",
    re.IGNORECASE,
)


def is_secret_name(name: str) -> bool:
    return _SECRET_NAME.search(name) is not None


def secret_values(*sources: Mapping[str, str]) -> tuple[str, ...]:
    """Values of secret-named variables, longest first so a value containing another masks whole."""
    values = {
        value
        for source in sources
        for name, value in source.items()
        if is_secret_name(name) and len(value) >= MIN_SECRET_LENGTH
    }
    return tuple(sorted(values, key=len, reverse=True))


def mask(text: str, secrets: Iterable[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, MASK)
    return text


def masked_env(env: Mapping[str, str], secrets: Iterable[str]) -> dict[str, str]:
    """The variables as recorded: secret-named ones hidden, others with secrets masked."""
    known = tuple(secrets)
    return {name: MASK if is_secret_name(name) else mask(value, known) for name, value in env.items()}
