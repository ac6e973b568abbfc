"""Time in the demo: what the build writes now stands for a moment of the demo's own past.

Everything is written "now" through the services; the `Clock` remembers which stretch of
the demo's history each step stands for, and presales.demo.steps.backdate rewrites the
timestamps afterwards through it.
"""

from __future__ import annotations

import bisect
from datetime import date, datetime, time, timedelta

from django.utils import timezone

WORK_START = 9 * 3600  # the working day: 09:00–18:00, Monday to Friday
WORK_SECONDS = 9 * 3600
MONDAY = date(2024, 1, 1)


def work_position(moment: datetime) -> float:
    """Working seconds from MONDAY to `moment` (nights and weekends count for nothing)."""
    local = timezone.localtime(moment)
    weeks, weekday = divmod((local.date() - MONDAY).days, 7)
    position = (weeks * 5 + min(weekday, 5)) * WORK_SECONDS
    if weekday >= 5:
        return position
    seconds = local.hour * 3600 + local.minute * 60 + local.second + local.microsecond / 1e6 - WORK_START
    return position + min(max(seconds, 0.0), WORK_SECONDS)


def from_work_position(position: float) -> datetime:
    days, offset = divmod(position, WORK_SECONDS)
    weeks, weekday = divmod(int(days), 5)
    day = MONDAY + timedelta(days=weeks * 7 + weekday)
    return timezone.make_aware(datetime.combine(day, time())) + timedelta(seconds=WORK_START + offset)


class Clock:
    """Maps the real moment a row was written to the moment the demo says it happened.

    `phase(start, end)` opens a stretch of real time standing for start..end of the demo's
    history; rows written during it are spread over start..end in the order they were
    written (linear in real time, counted in working hours), so a stage's tasks,
    deliverables, approvals and the final gate move keep their order, land inside the
    stage's days and happen during office hours.
    """

    def __init__(self) -> None:
        self.real_starts: list[datetime] = []
        self.spans: list[tuple[datetime, float, float]] = []
        self.started: datetime | None = None
        self.stopped: datetime | None = None

    def start(self) -> None:
        self.started = timezone.now()

    def phase(self, start: datetime, end: datetime) -> None:
        end = max(start, end)
        self.real_starts.append(timezone.now())
        self.spans.append((end, work_position(start), work_position(end)))

    def stop(self) -> None:
        self.stopped = timezone.now()

    def virtual(self, real: datetime) -> datetime:
        index = bisect.bisect_right(self.real_starts, real) - 1
        if index < 0:
            return real  # written before the first phase
        r0 = self.real_starts[index]
        r1 = self.real_starts[index + 1] if index + 1 < len(self.real_starts) else self.stopped
        end, w0, w1 = self.spans[index]
        fraction = min(max((real - r0) / (r1 - r0), 0.0), 1.0) if r1 > r0 else 0.0
        # never past the end: a phase ending on a weekend would otherwise spill into Monday
        return min(from_work_position(w0 + (w1 - w0) * fraction), end)
