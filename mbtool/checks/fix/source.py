"""A document's current text, with the coordinates the parser used (1-based lines/columns)."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from mbtool.analysis import Analysis
from mbtool.checks.diagnostics import TextEdit
from mbtool.parse.decode import BOM, split_lines
from mbtool.reading.bank import Bank


@dataclass
class Source:
    """Text without BOM, split as the parser splits it; `eol` is the file's line ending."""

    path: str
    text: str
    bom: bool = False
    lines: list[str] = field(init=False)
    starts: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.lines = split_lines(self.text)
        self.starts = [0]
        for line in self.lines:
            self.starts.append(self.starts[-1] + len(line))

    @property
    def eol(self) -> str:
        return "\r\n" if "\r\n" in self.text else "\n"

    @property
    def line_count(self) -> int:
        return len(self.lines)

    def line(self, number: int) -> str:
        """Line `number` (1-based) without its line ending; "" past the end."""
        if not 1 <= number <= len(self.lines):
            return ""
        return self.lines[number - 1].rstrip("\r\n")

    def offset(self, line: int, column: int = 1) -> int:
        """Character offset of (line, column); line `line_count + 1` is the end of the text."""
        if line > len(self.lines):
            return len(self.text)
        return self.starts[max(line, 1) - 1] + column - 1

    def line_end(self, line: int) -> int:
        """Offset just before line `line`'s ending."""
        return self.offset(line) + len(self.line(line))

    def after_line(self, line: int) -> int:
        """Offset of the start of the next line (end of text for the last line)."""
        return self.starts[min(line, len(self.lines))]

    def position(self, offset: int) -> tuple[int, int]:
        index = bisect_right(self.starts, offset) - 1
        index = min(index, len(self.lines))
        return index + 1, offset - self.starts[index] + 1

    def edit(self, start: int, end: int, new_text: str) -> TextEdit:
        """A character-range `TextEdit` from offsets; `new_text` uses `\\n`."""
        start_line, start_column = self.position(start)
        end_line, end_column = self.position(end)
        return TextEdit(
            path=self.path,
            start_line=start_line,
            start_column=start_column,
            end_line=end_line,
            end_column=end_column,
            new_text=new_text,
        )

    def span(self, edit: TextEdit) -> tuple[int, int] | None:
        """Offsets of an edit, or None when it does not fit this text."""
        if edit.start_column is not None and edit.end_column is not None:
            start = self.offset(edit.start_line, edit.start_column)
            end = self.offset(edit.end_line, edit.end_column)
        else:
            start = self.offset(edit.start_line)
            end = self.offset(edit.end_line + 1) if edit.end_line >= edit.start_line else start
        if not 0 <= start <= end <= len(self.text) or edit.start_line < 1:
            return None
        return start, end

    def encode(self, text: str) -> bytes:
        return ((BOM if self.bom else "") + text).encode("utf-8")


def read_source(bank: Bank, path: str) -> Source | None:
    """A readable document's text from the bank's one read (None when it cannot be edited)."""
    raw = bank.read(path)
    document = bank.documents.get(path)
    if raw is None or document is None or not document.readable:
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return Source(path, text.removeprefix(BOM), bom=text.startswith(BOM))


def source_of(analysis: Analysis, path: str) -> Source | None:
    """The text fix planners edit: the bytes read when the bank was loaded. The writer checks
    them against the file again just before replacing it, so an edit saved meanwhile wins."""
    return read_source(analysis.bank, path)
