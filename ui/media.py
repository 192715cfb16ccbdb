"""Downloads that are still there when the browser comes for them.

Every download button of the app builds its file when clicked (``ui/downloads.py``): the browser
asks over the websocket, the server runs the callable, stores the bytes in Streamlit's in-memory
media storage and answers with a ``/media/...`` address, which the browser then fetches. That file
belongs to no session, so Streamlit's clean-up after a script run — any viewer's run — marks it,
and the clean-up after the next run deletes it (Streamlit 1.67, ``MediaFileManager``). When two
other runs end between the answer and the browser's fetch, the fetch gets 404 and the download
fails ("file not available"). On loopback that window is a millisecond; across an office network
it is a round trip or more, and during a meeting other viewers' runs end every ~150 ms
(``scripts/benchmark_load.py --model tables --fetch-delay 0.2``: 21 of 50 table downloads failed
without this module, none with it).

``DownloadGrace`` keeps a file that Streamlit deletes for ``grace`` seconds more before it is
really dropped; a file stored again in that time (the same bytes and name: the same id) is kept
as new. It wraps the two storage methods the media manager calls (``load_and_get_id`` and
``delete_file``) on Streamlit's one storage object; ``keep_downloads`` installs it at start-up
(``ui/transport.py`` ``server_lifespan``)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

LOGGER = logging.getLogger(__name__)

GRACE_SECONDS = 60.0  # far longer than any browser takes to fetch an address it was just given


class DownloadGrace:
    """Deletions of ``storage`` (a Streamlit ``MediaFileStorage``) take effect ``grace`` seconds late."""

    def __init__(self, storage, grace: float = GRACE_SECONDS, clock: Callable[[], float] = time.monotonic):
        self.storage, self.grace, self._clock = storage, grace, clock
        self._load = storage.load_and_get_id
        self._delete = storage.delete_file
        self._pending: dict[str, float] = {}  # file id -> when Streamlit let go of it
        # Held around a store and around a real deletion, so a file stored again is never
        # deleted by a purge that chose it a moment before.
        self._lock = threading.Lock()

    def install(self) -> DownloadGrace:
        self.storage.load_and_get_id = self.load_and_get_id
        self.storage.delete_file = self.delete_file
        return self

    @property
    def pending(self) -> int:
        """Files Streamlit has let go of that are still kept."""
        with self._lock:
            return len(self._pending)

    def load_and_get_id(self, *args, **kwargs) -> str:
        with self._lock:
            file_id = self._load(*args, **kwargs)
            self._pending.pop(file_id, None)  # stored again: it lives on as a new file
            self._purge()
        return file_id

    def delete_file(self, file_id: str) -> None:
        with self._lock:
            self._pending.setdefault(file_id, self._clock())
            self._purge()

    def _purge(self) -> None:
        """Really delete what was let go of ``grace`` seconds ago (the caller holds the lock)."""
        now = self._clock()
        for file_id in [f for f, since in self._pending.items() if now - since >= self.grace]:
            del self._pending[file_id]
            self._delete(file_id)


def keep_downloads(grace: float = GRACE_SECONDS) -> DownloadGrace | None:
    """Install ``DownloadGrace`` on the running server's media storage (once); None when there is
    no server runtime or its media manager is not the one this was written for."""
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return None
    manager = Runtime.instance().media_file_mgr
    storage = getattr(manager, "_storage", None)  # Streamlit keeps no public handle on it
    if storage is None or not callable(getattr(storage, "delete_file", None)):
        LOGGER.warning("Download files are not kept longer: this Streamlit has no media storage where expected")
        return None
    if isinstance(getattr(storage.delete_file, "__self__", None), DownloadGrace):
        return storage.delete_file.__self__
    return DownloadGrace(storage, grace).install()
