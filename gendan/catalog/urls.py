from django.urls import path

from . import transfer, views

app_name = "catalog"
urlpatterns = [
    path("", views.product_list_view, name="list"),
    path("new/", views.product_edit_view, name="create"),
    path("lookup/", views.product_lookup_view, name="lookup"),
    path("export.xlsx", transfer.product_export_view, name="export"),
    path("<int:pk>/", views.product_detail_view, name="detail"),
    path("<int:pk>/edit/", views.product_edit_view, name="edit"),
    path("<int:pk>/delete/", views.product_delete_view, name="delete"),
]
