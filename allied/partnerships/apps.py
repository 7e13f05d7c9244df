from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "allied.partnerships"
    label = "partnerships"

    def ready(self) -> None:
        from allied.notifications import rounds
        from allied.partnerships.services.reminders import daily_round

        rounds.register("partnerships", daily_round)
