"""A per-key limit on how often something may be done in a window, kept in the shared cache.

Used for reads of special-category data through the API: a script that walks every person's
demographics is stopped after the limit, with 429 and how long to wait."""

from __future__ import annotations

import time

from django.core.cache import cache

from allied.core.errors import TooManyRequests


def limit(key: str, *, per_window: int, window_seconds: int) -> None:
    """Count one more use of `key`; raise `TooManyRequests` past `per_window` in the window."""
    window = int(time.time()) // window_seconds
    name = f"allied:rate:{key}:{window}"
    # add() starts the count only if it is not there; incr() is atomic on Redis and the database.
    cache.add(name, 0, timeout=window_seconds + 5)
    try:
        used = cache.incr(name)
    except ValueError:  # expired between add and incr: this is the first use of a new window
        cache.add(name, 1, timeout=window_seconds + 5)
        used = 1
    if used > per_window:
        retry_after = window_seconds - int(time.time()) % window_seconds
        raise TooManyRequests(
            f"You have read this kind of data {per_window} times in a short time. "
            f"Try again in {retry_after} seconds.",
            retry_after=retry_after,
        )
