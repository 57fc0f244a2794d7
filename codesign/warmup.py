"""A worker's long-lived objects kept out of the garbage collector's way.

After start-up and its first requests a worker holds a few hundred thousand
objects that live as long as it does: modules, compiled templates and SQL,
locale data, mappers. Python's full collections walk every one of them, and
a page that loads a few hundred ORM objects makes one every request or two.
Once a worker has answered GC_FREEZE_AFTER requests, gc.freeze() moves the
objects it holds then out of the collector's reach (Python's own advice for
long-running servers). Objects made later are collected as ever, and frozen
ones are still freed by reference counting: only cycles among what existed
at that moment are kept for good, a one-off cost bounded by the heap then.
"""
import gc
import itertools


def init_app(app):
    after = app.config["GC_FREEZE_AFTER"]
    if after <= 0:
        return
    answered = itertools.count(1)

    @app.teardown_request
    def _freeze_once_warm(_error=None):
        if next(answered) == after:
            gc.collect()
            gc.freeze()
