"""How importers and readers share a DuckDB store file, and what a user is told when the store cannot be used.

DuckDB lets one process write a file, and no other process open it at all meanwhile. So no writer ever opens the
file the dashboard reads: a writer takes `<file>.lock` (an exclusive `flock`, so writers take turns, across
processes and threads), copies the file to `<file>.writing-<pid>`, writes there, checkpoints, syncs it to disk
and renames it over the file (atomic). Readers open the file read-only, never wait for a writer, and keep the
version they opened until they reopen (`ConnectionPool`): a killed writer leaves the file as it was, and its
leftover copy is removed by the next writer.

`StoreUnavailable` carries the reason (busy, locked, full, read-only, missing) and says it in the user's
language; `explain` recognises those causes in DuckDB's, the operating system's and PostgreSQL's errors.
"""

from __future__ import annotations

import contextlib
import contextvars
import errno
import logging
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from .. import config
from ..errors import InputError
from ..i18n import t

try:
    import fcntl
except ImportError:  # Windows: a byte-range lock on the lock file instead of flock
    import msvcrt

    fcntl = None

log = logging.getLogger(__name__)

#: Called with the seconds a writer will wait at most when another import holds the lock (the CLI prints a line,
#: the Data page shows a notice); set with `waiting_notice`.
_ON_WAIT: contextvars.ContextVar[Callable[[float], None] | None] = contextvars.ContextVar("kkb_on_wait", default=None)


class StoreUnavailable(InputError):
    """The store cannot be used now, or at all: `reason` is busy, locked, full, read_only or missing.

    An InputError (a sentence for the user, never a traceback); `text(lang)` says it in the user's language."""

    def __init__(self, reason: str, target: object, *, seconds: float = 0, detail: str = ""):
        self.reason, self.target, self.seconds, self.detail = reason, str(target), seconds, detail
        super().__init__(self.text("id"))

    def text(self, lang: str) -> str:
        """The message in `lang`, with the technical cause in brackets when there is one."""
        message = t(f"store.{self.reason}", lang, path=self.target, seconds=round(self.seconds))
        return f"{message} ({self.detail})" if self.detail else message


@contextlib.contextmanager
def waiting_notice(callback: Callable[[float], None]) -> Iterator[None]:
    """Call `callback(seconds)` when a write in this block has to wait for another import."""
    token = _ON_WAIT.set(callback)
    try:
        yield
    finally:
        _ON_WAIT.reset(token)


# --- what went wrong ------------------------------------------------------------------------------------------

_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
_READ_ONLY = (errno.EROFS, errno.EACCES, errno.EPERM)
#: PostgreSQL SQLSTATEs: disk full, out of memory in the server, read-only transaction, lock not available.
_SQLSTATES = {"53100": "full", "25006": "read_only", "55P03": "busy"}


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def _reason(exc: BaseException) -> str | None:
    if isinstance(exc, StoreUnavailable):
        return exc.reason
    text = str(exc)
    code = getattr(exc, "errno", None)
    if code in _FULL or "No space left on device" in text or "Disk quota exceeded" in text:
        return "full"
    if code in _READ_ONLY or "Read-only file system" in text or "Permission denied" in text:
        return "read_only"
    if "Could not set lock" in text or "Conflicting lock" in text:
        return "locked"
    return _SQLSTATES.get(getattr(exc, "sqlstate", None) or "")


def explain(exc: BaseException, target: object) -> StoreUnavailable | None:
    """The StoreUnavailable that `exc` (or an error it was raised from or during) amounts to, or None.

    DuckDB reports a full disk and then fails to roll back ("cannot rollback"): the cause is found in the chain."""
    for error in _chain(exc):
        reason = _reason(error)
        if reason:
            if isinstance(error, StoreUnavailable):
                return error
            log.info("store %s unavailable (%s)", target, reason, exc_info=exc)
            return StoreUnavailable(reason, target, detail=_detail(error, reason))
    return None


def _detail(error: BaseException, reason: str) -> str:
    """The operating system's own words for the cause (`No space left on device`), else the error's first line."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    for words in ("No space left on device", "Disk quota exceeded", "Read-only file system", "Permission denied"):
        if words in str(error):
            return words
    return str(error).strip().splitlines()[0][:200] if reason != "locked" else ""


# --- one writer at a time ---------------------------------------------------------------------------------------


def lock_file(path: Path) -> Path:
    """The lock file writers of `path` take turns on."""
    return path.with_name(path.name + ".lock")


@contextlib.contextmanager
def write_lock(path: Path, wait_s: float | None = None) -> Iterator[None]:
    """Hold the exclusive write lock of the store file `path`; wait at most `wait_s` seconds (default
    `config.write_wait_s()`) for another writer, then raise StoreUnavailable("busy")."""
    wait_s = config.write_wait_s() if wait_s is None else wait_s
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(lock_file(path), os.O_RDWR | os.O_CREAT, 0o664)
    except OSError as exc:
        raise explain(exc, path) or exc from exc
    try:
        if not _try_lock(handle):
            log.info("waiting up to %s s for another writer of %s", wait_s, path)
            if (callback := _ON_WAIT.get()) is not None:
                callback(wait_s)
            deadline = time.monotonic() + wait_s
            while not _try_lock(handle):
                if time.monotonic() >= deadline:
                    raise StoreUnavailable("busy", path, seconds=wait_s)
                time.sleep(0.1)
        yield
    finally:
        os.close(handle)  # releases the lock (also when the process dies)


def _try_lock(handle: int) -> bool:
    try:
        if fcntl is None:
            msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
        else:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:  # BlockingIOError with flock; EACCES or EDEADLOCK with msvcrt
        if isinstance(exc, BlockingIOError) or exc.errno in (errno.EACCES, errno.EDEADLK):
            return False
        raise
    return True


def _unlock(handle: int) -> None:
    if fcntl is None:
        msvcrt.locking(handle, msvcrt.LK_UNLCK, 1)
    else:
        fcntl.flock(handle, fcntl.LOCK_UN)


def writing(path: Path) -> bool:
    """Whether a writer holds the lock of `path` right now (a new version of the store is on its way)."""
    try:
        handle = os.open(lock_file(path), os.O_RDONLY)
    except OSError:
        return False
    try:
        if not _try_lock(handle):
            return True
        _unlock(handle)
        return False
    finally:
        os.close(handle)


class FileWriter:
    """A write session on a DuckDB store file: the write lock, a working copy to write in (`work`), and `publish`
    to swap it in, or `abandon` to drop it. The file itself is never opened for writing."""

    def __init__(self, path: Path, wait_s: float | None = None):
        self.path = Path(path)
        self.work = self.path.with_name(f"{self.path.name}.writing-{os.getpid()}-{threading.get_ident()}")
        self._lock = write_lock(self.path, wait_s)
        self._lock.__enter__()
        try:
            _remove_leftovers(self.path)
            if self.path.exists():
                _copy(self.path, self.work)
        except BaseException as exc:
            self.abandon()
            raise explain(exc, self.path) or exc from exc

    def publish(self) -> None:
        """Make the written copy the store: synced to disk first, then renamed over the file (atomic), the folder
        synced so the rename survives a power cut. The caller has checkpointed and closed its connection."""
        try:
            if Path(f"{self.work}.wal").exists():
                raise RuntimeError(f"{self.work}.wal left after closing: the copy is not complete")
            _fsync(self.work)
            os.replace(self.work, self.path)
            _fsync(self.path.parent)
        except BaseException as exc:
            self.abandon()
            raise explain(exc, self.path) or exc from exc
        self._release()

    def abandon(self) -> None:
        """Drop the working copy (the store stays as it was) and let the next writer in."""
        for leftover in (self.work, Path(f"{self.work}.wal")):
            leftover.unlink(missing_ok=True)
        self._release()

    def _release(self) -> None:
        lock, self._lock = self._lock, None
        if lock is not None:
            lock.__exit__(None, None, None)


def _remove_leftovers(path: Path) -> None:
    """Working copies of writers that died (only called while holding the lock, so none is in use)."""
    for leftover in path.parent.glob(f"{path.name}.writing-*"):
        leftover.unlink(missing_ok=True)


def _copy(source: Path, target: Path) -> None:
    """Copy the store (and a write-ahead log a crashed writer of an older version may have left beside it)."""
    shutil.copyfile(source, target)
    wal = Path(f"{source}.wal")
    if wal.exists():
        shutil.copyfile(wal, f"{target}.wal")


def _fsync(path: Path) -> None:
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
