"""Rate limits on the actions worth abusing: guessing passwords, sending mail,
and posting, supporting or reporting in bulk.

The limits are a table here rather than decorators on the routes, so each
area's routes stay as their authors wrote them: after the blueprints are
registered, ``init_app`` wraps each listed view with Flask-Limiter. A listed
endpoint that is not registered (a renamed or removed route) stops the app
at start-up, rather than leaving an action unlimited without a word.

Each app gets a Limiter of its own: Flask-Limiter keeps its storage and its
on/off switch on the instance, so one instance shared by several apps (as the
tests make) would let the last app's settings win for all of them.
"""
import hashlib
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Callable

from flask import current_app, has_request_context, request
from flask_babel import format_timedelta
from flask_limiter import Limiter
from flask_login import current_user

from . import mailbox

EXTENSION_KEY = "codesign_limiter"


def client_ip():
    """The visitor's address as the WSGI server (or ProxyFix, for exactly one
    trusted proxy) gives it. X-Forwarded-For is never read here: anyone can
    send one, and a new value per request would reset the limit."""
    return "ip:" + (request.remote_addr or "unknown")


def _typed_email():
    """The address as the form reads it. The forms take form encoding only
    (security.py refuses any other body before this runs), so this is the
    value the view will see."""
    return mailbox.normalise(request.form.get("email", ""))


def account_key():
    """The mailbox a sign-in or reset is aimed at: every spelling of one
    address (case, spaces, a +tag, Gmail's dots) shares one allowance, as
    they share one account.

    Hashed, so the limit store never holds addresses, and an unknown address
    is counted exactly like a registered one (the limit tells nothing).
    """
    digest = hashlib.sha256(mailbox.canonical(_typed_email()).encode("utf8")).hexdigest()
    return "account:" + digest[:32]


def no_email_typed():
    return not _typed_email()


def person_key():
    """Signed-in people are limited as themselves, so a library full of
    residents behind one address does not share one allowance."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return client_ip()


def did_something(response):
    """Counted only when the action happened: a form shown again with a
    mistake (422) or a refusal costs nothing."""
    return response.status_code < 400


@dataclass(frozen=True)
class Rule:
    setting: str  # the config key holding the limit, e.g. "10/minute"
    key: Callable[[], str]
    scope: str | None = None  # endpoints naming one scope share one allowance
    counts: Callable | None = None  # None: every POST counts
    exempt_when: Callable[[], bool] | None = None
    methods: tuple = ("POST",)  # the requests that count


SUPPORTS = Rule("RATELIMIT_SUPPORTS", person_key, scope="supports", counts=did_something)
COMMENTS = Rule("RATELIMIT_COMMENTS", person_key, scope="comments", counts=did_something)
TRACKING = Rule("RATELIMIT_TRACK", client_ip, scope="tracking", methods=("GET",))
REPORTS = Rule("RATELIMIT_REPORTS", person_key, scope="reports", counts=did_something)

# Every attempt to sign in counts, right or wrong: wrong ones are the point.
LIMITS = {
    "auth.login": (
        Rule("RATELIMIT_LOGIN_IP", client_ip),
        Rule("RATELIMIT_LOGIN_ACCOUNT", account_key, exempt_when=no_email_typed),
    ),
    "auth.register": (Rule("RATELIMIT_REGISTER", client_ip, counts=did_something),),
    "auth.reset": (
        Rule("RATELIMIT_RESET", client_ip, counts=did_something),
        # Also per address, so nobody can fill a stranger's inbox from many machines.
        Rule("RATELIMIT_RESET_ACCOUNT", account_key, counts=did_something,
             exempt_when=no_email_typed),
    ),
    "auth.resend": (Rule("RATELIMIT_RESEND", person_key),),
    # The password asked before deleting an account is a password to guess too.
    "deletion.delete_account": (Rule("RATELIMIT_LOGIN_ACCOUNT", person_key),),
    "ideas.new": (Rule("RATELIMIT_IDEAS", person_key, counts=did_something),),
    "ideas.support": (SUPPORTS,),  # also at /ideas/<id>/vote
    "ideas.unsupport": (SUPPORTS,),  # also at /ideas/<id>/unvote
    "ideas.add_comment": (COMMENTS,),
    "proposals.add_comment": (COMMENTS,),
    "moderation.report_idea": (REPORTS,),
    "moderation.report_comment": (REPORTS,),
    "moderation.report_user": (REPORTS,),
    # Each download reads everything the account holds; each email change sends mail
    # and, like a password change, checks the password (so every try counts).
    "account.download_data": (Rule("RATELIMIT_DATA_EXPORT", person_key, counts=did_something),),
    "account.change_email": (Rule("RATELIMIT_EMAIL_CHANGE", person_key),),
    "account.change_password": (Rule("RATELIMIT_PASSWORD_CHANGE", person_key),),
    # Each report is kept and may email the council.
    "accessibility.report": (Rule("RATELIMIT_ACCESSIBILITY_REPORTS", client_ip,
                                  counts=did_something),),
    # Looking up a reference number: every try counts, so nobody walks through them.
    "assist.track": (TRACKING,),
    "assist.track_form": (TRACKING,),
}


def _setting(name):
    return lambda: current_app.config[name]


def _decorator(limiter, rule):
    options = dict(key_func=rule.key, methods=list(rule.methods), deduct_when=rule.counts,
                   exempt_when=rule.exempt_when)
    if rule.scope:
        return limiter.shared_limit(_setting(rule.setting), scope=rule.scope, **options)
    return limiter.limit(_setting(rule.setting), **options)


def limiter_for(app):
    return app.extensions[EXTENSION_KEY].limiter


def limited_endpoints(app):
    return app.extensions[EXTENSION_KEY].endpoints


@dataclass(frozen=True)
class _State:
    limiter: Limiter
    endpoints: frozenset


def init_app(app):
    """Set up this app's limiter and wrap the listed views; call it after the
    blueprints are registered."""
    unknown = sorted(set(LIMITS) - set(app.view_functions))
    if unknown:
        raise RuntimeError(
            f"limits.LIMITS names endpoints that are not registered: {', '.join(unknown)}. "
            "Rename them there to the routes' endpoints, or remove them.")
    limiter = Limiter(key_func=client_ip)
    limiter.init_app(app)
    app.jinja_env.globals["rate_limit_wait"] = _wait_text
    app.after_request(_retry_after)
    limited = set()
    if limiter.enabled:
        for endpoint, rules in LIMITS.items():
            view = app.view_functions[endpoint]
            # Flask-Limiter checks all of a view's limits in the innermost wrapper.
            for rule in rules:
                view = _decorator(limiter, rule)(view)
            app.view_functions[endpoint] = view
            limited.add(endpoint)
    app.extensions[EXTENSION_KEY] = _State(limiter, frozenset(limited))


def _seconds_to_wait():
    """Seconds until the limit this request went over lets it through again,
    or None: not refused by a limit, or the limit store went away."""
    state = current_app.extensions.get(EXTENSION_KEY)
    if state is None or not state.limiter.enabled:
        return None
    current = state.limiter.current_limit
    if current is None or not current.breached:
        return None
    try:
        return max(int(current.reset_at - time.time()), 1)
    except Exception:  # the limit store went away mid-request: say nothing precise
        return None


def _retry_after(response):
    """Retry-After on a refusal. Flask-Limiter's own headers (RATELIMIT_HEADERS_ENABLED)
    are off: they read the window back from the store on every limited request,
    two more round trips each, for X-RateLimit-* headers nothing reads. Only a
    refusal, which is rare, pays for reading it here."""
    if response.status_code == 429 and "Retry-After" not in response.headers:
        seconds = _seconds_to_wait()
        if seconds is not None:
            response.headers["Retry-After"] = str(seconds)
    return response


def _wait_text():
    """How long until the limit just hit lets this visitor try again, in
    words ("3 minutes"), or None when not known."""
    seconds = _seconds_to_wait() if has_request_context() else None
    if seconds is None:
        return None
    return format_timedelta(timedelta(seconds=seconds), threshold=1)
