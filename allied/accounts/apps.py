from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "allied.accounts"
    label = "accounts"

    def ready(self) -> None:
        from allauth.account.decorators import secure_admin_login
        from django.contrib import admin

        # The Django admin's own sign-in form has no rate limit and no second factor: send
        # operators through Allied's sign-in instead (allauth's recipe).
        admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

        from allied.accounts import signin_audit

        signin_audit.connect()
