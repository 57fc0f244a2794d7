"""Settings: one class per environment, values from environment variables.

``CODESIGN_ENV`` picks the class. It defaults to production, so a deployment
that forgets it still demands a real ``SECRET_KEY``; the ``flask`` command
reads ``.flaskenv`` in a checkout and so runs in development.
"""
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# Where a development server or a test client is reached when BASE_URL is not set.
DEVELOPMENT_BASE_URL = "http://127.0.0.1:5000"
LOCAL_HOSTS = ("localhost", "127.0.0.1")
TRANSLATIONS = Path(__file__).parent / "translations"


def _bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _proxy_hops(name):
    """A count of proxies; "true"/"yes"/"on" mean one, anything unknown none."""
    value = os.environ.get(name, "").strip().lower()
    if value.isdigit():
        return int(value)
    return 1 if value in {"true", "yes", "on"} else 0


class Config:
    ENV_NAME = "production"
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")
    # No pool_pre_ping: codesign/database.py pings a pooled connection only
    # when it may have been cut, not before every request.
    SQLALCHEMY_ENGINE_OPTIONS = {}
    MAX_CONTENT_LENGTH = 1024 * 1024
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    BABEL_DEFAULT_LOCALE = "en"
    # The catalogues ship inside the package (codesign/translations/<code>/LC_MESSAGES/,
    # the .po and its compiled .mo, both committed): see "Translations" in the README.
    BABEL_TRANSLATION_DIRECTORIES = str(TRANSLATIONS)
    # The languages offered (codesign/language.py); each needs a complete catalogue,
    # which tests/test_translations.py checks.
    LANGUAGES = ("en", "cy")
    # The council's time zone: every date and time shown is in it
    # (codesign/localtime.py), and a challenge's days begin and end in it.
    TIMEZONE = os.environ.get("TIMEZONE", "Europe/London")
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    # For trying the site over plain HTTP before TLS is set up: the cookies
    # are sent without HTTPS (else every form says "Your form expired"),
    # every start logs a warning and every page shows a banner.
    INSECURE_TRIAL = _bool("INSECURE_TRIAL")

    MAIL_SERVER = os.environ.get("MAIL_SERVER")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = _bool("MAIL_USE_TLS")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "Codesign <no-reply@localhost>")
    MAIL_TIMEOUT = 10
    # Where the site is reached, like "https://codesign.example.org": every
    # link in every email is built from it, never from the request's Host,
    # and requests for any other host are refused (TRUSTED_HOSTS).
    BASE_URL = os.environ.get("BASE_URL")
    # Other host names the site answers to (comma-separated), such as the
    # address a load balancer's health check uses. Emails still use BASE_URL.
    EXTRA_HOSTS = [name.strip() for name in os.environ.get("EXTRA_HOSTS", "").split(",")
                   if name.strip()]
    # A message that still fails after this many tries is given up on, and
    # listed by `flask mail status`.
    MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", "8"))
    # At most one "you already have an account" email per address in this time.
    ALREADY_REGISTERED_MAIL_INTERVAL = 3600

    CONFIRM_TOKEN_MAX_AGE = 3 * 24 * 3600
    RESET_TOKEN_MAX_AGE = 3600
    # A link confirming a new email address works this long.
    EMAIL_CHANGE_TOKEN_MAX_AGE = 24 * 3600
    # A signed-in browser's "last seen" is written at most this often.
    SESSION_TOUCH_SECONDS = int(os.environ.get("SESSION_TOUCH_SECONDS", "300"))
    COMMENT_EDIT_WINDOW = 15 * 60
    # Reports from different people that hide an item until a moderator looks.
    REPORT_HIDE_THRESHOLD = int(os.environ.get("REPORT_HIDE_THRESHOLD", "3"))
    # A report counts towards that only from an account confirmed at least
    # this many hours before it reports and, if the second is set, that has
    # taken part (proposed, supported or commented). Other reports still
    # reach the moderators' queue: a few throwaway accounts hide nothing.
    REPORT_TRUST_AFTER_HOURS = float(os.environ.get("REPORT_TRUST_AFTER_HOURS", "24"))
    REPORT_TRUST_NEEDS_PARTICIPATION = _bool("REPORT_TRUST_NEEDS_PARTICIPATION", True)
    # Supports that mark an idea "ready for review" by staff.
    IDEA_REVIEW_THRESHOLD = int(os.environ.get("IDEA_REVIEW_THRESHOLD", "25"))
    # Days within which staff aim to answer an idea that is ready for review.
    RESPONSE_TARGET_DAYS = int(os.environ.get("RESPONSE_TARGET_DAYS", "30"))
    # How long `flask retention run` keeps what is no longer needed (codesign/retention.py).
    RETENTION_UNCONFIRMED_DAYS = int(os.environ.get("RETENTION_UNCONFIRMED_DAYS", "7"))
    RETENTION_SENT_MAIL_DAYS = int(os.environ.get("RETENTION_SENT_MAIL_DAYS", "30"))
    RETENTION_SIGN_IN_DAYS = int(os.environ.get("RETENTION_SIGN_IN_DAYS", "90"))
    RETENTION_READ_NOTIFICATIONS_DAYS = int(
        os.environ.get("RETENTION_READ_NOTIFICATIONS_DAYS", "365"))
    # Trending is ranked once per worker and reused for this long, but only
    # when the last fortnight holds this many supports and comments.
    TRENDING_REFRESH_SECONDS = int(os.environ.get("TRENDING_REFRESH_SECONDS", "300"))
    TRENDING_RANKING_FROM = int(os.environ.get("TRENDING_RANKING_FROM", "2000"))
    IDEAS_PER_PAGE = 20
    COMMENTS_PER_PAGE = 20  # top-level comments, each with its first replies
    # A page of threads shows this many replies under each; the rest come
    # this many a page, one thread at a time. So a page holds at most
    # COMMENTS_PER_PAGE * (1 + REPLIES_PER_THREAD) comments.
    REPLIES_PER_THREAD = 5
    REPLIES_PER_PAGE = 50
    MODERATION_PER_PAGE = 20  # items in a page of the moderation queue, each with its forms
    PASSWORD_HASH_METHOD = "scrypt"

    # How many reverse proxies stand in front (nginx: 1). Their X-Forwarded-For,
    # -Proto and -Host are trusted for exactly that many hops; 0 ignores them.
    BEHIND_PROXY = _proxy_hops("BEHIND_PROXY")

    # Rate limits (Flask-Limiter). Counters live in Redis when REDIS_URL is
    # set, so every process and machine shares them; memory:// is per process.
    RATELIMIT_ENABLED = _bool("RATELIMIT_ENABLED", True)
    RATELIMIT_STORAGE_URI = (os.environ.get("RATELIMIT_STORAGE_URI")
                             or os.environ.get("REDIS_URL") or "memory://")
    RATELIMIT_KEY_PREFIX = os.environ.get("RATELIMIT_KEY_PREFIX", "codesign")
    # No X-RateLimit-* headers: limits.py sends Retry-After on a 429 itself.
    RATELIMIT_HEADERS_ENABLED = False
    # If Redis goes away the site keeps working, limiting per process meanwhile.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    RATELIMIT_LOGIN_IP = os.environ.get("RATELIMIT_LOGIN_IP", "10/minute")
    RATELIMIT_LOGIN_ACCOUNT = os.environ.get("RATELIMIT_LOGIN_ACCOUNT", "5/minute")
    RATELIMIT_REGISTER = os.environ.get("RATELIMIT_REGISTER", "5/hour")
    RATELIMIT_RESET = os.environ.get("RATELIMIT_RESET", "5/hour")
    RATELIMIT_RESET_ACCOUNT = os.environ.get("RATELIMIT_RESET_ACCOUNT", "5/hour")
    RATELIMIT_RESEND = os.environ.get("RATELIMIT_RESEND", "5/hour")
    RATELIMIT_IDEAS = os.environ.get("RATELIMIT_IDEAS", "10/hour")
    RATELIMIT_COMMENTS = os.environ.get("RATELIMIT_COMMENTS", "30/hour")
    RATELIMIT_SUPPORTS = os.environ.get("RATELIMIT_SUPPORTS", "120/hour")
    RATELIMIT_REPORTS = os.environ.get("RATELIMIT_REPORTS", "20/hour")
    RATELIMIT_TRACK = os.environ.get("RATELIMIT_TRACK", "30/minute")
    RATELIMIT_DATA_EXPORT = os.environ.get("RATELIMIT_DATA_EXPORT", "5/hour")
    RATELIMIT_EMAIL_CHANGE = os.environ.get("RATELIMIT_EMAIL_CHANGE", "5/hour")
    RATELIMIT_PASSWORD_CHANGE = os.environ.get("RATELIMIT_PASSWORD_CHANGE", "10/hour")
    RATELIMIT_ACCESSIBILITY_REPORTS = os.environ.get("RATELIMIT_ACCESSIBILITY_REPORTS", "5/hour")

    # Whole pages for visitors who are not signed in (codesign/pagecache.py),
    # dropped by any write anywhere; needs Redis, off without it or with
    # PAGE_CACHE_SECONDS=0.
    PAGE_CACHE_URL = os.environ.get("PAGE_CACHE_URL") or os.environ.get("REDIS_URL")
    PAGE_CACHE_KEY = os.environ.get("PAGE_CACHE_KEY", "codesign:page-generation")
    PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "60"))
    PAGE_CACHE_MB = int(os.environ.get("PAGE_CACHE_MB", "32"))
    # Cards and comments, rendered once per thing they show, for everyone
    # (codesign/fragments.py); needs no Redis; 0 turns it off.
    FRAGMENT_CACHE_MB = int(os.environ.get("FRAGMENT_CACHE_MB", "8"))
    # Requests a worker answers before its objects are frozen out of the
    # garbage collector's full passes (codesign/warmup.py); 0 never.
    GC_FREEZE_AFTER = int(os.environ.get("GC_FREEZE_AFTER", "100"))

    # Files attached to playbooks (codesign/practices/uploads.py): at most
    # this many bytes each, kept under random names in UPLOAD_FOLDER, outside
    # static/ (default: instance/uploads).
    PRACTICE_UPLOAD_MAX_BYTES = int(os.environ.get("PRACTICE_UPLOAD_MAX_BYTES",
                                                   str(10 * 1024 * 1024)))
    UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER")


class DevelopmentConfig(Config):
    ENV_NAME = "development"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False


class TestingConfig(DevelopmentConfig):
    ENV_NAME = "testing"
    TESTING = True
    BASE_URL = "http://localhost"  # the test client's own host
    SECRET_KEY = secrets.token_hex(32)
    # Still scrypt, with a lower work factor so hundreds of test users are quick.
    PASSWORD_HASH_METHOD = "scrypt:1024:8:1"
    # Tests that are about limits turn them on in an app of their own.
    RATELIMIT_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"
    # Tests that are about the page cache turn it on in an app of their own.
    PAGE_CACHE_URL = None
    GC_FREEZE_AFTER = 0  # the test process makes many apps, each short-lived


CONFIGS = {
    "production": Config,
    "development": DevelopmentConfig,
    "testing": TestingConfig,
}


def load_config(app, overrides=None):
    name = os.environ.get("CODESIGN_ENV", "production")
    if overrides and "ENV_NAME" in overrides:
        name = overrides["ENV_NAME"]
    app.config.from_object(CONFIGS.get(name, Config))
    if overrides:
        app.config.update(overrides)

    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        db_path = Path(app.instance_path) / "codesign.db"
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{db_path}"

    if not app.config.get("SECRET_KEY"):
        if app.config["ENV_NAME"] == "production":
            raise RuntimeError(
                "SECRET_KEY is not set. Set it in the environment "
                "(python -c 'import secrets; print(secrets.token_hex(32))')."
            )
        app.config["SECRET_KEY"] = _development_secret(app)
    _configure_origin(app)
    _configure_timezone(app)
    _configure_uploads(app)
    if app.config.get("INSECURE_TRIAL"):
        app.config["SESSION_COOKIE_SECURE"] = False
        app.config["REMEMBER_COOKIE_SECURE"] = False


def _configure_uploads(app):
    """Files attached to playbooks are served only as downloads, by the app:
    a folder inside static/ would let the web server hand them out itself."""
    folder = app.config.get("UPLOAD_FOLDER")
    if folder and app.static_folder:
        static = Path(app.static_folder).resolve()
        if Path(folder).resolve().is_relative_to(static):
            raise RuntimeError(f"UPLOAD_FOLDER must be outside the static folder ({static}), "
                               f"not {folder!r}.")


def _configure_timezone(app):
    name = app.config.get("TIMEZONE") or "Europe/London"
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise RuntimeError(
            f"TIMEZONE must be a name from the tz database, like Europe/London, not {name!r}."
        ) from error
    app.config["TIMEZONE"] = name
    # Flask-Babel's own date functions, if anything uses them, agree.
    app.config["BABEL_DEFAULT_TIMEZONE"] = name


def _configure_origin(app):
    """Check BASE_URL, and trust only its host (and, outside production, this
    machine's names) in the Host header: a request for any other host is a 400."""
    base_url = app.config.get("BASE_URL")
    production = app.config["ENV_NAME"] == "production"
    if not base_url:
        if production:
            raise RuntimeError(
                "BASE_URL is not set. Set it in the environment to the address people "
                "use to reach the site, like https://codesign.example.org: every link "
                "in the emails is built from it.")
        base_url = DEVELOPMENT_BASE_URL
    parts = urlsplit(base_url.strip())
    if (parts.scheme not in ("http", "https") or not parts.hostname or parts.query
            or parts.fragment or parts.username or parts.password):
        raise RuntimeError(
            f"BASE_URL must be an address like https://codesign.example.org, not {base_url!r}.")
    # An international name is kept in its ASCII form, so links (and the
    # List-Unsubscribe header) stay plain ASCII.
    host = parts.hostname.encode("idna").decode("ascii")
    netloc = f"[{host}]" if ":" in host else host
    if parts.port:
        netloc += f":{parts.port}"
    app.config["BASE_URL"] = f"{parts.scheme}://{netloc}{parts.path.rstrip('/')}"
    if app.config.get("TRUSTED_HOSTS") is None:
        hosts = [host, *app.config.get("EXTRA_HOSTS", [])]
        if not production:
            hosts += [name for name in LOCAL_HOSTS if name not in hosts]
        app.config["TRUSTED_HOSTS"] = hosts


def _development_secret(app):
    """A random key kept in instance/, so development sign-ins survive restarts."""
    path = Path(app.instance_path) / "secret_key"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
