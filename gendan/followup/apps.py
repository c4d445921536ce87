from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "gendan.followup"
    verbose_name = _("Order follow-up")

    def ready(self) -> None:
        import datetime as dt

        from gendan.core.calendars import company_calendar_register
        from gendan.core.scheduler import Schedule, register
        from gendan.orders.panels import OrderPanel, order_panel_register

        from . import receivers  # noqa: F401  (orders confirmed -> milestones planned)
        from .calendars import factory_working_days

        # Every app's working days and office hours run on the factory's calendar.
        company_calendar_register(factory_working_days)

        # The order page loads the timeline, tasks and comments from the follow-up.
        order_panel_register(
            OrderPanel(
                key="followup",
                title=_("Follow-up"),
                url_name="followup:order_panel",
                position=10,
            )
        )

        # Overdue steps move their dependants as the days pass, not only when touched.
        register(
            Schedule(
                "forecasts_refresh",
                "gendan.followup.tasks.forecasts_refresh_daily",
                daily_at=dt.time(0, 15),
            )
        )
