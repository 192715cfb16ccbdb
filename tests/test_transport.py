"""ui/transport.py: Nagle's algorithm switched off on the server's listening socket, so that every
connection it accepts sends a page run's small websocket frames at once (no 40 ms wait for the
browser's delayed ACK). Real sockets on the loopback; Linux only (the fix reads /proc/self/fd)."""

import asyncio
import socket
import sys

import pytest
from streamlit import config

from ui.transport import enable_nodelay, listening_tcp_port, nodelay_lifespan

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the fix reads /proc/self/fd (Linux)")


def nodelay(sock: socket.socket) -> int:
    return sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)


def accept_one(listener: socket.socket) -> tuple[socket.socket, socket.socket]:
    client = socket.create_connection(listener.getsockname()[:2])
    accepted, _ = listener.accept()
    return client, accepted


@pytest.fixture
def listener():
    """A listening socket made as Streamlit makes its own: proto 0, so asyncio leaves Nagle on."""
    sock = socket.socket(family=socket.AF_INET)
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    yield sock
    sock.close()


def test_streamlits_kind_of_socket_keeps_nagle_on(listener):
    """The reason for the module: such a socket's connections start with Nagle on."""
    assert listener.proto == 0
    client, accepted = accept_one(listener)
    with client, accepted:
        assert nodelay(accepted) == 0


def test_connections_accepted_after_the_fix_have_nagle_off(listener):
    port = listener.getsockname()[1]
    assert enable_nodelay(port) == 1
    assert nodelay(listener) == 1
    for _ in range(2):
        client, accepted = accept_one(listener)
        with client, accepted:
            assert nodelay(accepted) == 1


def test_only_the_listening_socket_of_that_port_is_touched(listener, tmp_path):
    other = socket.socket(family=socket.AF_INET)
    other.bind(("127.0.0.1", 0))
    other.listen()
    plain_file = open(tmp_path / "f.txt", "w")  # noqa: SIM115 - an open file among the descriptors
    client, accepted = accept_one(listener)  # a connected (not listening) socket on the same port
    try:
        assert enable_nodelay(listener.getsockname()[1]) == 1
        assert nodelay(other) == 0
        assert nodelay(accepted) == 0  # already accepted before: not a listener, left alone
        assert listening_tcp_port(plain_file.fileno()) is None
        assert listening_tcp_port(accepted.fileno()) is None
        assert listening_tcp_port(other.fileno()) == other.getsockname()[1]
    finally:
        for item in (other, plain_file, client, accepted):
            item.close()


def test_no_listener_on_the_port_changes_nothing():
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]  # bound, never listening
    assert enable_nodelay(port) == 0


def test_the_lifespan_fixes_the_port_streamlit_serves(listener, monkeypatch):
    """What app.py hands st.App: at start-up it reads the server port from Streamlit's settings."""
    port = listener.getsockname()[1]
    monkeypatch.setattr(config, "get_option", lambda key: port if key == "server.port" else None)

    async def start_and_stop():
        async with nodelay_lifespan(None):
            return nodelay(listener)

    assert asyncio.run(start_and_stop()) == 1
