from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "allied.demo"
    label = "demo"
    verbose_name = "Demo data"
