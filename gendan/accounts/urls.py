from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("settings/", views.settings_page, name="settings"),
    path("settings/token/", views.token_regenerate, name="token_regenerate"),
    path("language/", views.switch_language, name="language"),
]
