from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from gendan.accounts.views import LoginView
from gendan.core import views as core_views

handler403 = "gendan.core.views.permission_denied"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.health, name="health"),
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", include("gendan.accounts.urls")),
    path("customers/", include("gendan.customers.urls")),
    path("products/", include("gendan.catalog.urls")),
    path("orders/", include("gendan.orders.urls")),
    path("import/", include("gendan.core.urls")),
    path("notifications/", include("gendan.notify.urls")),
    path("search/", include("gendan.search.urls")),
    path("", include("gendan.followup.urls")),
    path("", include("gendan.comms.urls")),
    path("api/", include("gendan.api.urls")),
    path("admin/", admin.site.urls),
]
