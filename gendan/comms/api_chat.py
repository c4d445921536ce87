"""REST endpoints (api_chat)."""

from rest_framework.routers import BaseRouter


def register(router: BaseRouter) -> None:
    """Add this module's viewsets to the API router."""
