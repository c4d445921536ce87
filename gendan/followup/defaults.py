"""The export order SOP that ships with Gendan, and the factory calendar."""

from __future__ import annotations

# key, English, Chinese, owner role, anchor, offset (working days), depends on,
# evidence, customer sees it, calendar side, ship step, done when confirmed
DEFAULT_EXPORT_STEPS: list[dict] = [
    dict(key="pi_sent", name="PI sent", name_zh="发送形式发票", owner_role="sales", anchor="confirmed", offset_days=0, depends_on=[], done_on_confirm=True),
    dict(key="pi_confirmed", name="PI confirmed", name_zh="客户确认形式发票", owner_role="sales", anchor="dependencies", offset_days=0, depends_on=["pi_sent"], customer_visible=True, done_on_confirm=True),
    dict(key="deposit_received", name="Deposit received", name_zh="收到定金", owner_role="finance", anchor="dependencies", offset_days=3, depends_on=["pi_confirmed"], evidence="payment", customer_visible=True),
    dict(key="po_to_factory", name="PO to factory", name_zh="向工厂下单", owner_role="purchasing", anchor="dependencies", offset_days=1, depends_on=["deposit_received"]),
    dict(key="pp_sample_approved", name="Pre-production sample approved", name_zh="产前样确认", owner_role="merchandiser", anchor="dependencies", offset_days=5, depends_on=["po_to_factory"], evidence="file", customer_visible=True),
    dict(key="materials_ready", name="Materials ready", name_zh="原材料到位", owner_role="purchasing", anchor="dependencies", offset_days=7, depends_on=["po_to_factory"]),
    dict(key="production_start", name="Production start", name_zh="开始生产", owner_role="merchandiser", anchor="dependencies", offset_days=1, depends_on=["pp_sample_approved", "materials_ready"], customer_visible=True),
    dict(key="inline_inspection", name="In-line inspection", name_zh="中期验货", owner_role="qc", anchor="dependencies", offset_days=5, depends_on=["production_start"], evidence="inspection"),
    dict(key="production_finished", name="Production finished", name_zh="生产完成", owner_role="merchandiser", anchor="ship_date", offset_days=-5, lead_days=6, depends_on=["inline_inspection"], customer_visible=True),
    dict(key="pre_shipment_inspection", name="Pre-shipment inspection", name_zh="出货前验货", owner_role="qc", anchor="ship_date", offset_days=-3, lead_days=1, depends_on=["production_finished"], evidence="inspection", customer_visible=True),
    dict(key="booking", name="Booking", name_zh="订舱", owner_role="merchandiser", anchor="ship_date", offset_days=-10, lead_days=3, depends_on=["deposit_received"]),
    dict(key="customs_declaration", name="Customs declaration", name_zh="报关", owner_role="merchandiser", anchor="ship_date", offset_days=-1, lead_days=1, depends_on=["pre_shipment_inspection", "booking"], evidence="file"),
    dict(key="loading_etd", name="Loading / ETD", name_zh="装柜出运（ETD）", owner_role="merchandiser", anchor="ship_date", offset_days=0, lead_days=1, depends_on=["customs_declaration"], evidence="file", customer_visible=True, is_ship_step=True),
    dict(key="bl_issued", name="B/L issued", name_zh="提单签发", owner_role="merchandiser", anchor="dependencies", offset_days=2, depends_on=["loading_etd"], evidence="file", customer_visible=True),
    dict(key="balance_received", name="Balance received", name_zh="收到尾款", owner_role="finance", anchor="dependencies", offset_days=5, depends_on=["bl_issued"], evidence="payment", calendar_side="customer"),
    dict(key="eta_delivered", name="ETA / delivered", name_zh="到港交付（ETA）", owner_role="merchandiser", anchor="dependencies", offset_days=25, depends_on=["loading_etd"], customer_visible=True, calendar_side="customer"),
    dict(key="after_sales", name="After-sales follow-up", name_zh="售后回访", owner_role="sales", anchor="dependencies", offset_days=5, depends_on=["eta_delivered"], calendar_side="customer"),
]  # fmt: skip

FACTORY_CALENDAR = {"name": "中国工厂日历 · China factory calendar", "country": "CN"}


def defaults_install(apps=None) -> None:
    """Create the factory calendar and the default template where they are missing.

    Runs in a migration (with its historical models) and in tests that empty the database.
    """
    if apps is None:
        from django.apps import apps as live_apps

        apps = live_apps
    WorkCalendar = apps.get_model("followup", "WorkCalendar")
    SopTemplate = apps.get_model("followup", "SopTemplate")
    SopTemplateVersion = apps.get_model("followup", "SopTemplateVersion")
    SopStep = apps.get_model("followup", "SopStep")
    if not WorkCalendar.objects.filter(is_factory_default=True).exists():
        WorkCalendar.objects.create(is_factory_default=True, **FACTORY_CALENDAR)
    if SopTemplate.objects.exists():
        return
    template = SopTemplate.objects.create(
        # Both languages: this row is data, shown as it is to every user.
        name="标准出口订单 · Export order (standard)",
        description="从形式发票到售后的标准步骤 · From PI to after-sales: the standard steps of an export order.",
        is_default=True,
    )
    version = SopTemplateVersion.objects.create(
        template=template, number=1, note="随系统提供 · Shipped with Gendan"
    )
    steps = {}
    for position, spec in enumerate(DEFAULT_EXPORT_STEPS, start=1):
        fields = {k: v for k, v in spec.items() if k != "depends_on"}
        steps[spec["key"]] = SopStep.objects.create(version=version, position=position, **fields)
    for spec in DEFAULT_EXPORT_STEPS:
        steps[spec["key"]].depends_on.set([steps[key] for key in spec["depends_on"]])
    template.current_version = version
    template.save(update_fields=["current_version"])
