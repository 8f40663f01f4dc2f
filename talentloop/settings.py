"""Talentloop settings: one module, driven by environment variables with safe defaults.

SQLite (a file under ./var) unless DATABASE_URL says otherwise.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("TALENTLOOP_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    """A typo in a boolean is an error, not a silent False."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use true/false, 1/0, yes/no, on/off)")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer") from exc


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and env_bool("TALENTLOOP_REQUIRE_SECRET_KEY", False):
        raise ImproperlyConfigured("SECRET_KEY must be set in production")
    # Local default: fine for `make run` on one's own machine, never for a deployment.
    SECRET_KEY = "talentloop-local-development-key-change-me-0123456789abcdef"  # noqa: S105

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# The issuer named in every Open Badges credential (its id is SITE_URL/credentials/issuer).
TALENTLOOP_ORGANISATION_NAME = os.environ.get("TALENTLOOP_ORGANISATION_NAME", "Talentloop")

INSTALLED_APPS = [
    "talentloop.admin_site.TalentloopAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "talentloop.accounts",
    "talentloop.skills",
    "talentloop.roles",
    "talentloop.people",
    "talentloop.marketplace",
    "talentloop.matching",
    "talentloop.fairness",
    "talentloop.organisation",
    "talentloop.notifications",
    "talentloop.demo",
    "talentloop.credentials",
    "talentloop.learning",
    "talentloop.pathways",
    "talentloop.xapi",
    "talentloop.analytics",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "talentloop.urls"
WSGI_APPLICATION = "talentloop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "talentloop" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "talentloop.accounts.context_processors.persona",
                "talentloop.notifications.context_processors.inbox",
            ],
        },
    },
]

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0))}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "talentloop.sqlite3",
            # IMMEDIATE takes the write lock when a transaction starts, so concurrent writers queue
            # instead of failing with "database is locked" half way through.
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
            "TEST": {"NAME": VAR_DIR / "test-talentloop.sqlite3"},
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Project-wide assets: our CSS/JS and the npm-built vendor files (pico, htmx) under talentloop/static/.
STATICFILES_DIRS = [BASE_DIR / "talentloop" / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
# WhiteNoise also serves straight from the finders (no collectstatic for `make run`) but wants the folder to exist.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # serve straight from the app folders too, so `make run` needs no collectstatic

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "talentloop@localhost")
# For EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend:
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)

# Background tasks (notification emails, digests, marketplace timers) go to a queue in the database, run by
# `talentloop worker` (which `talentloop run` starts). TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend
# runs each task inline instead, for a setup without a worker.
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# The hour (local time, TIME_ZONE) when the worker sends daily digests, and weekly ones on Mondays.
TALENTLOOP_DIGEST_HOUR = env_int("TALENTLOOP_DIGEST_HOUR", 8)
if not 0 <= TALENTLOOP_DIGEST_HOUR <= 23:
    raise ImproperlyConfigured(f"TALENTLOOP_DIGEST_HOUR={TALENTLOOP_DIGEST_HOUR} is not an hour (0 to 23)")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "talentloop.accounts.authentication.PersonalTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "talentloop.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "talentloop.api.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Talentloop API",
    "DESCRIPTION": "Internal talent marketplace joined to learning.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# The text-embedding models of skills intelligence (docs/skills.md, chosen by measurement there):
# TALENTLOOP_EMBEDDING_MODEL for skill names and short phrases (normalisation, related skills): minilm (default:
# all-MiniLM-L6-v2, int8 ONNX), wordllama (static, much faster, weaker on paraphrases) or none (lexical only: no
# model at all, inference included). TALENTLOOP_INFERENCE_MODEL for the passages of longer texts (inference):
# wordllama (default: a 300-word text in well under 50 ms), minilm, none, or same (as the first).
# A model whose package is missing falls back to lexical matching with a warning in the log.
TALENTLOOP_EMBEDDING_MODEL = os.environ.get("TALENTLOOP_EMBEDDING_MODEL", "minilm").strip().lower()
if TALENTLOOP_EMBEDDING_MODEL not in {"minilm", "wordllama", "none"}:
    raise ImproperlyConfigured(
        f"TALENTLOOP_EMBEDDING_MODEL={TALENTLOOP_EMBEDDING_MODEL!r} is not a model (use minilm, wordllama or none)"
    )
TALENTLOOP_INFERENCE_MODEL = os.environ.get("TALENTLOOP_INFERENCE_MODEL", "wordllama").strip().lower()
if TALENTLOOP_INFERENCE_MODEL not in {"minilm", "wordllama", "none", "same"}:
    raise ImproperlyConfigured(
        f"TALENTLOOP_INFERENCE_MODEL={TALENTLOOP_INFERENCE_MODEL!r} is not a model (use wordllama, minilm, none or same)"
    )

# Product settings (talent admins see them on the settings page).
TALENTLOOP = {
    "DEMO_PASSWORD": os.environ.get("TALENTLOOP_DEMO_PASSWORD", "talentloop-demo"),
}

if os.environ.get("TALENTLOOP_TESTING"):
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tasks run inline in tests; the queue's own test switches to the database backend and runs the worker.
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
