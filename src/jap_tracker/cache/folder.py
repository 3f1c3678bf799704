"""The cache's own folder, trusted only when it is this user's: a directory owned by the user and
writable by no one else, opened without following a symbolic link, and every file in it reached
through that open folder (never by a path that could be swapped). Each entry is authenticated
with a key of the folder's own (``.key``, 32 random bytes, mode 0600): keyed BLAKE2b, a MAC, so
a file that anyone else wrote is never believed. Temporary files get unguessable names and are
created exclusively, never through a link. A folder that is not the user's is not used at all.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

KEY_NAME = ".key"
KEY_SIZE = 32
TAG_SIZE = 32
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_BINARY = getattr(os, "O_BINARY", 0)
# Where files can be named relative to an open folder (POSIX); elsewhere (Windows) by path.
_BY_FD = os.open in os.supports_dir_fd and os.name == "posix"


_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _BINARY  # only a file made here


def _write_new(where: str, data: bytes, fd: dict[str, int]) -> None:
    """Create ``where`` (relative to the folder's descriptor that ``fd`` passes, if any)
    exclusively, never through a link, mode 0600, and write ``data`` whole; a file that
    could not be written whole is removed. A name already taken fails, and is left alone."""
    handle = os.open(where, _NEW, 0o600, **fd)
    try:
        with open(handle, "wb", closefd=False) as file:
            file.write(data)
    except BaseException:
        os.close(handle)
        with contextlib.suppress(OSError):
            os.unlink(where, **fd)
        raise
    os.close(handle)


def owned(st: os.stat_result) -> bool:
    """A directory of this user that group and others cannot write (no such rule on Windows)."""
    if not hasattr(os, "getuid"):
        return stat.S_ISDIR(st.st_mode)
    return stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid() and not st.st_mode & 0o022


def mac(key: bytes, data: bytes | memoryview) -> bytes:
    """The tag of ``data`` under ``key``: keyed BLAKE2b (a MAC; no hmac or OpenSSL to load)."""
    try:
        from _blake2 import blake2b
    except ImportError:  # an interpreter without the module
        from hashlib import blake2b
    return blake2b(data, key=key, digest_size=TAG_SIZE).digest()


def same(a: bytes, b: bytes) -> bool:
    """Compare tags in constant time."""
    try:
        from _operator import _compare_digest as compare
    except ImportError:  # another interpreter
        from hmac import compare_digest as compare  # type: ignore[no-redef]
    return bool(compare(a, b))


class Folder:
    """One workspace's cache folder. ``open_fd`` checks it once; ``trusted`` turns False for
    good when it is not the user's (the command then runs uncached)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.trusted = True
        self._fd: int | None = None
        self._key: bytes | None = None

    def __del__(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(Exception):
                os.close(self._fd)

    # ---- the folder ----------------------------------------------------------------------

    def open_fd(self, create: bool) -> bool:
        """Whether the folder is open and the user's own (made first when ``create``)."""
        if not self.trusted:
            return False
        if self._fd is not None:
            return True
        if create:
            self._make()
        if not _BY_FD:
            try:
                st = os.lstat(self.path)
            except OSError:
                return False
            if stat.S_ISLNK(st.st_mode) or not owned(st):
                self.trusted = False
            return self.trusted
        try:
            fd = os.open(self.path, os.O_RDONLY | _NOFOLLOW | _DIRECTORY)
        except FileNotFoundError:
            return False
        except OSError:  # a symbolic link (ELOOP), a file, no permission: not ours to use
            self.trusted = False
            return False
        if not owned(os.fstat(fd)) or not self._parent_ours():
            os.close(fd)
            self.trusted = False
            return False
        self._fd = fd
        return True

    def _parent_ours(self) -> bool:
        """The folder that holds the workspaces' folders is the user's too. jap's own default
        (``jap-tracker``, ``jap-tracker-<uid>``) is set back to 0700 when it is the user's."""
        parent = self.path.parent
        try:
            st = os.stat(parent)
            if owned(st):
                return True
            mine = hasattr(os, "getuid") and st.st_uid == os.getuid()
            if mine and stat.S_ISDIR(st.st_mode) and parent.name.startswith("jap-tracker"):
                os.chmod(parent, 0o700)
                return owned(os.stat(parent))
        except OSError:
            pass
        return False

    def _make(self) -> None:
        """Create the missing folders of the path, each 0700, each checked (lstat) to be a
        directory of the user's that is not a link once made."""
        missing: list[Path] = []
        probe = self.path
        while not os.path.lexists(probe) and probe.parent != probe:
            missing.append(probe)
            probe = probe.parent
        for folder in reversed(missing):
            try:
                os.mkdir(folder, 0o700)
            except FileExistsError:
                pass
            except OSError:
                return
            st = os.lstat(folder)
            if stat.S_ISLNK(st.st_mode) or not owned(st):
                self.trusted = False
                return

    # ---- files in it -----------------------------------------------------------------------

    def _where(self, name: str) -> tuple[str, dict[str, int]]:
        if _BY_FD and self._fd is not None:
            return name, {"dir_fd": self._fd}
        return str(self.path / name), {}

    def read(self, name: str) -> bytes | None:
        """The bytes of ``name`` (never through a link), or None."""
        if not self.open_fd(create=False):
            return None
        where, fd = self._where(name)
        try:
            handle = os.open(where, os.O_RDONLY | _NOFOLLOW | _BINARY, **fd)
        except OSError:
            return None
        try:
            with open(handle, "rb", closefd=False) as file:
                return file.read()
        except OSError:
            return None
        finally:
            os.close(handle)

    def write(self, name: str, data: bytes) -> None:
        """Write ``name`` whole: a new file with an unguessable name, created exclusively and
        never through a link, moved over the old one. OSError when it cannot be done."""
        if not self.open_fd(create=True):
            raise OSError(f"{self.path} is not this user's own cache folder")
        tmp = f".{name}.{os.urandom(8).hex()}.tmp"
        where, fd = self._where(tmp)
        _write_new(where, data, fd)
        try:
            target, _ = self._where(name)
            os.replace(where, target, src_dir_fd=fd.get("dir_fd"), dst_dir_fd=fd.get("dir_fd"))
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(where, **fd)
            raise

    def create(self, name: str, data: bytes) -> bool:
        """Create ``name`` with ``data`` unless it exists (whole or not at all: written under
        an unguessable name, then linked into place, which fails when the name is taken)."""
        if not self.open_fd(create=True):
            return False
        tmp = f".{name}.{os.urandom(8).hex()}.tmp"
        where, fd = self._where(tmp)
        target, _ = self._where(name)
        try:
            _write_new(where, data, fd)
            try:
                os.link(where, target, src_dir_fd=fd.get("dir_fd"), dst_dir_fd=fd.get("dir_fd"))
            except FileExistsError:
                return False
            except OSError:  # no hard links here: created in place, exclusively
                _write_new(target, data, fd)
        except OSError:
            return False
        finally:
            with contextlib.suppress(OSError):
                os.unlink(where, **fd)
        return True

    def _entries(self) -> Iterator[os.DirEntry[str]]:
        """Each entry of the folder (none when it is not open and the user's own)."""
        if not self.open_fd(create=False):
            return
        target: int | Path = self._fd if _BY_FD and self._fd is not None else self.path
        with os.scandir(target) as entries:
            yield from entries

    def names(self) -> Iterator[tuple[str, bool]]:
        """(name, is a regular file, links not followed) of each entry of the folder."""
        for entry in self._entries():
            yield entry.name, entry.is_file(follow_symlinks=False)

    def newest(self, prefix: str) -> list[str]:
        """The regular files whose names start with ``prefix``, the last modified first."""
        found = [
            (entry.stat(follow_symlinks=False).st_mtime_ns, entry.name)
            for entry in self._entries()
            if entry.name.startswith(prefix) and entry.is_file(follow_symlinks=False)
        ]
        return [name for _, name in sorted(found, reverse=True)]

    def unlink(self, name: str) -> None:
        """Remove ``name`` from the folder (a link itself, never what it points to)."""
        where, fd = self._where(name)
        os.unlink(where, **fd)

    # ---- the key ---------------------------------------------------------------------------

    def key(self, create: bool) -> bytes | None:
        """The folder's key (made when missing and ``create``); None when there is none that
        is the user's own (a regular file of the user's, 0600 at most, of the right size)."""
        if self._key is not None:
            return self._key
        if not self.open_fd(create=create):
            return None
        key = self._read_key()
        if key is None and create and not self.create(KEY_NAME, os.urandom(KEY_SIZE)):
            key = self._read_key()  # another jap made it just now
            if key is None:  # a damaged key in the user's own folder: a new one
                with contextlib.suppress(OSError):
                    self.unlink(KEY_NAME)
                self.create(KEY_NAME, os.urandom(KEY_SIZE))
        if key is None and create:
            key = self._read_key()
        self._key = key
        return key

    def _read_key(self) -> bytes | None:
        where, fd = self._where(KEY_NAME)
        try:
            handle = os.open(where, os.O_RDONLY | _NOFOLLOW | _BINARY, **fd)
        except OSError:
            return None
        try:
            st = os.fstat(handle)
            if not stat.S_ISREG(st.st_mode) or st.st_size != KEY_SIZE:
                return None
            if hasattr(os, "getuid") and (st.st_uid != os.getuid() or st.st_mode & 0o077):
                return None
            key = os.read(handle, KEY_SIZE + 1)
        except OSError:
            return None
        finally:
            os.close(handle)
        return key if len(key) == KEY_SIZE else None
