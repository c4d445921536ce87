from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "gendan.api"
    verbose_name = "API"
