"""The daily reminder round: each app registers what it reminds people of, and this runs them.

An app registers its round in its `AppConfig.ready()` (partnerships: meetings due, agreements
missing, pulse check-ins, endings, follow-ups). The round recovers interrupted sends first and
queues everything pending last, so `manage.py send_reminders` and the `run_reminders` task are
safe to run as often as you like: the outbox keys make every reminder idempotent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from allied.notifications.services import outbox_flush, outbox_recover

# A round takes today's date and returns what it queued, in words, for the command's output.
Round = Callable[[date], str]

_ROUNDS: dict[str, Round] = {}


def register(name: str, round_: Round) -> None:
    """Add an app's daily round (registering the same name again replaces it)."""
    _ROUNDS[name] = round_


def registered() -> list[str]:
    return sorted(_ROUNDS)


@dataclass
class DailyResult:
    recovered: int = 0
    flushed: int = 0
    reports: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        parts = [f"{name}: {report}" for name, report in self.reports.items()]
        parts.append(f"{self.flushed} emails waiting to send")
        parts.append(f"{self.recovered} interrupted sends marked uncertain")
        return "; ".join(parts) + "."


def run_daily(*, today: date) -> DailyResult:
    """Recover interrupted sends, run every registered round, then queue what is pending."""
    result = DailyResult(recovered=outbox_recover())
    for name in registered():
        result.reports[name] = _ROUNDS[name](today)
    result.flushed = outbox_flush()
    return result
