from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from gendan.accounts.views import LoginView
from gendan.core import views as core_views
from gendan.core.registry import api_routes


class ApiRouter(DefaultRouter):
    # Format suffixes (/customers.json) would only double every path: the API speaks JSON.
    include_format_suffixes = False


# Every app adds its viewsets to the registry in its AppConfig.ready().
api_router = ApiRouter()
for route in api_routes.values():
    api_router.register(route.prefix, route.viewset, basename=route.basename)

handler403 = "gendan.accounts.views.permission_denied"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.health, name="health"),
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", include("gendan.accounts.urls")),
    path("customers/", include("gendan.customers.urls")),
    path("products/", include("gendan.catalog.urls")),
    path("orders/", include("gendan.orders.urls")),
    path("import/", include("gendan.dataio.urls")),
    path("notifications/", include("gendan.notify.urls")),
    path("search/", include("gendan.search.urls")),
    path("", include("gendan.followup.urls")),
    path("", include("gendan.comms.urls")),
    path("api/v1/", include(api_router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]
