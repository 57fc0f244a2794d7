from ..clock import utcnow
from ..extensions import db
from ..sanitise import rendered_from


class ServiceArea(db.Model):
    __tablename__ = "service_area"

    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80), nullable=False, unique=True)
    description = db.Column(db.Text, nullable=False, default="")
    description_html = db.Column(db.Text, nullable=False, default=rendered_from("description"))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    def __repr__(self):
        return f"<ServiceArea {self.name!r}>"


class Challenge(db.Model):
    """A question put to residents ("How might we ...?") for a time."""

    __tablename__ = "challenge"
    __table_args__ = (
        db.CheckConstraint("closes_at > opens_at", name="closes_after_opening"),
    )

    id = db.Column(db.Integer, primary_key=True)
    question = db.Column(db.String(200), nullable=False)
    description = db.Column(db.Text, nullable=False, default="")
    description_html = db.Column(db.Text, nullable=False, default=rendered_from("description"))
    service_area_id = db.Column(
        db.Integer, db.ForeignKey("service_area.id"), nullable=False, index=True
    )
    opens_at = db.Column(db.DateTime, nullable=False)
    closes_at = db.Column(db.DateTime, nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    service_area = db.relationship("ServiceArea", lazy="joined")

    def is_open_at(self, moment):
        return self.opens_at <= moment < self.closes_at

    @property
    def is_open(self):
        return self.is_open_at(utcnow())

    def __repr__(self):
        return f"<Challenge {self.id}>"
