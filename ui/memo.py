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
import threading
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
