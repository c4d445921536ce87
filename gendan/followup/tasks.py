"""Background work of the follow-up engine; each task is safe to run twice."""

from __future__ import annotations

from django_tasks import task

from .forecasts import forecasts_refresh


@task()
def forecasts_refresh_daily() -> int:
    """Each night: steps left open past their forecast push their dependants to today, so a
    delay warning appears on the morning the promised ship date comes at risk, not when
    somebody next touches the order."""
    return forecasts_refresh()
