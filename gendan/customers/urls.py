from django.urls import path

from gendan.dataio.views import export_view

from . import views

app_name = "customers"
urlpatterns = [
    path("", views.customer_list_view, name="list"),
    path("new/", views.customer_create_view, name="create"),
    path("duplicates/", views.customer_duplicates_view, name="duplicates"),
    path("lookup/", views.customer_lookup_view, name="lookup"),
    path("export.xlsx", export_view("customers"), name="export"),
    path("contacts/export.xlsx", export_view("contacts"), name="contact_export"),
    path("<int:pk>/", views.customer_detail_view, name="detail"),
    path("<int:pk>/edit/", views.customer_edit_view, name="edit"),
    path("<int:pk>/delete/", views.customer_delete_view, name="delete"),
    path("<int:pk>/merge/", views.customer_merge_view, name="merge"),
    path("<int:pk>/contacts/new/", views.contact_edit_view, name="contact_create"),
    path("<int:pk>/contacts/<int:contact_pk>/edit/", views.contact_edit_view, name="contact_edit"),
    path(
        "<int:pk>/contacts/<int:contact_pk>/delete/",
        views.contact_delete_view,
        name="contact_delete",
    ),
]
