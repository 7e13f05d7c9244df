"""Allied settings. Everything that differs between machines comes from the environment.

See docs/operations.md for every variable and its production value.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    return env(name, "1" if default else "0").strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
PRODUCTION = env("DJANGO_ENV") == "production"
# The fallback key only exists so a fresh clone runs. In production a missing key stops Allied
# from starting: signing sessions, password resets and links with a published key is no key.
SECRET_KEY = env("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Allied will not start in production without it "
            "(docs/operations.md says how to make one)."
        )
    SECRET_KEY = "django-insecure-allied-development-only-key"  # noqa: S105 (never in production)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
SITE_URL = env("ALLIED_SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_htmx",
    "ninja",  # serves the API docs page's scripts locally (the CSP forbids a CDN)
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django_tasks",
    "django_tasks_db",
    "allied.core",
    "allied.accounts",
    "allied.people",
    "allied.notifications",
    "allied.programmes",
    "allied.partnerships",
    "allied.matching",
    "allied.home",
    "allied.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before Allied's session and second-factor middleware, which leave a message when they
    # send someone elsewhere.
    "django.contrib.messages.middleware.MessageMiddleware",
    "allied.core.middleware.SessionLifetimeMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allied.accounts.middleware.RequireMfaForStaffMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allied.core.middleware.NoStoreForSignedInMiddleware",
    "allied.core.middleware.ApplicationErrorMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "allied.home.context_processors.navigation",
            ],
        },
    },
]
# Every Django form, allauth's included, renders with NHS.UK frontend markup.
FORM_RENDERER = "allied.core.forms.NhsukFormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the task worker use the file at the same time.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home:home"
LOGOUT_REDIRECT_URL = "home:home"

# --- Sign-in (django-allauth) -------------------------------------------------------------
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = env("ALLIED_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_SIGNUP_FORM_CLASS = "allied.accounts.forms.SignupDetailsForm"
ACCOUNT_FORMS = {
    name: f"allied.accounts.allauth_forms.{form}"
    for name, form in {
        "login": "LoginForm",
        "signup": "SignupForm",
        "add_email": "AddEmailForm",
        "change_password": "ChangePasswordForm",
        "set_password": "SetPasswordForm",
        "reset_password": "ResetPasswordForm",
        "reset_password_from_key": "ResetPasswordKeyForm",
        "reauthenticate": "ReauthenticateForm",
    }.items()
}
SOCIALACCOUNT_FORMS = {"signup": "allied.accounts.allauth_forms.SocialSignupForm"}
ACCOUNT_ADAPTER = "allied.notifications.allauth.OutboxAccountAdapter"
SOCIALACCOUNT_ADAPTER = "allied.accounts.adapters.SocialAccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Allied] "
# No "remember me": the session cookie ends with the browser, and the server ends the session
# after 30 idle minutes either way (shared computers on wards).
ACCOUNT_SESSION_REMEMBER = False
# Behind a reverse proxy every request comes from the proxy's address; the rate limits below
# need the client's. Set to the number of proxies you run that append to X-Forwarded-For.
ALLAUTH_TRUSTED_PROXY_COUNT = int(env("ALLIED_TRUSTED_PROXY_COUNT", "0"))
# Failed sign-ins: five per email address in 15 minutes, then that address is locked out
# until the window passes; twenty per IP address in 15 minutes throttles guessing across accounts.
ACCOUNT_RATE_LIMITS = {
    "login_failed": env("ALLIED_LOGIN_FAILED_LIMIT", "20/15m/ip,5/15m/key"),
    "login": "60/m/ip",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_FORMS = {
    "authenticate": "allied.accounts.allauth_forms.MfaAuthenticateForm",
    "reauthenticate": "allied.accounts.allauth_forms.MfaReauthenticateForm",
    "activate_totp": "allied.accounts.allauth_forms.ActivateTotpForm",
}
MFA_TOTP_ISSUER = "Allied"
# Roles that see other people's data must use a second factor (see accounts.middleware).
ALLIED_REQUIRE_MFA_FOR_STAFF = env_bool("ALLIED_REQUIRE_MFA_FOR_STAFF", True)
# The audit trail's subject pseudonyms are keyed with this (falling back to the secret key): set
# it once and never change it, or old events no longer match their people (docs/operations.md).
ALLIED_AUDIT_KEY = env("ALLIED_AUDIT_KEY")
# SQLite refuses changes to the audit table on every connection Allied opens (PostgreSQL has a
# trigger of its own); the test suite turns this off so that Django can empty the database.
ALLIED_AUDIT_GUARD = env_bool("ALLIED_AUDIT_GUARD", True)
# How often one member of staff may read people's demographics through the API in an hour.
ALLIED_SPECIAL_CATEGORY_READS_PER_HOUR = int(env("ALLIED_SPECIAL_CATEGORY_READS_PER_HOUR", "120"))
# Sign-up gives the new user a profile through the people app's service (accounts stands below
# people and must not import it).
ALLIED_SIGNUP_PROFILE_SERVICE = "allied.people.services.profiles.person_link_at_signup"

SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_PROVIDERS: dict = {"openid_connect": {"OAUTH_PKCE_ENABLED": True, "APPS": []}}
if env("ALLIED_OIDC_CLIENT_ID"):
    # Microsoft Entra ID (or any OpenID Connect provider). See docs/operations.md.
    SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"].append(
        {
            "provider_id": env("ALLIED_OIDC_PROVIDER_ID", "entra"),
            "name": env("ALLIED_OIDC_NAME", "Microsoft Entra ID"),
            "client_id": env("ALLIED_OIDC_CLIENT_ID"),
            "secret": env("ALLIED_OIDC_CLIENT_SECRET"),
            "settings": {
                "server_url": env("ALLIED_OIDC_SERVER_URL"),
                "token_auth_method": "client_secret_post",
                "scope": ["openid", "profile", "email"],
                # Entra ID does not say whether an email is verified. Addresses in these
                # domains (your tenant's own) are trusted: they sign straight in, and connect
                # to an existing Allied account with the same address. Others must confirm
                # their address by email first.
                "verified_email": env_list("ALLIED_OIDC_VERIFIED_EMAIL_DOMAINS") or False,
            },
        }
    )

# --- Sessions -----------------------------------------------------------------------------
SESSION_COOKIE_AGE = int(env("ALLIED_SESSION_IDLE_SECONDS", str(30 * 60)))
# The idle clock restarts with activity, saving the session at most every tenth of its
# lifetime rather than on every request (core.middleware.SessionLifetimeMiddleware).
SESSION_SAVE_EVERY_REQUEST = False
ALLIED_SESSION_ABSOLUTE_SECONDS = int(env("ALLIED_SESSION_ABSOLUTE_SECONDS", str(12 * 60 * 60)))
SESSION_COOKIE_HTTPONLY = True
# Messages ("Signed in as …") live in the session, not in a cookie that would carry them.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SESSION_COOKIE_SAMESITE = "Lax"

# --- Security headers ---------------------------------------------------------------------
OIDC_ORIGINS = [
    f"{url.scheme}://{url.netloc}"
    for app in SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"]
    if (url := urlsplit(app["settings"]["server_url"])).scheme in {"http", "https"}
]
SECURE_HTTPS = env_bool("ALLIED_HTTPS", not DEBUG and PRODUCTION)
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_SSL_REDIRECT = SECURE_HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE_HTTPS else None
# Links in emails and the single sign-on redirect URI (which must match the one registered with
# Entra ID exactly) use https even if a proxy forgets X-Forwarded-Proto.
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SECURE_HTTPS else "http"
SECURE_HSTS_SECONDS = int(env("ALLIED_HSTS_SECONDS", str(365 * 24 * 60 * 60)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("ALLIED_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    # Only a registrable domain (example.nhs.uk, not allied.example.nhs.uk) can join the browsers'
    # HSTS preload list, and joining commits every subdomain, so it is the domain owner's
    # decision: ALLIED_HSTS_PRELOAD=1 turns it on. See docs/operations.md.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "https://assets.nhs.uk"],
        "connect-src": [SELF],
        # Single sign-on posts a form that redirects to the identity provider, and browsers
        # check form-action against that redirect too.
        "form-action": [SELF, *OIDC_ORIGINS],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# --- Internationalisation -----------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Static files -------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("ALLIED_MANIFEST_STATIC", not DEBUG and PRODUCTION)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env("ALLIED_MEDIA_ROOT", str(BASE_DIR / "media")))

# --- Email --------------------------------------------------------------------------------
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("DJANGO_EMAIL_PORT", "587"))
EMAIL_HOST_USER = env("DJANGO_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("DJANGO_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = int(env("DJANGO_EMAIL_TIMEOUT", "20"))  # never hang a request on a slow relay
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", "Allied <allied@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background tasks ---------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": env("ALLIED_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# --- Cache (rate limits live here) --------------------------------------------------------
if env("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env("REDIS_URL"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "allied_cache",
        }
    }

# --- Logging ------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}


# Serve static files straight from the source folders unless collectstatic has been run.
WHITENOISE_USE_FINDERS = STORAGES["staticfiles"]["BACKEND"].startswith("django.")
# Without collectstatic, look files up on request instead of scanning them all at start-up.
WHITENOISE_AUTOREFRESH = WHITENOISE_USE_FINDERS
