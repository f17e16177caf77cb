"""The threading kit: the mailbox hands batches over with one wake-up each, workers outlive failures, leaks are caught."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from pathlib import Path

from studio.threads import Mailbox, Worker, start_thread

TESTS = Path(__file__).parent


def test_many_producers_one_consumer_lose_nothing_and_wake_once_per_batch() -> None:
    wakes = threading.Semaphore(0)
    woken = []
    box: Mailbox[tuple[int, int]] = Mailbox(lambda: (woken.append(1), wakes.release()))
    taken: list[tuple[int, int]] = []
    batches = 0
    done = threading.Event()

    def consume() -> None:
        nonlocal batches
        while not (done.is_set() and len(taken) == 4 * 5000):
            if wakes.acquire(timeout=0.05):
                batch = box.take()
                taken.extend(batch.items)
                batches += 1

    def produce(p: int) -> None:
        for n in range(5000):
            box.put((p, n))

    consumer = start_thread("test-consumer", consume)
    producers = [start_thread(f"test-producer-{p}", produce, p) for p in range(4)]
    for thread in producers:
        thread.join()
    done.set()
    consumer.join(10)
    assert sorted(taken) == [(p, n) for p in range(4) for n in range(5000)]
    for p in range(4):  # each producer's items arrive in the order it put them
        assert [n for q, n in taken if q == p] == list(range(5000))
    assert len(woken) == batches  # a wake-up for each batch taken, not for each item
    assert batches < 4 * 5000


def test_a_second_put_before_the_take_does_not_wake_again() -> None:
    wakes: list[int] = []
    box: Mailbox[str] = Mailbox(lambda: wakes.append(1))
    box.put("a")
    box.put("b")
    assert len(wakes) == 1
    assert box.take().items == ("a", "b")
    assert box.take().items == ()
    box.put("c")
    assert len(wakes) == 2


def test_a_mailbox_that_keeps_the_newest_still_counts_everything() -> None:
    box: Mailbox[int] = Mailbox(lambda: None, keep=3)
    for n in range(10):
        box.put(n)
    batch = box.take()
    assert batch.items == (7, 8, 9)
    assert batch.received == 10


def test_a_worker_keeps_stepping_after_an_exception_and_stops_on_request() -> None:
    class Flaky(Worker):
        def __init__(self) -> None:
            super().__init__("test-flaky", retry_s=0.001)
            self.steps = 0
            self.third = threading.Event()

        def step(self) -> float:
            self.steps += 1
            if self.steps == 3:
                self.third.set()
            if self.steps % 2:
                raise RuntimeError("broken source")
            return 0.001

    worker = Flaky()
    worker.start()
    assert worker.third.wait(5)
    worker.stop()
    assert "test-flaky" not in {t.name for t in threading.enumerate()}


def test_a_test_that_leaves_a_thread_running_fails_and_names_it(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text(textwrap.dedent(f"""
        import importlib.util
        spec = importlib.util.spec_from_file_location("studio_tests_conftest", {str(TESTS / "conftest.py")!r})
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        no_thread_left_running = module.no_thread_left_running
        module.THREAD_GRACE_S = 0.2
    """))
    (tmp_path / "test_leaky.py").write_text(textwrap.dedent("""
        import threading
        from studio.threads import start_thread

        def test_leaks():
            start_thread("forgotten-poller", threading.Event().wait)

        def test_ends_in_time():
            start_thread("quick", threading.Event().wait, 0.05)
    """))
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
                            capture_output=True, text=True, cwd=tmp_path,
                            env={"PYTHONPATH": f"{TESTS.parent}:{TESTS}", "PATH": "/usr/bin:/bin"})
    assert "2 passed, 1 error" in result.stdout, result.stdout  # the leak is an error at its teardown
    assert "ERROR at teardown of test_leaks" in result.stdout
    assert "the test left 1 thread(s) running: forgotten-poller" in result.stdout
