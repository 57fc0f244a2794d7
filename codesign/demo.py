"""Demo content for trying Codesign on your own machine: `flask --app codesign demo`.

Everything is created through the services (submit_idea, cast_vote,
add_comment, delete_comment, withdraw_idea), so the counters on each idea are
exactly what the rows say. Only the timestamps are moved afterwards, to spread
the activity over the last two months. The content is the same on every run
(random.Random(42)); the dates are relative to now.

The two demo sign-ins below are constants on purpose: they are development
data, printed on every run, and the command refuses to run in production
unless forced.
"""
import random
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import bindparam, func, inspect, select

from .auth.passwords import hash_password
from .clock import utcnow
from .extensions import db
from .ideas.comment_services import add_comment, delete_comment
from .ideas.services import cast_vote, submit_idea, withdraw_idea
from .models import Challenge, Idea, Role, ServiceArea, User, Vote

SITE_URL = "http://127.0.0.1:5000"
RESIDENT_EMAIL = "resident@example.org"
RESIDENT_PASSWORD = "demo-resident-pass"
STAFF_EMAIL = "staff@example.org"
STAFF_PASSWORD = "demo-staff-pass"
SPAN_DAYS = 60


class DemoRefused(RuntimeError):
    """Demo data would be written somewhere it should not be."""


AREAS = {
    "libraries": ("Libraries",
                  "Branch libraries, the mobile library, e-books and study spaces across the borough."),
    "waste": ("Waste and recycling",
              "Bin collections, recycling centres, bulky waste and keeping the streets clean."),
    "care": ("Adult social care",
             "Support at home, day centres, help for unpaid carers and for people living "
             "with a disability."),
    "parks": ("Parks and green spaces",
              "Parks, playgrounds, allotments, street trees, the canal towpath and nature reserves."),
    "housing": ("Housing repairs",
                "Repairs and maintenance in council homes, from a dripping tap to damp and mould."),
}

# key: (area, question, description, opened days ago, closes in days)
CHALLENGES = {
    "evenings": ("libraries",
                 "How might we make our libraries useful to people who work during opening hours?",
                 "Most branches close at 5:30pm. Tell us what would help if you can only visit "
                 "in the evening or at the weekend.", 24, 21),
    "food": ("waste",
             "How might we keep food waste out of the general rubbish?",
             "About a third of what goes in grey bins is food. It could be turned into "
             "compost and energy instead. What would make that easier for you?", 12, 42),
    "carers": ("care",
               "How might we help unpaid carers get a proper break?",
               "Around 9,000 people in the borough look after a relative or friend without pay. "
               "What would give them time for themselves?", 30, 28),
    "dark": ("parks",
             "How might we make parks feel safer after dark?",
             "Winter evenings start early. Which changes would make you happy to walk "
             "through a park at 6pm?", 75, -15),
}

RESIDENTS = [
    "Amira Hassan", "Tom Whitfield", "Grace Okafor", "Dev Patel", "Niamh Byrne",
    "Marek Nowak", "Hannah Lewis", "Kwame Mensah", "Sophie Turner", "Ravi Kumar",
    "Eleanor Price", "Jamal Ali", "Bethan Morgan", "Luis Fernandes", "Chloe Wright",
    "Ibrahim Yusuf", "Margaret Doyle", "Oliver Chen",
]

# key: (area, challenge, place, title, description); flags after: "hot" (popular),
# "withdrawn", "mine" (by the demo resident), "fresh" (2 days old, no one has responded).
IDEAS = {
    "late": ("libraries", "evenings", "Central Library",
             "Open one library until 9pm on weekdays",
             "Most branches close at 5:30pm, which is before many of us get home from work.\n\n"
             "Could **one** library stay open until 9pm, Monday to Thursday? Even with fewer "
             "staff in the evening, somewhere quiet to study or use a computer would help a "
             "lot of people.", "hot"),
    "lockers": ("libraries", "evenings", "Northgate Library",
                "Lockers for picking up reserved books at any time",
                "Let us collect reserved books from lockers outside the library. You get a code "
                "by text or email when your book is ready.\n\nNobody would need to take time "
                "off work just to collect a book.", "hot"),
    "sunday": ("libraries", "evenings", None,
               "Swap Monday morning opening for Sunday afternoons",
               "Sundays are when families are free, and Monday mornings are very quiet anyway. "
               "My suggestion:\n\n- close on Monday mornings\n- open on Sunday from 12 to 4\n"
               "- keep the same total hours", ""),
    "things": ("libraries", None, "Riverside Library",
               "Lend out tools, not just books",
               "A *library of things*: drills, ladders, a sewing machine, a carpet cleaner. "
               "Most people use a drill for a few minutes a year. Borrowing one with a library "
               "card would save money and space.", ""),
    "study": ("libraries", "evenings", None,
              "Let us book a quiet study table online",
              "Students and people working from home need a quiet table with a plug socket. "
              "At the moment you just hope one is free when you arrive. Booking two-hour slots "
              "online would be fairer.", "mine"),
    "delivery": ("libraries", None, None,
                 "Deliver books to people who can't get out",
                 "My mum is housebound and misses reading. A volunteer delivery once a "
                 "fortnight, with books chosen over the phone, would make a huge difference "
                 "to people like her.", ""),
    "homework": ("libraries", "evenings", "Eastfield",
                 "Evening homework club run with volunteers",
                 "Two evenings a week, with retired teachers and students helping. Lots of "
                 "children on the estate have nowhere quiet to do homework.", ""),
    "timetable": ("libraries", None, None,
                  "Put the mobile library timetable on the website",
                  "The mobile library stops near us, but the times are only on a paper leaflet "
                  "in the van. A page listing each stop and time would help.", "mine fresh"),
    "caddies": ("waste", "food", "Eastfield estate",
                "Food waste bins for flats, not just houses",
                "Flats in our block have no food waste collection at all, so everything goes "
                "in the general bin. A shared food waste bin in the bin store, emptied every "
                "week, would fix this.", "hot"),
    "liners": ("waste", "food", None,
               "Free compostable caddy liners at libraries",
               "People stop using their caddy because it gets smelly. Free liners you can pick "
               "up at the library or the one-stop shop would keep more people going.", ""),
    "league": ("waste", "food", None,
               "Tell each street how much food waste it recycled",
               "A card through the door: *your street recycled 85 kg of food waste this "
               "month*. A bit of friendly competition between streets might work better than "
               "more rules.", ""),
    "bulky": ("waste", None, None,
              "Bulky waste collections on Saturdays",
              "I can only book a bulky waste collection on a weekday, so I have to take a day "
              "off. Saturday slots please, even if they cost a little more.", ""),
    "station": ("waste", None, "Station Road",
                "More bins between the station and the high street",
                "The bins are full by lunchtime on Saturdays and the litter blows down the "
                "road. Either more bins or a second emptying at weekends.", ""),
    "reuse": ("waste", None, "Canal Lane recycling centre",
              "A reuse corner at the recycling centre",
              "A lot of what goes in the skips is perfectly usable: furniture, bikes, toys. "
              "A covered corner where people can leave and take things for free, like some "
              "other councils have.", ""),
    "reminders": ("waste", None, None,
                  "A text the evening before my bin collection",
                  "Alternate weeks are confusing, especially after bank holidays. An optional "
                  "text the evening before would stop so many missed bins.", ""),
    "garden": ("waste", None, None,
               "Collect garden waste every week in summer",
               "Fortnightly isn't enough in June and July: the brown bin is full after one "
               "weekend of mowing.", "withdrawn"),
    "phone": ("care", None, None,
              "One phone number for care questions, answered by a person",
              "When my dad came out of hospital we were passed between four teams. One number, "
              "answered by a person who then finds the right team, would take so much stress "
              "away.", "hot"),
    "sitting": ("care", "carers", None,
                "A sitting service so carers can have an afternoon off",
                "I care for my husband, who has dementia. Three hours a fortnight with someone "
                "trained sitting with him would let me see a doctor, or just see friends.\n\n"
                "**Most important:** the same person each time, so he gets to know them.", "hot"),
    "cafe": ("care", "carers", "Westbrook Community Centre",
             "A carers' cafe once a month in each neighbourhood",
             "An afternoon with tea, other carers to talk to, and someone from the council "
             "to answer questions. Activities for the people we care for in the next room.", ""),
    "plain": ("care", None, None,
              "Write care plans in plain English",
              "The care plan we got was 14 pages of jargon. Please put the important things "
              "first, in plain words:\n\n1. who is coming\n2. when\n3. what they will do\n"
              "4. who to call if they don't turn up", ""),
    "visits": ("care", None, None,
               "Show families when home carers visited",
               "A simple page showing when the carer arrived and left would reassure families "
               "who live far away.", ""),
    "forms": ("care", None, "Northgate Library",
              "Help filling in the financial assessment form",
              "The form is long and frightening. A weekly drop-in with someone who knows it "
              "would help older people who have no family nearby.", ""),
    "leisure": ("care", "carers", None,
                "Carers' discount at the leisure centres",
                "Half-price swimming and gym for registered carers. Looking after your own "
                "health is the first thing to go when you care for someone.", ""),
    "lighting": ("parks", "dark", "Hollins Park",
                 "Better lighting on the main path through Hollins Park",
                 "The path from Mill Street to the station is pitch black from 4:30pm in "
                 "winter. Lots of people take the long way round on the main road instead.",
                 "hot"),
    "toilets": ("parks", "dark", "Hollins Park",
                "Keep the park toilets open until dusk",
                "They lock at 4pm all year, even in June when it's light until 10. Families "
                "with small children leave early because of it.", ""),
    "walks": ("parks", "dark", None,
              "Volunteer 'park friends' for evening walks",
              "A rota of volunteers in bright jackets walking the main paths from 5 to 7pm. "
              "More people around makes everyone feel safer.", ""),
    "growing": ("parks", None, "Riverside Park",
                "A community growing space on the old bowling green",
                "The bowling green has been empty for two years. Local groups would happily run "
                "raised beds for vegetables, with a water butt and a shed. Good for people, "
                "good for bees.", ""),
    "benches": ("parks", None, "Canal towpath, Lock 3 to Lock 5",
                "More benches along the canal towpath",
                "There's nowhere to sit for almost a mile. Older people and anyone with a bad "
                "knee can't do the walk.", ""),
    "dogs": ("parks", None, "Northgate Rec",
             "A fenced area where dogs can run off the lead",
             "Dogs get their run, and the playground and picnic area stay calm. Everyone wins.",
             ""),
    "fruit": ("parks", None, "Northgate Rec",
              "Plant fruit trees anyone can pick from",
              "Apples, pears and plums along the edge of the rec. In a few years there would be "
              "free fruit for the whole neighbourhood.", ""),
    "window": ("housing", None, None,
               "Repair appointments in a two-hour window, not 'all day'",
               "Waiting in all day for a repair that doesn't come means losing a day's pay. "
               "A two-hour slot, and a text when the operative is 30 minutes away, please.",
               "hot"),
    "mould": ("housing", None, "Eastfield estate",
              "Treat damp and mould as urgent in winter",
              "Mould in a child's bedroom is a health problem, not a routine repair. Reports "
              "from homes with children or older people should go to the front of the queue.",
              ""),
    "photos": ("housing", None, None,
               "Let us add photos when we report a repair",
               "A photo with the online report means the right person comes with the right "
               "parts, the first time.", ""),
    "closed": ("housing", None, "Marlowe House",
               "Tell us when a repair is closed, and let us say it isn't fixed",
               "Several repairs in our block were marked complete when nobody had visited. "
               "A text saying the job is closed, with a link to say *no, it isn't*, would "
               "stop this.", ""),
    "paint": ("housing", None, "Marlowe House",
              "Paint the stairwells in brighter colours",
              "Our stairwells are dark grey and feel grim. Light colours and better bulbs "
              "would cheer everyone up.", "withdrawn"),
}

# Threads: idea key -> [(who, body, replies)], replies in the same shape.
# who: None (any resident), "author" (the idea's author) or "staff".
THREADS = {
    "late": [
        (None, "Yes please. I work shifts and the library is always closed when I'm free.", [
            (None, "Same here. Even one late evening a week would be a start.", [
                (None, "Central Library used to open late on Thursdays until a few years ago, "
                       "so it has been done before.", []),
            ]),
        ]),
        ("staff", "Thank you for this. We are costing evening opening as part of this "
                  "challenge and will post what we find here before it closes.", []),
        (None, "Would it be safe for staff on their own late in the evening?", [
            ("author", "Good point. Two staff, plus the security guard who is already there "
                       "for the car park, could work.", []),
        ]),
    ],
    "caddies": [
        (None, "Our block has the same problem. The bin store is big enough for a food bin.", [
            (None, "Ours too, and the foxes get into the general bins because of the food.", []),
        ]),
        (None, "How would you stop people putting plastic bags in it?", [
            ("author", "Clear signs, and free compostable liners. It works in Westbrook.", [
                (None, "I live in Westbrook and can confirm it mostly works!", []),
            ]),
        ]),
        (None, "Waste of money, just put it all in one bin.", [
            (None, "Food in landfill makes methane, so it really does matter where it goes.", []),
        ]),
    ],
    "phone": [
        (None, "This. We spent a week being transferred when my aunt needed help.", []),
        ("staff",
         "We hear this a lot. The team that takes first calls is reviewing how calls are "
         "passed on, and we have shared this idea with them.",
         [(None, "Thanks, please keep us posted here.", [])]),
    ],
    "sitting": [
        (None, "The same person each time matters so much for people with dementia.", [
            ("author", "Exactly. New faces upset him, and then the afternoon isn't a break "
                       "for either of us.", []),
        ]),
        (None, "Could volunteers be trained for this, with a paid coordinator?", []),
    ],
    "lighting": [
        (None, "Solar lights would avoid digging up the path.", [
            (None, "The solar ones in Riverside Park go dark by 8pm in winter, though.", [
                (None, "Newer ones are much better. Worth a trial on one stretch?", []),
            ]),
        ]),
        ("staff", "Thank you. Lighting for the main path will be part of next year's parks "
                  "budget proposal, and this idea will be quoted in it.", []),
    ],
    "window": [
        (None, "A text when they are on the way would be enough for me.", []),
        (None, "I lost half a day's pay last month waiting in for a boiler engineer.", [
            (None, "Same. Then it said 'no access' on the system, though I was in all day.", []),
        ]),
    ],
}
# (idea key, index of the top-level comment) whose author later deleted it; its reply stays.
DELETED = ("caddies", 2)

COMMENTS = [
    "Good idea, I would use this.",
    "I support this. It would make a real difference on our street.",
    "Has this been tried somewhere else? It would be good to know how it went.",
    "How much would it cost? A rough figure would help.",
    "Yes! I've been saying this for years.",
    "Could this start as a trial for a few months?",
    "Not sure about this. Shouldn't we fix what we already have first?",
    "My neighbours and I talked about exactly this last week.",
]
REPLIES = [
    "Good question. Maybe the council could share the numbers.",
    "A trial sounds sensible to me.",
    "Agreed.",
    "It would pay for itself in the long run, I think.",
]


def load_demo(reset=False, echo=print, force=False):
    """Write the demo content into the current session (the caller commits).

    Returns a dict of counts, or None if demo data was already there."""
    if current_app.config["ENV_NAME"] == "production" and not force:
        raise DemoRefused(
            "This is the production configuration (CODESIGN_ENV=production): the demo "
            "would add made-up people and ideas with published passwords. "
            "Use --force if you really mean it."
        )
    if not inspect(db.engine).has_table(Idea.__tablename__):
        raise DemoRefused("The database has no tables yet: run "
                          "`flask --app codesign db upgrade` first.")
    if reset:
        _empty_tables()
        echo("Emptied every table.")
    elif db.session.scalar(select(func.count()).select_from(Idea)):
        echo("There are ideas in the database already, so no demo data was added "
             "(use --reset to empty it and start again).")
        if _demo_accounts_exist():
            echo(_sign_in_block())
        return None

    counts = _Builder(random.Random(42), utcnow()).build()
    echo("Demo data loaded: " + ", ".join(f"{what}: {n}" for what, n in counts.items()) + ".")
    echo(_sign_in_block())
    return counts


def _empty_tables():
    db.session.flush()
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.expunge_all()


def _demo_accounts_exist():
    found = db.session.scalar(
        select(func.count()).select_from(User).where(User.email.in_([RESIDENT_EMAIL, STAFF_EMAIL]))
    )
    return found == 2


def _sign_in_block():
    return "\n".join([
        "",
        f"  Site:     {SITE_URL}   (start it with: flask --app codesign run)",
        f"  Resident: {RESIDENT_EMAIL} / {RESIDENT_PASSWORD}",
        f"  Staff:    {STAFF_EMAIL} / {STAFF_PASSWORD}",
        "",
        "  These demo accounts are for trying Codesign on your own machine only.",
    ])


def _at(moment, hour):
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


class _Builder:
    def __init__(self, rng, now):
        self.rng = rng
        self.now = now
        self.votes = []  # {"u": user id, "i": idea id, "t": when}, for one UPDATE
        self.first_engaged = {}  # idea id -> earliest response by someone else

    def build(self):
        self._people()
        self._areas_and_challenges()
        self._ideas()
        self._supports()
        self._comments()
        self._withdrawals()
        self._close_challenges()
        self._apply_times()
        return {
            "service areas": len(self.areas),
            "open challenges": sum(when > self.now for when in self.closing.values()),
            "closed challenges": sum(when <= self.now for when in self.closing.values()),
            "accounts": len(self.residents) + 1,
            "ideas": len(self.ideas),
            "supports": len(self.votes),
            "comments": self.comment_total,
        }

    # -- people, areas, challenges -------------------------------------------

    def _user(self, email, name, password_hash, role=Role.RESIDENT.value, sign_in=False):
        user = db.session.scalar(select(User).where(User.email == email))
        joined = self.now - timedelta(days=SPAN_DAYS + 30)
        if user is None:
            user = User(email=email, display_name=name, password_hash=password_hash, role=role,
                        created_at=joined, confirmed_at=joined)
            db.session.add(user)
        elif sign_in:
            # A demo account left from before: make the printed sign-in true again.
            user.password_hash, user.role = password_hash, role
            user.confirmed_at = user.confirmed_at or joined
        return user

    def _people(self):
        # Nobody signs in as the background residents: one unguessable password.
        nobody = hash_password(secrets.token_urlsafe(24))
        self.residents = [
            self._user(name.lower().replace(" ", ".") + "@example.org", name, nobody)
            for name in RESIDENTS
        ]
        self.demo_resident = self._user(RESIDENT_EMAIL, "Sam Taylor",
                                        hash_password(RESIDENT_PASSWORD), sign_in=True)
        self.residents.append(self.demo_resident)
        self.staff = self._user(STAFF_EMAIL, "Jo Bennett (council staff)",
                                hash_password(STAFF_PASSWORD), role=Role.STAFF.value, sign_in=True)
        db.session.flush()

    def _areas_and_challenges(self):
        self.areas = {}
        for key, (name, description) in AREAS.items():
            area = db.session.scalar(select(ServiceArea).where(ServiceArea.name == name))
            if area is None:
                area = ServiceArea(name=name, description=description,
                                   created_at=self.now - timedelta(days=SPAN_DAYS + 30))
                db.session.add(area)
            self.areas[key] = area
        self.challenges = {}
        self.closing = {}
        for key, (area, question, description, opened, closes) in CHALLENGES.items():
            opens_at = _at(self.now - timedelta(days=opened), 9)
            closes_at = _at(self.now + timedelta(days=closes), 17)
            # Open for now, so ideas can answer it through submit_idea; a challenge
            # that is already over is closed once its ideas are in.
            challenge = Challenge(
                question=question, description=description, service_area=self.areas[area],
                opens_at=opens_at, closes_at=max(closes_at, self.now + timedelta(days=1)),
                created_at=opens_at - timedelta(days=2),
            )
            db.session.add(challenge)
            self.challenges[key] = challenge
            self.closing[key] = closes_at
        db.session.flush()

    # -- ideas ---------------------------------------------------------------

    def _created_at(self, challenge_key, flags):
        if "fresh" in flags:
            return self.now - timedelta(days=2, hours=3)
        earliest, latest = self.now - timedelta(days=SPAN_DAYS), self.now - timedelta(days=1)
        if challenge_key:
            challenge = self.challenges[challenge_key]
            earliest = max(earliest, challenge.opens_at + timedelta(hours=6))
            latest = min(latest, self.closing[challenge_key] - timedelta(days=1))
        return earliest + (latest - earliest) * self.rng.random()

    def _ideas(self):
        planned = []
        authors = [user for user in self.residents if user is not self.demo_resident]
        for key, (area, challenge, place, title, description, flags) in IDEAS.items():
            author = self.demo_resident if "mine" in flags else self.rng.choice(authors)
            planned.append((self._created_at(challenge, flags), key, author))
        planned.sort(key=lambda row: row[0])  # ids in the order the ideas arrived

        self.ideas, self.flags, self.created = {}, {}, {}
        for when, key, author in planned:
            area, challenge, place, title, description, flags = IDEAS[key]
            idea = submit_idea(author, title, description, self.areas[area],
                               challenge=self.challenges.get(challenge), place=place)
            self.ideas[key] = idea
            self.flags[key] = flags.split()
            self.created[key] = when
            self.first_engaged[idea.id] = None

    def _end(self, key):
        """Until when people responded to this idea."""
        if "withdrawn" in self.flags[key]:
            return self.created[key] + (self.now - self.created[key]) * 0.5
        return self.now - timedelta(minutes=30)

    def _moments(self, key, count):
        """count sorted moments between the idea's arrival and its end, with more recent ones."""
        start = self.created[key] + timedelta(minutes=20)
        span = self._end(key) - start
        return sorted(start + span * (self.rng.random() ** 0.6) for _ in range(count))

    def _engaged(self, idea, actor, when):
        if actor.id != idea.author_id:
            first = self.first_engaged[idea.id]
            self.first_engaged[idea.id] = when if first is None else min(first, when)

    # -- supports and comments -----------------------------------------------

    def _supports(self):
        for key, idea in self.ideas.items():
            flags = self.flags[key]
            if "fresh" in flags:
                continue
            if "hot" in flags:
                count = self.rng.randint(11, 17)
            else:
                count = int(self.rng.random() ** 2 * 9)
            others = [user for user in self.residents if user.id != idea.author_id]
            supporters = self.rng.sample(others, min(count, len(others)))
            for user, when in zip(supporters, self._moments(key, len(supporters))):
                cast_vote(user, idea)
                self.votes.append({"u": user.id, "i": idea.id, "t": when})
                self._engaged(idea, user, when)

    def _comments(self):
        self.comment_total = 0
        self.comment_times = []  # (comment, when)
        threads = dict(THREADS)
        quiet = [key for key in self.ideas if key not in threads
                 and not set(self.flags[key]) & {"fresh", "withdrawn"}]
        for key in self.rng.sample(quiet, 14):
            threads[key] = [
                (None, self.rng.choice(COMMENTS),
                 [(None, self.rng.choice(REPLIES), [])] if self.rng.random() < 0.4 else [])
                for _ in range(self.rng.randint(1, 2))
            ]
        for key, thread in threads.items():
            written = []
            self._write(key, thread, None, written)
            for (comment, author), when in zip(written, self._moments(key, len(written))):
                self.comment_times.append((comment, when))
                self._engaged(self.ideas[key], author, when)
            if key == DELETED[0]:
                top_level = [comment for comment, _author in written if comment.parent_id is None]
                delete_comment(top_level[DELETED[1]], self.ideas[key])
                self.deleted = top_level[DELETED[1]]

    def _write(self, key, thread, parent, written):
        idea = self.ideas[key]
        for who, body, replies in thread:
            if who == "author":
                author = idea.author
            elif who == "staff":
                author = self.staff
            else:
                taken = {idea.author_id, parent.author_id if parent else None}
                author = self.rng.choice([u for u in self.residents if u.id not in taken])
            comment = add_comment(author, idea, body, parent=parent)
            written.append((comment, author))
            self.comment_total += 1
            self._write(key, replies, comment, written)

    def _withdrawals(self):
        for key, idea in self.ideas.items():
            if "withdrawn" in self.flags[key]:
                withdraw_idea(idea)

    def _close_challenges(self):
        for key, challenge in self.challenges.items():
            challenge.closes_at = self.closing[key]

    # -- moving the timestamps -----------------------------------------------

    def _apply_times(self):
        for key, idea in self.ideas.items():
            idea.created_at = idea.updated_at = self.created[key]
            idea.engaged_at = self.first_engaged[idea.id]
            if "withdrawn" in self.flags[key]:
                idea.withdrawn_at = self._end(key) + timedelta(hours=1)
        latest = {}
        for comment, when in self.comment_times:
            comment.created_at = when
            latest[comment.id] = when
        for comment, when in self.comment_times:
            if comment.parent_id is not None:
                latest[comment.parent_id] = max(latest[comment.parent_id], when)
        # Deleted after its reply was written, so the reply reads as an answer to it.
        self.deleted.deleted_at = min(latest[self.deleted.id] + timedelta(hours=5),
                                      self.now - timedelta(minutes=10))
        vote = Vote.__table__
        db.session.flush()
        if self.votes:
            db.session.execute(
                vote.update()
                .where(vote.c.user_id == bindparam("u"), vote.c.idea_id == bindparam("i"))
                .values(created_at=bindparam("t")),
                self.votes,
            )
        db.session.flush()
