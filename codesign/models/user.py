import enum
import secrets

from flask_login import UserMixin

from ..clock import utcnow
from ..extensions import db


class Role(str, enum.Enum):
    RESIDENT = "resident"
    MODERATOR = "moderator"
    STAFF = "staff"
    ADMIN = "admin"


def new_session_token():
    return secrets.token_urlsafe(16)


class User(UserMixin, db.Model):
    __tablename__ = "user"
    __table_args__ = (
        db.CheckConstraint(
            "role IN ('resident', 'moderator', 'staff', 'admin')", name="role_known"
        ),
    )

    id = db.Column(db.Integer, primary_key=True)
    # Stored lower-cased, so the unique constraint is case-insensitive.
    email = db.Column(db.String(254), nullable=False, unique=True)
    display_name = db.Column(db.String(60), nullable=False)
    password_hash = db.Column(db.String(255), nullable=False)
    role = db.Column(db.String(20), nullable=False, default=Role.RESIDENT.value)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    confirmed_at = db.Column(db.DateTime)
    # Part of the login id: changing it signs the user out everywhere.
    session_token = db.Column(db.String(32), nullable=False, default=new_session_token)

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None

    def get_id(self):
        return f"{self.id}:{self.session_token}"

    def __repr__(self):
        return f"<User {self.id}>"
