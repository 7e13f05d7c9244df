from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "allied.notifications"
    label = "notifications"
    verbose_name = "Emails and reminders"
