"""Settings from environment variables (documented in README.md)."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


def _bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    return default if raw is None else raw.strip().lower() in {"1", "true", "yes", "on"}


def from_environment() -> dict[str, Any]:
    env = os.environ.get("BARAZA_ENV", "production")
    secret = os.environ.get("SECRET_KEY")
    if not secret:
        if env == "production":
            raise RuntimeError("SECRET_KEY must be set in production (BARAZA_ENV=production)")
        secret = "insecure-development-key"  # noqa: S105 - never in production (raised above)
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url:
        if env == "production":
            raise RuntimeError("DATABASE_URL must be set in production (BARAZA_ENV=production)")
        # the run command's embedded PostgreSQL (connections are opened lazily)
        database_url = "postgresql+psycopg://baraza_app:baraza-app-dev@127.0.0.1:55432/baraza"
    settings = {
        "BARAZA_ENV": env,
        "SECRET_KEY": secret,
        # earlier keys, comma-separated: sessions and mailed links signed with them keep working after a rotation
        "SECRET_KEY_FALLBACKS": [k for k in os.environ.get("SECRET_KEY_FALLBACKS", "").split(",") if k.strip()],
        # RSVP and chair links stop working this many days after their meeting ends
        "LINK_DAYS_AFTER_MEETING": int(os.environ.get("LINK_DAYS_AFTER_MEETING", "28")),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "DATABASE_OWNER_URL": os.environ.get("DATABASE_OWNER_URL", database_url),
        # a streaming replica (the app role, read-only): its lag in /metrics (worker/figures.py); exports may read it
        "DATABASE_REPLICA_URL": os.environ.get("DATABASE_REPLICA_URL", ""),
        "SQLALCHEMY_ENGINE_OPTIONS": {
            "pool_pre_ping": True,
            "pool_size": int(os.environ.get("DATABASE_POOL_SIZE", "5")),
        },
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        # the public page cache's own Redis (allkeys-lru, maxmemory); empty: public pages are not cached
        "CACHE_REDIS_URL": os.environ.get("CACHE_REDIS_URL", ""),
        # cached public pages kept per forum (languages x pages); the oldest go first
        # a web worker compiles every template and reads every catalogue before it serves (webapp/core/warmup.py)
        "WARM_UP": _bool("WARM_UP", env == "production"),
        "PAGE_CACHE_MAX_PER_FORUM": int(os.environ.get("PAGE_CACHE_MAX_PER_FORUM", "300")),
        "API_RATE_LIMIT": int(os.environ.get("API_RATE_LIMIT", "120")),  # open-data API: a minute, per address
        # hashed and precompressed static files, made at app start (webapp/core/assets.py); empty: webapp/static-build
        "STATIC_BUILD_DIR": os.environ.get("STATIC_BUILD_DIR", ""),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _bool("SESSION_COOKIE_SECURE", env == "production"),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": _bool("SESSION_COOKIE_SECURE", env == "production"),
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_UPLOAD_BYTES", str(10 * 1024 * 1024))),
        # a member roll (CSV): the largest file accepted, and how long a preview waits for its confirmation
        "ROLL_IMPORT_MAX_BYTES": int(os.environ.get("ROLL_IMPORT_MAX_BYTES", str(2 * 1024 * 1024))),
        "ROLL_IMPORT_TTL": int(os.environ.get("ROLL_IMPORT_TTL", "3600")),
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_DEFAULT_TIMEZONE": "UTC",
        "BABEL_TRANSLATION_DIRECTORIES": str(Path(__file__).resolve().parent.parent / "translations"),
        # argon2id; tests lower the cost (DESIGN: cheap parameters in tests)
        "ARGON2_TIME_COST": int(os.environ.get("ARGON2_TIME_COST", "3")),
        "ARGON2_MEMORY_COST": int(os.environ.get("ARGON2_MEMORY_COST", "65536")),
        "ARGON2_PARALLELISM": int(os.environ.get("ARGON2_PARALLELISM", "4")),
        "PREFERRED_URL_SCHEME": "https" if env == "production" else "http",
        # failed sign-ins allowed per 15 minutes: for one account from one address; from one address; for one
        # account from all browsers it has never signed in from; from one known browser (device cookie)
        "LOGIN_MAX_PER_ACCOUNT_AND_ADDRESS": int(os.environ.get("LOGIN_MAX_PER_ACCOUNT_AND_ADDRESS", "5")),
        "LOGIN_MAX_PER_ADDRESS": int(os.environ.get("LOGIN_MAX_PER_ADDRESS", "30")),
        "LOGIN_MAX_PER_ACCOUNT": int(os.environ.get("LOGIN_MAX_PER_ACCOUNT", "20")),
        "LOGIN_MAX_PER_DEVICE": int(os.environ.get("LOGIN_MAX_PER_DEVICE", "10")),
        "LOGIN_DEVICE_DAYS": int(os.environ.get("LOGIN_DEVICE_DAYS", "180")),
        # a signed-in session ends after this long without a request, and this long after sign-in in any case
        "SESSION_IDLE_MINUTES": int(os.environ.get("SESSION_IDLE_MINUTES", "120")),
        "SESSION_MAX_HOURS": int(os.environ.get("SESSION_MAX_HOURS", "12")),
        # mail an anonymous visitor can ask for (password reset), per hour: to one address, from one client
        "MAIL_REQUESTS_MAX_PER_ACCOUNT": int(os.environ.get("MAIL_REQUESTS_MAX_PER_ACCOUNT", "3")),
        "MAIL_REQUESTS_MAX_PER_ADDRESS": int(os.environ.get("MAIL_REQUESTS_MAX_PER_ADDRESS", "10")),
        # number of trusted reverse proxies in front of the app (X-Forwarded-For/-Proto/-Host)
        "PROXY_COUNT": int(os.environ.get("PROXY_COUNT", "0")),
        # issue 44: one log line per request and per job, JSON (production) or plain text (development)
        "LOG_FORMAT": os.environ.get("LOG_FORMAT", "text" if env == "development" else "json"),
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "INFO"),
        # addresses or networks that may read /metrics (comma-separated); anyone else gets a 404
        "METRICS_ALLOW": os.environ.get("METRICS_ALLOW", "127.0.0.1,::1"),
        # optional error tracking (webapp/core/error_tracking.py): empty, nothing is sent anywhere
        "SENTRY_DSN": os.environ.get("SENTRY_DSN", ""),
        **mail_settings(),
        **sms_settings(env),
    }
    settings["TRUSTED_HOSTS"] = trusted_hosts(env, settings["BASE_URL"], settings["SMS_CALLBACK_URL"])
    return settings


def trusted_hosts(env: str, base_url: str, callback_url: str) -> list[str] | None:
    """The hosts a request may name (Flask's TRUSTED_HOSTS: any other Host is answered 400). TRUSTED_HOSTS,
    comma-separated (a leading dot admits every subdomain; ``*`` any host); else, in production, the hosts of BASE_URL
    and SMS_CALLBACK_URL (where Kannel calls); elsewhere any host. Links never come from the request's host
    (BASE_URL): this refuses what has no business here."""
    raw = os.environ.get("TRUSTED_HOSTS", "").strip()
    if raw == "*":
        return None
    if raw:
        return [h.strip() for h in raw.split(",") if h.strip()]
    if env != "production":
        return None
    return list(dict.fromkeys(h for h in (urlsplit(u).hostname for u in (base_url, callback_url) if u) if h))


def sms_settings(env: str) -> dict[str, Any]:
    """SMS through Kannel's smsbox (its HTTP sendsms interface); empty SMS_GATEWAY_URL: no SMS are sent."""
    return {
        "SMS_GATEWAY_URL": os.environ.get("SMS_GATEWAY_URL", ""),
        "SMS_USERNAME": os.environ.get("SMS_USERNAME", ""),
        "SMS_PASSWORD": os.environ.get("SMS_PASSWORD", ""),
        # the sender shown on handsets (an alphanumeric sender id or a number the aggregator allows)
        "SMS_SENDER": os.environ.get("SMS_SENDER", "Baraza"),
        # seconds to wait for smsbox to accept the connection, then for each read of its answer: short, so that a
        # gateway that hangs costs one message a few seconds and a worker asked to stop stops within seconds
        "SMS_CONNECT_TIMEOUT": float(os.environ.get("SMS_CONNECT_TIMEOUT", "2")),
        "SMS_READ_TIMEOUT": float(os.environ.get("SMS_READ_TIMEOUT", "5")),
        # development: every SMS sent is also written here (one file each); empty: nowhere
        "SMS_DEV_DIR": os.environ.get("SMS_DEV_DIR", str(Path(__file__).resolve().parent.parent / ".dev" / "sms")
                                      if env == "development" else ""),
        # the monthly allowance of a forum the platform admin has not set (SMS segments; 0: none)
        "SMS_DEFAULT_MONTHLY_ALLOWANCE": int(os.environ.get("SMS_DEFAULT_MONTHLY_ALLOWANCE", "500")),
        # automatic replies (confirmations of STOP, START and answers, help) to one number, per hour and per day,
        # whatever it texts; an identical repeat is never confirmed twice (webapp/notices/sms/auto_reply.py)
        "SMS_AUTO_REPLIES_PER_HOUR": int(os.environ.get("SMS_AUTO_REPLIES_PER_HOUR", "5")),
        "SMS_AUTO_REPLIES_PER_DAY": int(os.environ.get("SMS_AUTO_REPLIES_PER_DAY", "10")),
        # inbound SMS (what a number texted, with its number) are deleted after this many days (a daily sweep)
        "SMS_INBOUND_KEEP_DAYS": int(os.environ.get("SMS_INBOUND_KEEP_DAYS", "180")),
        # Kannel's callbacks (/sms/inbound, /sms/dlr): the shared secret (empty: the endpoints refuse everything),
        # the addresses allowed to call them (comma-separated addresses or networks), and the base URL Kannel
        # reaches Baraza at, for each SMS's dlr-url (empty: no delivery reports are asked for)
        "SMS_CALLBACK_SECRET": os.environ.get("SMS_CALLBACK_SECRET", ""),
        "SMS_CALLBACK_ALLOW": os.environ.get("SMS_CALLBACK_ALLOW", "127.0.0.1,::1"),
        "SMS_CALLBACK_URL": os.environ.get("SMS_CALLBACK_URL", ""),
        # development only: the local Kannel's fake SMSC for members' phones (host:port), so that a reply typed on
        # the Messages page goes in through fakesmsc and Kannel; ignored outside development
        "SMS_DEV_PHONES": os.environ.get("SMS_DEV_PHONES", "") if env == "development" else "",
        # development only (the run command sets it): Kannel's fake SMSC reports a multi-part SMS once, not per part,
        # so one "delivered" report settles the whole SMS there; everywhere else (tests included) every part must be
        "SMS_DEV_ONE_REPORT": env == "development" and os.environ.get("SMS_DEV_ONE_REPORT", "") == "1",
    }


def _ints(name: str, default: str) -> tuple[int, ...]:
    raw = os.environ.get(name, default).strip()
    return tuple(int(x) for x in raw.split(",") if x.strip())


def mail_settings() -> dict[str, Any]:
    return {
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", "127.0.0.1"),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "8025")),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD") or None,
        "MAIL_USE_TLS": _bool("MAIL_USE_TLS", False),
        "MAIL_USE_SSL": _bool("MAIL_USE_SSL", False),
        # seconds to wait for the relay to accept the connection, then for each of its answers (one per SMTP
        # command): they bound how long a worker asked to stop takes over the message in hand
        "MAIL_CONNECT_TIMEOUT": float(os.environ.get("MAIL_CONNECT_TIMEOUT", "2")),
        "MAIL_TIMEOUT": float(os.environ.get("MAIL_TIMEOUT", "5")),
        "MAIL_FROM_ADDRESS": os.environ.get("MAIL_FROM_ADDRESS", "notices@baraza.localhost"),
        "MAIL_MESSAGE_ID_DOMAIN": os.environ.get("MAIL_MESSAGE_ID_DOMAIN", "baraza.localhost"),
        "BASE_URL": os.environ.get("BASE_URL", "http://127.0.0.1:5000").rstrip("/"),
        # seconds between delivery attempts (RQ Retry; the worker runs --with-scheduler)
        "NOTICE_RETRY_INTERVALS": _ints("NOTICE_RETRY_INTERVALS", "30,120,600"),
        "NOTICE_JOB_TIMEOUT": int(os.environ.get("NOTICE_JOB_TIMEOUT", "300")),
        "NOTICE_BATCH_SIZE": int(os.environ.get("NOTICE_BATCH_SIZE", "50")),
        # the sweep re-enqueues pending rows due for longer than this, and reclaims rows stuck in sending
        "OUTBOX_STALE_AFTER": int(os.environ.get("OUTBOX_STALE_AFTER", "60")),
        # a row claimed (sending) longer than this is reclaimed by the sweep; 0: the job timeout
        "OUTBOX_RECLAIM_AFTER": int(os.environ.get("OUTBOX_RECLAIM_AFTER", "0")),
    }
