"""Logging filters of the host."""

import logging
import threading
import time


class Throttle(logging.Filter):
    """Let one record per ``seconds`` through per logger; say how many were held back.

    For errors that repeat on every request while a dependency is down (an
    unreachable Redis): the first is logged at once, the rest counted.
    """

    def __init__(self, seconds: float = 30):
        super().__init__()
        self.seconds = seconds
        self._lock = threading.Lock()
        self._next: dict[str, float] = {}
        self._held: dict[str, int] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        now = time.monotonic()
        with self._lock:
            if now < self._next.get(record.name, 0.0):
                self._held[record.name] = self._held.get(record.name, 0) + 1
                return False
            self._next[record.name] = now + self.seconds
            held = self._held.pop(record.name, 0)
        if held:
            record.msg = f"{record.msg} (+{held} likadana de senaste {self.seconds:g} s)"
        return True
