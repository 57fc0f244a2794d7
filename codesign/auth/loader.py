from flask_babel import lazy_gettext as _l

from ..extensions import db, login_manager
from ..models import User
from ..web import id_arg

login_manager.login_view = "auth.login"
login_manager.login_message = _l("Please sign in to continue.")
login_manager.login_message_category = "info"
# Remember-me cookies carry the session token too, so rotating it (logout,
# password change) ends every signed-in session of the user.
login_manager.session_protection = "basic"


@login_manager.user_loader
def load_user(user_id):
    user_pk, _, token = user_id.partition(":")
    user_pk = id_arg(user_pk)
    if user_pk is None or not token:
        return None
    user = db.session.get(User, user_pk)
    if user is None or user.session_token != token:
        return None
    return user
