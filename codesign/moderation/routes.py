# Placeholder so the navigation can link here; replaced by the moderation work.
from flask import abort

from . import bp


@bp.get("/moderation")
def queue():
    abort(404)
