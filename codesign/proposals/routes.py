# Placeholder so the navigation can link here; replaced by the proposals work.
from flask import abort

from . import bp


@bp.get("/proposals")
def index():
    abort(404)
