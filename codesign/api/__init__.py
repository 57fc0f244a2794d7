from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from . import routes  # noqa: E402,F401
from . import proposals  # noqa: E402,F401
from . import pilots  # noqa: E402,F401
