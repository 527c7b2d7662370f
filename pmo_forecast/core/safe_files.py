"""Files written safely: atomically, a pack all at once, never over an input.

* :func:`atomic_path` (and :func:`atomic_write_text`, :func:`atomic_write_bytes`) writes a file
  beside its destination and renames it into place only once it is complete, so an interrupted
  write leaves no partial file and keeps the previous one.
* :class:`PackWriter` stages a pack's files in a temporary folder beside the output and
  renames them into place only once all of them are complete, all or nothing.
* :func:`refuse_inputs_as_outputs` stops an export from overwriting its inputs;
  :func:`sha256_file` records which input a pack was made from.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from .labels import agree


@contextlib.contextmanager
def atomic_path(path):
    """Yield a temporary path beside ``path``; rename it over ``path`` only on success.

    A failure (or interruption) leaves any previous file untouched and no partial file.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; a written pack should read like any file
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def atomic_write_text(path, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` atomically (temporary file, then rename)."""
    with atomic_path(path) as tmp:
        Path(tmp).write_text(text, encoding=encoding, newline="")
    return Path(path)


def atomic_write_bytes(path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (temporary file, then rename)."""
    with atomic_path(path) as tmp:
        Path(tmp).write_bytes(data)
    return Path(path)


def sha256_file(path) -> str:
    """The SHA-256 of a file, read in chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _same_file(a: Path, b: Path) -> bool:
    if a.resolve() == b.resolve():
        return True
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def refuse_inputs_as_outputs(outputs, inputs, *, what: str = "one of the input files",
                             advice: str = "Choose another output folder, so the input data is never "
                                           "overwritten.") -> None:
    """Raise ``ValueError`` when an output path is one of the input files.

    Parameters
    ----------
    outputs : iterable of path
        Every file the export will write (or replace).
    inputs : iterable of path
        Every input file read.
    what, advice : str
        What the inputs are and what to do, as the message says them (a file the export keeps
        apart, such as its forecast history, is an input too).
    """
    inputs = [Path(p) for p in inputs]
    for out in outputs:
        out = Path(out)
        for inp in inputs:
            if _same_file(out, inp):
                raise ValueError(
                    f"refusing to write {out}: it is {what} ({inp}). {advice}")


def _unwritable(out_dir: Path, code: int, why: str) -> OSError:
    return OSError(code, f"cannot write the pack into this folder ({why}); choose another output folder: "
                         "the previous pack there is kept", str(out_dir))


class PackWriter:
    """Stage the pack's files in a temporary folder beside ``out_dir``; move them in on commit.

    Use as a context manager: ``path(name)`` gives the staging path for a file;
    on a clean exit every staged file is renamed into ``out_dir`` (``last``
    renamed last, so a complete workbook marks a complete pack) and files of an
    older pack with ``stale_glob`` that were not rewritten are removed. On any
    exception, including ``KeyboardInterrupt``, the staging folder is deleted and
    ``out_dir`` is left exactly as it was.

    The commit is all or nothing: the files it replaces are first moved aside into the
    staging folder, so a file that cannot be replaced (on Windows, a workbook open in Excel)
    stops it before any is, and a failure puts every one back. An ``OSError`` then names
    the file.
    """

    def __init__(self, out_dir, *, last: str | None = None, stale_glob: str | None = None):
        self.out_dir = Path(out_dir)
        self.last = last
        self.stale_glob = stale_glob
        self.names: list[str] = []
        self.stage: Path | None = None
        self.kept = False  # the staging folder holds files of the previous pack that could not be put back

    def __enter__(self) -> PackWriter:
        self.stage = self.staging(self.out_dir)
        return self

    @staticmethod
    def staging(out_dir) -> Path:
        """A new staging folder in ``out_dir`` (created if missing); an ``OSError`` naming ``out_dir``
        when it cannot be written (a read-only disk, no permission), not the staging folder's name."""
        out_dir = Path(out_dir)
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
            return Path(tempfile.mkdtemp(prefix=".pack-staging-", dir=out_dir))
        except OSError as e:
            raise _unwritable(out_dir, e.errno, e.strerror or str(e)) from None

    @staticmethod
    def check_writable(out_dir) -> None:
        """The ``OSError`` of :meth:`staging`, before any work and without creating anything: the
        folder, or the nearest one above it that exists, must be writable."""
        out_dir = Path(out_dir).absolute()
        existing = next((p for p in (out_dir, *out_dir.parents) if p.exists()), None)
        if existing is not None and not (existing.is_dir() and os.access(existing, os.W_OK | os.X_OK)):
            raise _unwritable(out_dir, errno.EACCES, "it is not a folder" if not existing.is_dir()
                              else f"{existing} cannot be written")

    def path(self, name: str) -> Path:
        """The staging path for output file ``name`` (a bare file name)."""
        if Path(name).name != name:
            raise ValueError(f"pack file names must be bare names, got {name!r}")
        if name not in self.names:
            self.names.append(name)
        return self.stage / name

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                self._commit()
        finally:
            if not self.kept:
                shutil.rmtree(self.stage, ignore_errors=True)

    def _commit(self) -> None:
        missing = [n for n in self.names if not (self.stage / n).exists()]
        if missing:
            raise RuntimeError(f"pack files were never written: {', '.join(missing)}")
        umask = os.umask(0)
        os.umask(umask)
        order = [n for n in self.names if n != self.last] + [n for n in self.names if n == self.last]
        for name in order:
            os.chmod(self.stage / name, 0o666 & ~umask)  # mkdtemp is private; the pack reads like any file
        aside = self.stage / ".previous"  # on the output's file system: every move is a rename
        aside.mkdir()
        moved, placed = [], []
        try:
            for name in order:  # a file another program holds stops the commit here, before any is replaced
                if (self.out_dir / name).is_file() or (self.out_dir / name).is_symlink():  # never a folder
                    os.replace(self.out_dir / name, aside / name)
                    moved.append(name)
            for name in order:
                os.replace(self.stage / name, self.out_dir / name)
                placed.append(name)
        except BaseException as e:  # an interrupt too: the previous pack is put back
            self._put_back(aside, moved, [n for n in placed if n not in moved])
            if isinstance(e, OSError):
                raise OSError(e.errno, f"cannot be replaced ({e.strerror or e}); if it is open in another program "
                                       "(Excel), close it and run again: nothing of the new pack was written, the "
                                       "previous one is kept", str(self.out_dir / name)) from e
            raise
        if self.stale_glob:
            for old in self.out_dir.glob(self.stale_glob):
                if old.name not in self.names and old.is_file():
                    with contextlib.suppress(OSError):
                        old.unlink()

    def _put_back(self, aside: Path, moved: list[str], new: list[str]) -> None:
        """Undo a commit: remove the ``new`` files placed, move the ``moved`` ones back from ``aside``."""
        for name in new:
            with contextlib.suppress(OSError):
                (self.out_dir / name).unlink()
        lost = []
        for name in moved:
            try:
                os.replace(aside / name, self.out_dir / name)
            except OSError:
                lost.append(name)
        if lost:
            self.kept = True  # never deleted with the staging folder
            raise OSError(f"the previous pack's {', '.join(lost)} could not be put back into {self.out_dir}: "
                          f"{agree(len(lost), 'it is', 'they are')} in {aside}")
