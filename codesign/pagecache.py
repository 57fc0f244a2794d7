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
no message waiting and were given no form token. Off unless Redis is
configured (PAGE_CACHE_URL, or REDIS_URL): a per-process generation would
let one worker serve what another has changed. PAGE_CACHE_SECONDS=0 turns it
off.
"""
import functools
import logging
import threading
import time

import cachetools
import redis
from flask import current_app, g, has_app_context, make_response, request, session
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.orm import Session

from .extensions import db

log = logging.getLogger(__name__)
RETRY_SECONDS = 30
EXTENSION = "codesign_pagecache"
_WROTE = "codesign_wrote"


class PageCache:
    def __init__(self, app):
        # Short timeouts: a Redis that hangs must not hold every request.
        self.redis = redis.Redis.from_url(app.config["PAGE_CACHE_URL"], socket_timeout=0.1,
                                          socket_connect_timeout=0.1)
        self.key = app.config["PAGE_CACHE_KEY"]
        self.down_until = 0.0
        self.pages = cachetools.TTLCache(maxsize=app.config["PAGE_CACHE_MB"] * 1_000_000,
                                         ttl=app.config["PAGE_CACHE_SECONDS"], getsizeof=len)
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
        """The shared generation, or None if Redis does not answer (then not
        asked again for RETRY_SECONDS)."""
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
            if generation == self.generation and len(body) <= self.pages.maxsize:
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
            # The generation first, before anything reads the database: on
            # SQLite a read opens a snapshot, and a page rendered from a
            # snapshot older than its generation would outlive the write.
            read_before = db.session().in_transaction()
            generation = cache.current_generation()
            if generation is None or not _for_visitor():
                return view(**kwargs)
            # Each name's values in the order given: the views read the first.
            args = tuple(sorted(request.args.items(multi=True), key=lambda item: item[0]))
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
