"""ui/media.py: a download file is still there when the browser comes for it, even when other
viewers' runs have ended in between (Streamlit's clean-up deletes it after two run ends)."""

from __future__ import annotations

import time
import urllib.error
import urllib.request

import pytest
from streamlit.runtime.media_file_storage import MediaFileKind, MediaFileStorageError
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from served_app import running_app
from ui.media import DownloadGrace


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def storage():
    return MemoryMediaFileStorage("/media")


@pytest.fixture
def clock():
    return Clock()


def store(storage, data: bytes = b"isi berkas", name: str = "laporan.pdf") -> str:
    return storage.load_and_get_id(data, "application/pdf", MediaFileKind.DOWNLOADABLE, name)


def exists(storage, file_id: str) -> bool:
    try:
        storage.get_file(file_id)
    except MediaFileStorageError:
        return False
    return True


def test_without_the_grace_a_deleted_file_is_gone_at_once(storage):
    file_id = store(storage)
    storage.delete_file(file_id)
    assert not exists(storage, file_id)


def test_a_deleted_file_stays_for_the_grace_period_then_goes(storage, clock):
    grace = DownloadGrace(storage, grace=60, clock=clock).install()
    file_id = store(storage)
    storage.delete_file(file_id)
    assert exists(storage, file_id)
    assert grace.pending == 1
    clock.now += 59.9
    storage.delete_file("another")  # any later call purges what is due: not this one yet
    assert exists(storage, file_id)
    clock.now += 0.1
    store(storage, b"something else", "rekap.xlsx")
    assert not exists(storage, file_id)
    assert grace.pending == 1  # "another", let go of 0,1 s ago


def test_a_file_stored_again_while_kept_lives_on(storage, clock):
    grace = DownloadGrace(storage, grace=60, clock=clock).install()
    file_id = store(storage)
    storage.delete_file(file_id)
    clock.now += 30
    assert store(storage) == file_id  # the same bytes and name: the same file, asked for again
    assert grace.pending == 0
    clock.now += 3600
    store(storage, b"x", "x.csv")
    assert exists(storage, file_id)


def test_deleting_twice_keeps_the_first_moment(storage, clock):
    DownloadGrace(storage, grace=60, clock=clock).install()
    file_id = store(storage)
    storage.delete_file(file_id)
    clock.now += 40
    storage.delete_file(file_id)  # Streamlit's clean-up may let go of it again: the clock does not restart
    clock.now += 20
    storage.delete_file("other")
    assert not exists(storage, file_id)


# --- the real server ----------------------------------------------------------------------------


class Viewer:
    """A browser's websocket to the app, speaking Streamlit's protocol (as scripts/benchmark_load.py)."""

    def __init__(self, url: str, socket):
        self.url, self.socket = url, socket
        self.session_id = ""
        self.page_hash = ""

    def run(self) -> list:
        """Run the default page (first time: by its name; then by its hash); the messages."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        message = BackMsg()
        message.rerun_script.query_string = ""
        if self.page_hash:
            message.rerun_script.page_script_hash = self.page_hash
        else:
            message.rerun_script.page_name = ""
        self.socket.send(message.SerializeToString())
        received, deadline = [], time.monotonic() + 120
        while True:
            forward = ForwardMsg()
            forward.ParseFromString(self.socket.recv(timeout=max(deadline - time.monotonic(), 0.1)))
            received.append(forward)
            kind = forward.WhichOneof("type")
            if kind == "new_session" and forward.new_session.initialize.session_id:
                self.session_id = forward.new_session.initialize.session_id
            elif kind == "navigation":
                self.page_hash = forward.navigation.page_script_hash
            elif kind == "script_finished" and forward.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                return received  # (a first run on a fresh server may rerun itself once: ui/bootstrap.py)

    def file_url(self, button) -> str:
        """Click a download button whose file is built when clicked: the address the server gives."""
        from streamlit.proto.BackMsg_pb2 import BackendOperationRequest, BackMsg, DeferredFileRequestPayload
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        request = BackMsg(
            backend_operation_request=BackendOperationRequest(
                request_id="unduh-1",
                session_id=self.session_id,
                deferred_file=DeferredFileRequestPayload(file_id=button.deferred_file_id),
            )
        )
        self.socket.send(request.SerializeToString())
        deadline = time.monotonic() + 60
        while True:
            forward = ForwardMsg()
            forward.ParseFromString(self.socket.recv(timeout=max(deadline - time.monotonic(), 0.1)))
            if forward.WhichOneof("type") == "backend_operation_response":
                assert not forward.backend_operation_response.error_msg
                return self.url + forward.backend_operation_response.deferred_file.url


def download_buttons(messages) -> dict:
    return {
        m.delta.new_element.download_button.label: m.delta.new_element.download_button
        for m in messages
        if m.WhichOneof("type") == "delta" and m.delta.new_element.WhichOneof("type") == "download_button"
    }


def test_a_download_is_still_served_after_two_other_runs_have_ended(tmp_path):
    """The clean-up after one run marks the built file, after the next it deletes it: on a busy
    server that happens between the address and the browser's fetch (a network round trip)."""
    from websockets.sync.client import connect

    with running_app(tmp_path) as url:
        stream = url.replace("http://", "ws://") + "/_stcore/stream"
        with connect(stream, subprotocols=["streamlit"]) as one, connect(stream, subprotocols=["streamlit"]) as two:
            viewer, other = Viewer(url, one), Viewer(url, two)
            button = download_buttons(viewer.run())["Unduh Excel"]
            assert button.deferred_file_id  # built when clicked, not on the page run
            file_url = viewer.file_url(button)
            other.run()  # another viewer's runs end: Streamlit's clean-up runs after each
            other.run()
            try:
                with urllib.request.urlopen(file_url, timeout=30) as response:
                    assert response.status == 200
                    assert response.read().startswith(b"PK")  # an .xlsx (a zip)
            except urllib.error.HTTPError as error:
                pytest.fail(f"the file was gone when fetched: {error}")
