"""The follow-up engine: SOP templates, working-day calendars, milestones, warnings, tasks."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from gendan.accounts.models import Role, Team
from gendan.catalog.models import Category
from gendan.customers.models import Customer
from gendan.orders.models import Order


# --- Working-day calendars ------------------------------------------------------------
class WorkCalendar(models.Model):
    """Where a step happens decides which days are working days.

    A calendar starts from a country's public holidays (the ``holidays`` package; for
    China that includes the weekend make-up working days, 调休) and adds the company's
    own days: a longer Chinese New Year shutdown, a working Saturday.
    """

    name = models.CharField(_("name"), max_length=100)
    country = models.CharField(
        _("country"),
        max_length=2,
        help_text=_("ISO 3166 code whose public holidays apply, e.g. CN"),
    )
    is_factory_default = models.BooleanField(
        _("default for factory steps"),
        default=False,
        help_text=_("Steps at the factory count working days on this calendar."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("working-day calendar")
        verbose_name_plural = _("working-day calendars")
        constraints = [
            models.UniqueConstraint(
                fields=["is_factory_default"],
                condition=Q(is_factory_default=True),
                name="one_factory_calendar",
            )
        ]

    def __str__(self) -> str:
        return self.name


class CalendarDay(models.Model):
    """A company exception to its calendar: a day off that is not a public holiday, or a working day that would be."""

    calendar = models.ForeignKey(WorkCalendar, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("date"))
    is_working = models.BooleanField(_("working day"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar exception")
        verbose_name_plural = _("calendar exceptions")
        constraints = [
            models.UniqueConstraint(fields=["calendar", "date"], name="calendar_day_unique")
        ]

    def __str__(self) -> str:
        return f"{self.date} {'+' if self.is_working else '-'}"


# --- SOP templates --------------------------------------------------------------------
class Anchor(models.TextChoices):
    CONFIRMED = "confirmed", _("Order confirmed")
    SHIP_DATE = "ship_date", _("Promised ship date")
    DEPENDENCIES = "dependencies", _("Finish of the steps it depends on")


class Evidence(models.TextChoices):
    NONE = "none", _("None")
    FILE = "file", _("A file (photo, document)")
    INSPECTION = "inspection", _("A passed inspection")
    PAYMENT = "payment", _("A received payment")


class CalendarSide(models.TextChoices):
    FACTORY = "factory", _("Factory (company calendar)")
    CUSTOMER = "customer", _("Customer's country")


class SopTemplate(models.Model):
    """A standard way of running an order; its steps live in numbered versions."""

    name = models.CharField(_("name"), max_length=100)
    description = models.CharField(_("description"), max_length=255, blank=True)
    is_default = models.BooleanField(_("default template"), default=False)
    customers = models.ManyToManyField(
        Customer, blank=True, related_name="sop_templates", verbose_name=_("for customers")
    )
    categories = models.ManyToManyField(
        Category, blank=True, related_name="sop_templates", verbose_name=_("for product categories")
    )
    current_version = models.ForeignKey(
        "SopTemplateVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-is_default", "name"]
        verbose_name = _("SOP template")
        verbose_name_plural = _("SOP templates")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_sop"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("followup:template_detail", args=[self.pk])


class SopTemplateVersion(models.Model):
    template = models.ForeignKey(SopTemplate, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    note = models.CharField(_("what changed"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["template", "-number"]
        verbose_name = _("SOP template version")
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="sop_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.template} v{self.number}"


class SopStep(models.Model):
    version = models.ForeignKey(SopTemplateVersion, on_delete=models.CASCADE, related_name="steps")
    # Stable across versions: the board's columns and the process review group by it.
    key = models.SlugField(_("key"), max_length=50)
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name (English)"), max_length=100)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    owner_role = models.CharField(
        _("owner role"), max_length=20, choices=Role.choices, default=Role.MERCHANDISER
    )
    anchor = models.CharField(
        _("anchor"), max_length=15, choices=Anchor.choices, default=Anchor.DEPENDENCIES
    )
    offset_days = models.SmallIntegerField(
        _("offset (working days)"),
        default=0,
        help_text=_("Working days after the anchor; negative counts back from the ship date."),
    )
    depends_on = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="dependants",
        verbose_name=_("depends on"),
    )
    # How long the step takes once what it depends on is done. For a step anchored on its
    # dependencies that is its offset; a step placed by the ship date or the confirmation
    # has slack, and a late dependency moves it only when the slack runs out.
    lead_days = models.PositiveSmallIntegerField(
        _("working days needed after its dependencies"),
        default=1,
        help_text=_("For steps counted from the confirmation or the ship date."),
    )
    evidence = models.CharField(
        _("evidence required"), max_length=12, choices=Evidence.choices, default=Evidence.NONE
    )
    customer_visible = models.BooleanField(_("customer sees it"), default=False)
    calendar_side = models.CharField(
        _("calendar"), max_length=10, choices=CalendarSide.choices, default=CalendarSide.FACTORY
    )
    is_ship_step = models.BooleanField(
        _("ship step"),
        default=False,
        help_text=_("Its forecast is compared with the promised ship date for delay warnings."),
    )
    done_on_confirm = models.BooleanField(
        _("done when the order is confirmed"),
        default=False,
        help_text=_("Steps such as 'PI sent' are already behind an order when it is confirmed."),
    )
    message_template = models.CharField(
        _("message template"),
        max_length=100,
        blank=True,
        help_text=_(
            "Code of the message template used to tell the customer when this step is done."
        ),
    )

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("SOP step")
        verbose_name_plural = _("SOP steps")
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="sop_step_key_unique"),
            models.UniqueConstraint(
                fields=["version"], condition=Q(is_ship_step=True), name="one_ship_step"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        language = get_language() or ""
        return self.name_zh if language.startswith("zh") and self.name_zh else self.name


# --- Milestones -----------------------------------------------------------------------
class MilestoneStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    SKIPPED = "skipped", _("Skipped")


CLOSED_STATUSES = (MilestoneStatus.DONE, MilestoneStatus.SKIPPED)


class Milestone(models.Model):
    """One step of one order: planned, forecast and actual dates, owner, status."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="milestones")
    step = models.ForeignKey(SopStep, on_delete=models.PROTECT, related_name="milestones")
    # Copied from the order so access checks and "My day" need no join.
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="milestones",
        verbose_name=_("owner"),
    )
    depends_on = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="dependants"
    )
    planned_date = models.DateField(_("planned"))
    forecast_date = models.DateField(_("forecast"))
    # A forecast someone set by hand (with a reason); propagation never moves it earlier.
    manual_forecast = models.DateField(_("forecast set by hand"), null=True, blank=True)
    actual_date = models.DateField(_("actual"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=MilestoneStatus.choices, default=MilestoneStatus.PENDING
    )
    skip_reason = models.CharField(_("reason for skipping"), max_length=255, blank=True)
    note = models.TextField(_("note"), blank=True)
    on_critical_chain = models.BooleanField(default=False)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["order", "position"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        indexes = [
            # "My day": WHERE owner_id = ? AND status IN (open) AND forecast_date <= today
            models.Index(fields=["owner", "status", "forecast_date"], name="milestone_owner_due"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["order", "step"], name="milestone_step_unique"),
            models.CheckConstraint(
                condition=~Q(status=MilestoneStatus.DONE) | Q(actual_date__isnull=False),
                name="milestone_done_has_date",
            ),
        ]

    def __str__(self) -> str:
        # History entries keep this text; both names, so it reads in either language.
        names = (
            self.step.name
            if self.step.name_zh in ("", self.step.name)
            else f"{self.step.name_zh} {self.step.name}"
        )
        return f"{self.order.number} · {names}"

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    @property
    def effective_date(self):
        """When the step finished, or is expected to."""
        return self.actual_date if self.status == MilestoneStatus.DONE else self.forecast_date


class OrderProgress(models.Model):
    """Where an order stands, kept by the forecast service so the board is one query."""

    order = models.OneToOneField(
        Order, primary_key=True, on_delete=models.CASCADE, related_name="progress"
    )
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    template_version = models.ForeignKey(
        SopTemplateVersion, on_delete=models.PROTECT, related_name="+"
    )
    current = models.ForeignKey(
        Milestone, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The current step's key ("" once every step is closed): the board's column.
    stage_key = models.CharField(max_length=50, blank=True)
    due_date = models.DateField(null=True, blank=True)
    forecast_ship_date = models.DateField(null=True, blank=True)
    days_late = models.IntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("order progress")
        indexes = [
            # the board: WHERE team_id IN (...) AND stage_key = ? ORDER BY due_date
            models.Index(fields=["team", "stage_key", "due_date"], name="progress_board"),
            models.Index(fields=["stage_key", "due_date"], name="progress_board_all"),
        ]

    def __str__(self) -> str:
        return f"{self.order_id} @ {self.stage_key}"


def evidence_path(instance: MilestoneEvidence, filename: str) -> str:
    return f"evidence/{instance.milestone.order_id}/{filename}"


class MilestoneEvidence(models.Model):
    milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, related_name="evidence_files"
    )
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.original_name


class DelayWarning(models.Model):
    """The forecast ship date passed the promised one; open until it recovers."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="delay_warnings")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    cause = models.ForeignKey(
        Milestone, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("cause")
    )
    cause_slip_days = models.IntegerField(_("working days the cause slipped"), default=0)
    promised_date = models.DateField(_("promised ship date"))
    forecast_date = models.DateField(_("forecast ship date"))
    days_late = models.IntegerField(_("days late"))
    raised_at = models.DateTimeField(_("raised"), auto_now_add=True)
    cleared_at = models.DateTimeField(_("cleared"), null=True, blank=True)

    class Meta:
        ordering = ["-raised_at"]
        verbose_name = _("delay warning")
        verbose_name_plural = _("delay warnings")
        constraints = [
            models.UniqueConstraint(
                fields=["order"],
                condition=Q(cleared_at__isnull=True),
                name="one_open_warning_per_order",
            ),
        ]
        indexes = [models.Index(fields=["team", "cleared_at"], name="warning_team_open")]

    def __str__(self) -> str:
        return f"{self.order_id} +{self.days_late}d"

    @property
    def is_open(self) -> bool:
        return self.cleared_at is None


# --- Coordination (C5) ----------------------------------------------------------------
class Task(models.Model):
    order = models.ForeignKey(
        Order, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("order")
    )
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("task"), max_length=255)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
        verbose_name=_("assignee"),
    )
    due_date = models.DateField(_("due"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["done_at", "due_date", "id"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        indexes = [
            # "My day": WHERE assignee_id = ? AND done_at IS NULL AND due_date <= today
            models.Index(fields=["assignee", "done_at", "due_date"], name="task_assignee_due"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class Comment(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("comment"))
    mentions = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return self.body[:50]
