"""Writing a brief to a file so that a reader never sees half of one."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def _mode_for(target: Path) -> int:
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        mask = os.umask(0)  # read the umask (there is no other way), then put it back
        os.umask(mask)
        return 0o666 & ~mask


def write_atomic(path: str | os.PathLike, text: str) -> None:
    """Write `text` to `path` through a temporary file beside it and a rename: readers see the
    old file or the new one, never a mix, even when two runs write at once. The file keeps the
    mode of the one it replaces (a new one gets the usual mode under the umask, e.g. 0644), so
    a mailer or web server that could read the last brief can read this one."""
    target = Path(path)
    descriptor, temporary = tempfile.mkstemp(dir=target.parent or Path("."), prefix=f".{target.name}.", suffix=".tmp")
    try:
        os.fchmod(descriptor, _mode_for(target))
        with os.fdopen(descriptor, "w", encoding="utf-8", errors="backslashreplace") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
