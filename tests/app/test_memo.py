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


# --- Heap: collect and freeze after values were built -------------------------------------------


class Cycle:
    """An object in a reference cycle: only the cyclic collector frees it."""

    def __init__(self):
        self.me = self


def test_a_settle_after_a_build_collects_the_garbage_and_freezes_the_survivors():
    import gc
    import weakref

    clock = [0.0]
    heap = memo.Heap(full_every=600.0, clock=lambda: clock[0])
    gc.collect()
    try:
        assert heap.settle() == "full"  # the first one walks everything once
        assert heap.settle() is None  # nothing built since: nothing to do
        survivor, garbage = Cycle(), Cycle()
        gone = weakref.ref(garbage)
        del garbage
        frozen_before = gc.get_freeze_count()
        heap.note_built()
        assert heap.settle() == "new"
        assert gone() is None  # the build's cyclic garbage was collected before freezing
        assert gc.get_freeze_count() > frozen_before
        assert not any(o is survivor for o in gc.get_objects())  # frozen: no collection walks it again
    finally:
        gc.unfreeze()


def test_frozen_cyclic_garbage_waits_for_the_next_full_settle():
    import gc
    import weakref

    clock = [0.0]
    heap = memo.Heap(full_every=600.0, clock=lambda: clock[0])
    try:
        heap.settle()
        held = Cycle()
        heap.note_built()
        heap.settle()  # `held` is alive, so it is frozen
        gone = weakref.ref(held)
        del held  # now garbage, but frozen: an ordinary collection does not look at it
        gc.collect()
        assert gone() is not None
        clock[0] = 599.0
        assert heap.settle() is None
        clock[0] = 600.0
        assert heap.settle() == "full"
        assert gone() is None
    finally:
        gc.unfreeze()


def test_building_a_shared_value_asks_for_a_settle(monkeypatch):
    heap = memo.Heap(clock=lambda: 0.0)
    monkeypatch.setattr(memo, "HEAP", heap)

    @memo.shared()
    def model(a):
        return a

    heap.settle()  # the first, full one
    model(1)
    model(1)  # a hit builds nothing
    assert heap._built == 1
