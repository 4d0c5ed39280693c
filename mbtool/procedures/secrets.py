"""Keeping secrets out of transcripts: values of secret-named variables become `***`.

Three nets, because a name is not the only sign of a secret: the values of variables whose
names look secret (and every value passed with `--env`), replaced wherever they appear;
text shaped like a well-known token (GitHub, AWS, Slack, GitLab, OpenAI-style keys, Google
API keys, PEM private keys); and the password in a URL (`https://user:pass@host`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

MASK = "***"
TOKEN_SHAPES = re.compile(
    r"\bgh[pousr]_[A-Za-z0-9]{36,255}\b"
    r"|\bgithub_pat_[A-Za-z0-9_]{22,255}\b"
    r"|\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"
    r"|\bxox[abeprs]-[A-Za-z0-9-]{10,}"
    r"|\bglpat-[A-Za-z0-9_-]{20,}"
    r"|\bsk-[A-Za-z0-9_-]{20,}"
    r"|\bAIza[0-9A-Za-z_-]{35}\b"
    r"|-----BEGIN [A-Z ]*PRIVATE KEY-----.*?(?:-----END [A-Z ]*PRIVATE KEY-----|\Z)",
    re.DOTALL,
)
# scheme://user:password@ — the password (up to the `@`) is masked, the user and host kept.
URL_CREDENTIALS = re.compile(r"(?P<head>\b[A-Za-z][A-Za-z0-9+.-]*://[^\s/:@]*:)[^\s/@]+@")
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
    """`text` with every known secret, token-shaped string and URL password replaced by `***`."""
    for secret in secrets:
        text = text.replace(secret, MASK)
    text = TOKEN_SHAPES.sub(MASK, text)
    return URL_CREDENTIALS.sub(lambda match: f"{match['head']}{MASK}@", text)


def masked_env(env: Mapping[str, str], secrets: Iterable[str], hidden: Iterable[str] = ()) -> dict[str, str]:
    """The variables as recorded: secret-named ones and those named in `hidden` (the `--env`
    variables) shown as `***`, others with secrets masked."""
    known, always = tuple(secrets), set(hidden)
    return {
        name: MASK if is_secret_name(name) or name in always else mask(value, known)
        for name, value in env.items()
    }
