"""The server's listening socket without Nagle's algorithm (``TCP_NODELAY``).

Streamlit (1.67, Starlette/uvicorn) binds its listening socket itself with ``socket.socket(family)``,
so the socket's ``proto`` is 0, and asyncio only switches Nagle off for sockets whose ``proto`` is
``IPPROTO_TCP``. Every connection the server accepts therefore keeps Nagle on. A page run writes
its messages to the websocket one small frame at a time; with Nagle, a frame written while the
previous one is unacknowledged waits for the browser's delayed ACK: 40 ms on Linux, up to 200 ms
on Windows, added to a page run whenever the browser is in delayed-ACK mode (measured here: the
floor app's back-to-back runs took 44 ms instead of 4 ms; ``scripts/benchmark_load.py``).

On Linux an accepted socket inherits ``TCP_NODELAY`` from its listening socket, so switching it on
for the listening socket once, at start-up (``lifespan``, which Streamlit runs after binding and
before the first connection is accepted), fixes every connection. The socket is found among the
process's open files (``/proc/self/fd``) by its port; elsewhere nothing changes."""

from __future__ import annotations

import contextlib
import logging
import os
import socket
from collections.abc import AsyncIterator, Iterable

LOGGER = logging.getLogger(__name__)


def open_fds() -> list[int]:
    """The process's open file descriptors (Linux), or none where /proc is missing."""
    try:
        return sorted(int(name) for name in os.listdir("/proc/self/fd") if name.isdigit())
    except OSError:
        return []


def listening_tcp_port(fd: int) -> int | None:
    """The port a listening TCP socket at ``fd`` is bound to, or None for anything else."""
    try:
        probe = socket.socket(fileno=os.dup(fd))
    except OSError:  # not a socket, or closed meanwhile
        return None
    with probe:
        if probe.family not in (socket.AF_INET, socket.AF_INET6) or probe.type != socket.SOCK_STREAM:
            return None
        try:
            if not probe.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN):
                return None
            return probe.getsockname()[1]
        except OSError:
            return None


def enable_nodelay(port: int, fds: Iterable[int] | None = None) -> int:
    """Switch Nagle off on this process's listening TCP sockets bound to ``port``; returns how many."""
    done = 0
    for fd in open_fds() if fds is None else fds:
        if listening_tcp_port(fd) != port:
            continue
        with socket.socket(fileno=os.dup(fd)) as listener:  # a second handle on the same socket
            listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        done += 1
    return done


@contextlib.asynccontextmanager
async def nodelay_lifespan(_app) -> AsyncIterator[None]:
    """``st.App(lifespan=...)``: at start-up, Nagle off on the server's listening socket."""
    from streamlit import config  # the server's settings (a port of 0 has been replaced by the real one)

    port = int(config.get_option("server.port"))
    if enable_nodelay(port) == 0 and open_fds():  # without /proc (not Linux) there is nothing to look at
        LOGGER.warning("TCP_NODELAY not set: no listening socket on port %s found in this process", port)
    yield


@contextlib.asynccontextmanager
async def server_lifespan(app) -> AsyncIterator[None]:
    """``st.App(lifespan=...)`` of the dashboard: Nagle off (above) and download files kept until
    the browser has fetched them (``ui/media.py``)."""
    from ui.media import keep_downloads

    async with nodelay_lifespan(app):
        keep_downloads()
        yield
