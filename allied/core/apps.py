from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "allied.core"
    label = "core"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.db.backends.signals import connection_created

        from allied.core.audit import guard_sqlite_connection
        from allied.core.middleware import stamp_session_at_sign_in

        user_logged_in.connect(stamp_session_at_sign_in, dispatch_uid="allied-session-clock")
        connection_created.connect(guard_sqlite_connection, dispatch_uid="allied-audit-guard")
