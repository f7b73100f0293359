"""Shared read-only DuckDB connections: one per file for the whole process, a cursor of it per read-only Store."""

from __future__ import annotations

import atexit
import threading
import time
from pathlib import Path

import duckdb

from ... import config
from .. import concurrency
from ..concurrency import StoreUnavailable


class ConnectionPool:
    """One read-only DuckDB connection per file for the whole process; each read-only Store gets a cursor of it.

    Opening a store costs far more than a cursor, and a page makes a dozen cached calls per filter change. Writers never
    open the file itself (they rename a new version over it, see `concurrency`), so a reader never waits for an import.
    The connection is reopened when the file changes: at once when no query runs on it, else after the running queries
    end (at most `DRAIN_S`; meanwhile, and for a thread already reading it, the version it holds is served, whole and
    consistent: DuckDB caches a database by its path, so the new version can only be opened once the old one is closed).
    It is closed after `IDLE_S` seconds unused, which frees the disk space of a version that was replaced."""

    IDLE_S = 2.0
    DRAIN_S = 5.0
    #: After a reader gave up on a file held by another program, the next ones try once, without waiting, for this
    #: long: a page makes a dozen calls, and one wait is enough to know.
    REFUSED_S = 10.0

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._open: dict[Path, tuple[tuple, duckdb.DuckDBPyConnection]] = {}
        self._users: dict[Path, int] = {}
        self._timers: dict[Path, threading.Timer] = {}
        self._mine = threading.local()  # path → cursors this thread holds
        self._refused: dict[Path, float] = {}  # path → when a reader last gave up waiting for it

    @staticmethod
    def _key(path: Path) -> tuple:
        stat = path.stat()
        return stat.st_ino, stat.st_mtime_ns, stat.st_size

    def cursor(self, path: Path) -> tuple[duckdb.DuckDBPyConnection, tuple]:
        """A cursor of the shared connection and the state of the file it reads (path, inode, mtime, size).
        Raises StoreUnavailable when the file is missing, or held for writing by another program for longer than
        `config.read_wait_s()`."""
        path = Path(path).resolve()
        with self._lock:
            if not path.exists():
                raise StoreUnavailable("missing", path)
            key = self._key(path)
            held = self._open.get(path)
            if held and held[0] != key and not self._mine_count(path):
                self._lock.wait_for(lambda: not self._users.get(path), timeout=self.DRAIN_S)
                held = self._open.get(path)
            if held and held[0] != key and not self._users.get(path):
                self._close(path)
                held = None
            if held is None:
                held = self._open[path] = (key, self._connect(path, self._wait_s(path)))
            timer = self._timers.pop(path, None)
            if timer:
                timer.cancel()
            self._users[path] = self._users.get(path, 0) + 1
            self._mine.__dict__[path] = self._mine_count(path) + 1
            return held[1].cursor(), (path, *held[0])

    def _mine_count(self, path: Path) -> int:
        return self._mine.__dict__.get(path, 0)

    def _wait_s(self, path: Path) -> float:
        refused = self._refused.get(path)
        recently = refused is not None and time.monotonic() - refused < self.REFUSED_S
        return 0.0 if recently else config.read_wait_s()

    def _connect(self, path: Path, wait_s: float) -> duckdb.DuckDBPyConnection:
        """Open read-only; a program holding the file for writing (a DuckDB shell, an older version of this
        dashboard) is waited for `wait_s` seconds, then named in a StoreUnavailable."""
        deadline = time.monotonic() + wait_s
        while True:
            try:
                con = duckdb.connect(str(path), read_only=True)
                self._refused.pop(path, None)
                return con
            except duckdb.Error as exc:
                explained = concurrency.explain(exc, path)
                if explained is None:
                    raise
                if explained.reason != "locked" or time.monotonic() >= deadline:
                    self._refused[path] = time.monotonic()
                    raise explained from exc
            time.sleep(0.2)

    def done(self, path: Path) -> None:
        path = Path(path).resolve()
        with self._lock:
            self._mine.__dict__[path] = max(0, self._mine_count(path) - 1)
            self._users[path] = max(0, self._users.get(path, 0) - 1)
            if not self._users[path]:
                self._lock.notify_all()
                if path in self._open:
                    timer = self._timers[path] = threading.Timer(self.IDLE_S, self._idle, args=(path,))
                    timer.daemon = True
                    timer.start()

    def _idle(self, path: Path) -> None:
        with self._lock:
            if not self._users.get(path):
                self._close(path)

    def close_all(self) -> None:
        """Close every shared connection and stop their idle timers (at exit: a timer firing while the interpreter
        shuts down would close a connection from a thread that is being torn down, and abort the process)."""
        with self._lock:
            for path in list(self._open):
                self._close(path)

    def _close(self, path: Path) -> None:
        timer = self._timers.pop(path, None)
        if timer:
            timer.cancel()
        held = self._open.pop(path, None)
        if held:
            held[1].close()


READERS = ConnectionPool()
atexit.register(READERS.close_all)
