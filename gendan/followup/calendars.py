"""The company's factory calendar, kept as WorkCalendar rows (see ``gendan.core.calendars``)."""

from __future__ import annotations

from gendan.core.calendars import WorkingDays, working_days_for_country, working_days_from


def factory_working_days() -> WorkingDays:
    """The company's factory calendar (China's by default)."""
    from .models import WorkCalendar

    calendar = WorkCalendar.objects.filter(is_factory_default=True).first()
    if calendar is None:
        return working_days_for_country("CN")
    return working_days_from(calendar)
