"""Writing an output file safely, the way git and pip do.

- A regular file (or a new one) is written to a temporary file beside it, flushed to disk
  and renamed over it: a reader, a crash or a full disk never sees half a file. A new file
  gets the umask's mode, an existing one keeps its mode.
- A symlink is followed: its target is replaced that way and the link itself is kept.
- A device (/dev/null, /dev/stdout), a FIFO or a socket is opened and written in place,
  never replaced. "-" means standard output.
- Whatever the operating system refuses (no permission, read-only file system, no space,
  no such directory) is an OutputError: one line naming the path and the reason.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path

from summarizer._errors import OutputError

STDOUT = "-"
# Where the kernel makes magic links (/dev/stdout -> /proc/self/fd/1 -> a pipe or a tty):
# such a path is opened as it is, never resolved and replaced.
_KERNEL_TREES = ("/proc/", "/dev/")
_NEW_FILE_MODE = 0o666  # minus the umask, applied by the kernel


def write_text(
    path: str | Path, text: str | bytes, what: str = "--output", *, sync_directory: bool = True
) -> None:
    """Write TEXT (UTF-8, or bytes already encoded) to PATH as the module's docstring says;
    WHAT names the option. SYNC_DIRECTORY=False leaves the rename's durability to the
    caller, who fsyncs the directory once for many files (a batch's group commit)."""
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    try:
        if str(path) == STDOUT:
            _write_standard_output(data.decode("utf-8"))
            return
        target, status = _located(Path(path))  # its stat answers every question below
        if status is not None and _is_standard_output(status):
            _write_standard_output(data.decode("utf-8"))
        elif _written_in_place(Path(path), target, status):
            _write_in_place(Path(path), data)
        else:
            _replace(target, data, status)
            if sync_directory:
                sync_directory_of(target)
    except OSError as error:
        raise _output_error(path, what, error) from None


def check_writable(path: str | Path, what: str = "--output") -> None:
    """Fail now, before a run whose results would have nowhere to go, if PATH cannot be written.

    A regular file's directory is tried for real (a temporary file is made and removed):
    permission bits say nothing of a read-only mount, of /proc, or of running as root."""
    if str(path) == STDOUT:
        return
    try:
        target, status = _located(Path(path))
        if _written_in_place(Path(path), target, status):
            _check_in_place(Path(path))
        else:
            _check_replaceable(target)
    except OSError as error:
        raise _output_error(path, what, error) from None


def _located(path: Path) -> tuple[Path, os.stat_result | None]:
    """What writing PATH replaces, and its stat (None: nothing there yet). A symlink is
    followed to its target; anything else is written where it is, whatever links its
    directories go through (the temporary file sits beside it: the rename stays within
    one directory). One lstat for a plain path, instead of resolving every component."""
    status = _status(path, os.lstat)
    if status is None or not stat.S_ISLNK(status.st_mode):
        return path, status
    return Path(os.path.realpath(path)), _status(path)


def _status(
    path: Path, stat_of: Callable[[Path], os.stat_result] = os.stat
) -> os.stat_result | None:
    """PATH's stat, or None when nothing is there (a new file, or a dangling link)."""
    try:
        return stat_of(path)
    except OSError:
        return None


def _write_standard_output(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def _is_standard_output(status: os.stat_result) -> bool:
    """Whether STATUS is of where standard output goes (/dev/stdout, /dev/fd/1): written
    through it, so a shell's `>>` appends instead of being truncated by a second open."""
    try:
        return os.path.samestat(status, os.fstat(sys.stdout.fileno()))
    except (OSError, ValueError):  # stdout is no file (captured in tests)
        return False


def _output_error(path: str | Path, what: str, error: OSError) -> OutputError:
    reason = error.strerror or str(error)
    where = "standard output" if str(path) == STDOUT else str(path)
    return OutputError(f"{where}: cannot write {what} there ({reason})")


def _written_in_place(path: Path, target: Path, status: os.stat_result | None) -> bool:
    """Whether PATH (TARGET once its link is followed, whose stat is STATUS) is a device,
    FIFO or socket (or a kernel path): opened, never replaced."""
    if os.path.abspath(path).startswith(_KERNEL_TREES) or str(target).startswith(_KERNEL_TREES):
        return True
    if status is None:
        return False  # nothing there yet (or a dangling link): a new regular file
    return not (stat.S_ISREG(status.st_mode) or stat.S_ISDIR(status.st_mode))


def _write_in_place(path: Path, data: bytes) -> None:
    # Opening a FIFO waits for its reader, as `echo text > fifo` does.
    with path.open("wb") as handle:
        handle.write(data)


def _check_in_place(path: Path) -> None:
    if path.exists():
        # Never opened here: opening a FIFO blocks until a reader comes.
        if not os.access(path, os.W_OK):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
        return
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _NEW_FILE_MODE))
    os.unlink(path)


def _check_replaceable(target: Path) -> None:
    _check_not_directory(target, _status(target))
    descriptor, temporary = _create_temporary(target, _NEW_FILE_MODE)
    os.close(descriptor)
    os.unlink(temporary)


def _replace(target: Path, data: bytes, status: os.stat_result | None) -> None:
    """TARGET (whose stat is STATUS) atomically replaced by DATA, flushed to disk, with the
    mode it should have."""
    _check_not_directory(target, status)
    descriptor, temporary = _create_temporary(target, _NEW_FILE_MODE)
    try:
        try:
            _write_all(descriptor, data)
            if status is not None:  # an existing file keeps its mode
                os.fchmod(descriptor, stat.S_IMODE(status.st_mode))
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _write_all(descriptor: int, data: bytes) -> None:
    """DATA written to DESCRIPTOR with system calls alone (no buffered file object)."""
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]


def _check_not_directory(target: Path, status: os.stat_result | None) -> None:
    if status is not None and stat.S_ISDIR(status.st_mode):
        raise IsADirectoryError(errno.EISDIR, "it is a directory; give a file name")


def _create_temporary(target: Path, mode: int) -> tuple[int, str]:
    """A new file beside TARGET, created with MODE so that the kernel applies the umask
    (tempfile.mkstemp would make it 0600 whatever the umask says)."""
    for _ in range(100):
        name = str(target.parent / f".{target.name}.{os.urandom(4).hex()}.tmp")
        try:
            return os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode), name
        except FileExistsError:
            continue
        except (FileNotFoundError, NotADirectoryError):  # the directory is missing
            raise FileNotFoundError(errno.ENOENT, f"no such directory: {target.parent}") from None
    raise FileExistsError(errno.EEXIST, f"no free temporary name beside {target}")


def sync_directory_of(target: Path) -> None:
    """Make a rename to TARGET durable (fsync its directory). Some file systems cannot
    fsync a directory; the file is already complete and in place then: no error."""
    directory = target.parent
    with contextlib.suppress(OSError):
        descriptor = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
