"""One settings module, driven by environment variables prefixed HIWAR_.

Every variable is documented in README.md. Defaults suit a developer's machine and the demo:
SQLite in ./var, mail printed to the console.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("HIWAR_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("HIWAR_DEBUG", False)


def _local_secret_key() -> str:
    """Without HIWAR_SECRET_KEY, a random key is made once and kept in the var folder."""
    import secrets

    path = VAR_DIR / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        path.write_text(key)
        path.chmod(0o600)
        return key


SECRET_KEY = os.environ.get("HIWAR_SECRET_KEY") or _local_secret_key()
ALLOWED_HOSTS = env_list("HIWAR_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("HIWAR_CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.environ.get("HIWAR_SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    # modeltranslation must come before the admin so translated fields show there.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Before allauth, so our templates override its layout and form elements.
    "hiwar.web",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "hiwar.framework",
    "hiwar.accounts",
    "hiwar.reviews",
    "hiwar.analysis",
    "hiwar.conference",
    "hiwar.dialogues",
    "hiwar.knowledge",
    "hiwar.publications",
    "hiwar.search",
    "hiwar.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "hiwar.accounts.middleware.RequireSecretariatTwoFactorMiddleware",
    # AxesMiddleware must be last: it turns lockouts into responses.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hiwar.urls"
WSGI_APPLICATION = "hiwar.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hiwar.web.context_processors.layout",
            ],
        },
    },
]

# Database: HIWAR_DATABASE_URL, e.g. postgres://user:pass@127.0.0.1:5432/hiwar.
# The default is an embedded SQLite file in WAL mode, so the web server and the task worker can
# read and write at the same time. Connections are kept for a minute: opening one costs a few
# milliseconds (SQLite reads the schema), more than serving a cached page.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("HIWAR_DATABASE_URL", f"sqlite:///{VAR_DIR / 'hiwar.sqlite3'}"),
        conn_max_age=int(os.environ.get("HIWAR_DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    # Axes first, so a locked-out address is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Arabic, English, French, as equals. Every URL carries its language prefix.
LANGUAGE_CODE = "en"
LANGUAGES = [("ar", "العربية"), ("en", "English"), ("fr", "Français")]
LANGUAGE_NAMES_IN_INTERFACE = {"ar": _("Arabic"), "en": _("English"), "fr": _("French")}
LOCALE_PATHS = [BASE_DIR / "locale"]
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("ar", "en", "fr")
# A missing translation must show as missing: no silent fallback to English.
MODELTRANSLATION_FALLBACK_LANGUAGES: dict[str, tuple[str, ...]] = {"default": ()}
MODELTRANSLATION_ENABLE_FALLBACKS = False
TIME_ZONE = os.environ.get("HIWAR_TIME_ZONE", "Asia/Beirut")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("HIWAR_MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("HIWAR_STATIC_MANIFEST", False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True

# Mail: the console by default (the demo prints verification links to the terminal);
# HIWAR_EMAIL_BACKEND=file writes each message to HIWAR_EMAIL_FILE_PATH instead;
# HIWAR_EMAIL_URL-style SMTP is configured with the HIWAR_EMAIL_HOST* variables.
_email_backend = os.environ.get("HIWAR_EMAIL_BACKEND", "console")
EMAIL_BACKEND = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
}.get(_email_backend, _email_backend)
EMAIL_FILE_PATH = os.environ.get("HIWAR_EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = os.environ.get("HIWAR_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("HIWAR_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("HIWAR_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("HIWAR_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("HIWAR_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("HIWAR_DEFAULT_FROM_EMAIL", "Hiwar <no-reply@hiwar.invalid>")

# Accounts: email address as the login, verified before use (django-allauth).
SITE_ID = 1
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_PREVENT_ENUMERATION = True
if env_bool("HIWAR_DISABLE_RATE_LIMITS", False):
    ACCOUNT_RATE_LIMITS = False
ACCOUNT_ADAPTER = "hiwar.accounts.adapters.HiwarAccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "hiwar.accounts.forms.SignupProfileForm"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Hiwar] "
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Hiwar"

# Password guessing: lock an address+IP pair after 10 failures for one hour.
AXES_FAILURE_LIMIT = int(os.environ.get("HIWAR_AXES_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "login"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("HIWAR_AXES_ENABLED", True)

# Uploads (reports and inputs): PDF or DOCX, checked by hiwar.reviews.uploads.
HIWAR_MAX_UPLOAD_BYTES = int(os.environ.get("HIWAR_MAX_UPLOAD_BYTES", str(25 * 1024 * 1024)))
# Non-file form data is capped; uploaded files above this size stream to a temporary file. Django
# does not cap a file's size while it arrives: the upload check refuses it afterwards, and in
# production the reverse proxy should cap request bodies (e.g. nginx client_max_body_size).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Analysis engine: every file is parsed in a child process with these limits.
HIWAR_ANALYSIS_MAX_PAGES = int(os.environ.get("HIWAR_ANALYSIS_MAX_PAGES", "1500"))
HIWAR_ANALYSIS_MAX_SECONDS = float(os.environ.get("HIWAR_ANALYSIS_MAX_SECONDS", "300"))
HIWAR_ANALYSIS_MAX_MEMORY_MB = int(os.environ.get("HIWAR_ANALYSIS_MAX_MEMORY_MB", "1024"))

# Open data API: requests per client address (anonymous) and per secretariat token.
HIWAR_API_RATE_ANONYMOUS = os.environ.get("HIWAR_API_RATE_ANONYMOUS", "60/min")
HIWAR_API_RATE_TOKEN = os.environ.get("HIWAR_API_RATE_TOKEN", "600/min")
# Publications: dotted path of a machine translation backend class (none is installed; its
# output is always labelled as machine translation).
HIWAR_MACHINE_TRANSLATION_BACKEND = os.environ.get("HIWAR_MACHINE_TRANSLATION_BACKEND") or None

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("HIWAR_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("HIWAR_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
