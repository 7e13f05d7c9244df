"""django-allauth hooks: who may sign up, and where people arriving by single sign-on belong."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.http import HttpRequest

from allied.accounts import selectors, services

if TYPE_CHECKING:
    from allauth.socialaccount.models import SocialLogin

    from allied.accounts.models import Organisation, User


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # The limits are ACCOUNT_RATE_LIMITS["login_failed"]: 5 per address, 20 per IP address,
        # in 15 minutes.
        "too_many_login_attempts": (
            "Too many failed sign-in attempts. For your security, signing in to this account "
            "is paused for 15 minutes. Try again later, or reset your password."
        ),
    }

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        from django.core.exceptions import ValidationError

        from allied.accounts import signin_audit

        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            signin_audit.on_locked_out(request, credentials)
            raise

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        from allied.accounts.models import Organisation

        return Organisation.objects.filter(open_signup=True).exists()


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """First sign-in through the organisation's identity provider (Microsoft Entra ID).

    Someone whose verified email is in a domain an organisation has claimed joins it at once;
    anyone else is asked for their name and organisation (only those open to sign-up)."""

    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        if _organisation_by_verified_email(sociallogin) is not None:
            return True
        return super().is_open_for_signup(request, sociallogin)

    def is_auto_signup_allowed(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        return (
            super().is_auto_signup_allowed(request, sociallogin)
            and _organisation_by_verified_email(sociallogin) is not None
        )

    def get_signup_form_initial_data(self, sociallogin: SocialLogin) -> dict:
        initial = super().get_signup_form_initial_data(sociallogin)
        initial["full_name"] = _full_name(sociallogin)
        return initial

    def save_user(
        self, request: HttpRequest, sociallogin: SocialLogin, form: object = None
    ) -> User:
        user = super().save_user(request, sociallogin, form=form)
        if form is None:
            # Auto sign-up: there is no form to ask for a name and an organisation.
            organisation = _organisation_by_verified_email(sociallogin)
            if organisation is not None:
                services.user_complete_signup(
                    user=user, full_name=_full_name(sociallogin), organisation=organisation
                )
        return user


def _organisation_by_verified_email(sociallogin: SocialLogin) -> Organisation | None:
    for address in sociallogin.email_addresses:
        if address.verified:
            organisation = selectors.organisation_for_email(email=address.email)
            if organisation is not None:
                return organisation
    return None


def _full_name(sociallogin: SocialLogin) -> str:
    # OpenID Connect keeps the claims as {"userinfo": {...}, "id_token": {...}}.
    extra = sociallogin.account.extra_data or {}
    data = extra.get("userinfo") or extra.get("id_token") or extra
    name = str(data.get("name") or "").strip()
    if not name:
        name = " ".join(
            str(data.get(key) or "").strip() for key in ("given_name", "family_name")
        ).strip()
    if not name and sociallogin.user is not None:
        name = sociallogin.user.email.partition("@")[0]
    return name[:200]
