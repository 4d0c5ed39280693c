"""How much an agent pays to read a text: a token estimate that needs no model.

Tokenizers differ between models and none ships with mbtool, so sizes are estimated with
the usual rule of thumb for English prose: one token per four characters (Unicode code
points), rounded up. Code, tables and non-English text take more tokens than this; the
estimate is for choosing what to read and for budgets, not for billing.
"""

from __future__ import annotations

from mbtool.reading.bank import Bank

CHARS_PER_TOKEN = 4
RULE = "estimated as characters ÷ 4, rounded up (no tokenizer; code and non-English text run higher)"


def estimate_tokens(text: str) -> int:
    """The estimated token count of `text` (0 for an empty text)."""
    return -(-len(text) // CHARS_PER_TOKEN)


def document_tokens(bank: Bank, path: str) -> int | None:
    """The estimated tokens of a readable document as loaded, else None."""
    text = bank.text(path)
    return estimate_tokens(text) if text is not None else None


def approx(tokens: int) -> str:
    """`tokens` rounded to one significant figure (`2,000`, `300`, `40`): a size that stays
    the same through small edits, for places that must not change on every keystroke."""
    if tokens < 10:
        return str(tokens)
    magnitude = 10 ** (len(str(tokens)) - 1)
    rounded = (tokens + magnitude // 2) // magnitude * magnitude
    return f"{rounded:,}"
