"""The demo's assisted participation: a library connector who entered ideas,
comments and in-person supports for residents who are not online, through
the same services as the /assist pages (so the counters and the audit trail
are as they would be). Three of the residents answered the profile
questions, so the reach report counts them too."""
from sqlalchemy import select

from ..assist import services
from ..extensions import db
from ..models import Idea, IdeaStatus, ReachPlace, ServiceArea
from ..models.reach import PLACE, PREFER_NOT

# (name, postcode district, email or None, language)
RESIDENTS = [
    ("Margaret Pritchard", "CF10", None, "en"),
    ("Dafydd ap Rhys", "CF14", "dafydd.aprhys@example.org", "cy"),
    ("Elsie Barnes", "CF24", None, "en"),
    ("Tomasz Nowak", "CF11", "tomasz.nowak@example.org", "en"),
]
PLACES = {"desk": "Central Library, Cardiff", "phone": "Council contact centre",
          "paper": "Drop-in at Ely Community Hub", "event": "Older people's forum, Roath"}
IDEAS = [
    (0, "desk", "Large print and audio books at every branch",
     "Not everyone can read small print. Please keep a shelf of large print and audio "
     "books in every branch, not only the central one."),
    (2, "paper", "A bench at each bus stop on the 61 route",
     "Many of us cannot stand for twenty minutes. A bench at each stop would help."),
]
# The answers the connector recorded with three of them (the fourth said no).
# A ward's name (codesign/demo/reach.py WARDS) or "prefer_not".
ANSWERS = [
    {"age": "75_over", "disability": "yes", "ethnicity": "white", "place": "Riverside"},
    {"age": "65_74", "disability": "prefer_not", "ethnicity": "white", "place": "Harbour"},
    {"age": "75_over", "disability": "yes", "ethnicity": PREFER_NOT, "place": PREFER_NOT},
]
COMMENTS = [
    (1, "phone", "It would help if staff could ring to say when a book is in."),
    (3, "event", "Yes please, and the same for the community centres."),
]


def add_demo_assisted(connector):
    """Residents, their entries and in-person supports, by the demo connector."""
    residents = [services.find_or_create_resident(connector, name, district, email=email,
                                                  locale=locale)[0]
                 for name, district, email, locale in RESIDENTS]
    area = db.session.scalars(select(ServiceArea).order_by(ServiceArea.id)).first()
    entered = []
    for who, channel, title, description in IDEAS:
        entered.append(services.enter_idea(connector, residents[who], channel, PLACES[channel],
                                           title=title, description=description,
                                           service_area=area))
    # The most supported open ideas, and the ideas just entered, get supports in person.
    popular = db.session.scalars(select(Idea).where(
        Idea.status == IdeaStatus.PUBLISHED.value, Idea.hidden_at.is_(None),
        Idea.withdrawn_at.is_(None), Idea.duplicate_of_id.is_(None))
        .order_by(Idea.support_count.desc(), Idea.id).limit(3)).all()
    for idea in [*popular, *entered]:
        for n, resident in enumerate(residents):
            if (idea.id + n) % 3 != 0:
                channel = ("desk", "phone", "paper", "event")[n]
                services.enter_support(connector, resident, channel, PLACES[channel], idea)
    for who, channel, body in COMMENTS:
        services.enter_comment(connector, residents[who], channel, PLACES[channel],
                               popular[who % len(popular)], body)
    places = {place.name: place.id for place in db.session.scalars(select(ReachPlace))}
    for resident, given in zip(residents, ANSWERS, strict=False):
        answers = {(question, None): (value, None) for question, value in given.items()
                   if question != "place"}
        ward = places.get(given["place"])
        answers["place", None] = (PLACE, ward) if ward else (PREFER_NOT, None)
        services.record_answers(connector, resident, answers)
    return residents

