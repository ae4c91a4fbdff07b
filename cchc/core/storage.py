"""The file storage of every upload: Django's file system storage that leaves no truncated file behind.

When the disk fills (or a quota is hit) in the middle of a write, the partial file is removed and ``StorageFull``
is raised; ``core.middleware.StorageFullMiddleware`` and the API's exception handler turn it into a clear
Vietnamese message (507), and the transaction around the upload rolls its database rows back.
"""

from __future__ import annotations

import errno
import os
from contextlib import suppress
from typing import Any

from django.core.files.storage import FileSystemStorage

FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


class StorageFull(OSError):
    """No room left to store a file (the partial file has been removed)."""


def is_storage_full(exc: BaseException) -> bool:
    return isinstance(exc, StorageFull) or (isinstance(exc, OSError) and exc.errno in FULL_ERRNOS)


class SafeFileSystemStorage(FileSystemStorage):
    def _save(self, name: str, content: Any) -> str:
        try:
            return super()._save(name, content)
        except OSError as exc:
            if exc.errno not in FULL_ERRNOS and not isinstance(exc, StorageFull):
                raise
            with suppress(OSError):
                os.remove(self.path(name))
            raise StorageFull(exc.errno or errno.ENOSPC, "no space left to store the file") from exc
