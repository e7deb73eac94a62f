"""Settings shared by every environment. Everything that varies comes from the environment."""

from datetime import timedelta
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env(
    "DJANGO_SECRET_KEY", default="insecure-local-only-key-change-me-in-production-0123456789"
)
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "platforms.apps.AdminConfig",  # django.contrib.admin, for superusers only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_countries",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "platforms",
    "stakeholders",
    "partnerships",
    "accountability",
]

MIDDLEWARE = [
    "platforms.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Resolves the platform (from /p/<slug>/ or the API key) and runs the rest of the
    # request in one transaction with the tenant set for row-level security.
    "platforms.middleware.TenantMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "platforms.context_processors.tenancy",
                "stakeholders.context_processors.stakeholder_pages",
                "partnerships.context_processors.partnership_pages",
            ],
        },
    },
]


if env("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
else:
    # The embedded PostgreSQL that `make run` / `make test` start under var/ listens on a
    # socket in its data directory; the application connects as a non-superuser role.
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "bridgework",
            "USER": "bridgework",
            "PASSWORD": "bridgework",
            "HOST": str(VAR_DIR / "pgdata"),
        }
    }
# Points a process at another database on the same server: the worker tests use it to
# join pytest's test database.
if env("DATABASE_NAME", default=""):
    DATABASES["default"]["NAME"] = env("DATABASE_NAME")
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)
# Transactions are opened by platforms.middleware.TenantMiddleware, which must set the
# tenant inside the transaction; ATOMIC_REQUESTS would open it too late.
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default=f"unix://{VAR_DIR / 'redis' / 'redis.sock'}?db=0")


def _kombu_url(url: str) -> str:
    # redis-py understands unix://; kombu spells a socket path redis+socket://.
    if url.startswith("unix://"):
        return "redis+socket://" + url.removeprefix("unix://")
    return url


CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="bw"),
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "index"  # which then goes to the platform, or offers a choice
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env("MEDIA_ROOT", default=str(VAR_DIR / "media"))
STORAGES: dict[str, dict] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Files (uploads, rendered agreements, job outputs) always go through Django's storage
# API, so where they live is configuration: the filesystem under MEDIA_ROOT, or an
# S3-compatible bucket (AWS, MinIO, Ceph, ...) when S3_BUCKET is set.
# - Objects are private, and no page hands out their URLs: every download streams
#   through a view that checks permissions. Hence no signed URLs either: a stray .url()
#   gives a link that does not open, never one that gets round the checks.
# - file_overwrite off: save() then picks another name when the key exists, which the
#   PDF job relies on to notice a concurrent render (partnerships.services.agreement_pdfs).
# - Without S3_ACCESS_KEY_ID, boto3 finds credentials itself (AWS_* variables, an
#   instance or pod role).
S3_BUCKET = env("S3_BUCKET", default="")
if S3_BUCKET:
    _s3_optional = {
        "endpoint_url": env("S3_ENDPOINT_URL", default=""),
        "region_name": env("S3_REGION", default=""),
        "access_key": env("S3_ACCESS_KEY_ID", default=""),
        "secret_key": env("S3_SECRET_ACCESS_KEY", default=""),
        "location": env("S3_PREFIX", default=""),
        "addressing_style": env("S3_ADDRESSING_STYLE", default=""),  # "path" for MinIO
        # Empty for a bucket whose ACLs are disabled (it is private by its policy).
        "default_acl": env("S3_DEFAULT_ACL", default="private"),
    }
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            **{name: value for name, value in _s3_optional.items() if value},
            "querystring_auth": False,
            "file_overwrite": False,
            # A file read for a download is buffered in memory up to this, then on disk.
            "max_memory_size": 10 * 1024 * 1024,
        },
    }

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Bridgework <noreply@bridgework.local>")

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"

# Invitations: how long a link stays valid.
INVITATION_TTL = timedelta(days=env.int("INVITATION_TTL_DAYS", default=7))

# --- Django REST framework -------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["platforms.api.authentication.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["platforms.permissions.HasApiKey"],
    "DEFAULT_PAGINATION_CLASS": "platforms.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": ["platforms.api.throttling.ApiKeyRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api_key": env("API_THROTTLE_RATE", default="600/min")},
    "EXCEPTION_HANDLER": "platforms.api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Bridgework API",
    "DESCRIPTION": (
        "The API for partner organisations of a partnership platform. Authenticate with an "
        "API key: `Authorization: Bearer <key>`. Every error has the same shape: "
        '`{"error": {"status": 400, "code": "...", "message": "...", "details": {...}}}`.'
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    # The bearer scheme "ApiKey" and each operation's security come from the
    # authentication extension (platforms.api.authentication); declaring them here as
    # well listed every operation's security twice.
}

# --- django-guardian -------------------------------------------------------------------
ANONYMOUS_USER_NAME = None  # no anonymous object permissions
GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False

# --- Celery ----------------------------------------------------------------------------
CELERY_BROKER_URL = _kombu_url(env("CELERY_BROKER_URL", default=REDIS_URL))
CELERY_RESULT_BACKEND = None  # the Job row is the result
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=300)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=360)
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", default=400_000)
CELERY_WORKER_MAX_TASKS_PER_CHILD = 200
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# With acks_late, a message is redelivered only after the visibility timeout; keep it
# above the hard time limit so a long task is not delivered twice while still running.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
}
CELERY_BEAT_SCHEDULE = {
    "sweep-stuck-jobs": {"task": "platforms.tasks.sweep_stuck_jobs", "schedule": 60.0},
    # Uploaded import files hold personal data: delete those no import needs any more.
    "sweep-import-files": {
        "task": "stakeholders.tasks.sweep_import_files",
        "schedule": timedelta(days=1),
    },
}
# A job still queued or running this long after it last moved is re-enqueued.
JOB_STUCK_AFTER = timedelta(seconds=env.int("JOB_STUCK_AFTER_SECONDS", default=600))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint reports every rendering step at INFO; keep its warnings only.
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
