"""Peak resident memory of this process, C++ solver memory included."""

from __future__ import annotations

import resource
import threading
import time
from pathlib import Path


class PeakMemory:
    """Highest resident set size of this process while the block runs (sampled every 5 ms)."""

    def __enter__(self):
        self.peak = self.before = rss()
        self.running = True
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()
        return self

    def _watch(self):
        while self.running:
            self.peak = max(self.peak, rss())
            time.sleep(0.005)

    def __exit__(self, *exc):
        self.running = False
        self.thread.join()
        self.peak = max(self.peak, rss())


def rss() -> int:
    return int(Path("/proc/self/statm").read_text().split()[1]) * resource.getpagesize()


def available() -> int:
    """Bytes of memory free for a new process (Linux), or 0 where that cannot be told."""
    try:
        with Path("/proc/meminfo").open() as info:
            for row in info:
                if row.startswith("MemAvailable:"):
                    return int(row.split()[1]) * 1024
    except OSError:
        pass
    return 0
