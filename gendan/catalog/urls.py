from django.urls import path

from gendan.dataio.views import export_view

from . import views

app_name = "catalog"
urlpatterns = [
    path("", views.product_list_view, name="list"),
    path("new/", views.product_edit_view, name="create"),
    path("lookup/", views.product_lookup_view, name="lookup"),
    path("export.xlsx", export_view("products"), name="export"),
    path("<int:pk>/", views.product_detail_view, name="detail"),
    path("<int:pk>/edit/", views.product_edit_view, name="edit"),
    path("<int:pk>/delete/", views.product_delete_view, name="delete"),
]
