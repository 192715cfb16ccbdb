"""ui.memo: the process-wide memo of page models (one build per key, least recently used leave
first, shared values)."""

import threading
import time

from ui import memo


def test_a_value_is_built_once_per_key_and_shared():
    built = []

    @memo.shared(max_entries=4)
    def model(a, b=0):
        built.append((a, b))
        return [a, b]

    first = model(1)
    assert model(1) is first
    assert model(1, b=2) == [1, 2]
    assert built == [(1, 0), (1, 2)]


def test_the_least_recently_used_value_leaves_first():
    built = []

    @memo.shared(max_entries=2)
    def model(a):
        built.append(a)
        return a

    model("x"), model("y"), model("x"), model("z")  # "y" was used least recently: it leaves
    model("x"), model("y")
    assert built == ["x", "y", "z", "y"]


def test_viewers_asking_at_once_wait_for_one_build():
    builds = []

    @memo.shared()
    def slow(a):
        builds.append(a)
        time.sleep(0.2)
        return object()

    results = []
    threads = [threading.Thread(target=lambda: results.append(slow("kunci"))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert builds == ["kunci"]
    assert len({id(r) for r in results}) == 1


def test_a_failed_build_is_not_kept_and_is_tried_again():
    calls = []

    @memo.shared()
    def flaky(a):
        calls.append(a)
        if len(calls) == 1:
            raise RuntimeError("gagal")
        return a

    try:
        flaky(1)
    except RuntimeError:
        pass
    assert flaky(1) == 1
    assert calls == [1, 1]


def test_clear_all_forgets_every_value():
    built = []

    @memo.shared()
    def model(a):
        built.append(a)
        return a

    model(1)
    memo.clear_all()
    model(1)
    assert built == [1, 1]
