from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from gendan.accounts.api import TeamViewSet, UserViewSet
from gendan.catalog.api import ProductViewSet
from gendan.comms import api_chat, api_inbox, api_mail
from gendan.customers.api import ContactViewSet, CustomerViewSet
from gendan.followup.api import (
    DelayWarningViewSet,
    MilestoneViewSet,
    OrderMilestoneViewSet,
    SopTemplateViewSet,
    TaskViewSet,
)
from gendan.orders.api import OrderViewSet


class Router(DefaultRouter):
    # Format suffixes (/customers.json) would only double every path: the API speaks JSON.
    include_format_suffixes = False


router = Router()
router.register("teams", TeamViewSet, basename="team")
router.register("users", UserViewSet, basename="user")
router.register("customers", CustomerViewSet, basename="customer")
router.register("contacts", ContactViewSet, basename="contact")
router.register("products", ProductViewSet, basename="product")
router.register("orders", OrderViewSet, basename="order")
router.register("sop-templates", SopTemplateViewSet, basename="sop-template")
router.register(
    r"orders/(?P<order_pk>[0-9]+)/milestones", OrderMilestoneViewSet, basename="order-milestone"
)
router.register("milestones", MilestoneViewSet, basename="milestone")
router.register("tasks", TaskViewSet, basename="task")
router.register("delay-warnings", DelayWarningViewSet, basename="delay-warning")
# Communication: each module registers its own endpoints.
api_mail.register(router)
api_chat.register(router)
api_inbox.register(router)

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
