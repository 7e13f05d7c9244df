from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "allied.home"
    label = "home"
    verbose_name = "Home and navigation"
