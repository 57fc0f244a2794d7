from flask_babel import lazy_gettext as _l

from ..extensions import login_manager
from . import sessions

login_manager.login_view = "auth.login"
login_manager.login_message = _l("Please sign in to continue.")
login_manager.login_message_category = "info"
# Remember-me cookies carry the session's key too (auth/sessions.py), so
# ending the session ends them.
login_manager.session_protection = "basic"


@login_manager.user_loader
def load_user(login_id):
    return sessions.load(login_id)
