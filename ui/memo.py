"""One value per argument tuple, shared by every session of the process: the page models, the data
and the scores, looked up on every run by every viewer.

``st.cache_resource`` does the same but hashes the arguments with its own hasher on every call
(0.6–1.5 ms a lookup on this machine, ten lookups a run); here the arguments are hashable values
(``DataKey``, ``Selection``, strings, numbers, tuples) and a lookup is a dict access. As with
``st.cache_resource``: at most ``max_entries`` values (the least recently used leave first), one
build per key at a time (a second viewer waits for the first one's result), values shared, never
copied — so a value must never be changed by its user."""

from __future__ import annotations

import functools
import gc
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

_ALL: list[SharedMemo] = []


class SharedMemo:
    def __init__(self, func: Callable, max_entries: int | None, spinner: str | None):
        functools.update_wrapper(self, func)
        self._func = func
        self._max_entries = max_entries
        self._spinner = spinner
        self._values: OrderedDict = OrderedDict()
        self._building: dict[Any, threading.Lock] = {}
        self._lock = threading.Lock()
        _ALL.append(self)

    def __call__(self, *args, **kwargs):
        key = (args, tuple(sorted(kwargs.items()))) if kwargs else args
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
            build_lock = self._building.setdefault(key, threading.Lock())
        with build_lock:
            with self._lock:
                if key in self._values:  # built by another viewer while this one waited
                    self._values.move_to_end(key)
                    return self._values[key]
            try:
                value = self._build(args, kwargs)
                with self._lock:
                    self._values[key] = value
                    while self._max_entries is not None and len(self._values) > self._max_entries:
                        self._values.popitem(last=False)
                HEAP.note_built()
            finally:
                with self._lock:
                    self._building.pop(key, None)
        return value

    def _build(self, args, kwargs):
        if self._spinner and get_script_run_ctx() is not None:  # a download callable has no page to draw on
            with st.spinner(self._spinner):
                return self._func(*args, **kwargs)
        return self._func(*args, **kwargs)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()


def shared(max_entries: int | None = None, spinner: str | None = None) -> Callable[[Callable], SharedMemo]:
    """Decorator: the function's value per argument tuple, kept for every session (see the module)."""
    return lambda func: SharedMemo(func, max_entries, spinner)


def clear_all() -> None:
    """Forget every shared value (tests that change what a value was built from)."""
    for memo in _ALL:
        memo.clear()


# --- the heap under the shared values --------------------------------------------------------------


class Heap:
    """Keeps Python's cyclic garbage collector off the shared values.

    The shared values (data, scores, page models, figures) are a few hundred thousand objects
    that live as long as their generation. Python's full collection walks every one of them
    (~130 ms on this machine, every viewer waits, at random moments under load); a full garbage
    collection after every run, Streamlit's default, was turned off for that reason
    (``.streamlit/config.toml``). ``settle()`` at the end of a run that built shared values
    collects what the build left behind and freezes the survivors (``gc.freeze``): frozen
    objects are never walked again, and a collection only looks at what is new since.

    Frozen objects are still freed by reference counting when their last user lets go (a value
    dropped from a memo, a closed session); only garbage in reference cycles among them waits for
    the next full settle, at most every ``full_every`` seconds: ``gc.unfreeze()`` and one full
    collection, then freeze again."""

    def __init__(self, full_every: float = 600.0, clock: Callable[[], float] = time.monotonic):
        self.full_every = full_every
        self._clock = clock
        self._lock = threading.Lock()
        self._built = 0  # shared values built since the last settle
        self._full_at: float | None = None  # when the last full settle ran

    def note_built(self) -> None:
        with self._lock:
            self._built += 1

    def settle(self) -> str | None:
        """Collect and freeze when values were built (or a full settle is due); returns what was
        done ("full", "new" or None)."""
        now = self._clock()
        with self._lock:
            full = self._full_at is None or now - self._full_at >= self.full_every
            if not (full or self._built):
                return None
            self._built = 0
            if full:
                self._full_at = now
        if full:
            gc.unfreeze()
        gc.collect()
        gc.freeze()
        return "full" if full else "new"


HEAP = Heap()


def settle_heap() -> str | None:
    """``HEAP.settle()``: app.py calls it at the end of every run (see ``Heap``)."""
    return HEAP.settle()
