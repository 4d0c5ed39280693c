"""The bank as a long-running server sees it: analysed again whenever a file changes.

Before every answer the server lists the bank and compares each document's modification
time and size (and the configuration file's, and the date) with the last analysis. Any
difference re-reads the bank; the parse cache makes that cheap, since only changed files
are parsed again. A lock keeps concurrent tool calls from analysing twice. Nothing here
writes to the bank.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from pathlib import Path

from mbtool.analysis import Analysis
from mbtool.reading.bank import load_bank
from mbtool.reading.discover import Location, list_documents, locate

Stamp = tuple[object, ...]


class LiveBank:
    def __init__(self, location: Location) -> None:
        self.location = location
        self._lock = threading.Lock()
        self._stamp: Stamp | None = None
        self._analysis: Analysis | None = None
        self.loads = 0  # how many times the bank was analysed (for tests and logs)

    def current(self) -> Analysis:
        """The analysis of the bank as it is now on disk."""
        with self._lock:
            stamp = self._stamp_now()
            if self._analysis is None or stamp != self._stamp:
                if self._stamp is not None and stamp[1] != self._stamp[1]:
                    self.location = locate(str(self.location.bank))  # the configuration changed
                self._analysis = Analysis(load_bank(self.location), today=dt.date.today())
                self._stamp = stamp
                self.loads += 1
            return self._analysis

    def _stamp_now(self) -> Stamp:
        files = tuple((relative, _stat(path)) for relative, path in list_documents(self.location).files)
        config = self.location.config_path
        return (dt.date.today(), _stat(config) if config is not None else None, files)


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_mtime_ns, status.st_size)
