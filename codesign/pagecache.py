"""Whole public pages for visitors who are not signed in, kept until anything
is written.

Reads outnumber writes by far. Every transaction that writes bumps one
generation number in Redis after it commits, and a page is only served under the generation it was
rendered in: the first request after any write, from any process, renders
afresh, so counts shown are always the rows. The pages themselves stay in
each worker's memory, bounded in bytes, and none is older than
PAGE_CACHE_SECONDS (its "3 minutes ago" stays true, and a write whose bump
was lost to a Redis outage shows within that time).

Only for GET requests answered 200 to visitors who are not signed in, have
no message waiting and were given no form token.

Signed-in people get the same for a list's body (for_signed_in): its title
and content, which show nothing of the person, are kept under the same
generation, and the frame around them (the header with their name, unread
count and form token, banners, messages) is rendered for each request. Off unless Redis is
configured (PAGE_CACHE_URL, or REDIS_URL): a per-process generation would
let one worker serve what another has changed. PAGE_CACHE_SECONDS=0 turns it
off.
"""
import functools
import logging
import secrets
import threading
import time
from typing import NamedTuple

import cachetools
import redis
from flask import current_app, g, has_app_context, make_response, render_template, request, session
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import event
from sqlalchemy.orm import Session

from .extensions import db

log = logging.getLogger(__name__)
RETRY_SECONDS = 30
EXTENSION = "codesign_pagecache"
_WROTE = "codesign_wrote"
_GENERATION = "_codesign_page_generation"
_MARKING = "_codesign_body_marks"
# Around a page's title and content while it is rendered to be kept (base.html
# writes them through body_mark()): random per process, so no text on the
# page can pass for one.
MARK = f"<!--body-%s-{secrets.token_hex(16)}-->"
TEMPLATE = "_kept_body.html"


class KeptBody(NamedTuple):
    """A signed-in page's title and content, without the frame around them."""

    title: str
    content: str


def _size(kept):
    return len(kept) if isinstance(kept, bytes) else len(kept.title) + len(kept.content)


class PageCache:
    def __init__(self, app):
        # Short timeouts: a Redis that hangs must not hold every request.
        self.redis = redis.Redis.from_url(app.config["PAGE_CACHE_URL"], socket_timeout=0.1,
                                          socket_connect_timeout=0.1)
        self.key = app.config["PAGE_CACHE_KEY"]
        self.down_until = 0.0
        self.pages = cachetools.TTLCache(maxsize=app.config["PAGE_CACHE_MB"] * 1_000_000,
                                         ttl=app.config["PAGE_CACHE_SECONDS"], getsizeof=_size)
        self.generation = None
        self.lock = threading.Lock()

    def _failed(self):
        if time.monotonic() >= self.down_until:
            log.warning("page cache: Redis is not answering; pages are rendered afresh "
                        "for %d s", RETRY_SECONDS)
        self.down_until = time.monotonic() + RETRY_SECONDS
        with self.lock:
            self.pages.clear()

    def current_generation(self):
        """(the shared generation, or None if Redis does not answer (then not
        asked again for RETRY_SECONDS); whether this request had read the
        database before it): asked once per request."""
        if _GENERATION not in g:
            # On SQLite a read opens a snapshot, and a page rendered from a
            # snapshot older than its generation would outlive the write.
            read_before = db.session().in_transaction()
            setattr(g, _GENERATION, (self._read_generation(), read_before))
        return getattr(g, _GENERATION)

    def _read_generation(self):
        if time.monotonic() < self.down_until:
            return None
        try:
            value = self.redis.get(self.key)
            if value is None:
                # Lost (a restart, an eviction): start from a number never
                # used before, so no worker's pages match it.
                self.redis.set(self.key, time.time_ns(), nx=True)
                value = self.redis.get(self.key)
            return int(value)
        except (redis.RedisError, TypeError, ValueError):
            self._failed()
            return None

    def get(self, generation, key):
        with self.lock:
            if generation != self.generation:
                self.pages.clear()
                self.generation = generation
            return self.pages.get(key)

    def put(self, generation, key, body):
        with self.lock:
            if generation == self.generation and _size(body) <= self.pages.maxsize:
                self.pages[key] = body

    def bump(self):
        with self.lock:
            self.pages.clear()
        if time.monotonic() < self.down_until:
            return  # other workers' pages are at most PAGE_CACHE_SECONDS old
        try:
            if self.redis.incr(self.key) == 1:
                # The number was lost and INCR started it again from 0: move
                # it past any number used before, as current_generation does.
                self.redis.set(self.key, time.time_ns())
        except redis.RedisError:
            self._failed()


def _for_visitor():
    return not current_user.is_authenticated and "_flashes" not in session


def _request_args():
    # Each name's values in the order given: the views read the first.
    return tuple(sorted(request.args.items(multi=True), key=lambda item: item[0]))


def for_visitors(vary=None):
    """Serve the view's page from the cache when the request allows it.
    `vary()` gives what else, beside the address and language, the page
    depends on (the visitor's daily shuffle, say)."""
    def decorate(view):
        @functools.wraps(view)
        def wrapper(**kwargs):
            cache = current_app.extensions.get(EXTENSION)
            if cache is None or request.method != "GET":
                return view(**kwargs)
            # The generation first, before anything reads the database.
            generation, read_before = cache.current_generation()
            if generation is None or not _for_visitor():
                return view(**kwargs)
            args = _request_args()
            key = (request.endpoint, args, str(get_locale()), vary() if vary else None)
            if session.modified:
                # vary() gave a new visitor their own order: nobody else
                # could be served this page.
                return view(**kwargs)
            body = cache.get(generation, key)
            if body is not None:
                return make_response(body)
            response = make_response(view(**kwargs))
            if (response.status_code == 200 and response.mimetype == "text/html"
                    and not read_before and "csrf_token" not in g
                    and "_flashes" not in session):
                cache.put(generation, key, response.get_data())
            return response
        return wrapper
    return decorate


def for_signed_in(vary=None):
    """Keep the view's title and content for signed-in people, as
    for_visitors keeps a visitor's page, and render only the frame around
    them for each person. Only for views whose title and content show
    nothing of the person; `vary()` gives what else they depend on (what a
    member of staff may see, the daily shuffle). Put it below for_visitors."""
    def decorate(view):
        @functools.wraps(view)
        def wrapper(**kwargs):
            cache = current_app.extensions.get(EXTENSION)
            if cache is None or request.method != "GET":
                return view(**kwargs)
            # The generation before the person is loaded, the request's first read.
            generation, read_before = cache.current_generation()
            if generation is None or not current_user.is_authenticated:
                return view(**kwargs)
            args = _request_args()
            key = ("signed in", request.endpoint, args, str(get_locale()),
                   vary() if vary else None)
            kept = cache.get(generation, key)
            if kept is not None:
                return render_template(TEMPLATE, kept_body=kept)
            setattr(g, _MARKING, True)
            try:
                response = make_response(view(**kwargs))
            finally:
                g.pop(_MARKING, None)
            if response.mimetype != "text/html" or response.is_streamed:
                return response
            page = response.get_data(as_text=True)
            kept = _kept_body(page)
            response.set_data(page.replace(MARK % "title", "").replace(MARK % "content", ""))
            # Never a page with this person's form token in its content.
            token = g.get("csrf_token")
            if (kept is not None and response.status_code == 200 and not read_before
                    and not (token and (token in kept.title or token in kept.content))):
                cache.put(generation, key, kept)
            return response
        return wrapper
    return decorate


def _kept_body(page):
    parts = []
    for name in ("title", "content"):
        pieces = page.split(MARK % name)
        if len(pieces) != 3:
            return None
        parts.append(Markup(pieces[1]))
    return KeptBody(*parts)


def body_mark(name):
    """In base.html, around the title and the content: a mark while a page
    is rendered to be kept (for_signed_in), else nothing."""
    return Markup(MARK % name) if g.get(_MARKING) else ""


def _mark_write(session, *args):
    session.info[_WROTE] = True


def _mark_statement(state):
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[_WROTE] = True


def _after_commit(session):
    if session.info.pop(_WROTE, False) and has_app_context():
        cache = current_app.extensions.get(EXTENSION)
        if cache is not None:
            cache.bump()


def init_app(app):
    app.jinja_env.globals["body_mark"] = body_mark
    if not app.config.get("PAGE_CACHE_URL") or app.config["PAGE_CACHE_SECONDS"] <= 0:
        return
    try:
        app.extensions[EXTENSION] = PageCache(app)
    except ValueError as error:  # an address redis-py cannot use (a sentinel, say)
        log.warning("page cache: off, PAGE_CACHE_URL is not usable: %s", error)
        return
    if not event.contains(Session, "after_commit", _after_commit):
        event.listen(Session, "after_flush", _mark_write)
        event.listen(Session, "do_orm_execute", _mark_statement)
        # A mark left by a write that was rolled back costs one needless
        # bump at most; clearing it on a savepoint's rollback could lose one.
        event.listen(Session, "after_commit", _after_commit)
