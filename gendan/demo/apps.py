from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data for trying Gendan out and for benchmarks; it writes into every app."""

    name = "gendan.demo"
    verbose_name = "Demo data"
