from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "gendan.followup"
    verbose_name = _("Order follow-up")

    def ready(self) -> None:
        from gendan.core.registry import NavEntry, nav_register

        # The main navigation follows a merchandiser's day: My day first.
        nav_register(NavEntry("my_day", _("My day"), "followup:my_day", "ti-sun", position=10))
        nav_register(
            NavEntry("board", _("Board"), "followup:board", "ti-layout-kanban", position=20)
        )
        from gendan.core.registry import api_route_register

        from . import api
        from .setup import api as setup_api

        api_route_register("sop-templates", setup_api.SopTemplateViewSet, basename="sop-template")
        api_route_register(
            r"orders/(?P<order_pk>[0-9]+)/milestones",
            api.OrderMilestoneViewSet,
            basename="order-milestone",
        )
        api_route_register("milestones", api.MilestoneViewSet, basename="milestone")
        api_route_register("tasks", api.TaskViewSet, basename="task")
        api_route_register("delay-warnings", api.DelayWarningViewSet, basename="delay-warning")

        from gendan.core.registry import team_carrier_register

        from .models import DelayWarning, Milestone, OrderProgress, Task

        # The follow-up of an order moves with its customer to another team.
        for model in (Milestone, OrderProgress, DelayWarning, Task):
            team_carrier_register(model, customer_path="order__customer")
        import datetime as dt

        from gendan.core.calendars import company_calendar_register
        from gendan.core.scheduler import Schedule, register
        from gendan.orders.panels import OrderPanel, order_panel_register

        from . import (
            customer_timeline,
            message_extras,
            receivers,  # noqa: F401  (orders confirmed -> milestones planned)
            search_texts,
        )
        from .calendars import factory_working_days

        # The customer timeline's follow-up events; message templates' ETD, ETA and
        # tracking; evidence files offered as mail attachments.
        customer_timeline.register()
        message_extras.register()

        # An order is found by its delay reasons and comments (search reads this).
        search_texts.register()

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
