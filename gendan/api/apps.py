from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "gendan.api"
    verbose_name = "API"

    def ready(self) -> None:
        from gendan.core.registry import api_route_register

        from .people import TeamViewSet, UserViewSet

        api_route_register("teams", TeamViewSet, basename="team")
        api_route_register("users", UserViewSet, basename="user")
