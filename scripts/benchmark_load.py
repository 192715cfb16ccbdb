"""Load benchmark: simulated viewers against a running Streamlit server, over Streamlit's own
websocket protocol (no browser), each figure also as a ratio to a one-line "floor" app.

    .venv/bin/python scripts/benchmark_load.py [--url http://127.0.0.1:8501 | --start-server]
        [--model warm|meeting|burst|pdf ...] [--viewers 50] [--seed 1] [--json out.json]
        [--floor-port 8599 | --floor-url URL | --no-floor] [--floor-as-shipped] [--timeout 3600] [--insecure]

A viewer is one websocket to ``/_stcore/stream`` (subprotocol ``streamlit``), a random cookie
``spm_route=<hex>`` on every request (a proxy may route on it), and the messages a browser sends:
on connect a rerun with the link's page name, afterwards reruns with the page's script hash, the
hashes of the large messages it already holds, and widget triggers for button clicks. A sample is
the time from sending a rerun to its ``script_finished``; a run counts only when the server ran
the page that was asked for (the ``navigation`` message names it). Errors: an exception drawn on
the page (``delta.new_element.exception``), the wrong page, a refused connection, a timeout.

Models (default: the first four):

- ``warm``: one viewer; per page ``--warmup`` runs, then ``--repeat`` timed runs.
- ``meeting``: ``--viewers`` arrive within 10 s; each opens the link (overview), then peta, tren,
  perbandingan and profil, 3-8 s apart (seeded).
- ``burst``: ``--viewers`` open the link within 2 s.
- ``pdf``: ``--viewers`` arrive within 10 s, open ``/ekspor`` and fetch the governor's PDF the way
  the browser does: a callable ``st.download_button`` (deferred file) asks the server over the
  websocket for the file, then GETs the ``/media/...`` URL it answers; otherwise the viewer clicks
  "Buat berkas ekspor" and GETs the PDF button's ``/media/...`` URL. ``--pdf-mode`` forces one;
  ``--fetch-delay`` waits between the URL and the GET, as a browser across a network does
  ("click to file" then includes that wait).
- ``tables``: the meeting, and meanwhile ``--downloaders`` viewers on the overview download its
  table (Excel) ``--downloads`` times each, 1-3 s apart, each file fetched ``--fetch-delay`` after
  its address: a file built by a download button must still be there when the browser comes.

The floor (``scripts/floor_app/app.py``, ``st.write("x")`` as the only page) is started on
``--floor-port`` (or reached at ``--floor-url``) and measured with the same models (every page
maps to its one page; the pdf model there is one plain rerun plus a GET of ``/_stcore/health``).
Ratios: warm divides by the floor's warm median; other models divide p50 by the floor's p50 and
p95 by the floor's p95 under the same model. The floor is served like the app (an ``st.App`` with
Nagle off, ``ui/transport.py``; no full garbage collection after a run); ``--floor-as-shipped``
serves it as Streamlit ships it instead (a plain script: Nagle on, ``gc.collect`` after every run),
the floor the load issue first measured, for comparison.

``--start-server`` starts ``app.py`` (``--app-dir``, default this repository) on a free port with a
fresh SQLite database in a temporary folder, waits for ``/_stcore/health`` and stops it at the end.
Only loopback addresses are accepted; ``https://`` works, with ``--insecure`` for a self-signed
certificate. The report also gives the load generator's own CPU share (its CPU time / wall time),
the load average before and after, and per worker how many viewers an ``X-SPM-Worker`` response
header named (a proxy in front adds it).
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import ipaddress
import json
import math
import os
import random
import secrets
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from streamlit.proto.BackMsg_pb2 import (
    BackendOperationRequest,
    BackMsg,
    DeferredFileRequestPayload,
)
from streamlit.proto.ClientState_pb2 import ClientState, ContextInfo
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetStates
from websockets.asyncio.client import connect as ws_connect

REPO = Path(__file__).resolve().parents[1]
FLOOR_APP = Path(__file__).resolve().parent / "floor_app" / "app.py"
MODELS = ("warm", "meeting", "burst", "pdf", "tables")
DEFAULT_MODELS = ("warm", "meeting", "burst", "pdf")
# URL names of the pages timed by the warm model ("" is the default page, Ringkasan, at /).
WARM_PAGES = (
    "",
    "peta",
    "tren",
    "perbandingan",
    "peringkat",
    "profil",
    "kesenjangan",
    "tahapan",
    "presentasi",
    "ekspor",
)
MEETING_PAGES = ("", "peta", "tren", "perbandingan", "profil")
BUILD_BUTTON = "Buat berkas ekspor"
BUILT_MARK = b"Berkas siap"  # the status label of a finished build on the ekspor page
MAX_MESSAGES_PER_RUN = 100_000
TABLE_STEP = "table (click to file)"
NOT_RUNS = ("download (GET)", "click to file", "build (deferred request)", TABLE_STEP)  # steps that are no script run
MAX_CACHED_MESSAGES = 5_000
FINISHED = {
    ForwardMsg.FINISHED_SUCCESSFULLY,
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
}


def page_label(url_name: str) -> str:
    return url_name or "(default)"


# ---------------------------------------------------------------------------------------------
# Target: one server (the app or the floor), its URL and how to reach it


@dataclass
class Target:
    name: str
    base_url: str  # http(s)://host:port[/base], no trailing slash
    ssl_context: ssl.SSLContext | None
    is_floor: bool = False
    pid: int | None = None  # the server process, when the benchmark started it (for its CPU time)

    @property
    def ws_url(self) -> str:
        parts = urllib.parse.urlsplit(self.base_url)
        scheme = "wss" if parts.scheme == "https" else "ws"
        return urllib.parse.urlunsplit((scheme, parts.netloc, parts.path + "/_stcore/stream", "", ""))

    def url(self, path: str) -> str:
        if path.startswith(("http://", "https://")):
            return path
        return self.base_url + "/" + path.lstrip("/")


def ensure_loopback(url: str) -> None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SystemExit(f"not an http(s) URL: {url}")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname, port, proto=socket.IPPROTO_TCP)}
    if not addresses or not all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addresses):
        raise SystemExit(f"only loopback addresses are allowed, {parts.hostname} is {sorted(addresses)}")


def make_ssl_context(insecure: bool) -> ssl.SSLContext:
    context = ssl.create_default_context()
    if insecure:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


# ---------------------------------------------------------------------------------------------
# Results


@dataclass
class Sample:
    target: str
    model: str
    step: str  # the page's URL name, or a pdf step
    viewer: int
    start: float  # seconds since the model started
    seconds: float | None  # None when the step failed before it finished
    ok: bool
    error: str = ""
    worker: str = ""


@dataclass
class RunResult:
    seconds: float
    page_hash: str = ""
    expected_hash: str = ""
    page_not_found: bool = False
    exceptions: list[str] = field(default_factory=list)
    buttons: dict[str, str] = field(default_factory=dict)  # label -> widget id
    downloads: list = field(default_factory=list)  # DownloadButton protos
    built: bool = False  # the ekspor page reported a finished build in this run
    rerun_count: int = 0  # runs that ended early for a rerun (st.rerun) before this one finished

    def error(self, page: str) -> str:
        if self.exceptions:
            return f"exception on {page_label(page)}: " + " | ".join(self.exceptions)[:500]
        if self.page_not_found:
            return f"page not found: {page_label(page)}"
        if self.expected_hash and self.page_hash != self.expected_hash:
            return f"wrong page: asked {page_label(page)}, the server ran hash {self.page_hash[:8]}"
        if not self.page_hash:
            return f"no navigation message for {page_label(page)}"
        return ""


class ViewerError(Exception):
    pass


# ---------------------------------------------------------------------------------------------
# HTTP (a small thread pool: urllib handles TLS, chunked bodies and redirects)

HTTP_POOL = concurrent.futures.ThreadPoolExecutor(max_workers=64, thread_name_prefix="http")


def http_get_blocking(url: str, cookie: str, context: ssl.SSLContext | None, timeout: float):
    request = urllib.request.Request(url, headers={"Cookie": f"spm_route={cookie}", "User-Agent": "spm-benchmark"})
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=timeout, context=context) as response:
        body = response.read()
        return response.status, dict(response.headers), body, time.perf_counter() - start


async def http_get(target: Target, path: str, cookie: str, timeout: float):
    loop = asyncio.get_running_loop()
    context = target.ssl_context if target.base_url.startswith("https") else None
    return await loop.run_in_executor(
        HTTP_POOL, http_get_blocking, target.url(path), cookie, context, max(timeout, 0.1)
    )


# ---------------------------------------------------------------------------------------------
# A viewer: one browser tab, speaking Streamlit's protocol


class Viewer:
    def __init__(self, target: Target, index: int, deadline: float, sample_timeout: float, use_cache: bool):
        self.target, self.index = target, index
        self.cookie = secrets.token_hex(
            16
        )  # 32 hex digits, the form nginx gives a browser (deploy/nginx.conf.template)
        self.deadline, self.sample_timeout, self.use_cache = deadline, sample_timeout, use_cache
        self.ws = None
        self.session_id = ""
        self.page_hashes: dict[str, str] = {}  # url name -> page script hash (from navigation)
        self.current_hash = ""
        self.query_string = ""
        self.cache: dict[str, ForwardMsg] = {}
        self.worker = ""

    def remaining(self, limit: float | None = None) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise ViewerError("global --timeout reached")
        return min(left, limit if limit is not None else self.sample_timeout)

    async def connect(self) -> None:
        headers = {
            "Cookie": f"spm_route={self.cookie}",
            "Origin": self.target.base_url.rstrip("/"),
            "User-Agent": "spm-benchmark",
        }
        context = self.target.ssl_context if self.target.ws_url.startswith("wss") else None
        try:
            self.ws = await asyncio.wait_for(
                ws_connect(
                    self.target.ws_url,
                    subprotocols=["streamlit"],
                    additional_headers=headers,
                    ssl=context,
                    max_size=None,
                    max_queue=1024,
                    open_timeout=None,
                    close_timeout=2,
                ),
                timeout=self.remaining(30),
            )
        except (OSError, TimeoutError) as exc:
            raise ViewerError(f"websocket connection failed: {type(exc).__name__}: {exc}") from exc
        except Exception as exc:  # handshake refused, bad status, ...
            raise ViewerError(f"websocket connection failed: {type(exc).__name__}: {exc}") from exc
        self.worker = self.ws.response.headers.get("X-SPM-Worker", "") if self.ws.response else ""
        if not self.worker:  # ask the proxy which worker this cookie goes to
            try:
                _, response_headers, _, _ = await http_get(
                    self.target, "/_stcore/health", self.cookie, self.remaining(10)
                )
                self.worker = {k.lower(): v for k, v in response_headers.items()}.get("x-spm-worker", "")
            except Exception:  # noqa: BLE001, S110 - the header is optional; a failing health check shows up elsewhere
                pass

    async def close(self) -> None:
        if self.ws is not None:
            try:
                await asyncio.wait_for(self.ws.close(), timeout=3)
            except Exception:  # noqa: BLE001, S110 - closing is best effort
                pass
            self.ws = None

    async def send(self, msg: BackMsg) -> None:
        try:
            await self.ws.send(msg.SerializeToString())
        except Exception as exc:
            raise ViewerError(f"send failed: {type(exc).__name__}: {exc}") from exc

    async def receive(self, deadline: float) -> ForwardMsg:
        timeout = deadline - time.monotonic()
        if timeout <= 0:
            raise ViewerError("timeout")
        try:
            raw = await asyncio.wait_for(self.ws.recv(), timeout=timeout)
        except TimeoutError as exc:
            raise ViewerError("timeout") from exc
        except Exception as exc:
            raise ViewerError(f"connection lost: {type(exc).__name__}: {exc}") from exc
        if isinstance(raw, str):
            raise ViewerError("text frame from the server")
        msg = ForwardMsg()
        msg.ParseFromString(raw)
        if msg.WhichOneof("type") == "ref_hash":  # a large message we already hold: take our copy
            cached = self.cache.get(msg.ref_hash)
            if cached is None:
                raise ViewerError(f"server referred to a message not in our cache ({msg.ref_hash[:8]})")
            resolved = ForwardMsg()
            resolved.CopyFrom(cached)
            resolved.metadata.CopyFrom(msg.metadata)
            return resolved
        if self.use_cache and msg.hash and msg.metadata.cacheable and len(self.cache) < MAX_CACHED_MESSAGES:
            self.cache[msg.hash] = msg
        return msg

    def client_state(
        self, page: str | None, widget_states: WidgetStates | None = None, first: bool = False
    ) -> ClientState:
        state = ClientState(
            query_string=self.query_string,
            context_info=ContextInfo(
                timezone="Asia/Jakarta",
                timezone_offset=-420,
                locale="id-ID",
                url=self.target.base_url + "/" + (page or ""),
                is_embedded=False,
                color_scheme="light",
            ),
        )
        if widget_states is not None:
            state.widget_states.CopyFrom(widget_states)
        if first or page is None and not self.current_hash:
            state.page_name = page or ""  # the browser's first message: the link's path, no hash yet
        elif page is None:
            state.page_script_hash = self.current_hash  # a rerun of the page shown
        elif page in self.page_hashes:
            state.page_script_hash = self.page_hashes[page]  # the browser navigates by hash
        else:
            state.page_name = page
        if self.use_cache:
            state.cached_message_hashes.extend(self.cache.keys())
        return state

    async def run(
        self,
        page: str | None,
        *,
        first: bool = False,
        widget_states: WidgetStates | None = None,
        query_string: str | None = None,
    ) -> RunResult:
        """Ask for a run of ``page`` (None: the page shown) and read until it finishes."""
        if query_string is not None:
            self.query_string = query_string
        state = self.client_state(page, widget_states, first)
        deadline = time.monotonic() + self.remaining()
        start = time.perf_counter()
        await self.send(BackMsg(rerun_script=state))
        result = RunResult(seconds=0.0)
        started, run_id = False, None
        for _ in range(MAX_MESSAGES_PER_RUN):
            msg = await self.receive(deadline)
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                started, run_id = True, msg.metadata.run.script_run_id
                if msg.new_session.HasField("initialize") and msg.new_session.initialize.session_id:
                    self.session_id = msg.new_session.initialize.session_id
                result.exceptions.clear()
                result.buttons.clear()
                result.downloads.clear()
                result.page_not_found = False
                continue
            if not started:
                continue  # left over from an earlier run
            if kind == "navigation":
                nav = msg.navigation
                self.page_hashes = {p.url_pathname: p.page_script_hash for p in nav.app_pages}
                default = [p.page_script_hash for p in nav.app_pages if p.is_default]
                if default:
                    self.page_hashes[""] = default[0]
                result.page_hash = self.current_hash = nav.page_script_hash
                wanted = self.current_hash if page is None else page
                result.expected_hash = wanted if page is None else self.page_hashes.get(wanted, "?")
            elif kind == "page_not_found":
                result.page_not_found = True
            elif kind == "page_info_changed":
                self.query_string = msg.page_info_changed.query_string
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                element = msg.delta.new_element
                element_kind = element.WhichOneof("type")
                if element_kind == "exception":
                    result.exceptions.append(f"{element.exception.type}: {element.exception.message}"[:300])
                elif element_kind == "button":
                    result.buttons[element.button.label] = element.button.id
                elif element_kind == "download_button":
                    result.downloads.append(element.download_button)
            elif kind == "delta" and msg.delta.WhichOneof("type") == "add_block":
                result.built = result.built or BUILT_MARK in msg.SerializeToString()
            elif kind == "script_finished":
                if run_id and msg.metadata.run.script_run_id and msg.metadata.run.script_run_id != run_id:
                    continue
                if msg.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    result.rerun_count += 1
                    started = False  # the next run (st.rerun, or our own request) follows
                    continue
                if msg.script_finished in FINISHED:
                    result.seconds = time.perf_counter() - start
                    return result
        raise ViewerError("too many messages in one run")


def floor_page(target: Target, page: str) -> str:
    return "" if target.is_floor else page


# ---------------------------------------------------------------------------------------------
# Models: each returns its Recorder (the samples, and counts of its own)


class Recorder:
    def __init__(self, target: Target, model: str):
        self.target, self.model = target, model
        self.t0 = time.perf_counter()
        self.samples: list[Sample] = []
        self.extra: dict = {}  # model-specific counts (pdf: fetch paths, builds, file size)

    def add(self, step: str, viewer: Viewer | None, start: float, seconds: float | None, error: str = "") -> None:
        self.samples.append(
            Sample(
                self.target.name,
                self.model,
                step,
                viewer.index if viewer else -1,
                round(start - self.t0, 4),
                None if seconds is None else round(seconds, 5),
                not error,
                error,
                viewer.worker if viewer else "",
            )
        )

    async def timed_run(self, viewer: Viewer, step: str, page: str | None, **kwargs) -> RunResult | None:
        start = time.perf_counter()
        try:
            result = await viewer.run(page, **kwargs)
        except ViewerError as exc:
            self.add(step, viewer, start, None, f"{page_label(step)}: {exc}")
            return None
        self.add(step, viewer, start, result.seconds, result.error(step))
        return result


async def open_viewer(rec: Recorder, viewer: Viewer, page: str, step: str | None = None) -> RunResult | None:
    """Connect and send the browser's first rerun (the link's page); records the run as ``step``."""
    start = time.perf_counter()
    try:
        await viewer.connect()
    except ViewerError as exc:
        rec.add(step or page, viewer, start, None, f"connect: {exc}")
        return None
    return await rec.timed_run(viewer, step if step is not None else page, floor_page(viewer.target, page), first=True)


async def model_warm(target: Target, args, deadline: float) -> Recorder:
    rec = Recorder(target, "warm")
    viewer = Viewer(target, 0, deadline, args.sample_timeout, not args.no_message_cache)
    pages = ("",) if target.is_floor else tuple(args.pages or WARM_PAGES)
    try:
        if await open_viewer(rec, viewer, "", step="(connect)") is None:
            return rec
        for page in pages:
            for _ in range(args.warmup):
                rec.extra["untimed_runs"] = rec.extra.get("untimed_runs", 0) + 1
                try:
                    await viewer.run(page)
                except ViewerError as exc:
                    rec.add(page, viewer, time.perf_counter(), None, f"warm-up of {page_label(page)}: {exc}")
                    break
            for _ in range(args.repeat):
                if time.monotonic() > deadline:
                    return rec
                await rec.timed_run(viewer, page, page)
    finally:
        await viewer.close()
    return rec


def arrivals(n: int, window: float, rng: random.Random) -> list[float]:
    return sorted(rng.uniform(0, window) for _ in range(n))


async def model_meeting(target: Target, args, deadline: float) -> Recorder:
    rec = Recorder(target, "meeting")
    rng = random.Random(args.seed)
    plan = [(at, [rng.uniform(3, 8) for _ in MEETING_PAGES[1:]]) for at in arrivals(args.viewers, 10.0, rng)]

    async def one(index: int, at: float, pauses: list[float]) -> None:
        await asyncio.sleep(at)
        viewer = Viewer(target, index, deadline, args.sample_timeout, not args.no_message_cache)
        try:
            if await open_viewer(rec, viewer, "") is None:
                return
            for page, pause in zip(MEETING_PAGES[1:], pauses):
                await asyncio.sleep(min(pause, max(deadline - time.monotonic(), 0)))
                if await rec.timed_run(viewer, page, floor_page(target, page)) is None:
                    return  # the connection is gone or timed out: this viewer leaves
        finally:
            await viewer.close()

    await asyncio.gather(*(one(i, at, pauses) for i, (at, pauses) in enumerate(plan)))
    return rec


async def model_burst(target: Target, args, deadline: float) -> Recorder:
    rec = Recorder(target, "burst")
    rng = random.Random(args.seed + 1)

    async def one(index: int, at: float) -> None:
        await asyncio.sleep(at)
        viewer = Viewer(target, index, deadline, args.sample_timeout, not args.no_message_cache)
        try:
            await open_viewer(rec, viewer, "")
        finally:
            await viewer.close()

    await asyncio.gather(*(one(i, at) for i, at in enumerate(arrivals(args.viewers, 2.0, rng))))
    return rec


# --- pdf: the two ways a browser gets the governor's PDF ---------------------------------------


def pdf_button(result: RunResult, label: str):
    for button in result.downloads:
        if label.lower() in button.label.lower():
            return button
    return None


async def fetch_deferred(viewer: Viewer, button, deadline: float) -> str:
    """A callable ``st.download_button``: ask the server (websocket) to run it, get the URL back."""
    request_id = str(uuid.uuid4())
    await viewer.send(
        BackMsg(
            backend_operation_request=BackendOperationRequest(
                request_id=request_id,
                session_id=viewer.session_id,
                deferred_file=DeferredFileRequestPayload(file_id=button.deferred_file_id),
            )
        )
    )
    for _ in range(MAX_MESSAGES_PER_RUN):
        msg = await viewer.receive(deadline)
        if (
            msg.WhichOneof("type") == "backend_operation_response"
            and msg.backend_operation_response.request_id == request_id
        ):
            response = msg.backend_operation_response
            if response.error_msg:
                raise ViewerError(f"deferred file refused: {response.error_msg} {response.error_reason}".strip())
            return response.deferred_file.url
    raise ViewerError("no answer to the deferred file request")


async def pdf_url_by_callable(rec: Recorder, viewer: Viewer, page_result: RunResult, label: str) -> tuple[str, bool]:
    """The lazy path: the PDF button carries a deferred file id; the click asks for the file."""
    button = pdf_button(page_result, label)
    if button is None or not button.deferred_file_id:
        raise ViewerError(f"no deferred download button labelled {label!r} on ekspor")
    if not button.ignore_rerun:  # a click on a button without on_click="ignore" also reruns the page
        triggers = WidgetStates()
        triggers.widgets.add(id=button.id, trigger_value=True)
        await rec.timed_run(viewer, "ekspor (rerun on click)", None, widget_states=triggers)
    start = time.perf_counter()
    url = await fetch_deferred(viewer, button, time.monotonic() + viewer.remaining())
    rec.add("build (deferred request)", viewer, start, time.perf_counter() - start)
    return url, True


async def pdf_url_by_build_button(
    rec: Recorder, viewer: Viewer, page_result: RunResult, label: str
) -> tuple[str, bool]:
    """The eager path of the current ekspor page: click "Buat berkas ekspor", the rerun builds
    every file, then the PDF button's ``/media/`` URL is there."""
    button_id = page_result.buttons.get(BUILD_BUTTON)
    if not button_id:
        raise ViewerError(f"no button {BUILD_BUTTON!r} on ekspor")
    triggers = WidgetStates()
    triggers.widgets.add(id=button_id, trigger_value=True)
    result = await rec.timed_run(viewer, "build (click rerun)", None, widget_states=triggers)
    if result is None:
        raise ViewerError("the build run failed")
    if result.error("ekspor"):
        raise ViewerError(result.error("ekspor"))
    button = pdf_button(result, label)
    if button is None or not button.url:
        raise ViewerError(f"no download button labelled {label!r} after the build")
    return button.url, result.built


async def model_pdf(target: Target, args, deadline: float) -> Recorder:
    rec = Recorder(target, "pdf")
    rng = random.Random(args.seed + 2)
    builds = Counter()

    async def one(index: int, at: float) -> None:
        await asyncio.sleep(at)
        viewer = Viewer(target, index, deadline, args.sample_timeout, not args.no_message_cache)
        try:
            page = await open_viewer(rec, viewer, "ekspor", step="ekspor (open)")
            if page is None:
                return
            start = time.perf_counter()
            try:
                if target.is_floor:  # the floor has no file: one plain rerun, then one small GET
                    result = await viewer.run(None)
                    url, built = "/_stcore/health", False
                    rec.add("build (click rerun)", viewer, start, result.seconds)
                else:
                    mode = args.pdf_mode
                    if mode == "auto":
                        button = pdf_button(page, args.pdf_label)
                        mode = "callable" if button is not None and button.deferred_file_id else "button"
                    fetch_url = pdf_url_by_callable if mode == "callable" else pdf_url_by_build_button
                    url, built = await fetch_url(rec, viewer, page, args.pdf_label)
                    builds[mode] += 1
                builds["built"] += int(built)
                if args.fetch_delay:
                    await asyncio.sleep(args.fetch_delay)
                get_start = time.perf_counter()
                status, _, body, _ = await http_get(target, url, viewer.cookie, viewer.remaining())
                end = time.perf_counter()
                if status != 200 or (not target.is_floor and not body.startswith(b"%PDF")):
                    raise ViewerError(f"GET {url}: status {status}, {len(body)} bytes, not a PDF")
                rec.add("download (GET)", viewer, get_start, end - get_start)
                rec.add("click to file", viewer, start, end - start)
                builds["bytes"] = max(builds["bytes"], len(body))
            except (ViewerError, urllib.error.URLError, OSError) as exc:
                rec.add("click to file", viewer, start, None, f"pdf: {type(exc).__name__}: {exc}")
        finally:
            await viewer.close()

    await asyncio.gather(*(one(i, at) for i, at in enumerate(arrivals(args.viewers, 10.0, rng))))
    rec.extra["pdf"] = dict(builds)
    return rec


# --- tables: downloads while the meeting goes on ------------------------------------------------

TABLE_LABEL = "Unduh Excel"


async def model_tables(target: Target, args, deadline: float) -> Recorder:
    """The meeting, and meanwhile ``--downloaders`` viewers on the overview who each download its
    table as Excel ``--downloads`` times, 1-3 s apart, fetching each file ``--fetch-delay`` after
    its address came (the floor: a rerun and a GET of the health check)."""
    rec = Recorder(target, "tables")
    rng = random.Random(args.seed + 3)

    async def downloader(index: int, pauses: list[float]) -> None:
        viewer = Viewer(target, 20_000 + index, deadline, args.sample_timeout, not args.no_message_cache)
        try:
            page = await open_viewer(rec, viewer, "", step="table (open)")
            if page is None:
                return
            button = next((d for d in page.downloads if d.label == TABLE_LABEL), None)
            for pause in pauses:
                await asyncio.sleep(pause)
                start = time.perf_counter()
                try:
                    if target.is_floor:
                        await viewer.run(None)
                        url = "/_stcore/health"
                    elif button is None or not button.deferred_file_id:
                        raise ViewerError(f"no deferred download button labelled {TABLE_LABEL!r} on the overview")
                    else:
                        url = await fetch_deferred(viewer, button, time.monotonic() + viewer.remaining())
                    await asyncio.sleep(args.fetch_delay)
                    status, _, body, _ = await http_get(target, url, viewer.cookie, viewer.remaining())
                    if status != 200 or (not target.is_floor and not body.startswith(b"PK")):
                        raise ViewerError(f"GET {url}: status {status}, {len(body)} bytes, not an .xlsx")
                    rec.add(TABLE_STEP, viewer, start, time.perf_counter() - start)
                except (ViewerError, urllib.error.URLError, OSError) as exc:
                    rec.add(TABLE_STEP, viewer, start, None, f"table: {type(exc).__name__}: {exc}")
        finally:
            await viewer.close()

    meeting = asyncio.create_task(model_meeting(target, args, deadline))
    plans = [[rng.uniform(1, 3) for _ in range(args.downloads)] for _ in range(args.downloaders)]
    await asyncio.gather(*(downloader(i, pauses) for i, pauses in enumerate(plans)))
    rec.samples.extend((await meeting).samples)
    return rec


MODEL_FUNCTIONS = {
    "warm": model_warm,
    "meeting": model_meeting,
    "burst": model_burst,
    "pdf": model_pdf,
    "tables": model_tables,
}


# ---------------------------------------------------------------------------------------------
# Servers started by the benchmark


# The floor as Streamlit ships it (--floor-as-shipped): the same one-line page as a plain script, so
# no st.App lifespan switches Nagle off, and with Streamlit's default settings (a full garbage
# collection after every run). The issue measured this floor (60-70 ms a run); it is given for
# comparison only, the figures' ratios are meant against the floor served like the app.
SHIPPED_FLOOR = """import streamlit as st


def x() -> None:
    st.write("x")


st.navigation([st.Page(x, title="x", url_path="x", default=True)]).run()
"""


class Server:
    def __init__(self, name: str, app: Path, port: int, workdir: Path, env: dict[str, str], app_settings: bool = True):
        self.name, self.port = name, port
        self.log_path = workdir / f"{name}.log"
        self.log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        python = REPO / ".venv" / "bin" / "python"
        command = [
            str(python if python.exists() else sys.executable),
            "-m",
            "streamlit",
            "run",
            str(app.name),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--server.fileWatcherType",
            "none",
            "--browser.gatherUsageStats",
            "false",
        ]
        if app_settings:  # as the app's .streamlit/config.toml says, so the floor runs under the same settings
            command += ["--runner.postScriptGC", "false"]
        self.process = subprocess.Popen(
            command,
            cwd=app.parent,
            env={**os.environ, **env},
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.url = f"http://127.0.0.1:{port}"

    def wait_healthy(self, timeout: float) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.process.poll() is not None:
                raise SystemExit(f"{self.name} server exited with {self.process.returncode}; see {self.log_path}")
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.2)
        raise SystemExit(f"{self.name} server not healthy after {timeout:.0f} s; see {self.log_path}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.log.close()


def process_cpu_seconds(pid: int | None) -> float | None:
    """User + system CPU time of a process and its waited-for children (Linux /proc), or None."""
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")  # utime stime cutime cstime


def free_port(preferred: int | None = None) -> int:
    for port in ([preferred] if preferred else []) + [0]:
        with socket.socket() as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server will
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise SystemExit("no free port")


# ---------------------------------------------------------------------------------------------
# Statistics and the report


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def stats(samples: list[Sample]) -> dict:
    times = [s.seconds for s in samples if s.ok and s.seconds is not None]
    return {
        "n": len(samples),
        "ok": len(times),
        "errors": sum(not s.ok for s in samples),
        "p50": percentile(times, 0.5),
        "p95": percentile(times, 0.95),
        "max": max(times) if times else float("nan"),
    }


def step_order(model: str, samples: list[Sample]) -> list[str]:
    seen: list[str] = []
    for sample in samples:
        if sample.step not in seen:
            seen.append(sample.step)
    return seen


def overall_samples(model: str, samples: list[Sample]) -> list[Sample]:
    if model == "pdf":
        return [s for s in samples if s.step == "click to file"]
    if model == "tables":
        return [s for s in samples if s.step == TABLE_STEP]
    return [s for s in samples if s.step != "(connect)"]


def without_nan(value):
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: without_nan(v) for k, v in value.items()}
    if isinstance(value, list):
        return [without_nan(v) for v in value]
    return value


def fmt(value: float) -> str:
    return "–" if math.isnan(value) else f"{value:.3f}"


def ratio(value: float, floor: float | None) -> str:
    if floor is None or math.isnan(floor) or floor <= 0 or math.isnan(value):
        return "–"
    return f"{value / floor:.1f}×"


def model_table(model: str, samples: list[Sample], floor_samples: list[Sample] | None) -> str:
    floor_all = stats(overall_samples(model, floor_samples)) if floor_samples else None
    if floor_all and model == "warm":
        floor_p50 = floor_p95 = floor_all["p50"]  # warm: everything against the floor's median
    elif floor_all:
        floor_p50, floor_p95 = floor_all["p50"], floor_all["p95"]
    else:
        floor_p50 = floor_p95 = None
    lines = [
        "| step | n | errors | p50 s | p95 s | max s | p50 ÷ floor | p95 ÷ floor |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    rows = [(page_label(step), [s for s in samples if s.step == step]) for step in step_order(model, samples)]
    rows.append(("**all**" if model != "pdf" else "**all (click to file)**", overall_samples(model, samples)))
    for (name, group), step in zip(rows, [*step_order(model, samples), None]):
        st_ = stats(group)
        base_p50, base_p95 = floor_p50, floor_p95
        if model == "tables" and step is not None and floor_samples:  # two kinds of steps: each to its own
            same = stats([s for s in floor_samples if s.step == step])
            base_p50, base_p95 = same["p50"], same["p95"]
        lines.append(
            f"| {name} | {st_['n']} | {st_['errors']} | {fmt(st_['p50'])} | {fmt(st_['p95'])} | "
            f"{fmt(st_['max'])} | {ratio(st_['p50'], base_p50)} | {ratio(st_['p95'], base_p95)} |"
        )
    return "\n".join(lines)


def error_summary(samples: list[Sample], limit: int = 12) -> list[str]:
    counts = Counter(s.error for s in samples if not s.ok)
    return [f"- {n} × {error}" for error, n in counts.most_common(limit)]


def report(results: dict, meta: dict) -> str:
    header = (
        f"app {meta['targets'].get('app', '–')} · floor {meta['targets'].get('floor', '–')} · "
        f"viewers {meta['viewers']} · seed {meta['seed']} · load average before {meta['load_before']} "
        f"after {meta['load_after']} · {os.cpu_count()} cores"
    )
    out = [f"# Load benchmark ({meta['started']})", "", header, ""]
    for model in meta["models"]:
        app_samples = results.get("app", {}).get(model, {}).get("samples", [])
        floor_samples = results.get("floor", {}).get(model, {}).get("samples")
        for name, samples, floor in (("app", app_samples, floor_samples), ("floor", floor_samples or [], None)):
            if name not in results or model not in results[name]:
                continue
            entry = results[name][model]
            figures = (
                f"wall {entry['wall']:.1f} s · load generator CPU {entry['cpu_share']:.0%} of one core, its "
                f"event loop late by ≤ {entry['loop_lag_p99'] * 1000:.0f} ms (p99), "
                f"{entry['loop_lag_max'] * 1000:.0f} ms (max)"
            )
            out += [f"## {model} — {name}", "", figures]
            if entry.get("server_cpu") is not None:
                runs = (
                    sum(s.seconds is not None and s.step not in NOT_RUNS for s in samples)
                    + entry["extra"].get("untimed_runs", 0)
                ) or 1
                out[-1] += (
                    f" · server CPU {entry['server_cpu']:.1f} s ({entry['server_cpu'] / entry['wall']:.0%} of "
                    f"one core over the wall time; {entry['server_cpu'] / runs * 1000:.0f} ms per script run, "
                    f"{runs} runs)"
                )
            out.append("")
            out.append(model_table(model, samples, floor if name == "app" else None))
            pdf = entry.get("extra", {}).get("pdf")
            if pdf:
                out += [
                    "",
                    "PDF: fetched by the build button {button}, by a callable download {callable}; builds "
                    "seen {built} (build-button runs that reported a finished build, or deferred files "
                    "served); largest file {bytes} bytes".format(
                        **{"button": 0, "callable": 0, "built": 0, "bytes": 0, **pdf}
                    ),
                ]
            worker_of = {s.viewer: s.worker or "(no X-SPM-Worker header)" for s in samples if s.viewer >= 0}
            workers = Counter(worker_of.values())
            if workers:
                out += ["", "viewers per worker: " + ", ".join(f"{w}: {n}" for w, n in sorted(workers.items()))]
            errors = error_summary(samples)
            if errors:
                out += ["", "errors:"] + errors
            out.append("")
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------


async def loop_lag(lags: list[float], stop: asyncio.Event, interval: float = 0.05) -> None:
    """How late the load generator's own event loop wakes up: a late loop would add to every sample."""
    for _ in range(10_000_000):
        if stop.is_set():
            return
        start = time.perf_counter()
        await asyncio.sleep(interval)
        lags.append(time.perf_counter() - start - interval)


async def presenter_opens(target: Target, model: str, args, deadline: float) -> None:
    """Before a meeting the presenter has opened the link and the pages of the model once (untimed),
    so the server's caches hold the views the meeting shows; ``--cold`` skips this."""
    pages = {"meeting": MEETING_PAGES[1:], "burst": (), "pdf": ("ekspor",)}.get(model, ())
    warmed: set[str] = set()
    for attempt in range(8):  # behind a proxy: new cookies until no new worker turns up
        viewer = Viewer(target, 10_000 + attempt, deadline, args.sample_timeout, not args.no_message_cache)
        try:
            await viewer.connect()
            if viewer.worker in warmed:
                continue
            await viewer.run(floor_page(target, ""), first=True)
            for page in pages:
                await viewer.run(floor_page(target, page))
            warmed.add(viewer.worker)
        except ViewerError as exc:
            print(f"presenter's warm-up of {model} on {target.name}: {exc}", file=sys.stderr)
        finally:
            await viewer.close()
        if not viewer.worker:  # a single server: one warm-up is all
            break


async def run_model(target: Target, model: str, args, deadline: float) -> dict:
    if model != "warm" and not args.cold:
        await presenter_opens(target, model, args, deadline)
    cpu0, wall0, server_cpu0 = time.process_time(), time.perf_counter(), process_cpu_seconds(target.pid)
    lags: list[float] = []
    stop = asyncio.Event()
    monitor = asyncio.create_task(loop_lag(lags, stop))
    try:
        rec = await MODEL_FUNCTIONS[model](target, args, deadline)
    finally:
        stop.set()
        await monitor
    wall = time.perf_counter() - wall0
    server_cpu1 = process_cpu_seconds(target.pid)
    server_cpu = None if server_cpu0 is None or server_cpu1 is None else server_cpu1 - server_cpu0
    return {
        "samples": rec.samples,
        "extra": rec.extra,
        "wall": wall,
        "server_cpu": server_cpu,
        "cpu_share": (time.process_time() - cpu0) / wall if wall else 0.0,
        "loop_lag_p99": percentile(lags, 0.99),
        "loop_lag_max": max(lags, default=0.0),
    }


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog=__doc__.split("\n\n", 2)[2] if __doc__ else "",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--url", default="http://127.0.0.1:8501", help="the app's server (loopback only)")
    parser.add_argument(
        "--start-server",
        action="store_true",
        help="start app.py itself on a free port with a fresh SQLite database, stop it at the end",
    )
    parser.add_argument("--app-dir", type=Path, default=REPO, help="where app.py is (with --start-server)")
    parser.add_argument("--server-port", type=int, default=None, help="port for --start-server (default: a free one)")
    parser.add_argument(
        "--model", action="append", choices=MODELS, help="model to run; several allowed (default: all but tables)"
    )
    parser.add_argument("--viewers", type=int, default=50, help="viewers in the meeting, burst and pdf models")
    parser.add_argument("--warmup", type=int, default=3, help="warm model: untimed runs per page")
    parser.add_argument("--repeat", type=int, default=15, help="warm model: timed runs per page")
    parser.add_argument(
        "--pages",
        nargs="*",
        help="warm model: URL names of the pages (default: every Dasbor and meeting page; '' is the default page)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--pdf-mode",
        choices=("auto", "callable", "button"),
        default="auto",
        help="pdf model: a callable download button, the build button, or whichever the page has",
    )
    parser.add_argument("--pdf-label", default="PDF", help="pdf model: text in the PDF download button's label")
    parser.add_argument(
        "--fetch-delay",
        type=float,
        default=0.0,
        help="pdf and tables models: seconds between getting a file's URL and asking for it, what a "
        "browser across a network adds (default 0: loopback)",
    )
    parser.add_argument("--downloaders", type=int, default=5, help="tables model: viewers who download tables")
    parser.add_argument("--downloads", type=int, default=10, help="tables model: downloads per downloader")
    parser.add_argument("--floor-port", type=int, default=8599, help="port of the floor app the benchmark starts")
    parser.add_argument("--floor-url", default=None, help="an already running floor app instead of starting one")
    parser.add_argument("--no-floor", action="store_true", help="no floor app, no ratios")
    parser.add_argument(
        "--floor-as-shipped",
        action="store_true",
        help="serve the floor as Streamlit ships it (plain script: Nagle on, a full garbage collection "
        "after every run), as the load issue first measured it; for comparison only",
    )
    parser.add_argument("--timeout", type=float, default=3600, help="seconds for the whole benchmark")
    parser.add_argument("--sample-timeout", type=float, default=300, help="seconds for one run or one download")
    parser.add_argument("--insecure", action="store_true", help="https without certificate verification")
    parser.add_argument(
        "--cold",
        action="store_true",
        help="no presenter's warm-up before the meeting, burst and pdf models (a cold server)",
    )
    parser.add_argument(
        "--no-message-cache",
        action="store_true",
        help="do not tell the server which large messages the viewer already holds",
    )
    parser.add_argument("--json", type=Path, default=None, help="write the raw samples and figures here")
    args = parser.parse_args(argv)
    args.model = list(dict.fromkeys(args.model or DEFAULT_MODELS))
    if args.viewers < 1 or args.viewers > 1000 or args.repeat < 1 or args.warmup < 0:
        parser.error("--viewers must be 1..1000, --repeat ≥ 1, --warmup ≥ 0")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    deadline = time.monotonic() + args.timeout
    context = make_ssl_context(args.insecure)
    servers: list[Server] = []
    workdir = Path(tempfile.mkdtemp(prefix="spm-bench-"))
    targets: list[Target] = []
    keep_workdir = True
    meta = {
        "started": time.strftime("%Y-%m-%d %H:%M:%S"),
        "viewers": args.viewers,
        "seed": args.seed,
        "models": args.model,
        "load_before": load_average(),
        "targets": {},
        "workdir": str(workdir),
    }
    try:
        if args.start_server:
            app = (args.app_dir / "app.py").resolve()
            database = workdir / "spm.sqlite3"
            server = Server(
                "app", app, free_port(args.server_port), workdir, {"SPM_DATABASE_URL": f"sqlite:///{database}"}
            )
            servers.append(server)
            app_url = server.url
        else:
            app_url = args.url.rstrip("/")
        if not args.no_floor and not args.floor_url:
            port = free_port(args.floor_port)
            if port != args.floor_port:
                print(f"floor port {args.floor_port} is taken, using {port}", file=sys.stderr)
            if args.floor_as_shipped:
                shipped = workdir / "shipped_floor" / "app.py"
                shipped.parent.mkdir()
                shipped.write_text(SHIPPED_FLOOR, encoding="utf-8")
                servers.append(Server("floor", shipped, port, workdir, {}, app_settings=False))
            else:
                servers.append(Server("floor", FLOOR_APP, port, workdir, {"PYTHONPATH": str(REPO)}))
        for server in servers:
            server.wait_healthy(min(120, max(deadline - time.monotonic(), 1)))
        ensure_loopback(app_url)
        server_pids = {s.name: s.process.pid for s in servers}
        targets.append(Target("app", app_url, context, pid=server_pids.get("app")))
        if not args.no_floor:
            floor_url = (args.floor_url or next(s.url for s in servers if s.name == "floor")).rstrip("/")
            ensure_loopback(floor_url)
            targets.append(Target("floor", floor_url, context, is_floor=True, pid=server_pids.get("floor")))
        meta["targets"] = {t.name: t.base_url for t in targets}
        print(f"load average before: {meta['load_before']}; server logs in {workdir}", file=sys.stderr)

        results: dict = {}
        total_cpu0, total_wall0 = time.process_time(), time.perf_counter()
        for model in args.model:
            for target in targets:
                if time.monotonic() > deadline:
                    break
                print(f"{model} on {target.name} ({target.base_url}) …", file=sys.stderr, flush=True)
                results.setdefault(target.name, {})[model] = asyncio.run(run_model(target, model, args, deadline))
        total_wall = time.perf_counter() - total_wall0
        meta["load_after"] = load_average()
        meta["cpu_share"] = (time.process_time() - total_cpu0) / total_wall if total_wall else 0.0
        text = report(results, meta)
        text += f"\nload generator CPU over the whole run: {meta['cpu_share']:.0%} of one core\n"
        print(text)
        if args.json:
            payload = {
                "meta": meta,
                "results": {
                    name: {
                        model: {
                            k: entry[k]
                            for k in ("wall", "cpu_share", "server_cpu", "extra", "loop_lag_p99", "loop_lag_max")
                        }
                        | {
                            "stats": {
                                step: stats([s for s in entry["samples"] if s.step == step])
                                for step in step_order(model, entry["samples"])
                            },
                            "overall": stats(overall_samples(model, entry["samples"])),
                            "samples": [asdict(s) for s in entry["samples"]],
                        }
                        for model, entry in by_model.items()
                    }
                    for name, by_model in results.items()
                },
            }
            args.json.write_text(json.dumps(without_nan(payload), indent=1, default=str))
        errors = sum(not s.ok for by_model in results.values() for entry in by_model.values() for s in entry["samples"])
        keep_workdir = bool(errors)
        return 1 if errors else 0
    finally:
        for server in servers:
            server.stop()
        HTTP_POOL.shutdown(wait=False, cancel_futures=True)
        if keep_workdir and servers:
            print(f"server logs kept in {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
