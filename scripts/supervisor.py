"""Keeps the embedded stack running: a crashed process is started again, with backoff.

`scripts/stack.py run` (what `make run` calls) uses it; the fault tests use it in a
thread. A process that exits is restarted after 1 s, then 2, 4, 8... up to 30 s if it
keeps crashing; after ``max_crashes`` exits within ``window`` seconds the supervisor
gives up and everything stops with a message (a process that cannot start, e.g. a
missing model, must not be restarted forever). Only Ctrl-C (SIGINT/SIGTERM) or giving
up stops it.
"""
from __future__ import annotations

import threading
import time
from collections import defaultdict
from typing import Callable, Dict, List, Optional


class Supervisor:
    def __init__(self, stack, base_delay: float = 1.0, max_delay: float = 30.0,  # noqa: ANN001
                 max_crashes: int = 5, window: float = 300.0,
                 log: Callable[[str], None] = print) -> None:
        self.stack = stack
        self.base_delay, self.max_delay = base_delay, max_delay
        self.max_crashes, self.window = max_crashes, window
        self.log = log
        self.crashes: Dict[str, List[float]] = defaultdict(list)
        self.restarts: Dict[str, int] = defaultdict(int)
        self._due: Dict[str, float] = {}
        self.gave_up: Optional[str] = None
        self._thread: Optional[threading.Thread] = None
        self._stop = threading.Event()

    def delay_for(self, crashes: int) -> float:
        return min(self.max_delay, self.base_delay * (2 ** max(0, crashes - 1)))

    def check(self, now: Optional[float] = None) -> Optional[str]:
        """One look at every process. Returns why everything must stop, or None."""
        now = time.monotonic() if now is None else now
        for name in list(self.stack._procs):
            if self.stack.alive(name):
                continue
            if name not in self._due:
                recent = [t for t in self.crashes[name] if now - t < self.window] + [now]
                self.crashes[name] = recent
                if len(recent) >= self.max_crashes:
                    self.gave_up = (f"{name} crashed {len(recent)} times in {self.window:.0f}s; "
                                    f"giving up (see its log)")
                    return self.gave_up
                delay = self.delay_for(len(recent))
                self._due[name] = now + delay
                self.log(f"{name} stopped unexpectedly; restarting in {delay:.0f}s")
            elif now >= self._due[name]:
                del self._due[name]
                self.restarts[name] += 1
                self.stack.restart(name, wait=False)
                self.log(f"{name} restarted")
        return None

    # ------------------------------------------------------------------ thread mode
    def start(self, interval: float = 0.3) -> "Supervisor":
        def loop() -> None:
            while not self._stop.wait(interval):
                if self.check() is not None:
                    return
        self._thread = threading.Thread(target=loop, name="supervisor", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
