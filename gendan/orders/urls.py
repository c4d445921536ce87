from django.urls import path

from gendan.dataio.views import export_view

from . import views

app_name = "orders"
urlpatterns = [
    path("", views.order_list_view, name="list"),
    path("new/", views.order_create_view, name="create"),
    path("contact-options/", views.contact_options_view, name="contact_options"),
    path("export.xlsx", export_view("orders"), name="export"),
    path("<int:pk>/", views.order_detail_view, name="detail"),
    path("<int:pk>/edit/", views.order_edit_view, name="edit"),
    path("<int:pk>/status/", views.order_status_view, name="status"),
    path("<int:pk>/delete/", views.order_delete_view, name="delete"),
]
