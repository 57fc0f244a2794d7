"""What the generators share: the random source, the clock, who exists when,
and a plan per idea. Times are whole seconds since the epoch (UTC) until they
are written."""
import bisect
import time

DAY = 24 * 3600
SPAN = 3 * 365 * DAY


class IdeaPlan:
    __slots__ = (
        "id", "title", "created", "author", "area", "challenge", "withdrawn_at", "hidden_at",
        "hidden_reason", "merged_at", "target", "supports", "support_end", "comment_end",
        "ready_at", "engaged_at", "comments", "status", "history", "proposal",
    )

    def __init__(self, id, created, author):
        self.id, self.created, self.author = id, created, author
        self.title = None
        self.area = self.challenge = None
        self.withdrawn_at = self.hidden_at = self.hidden_reason = self.merged_at = None
        self.target = None  # the idea this one is merged into, as a duplicate
        self.supports = 0
        self.support_end = self.comment_end = None
        self.ready_at = self.engaged_at = None
        self.comments = 0  # visible comments
        self.status = "published"
        self.history = []  # (from status, to status, when)
        self.proposal = None

    def engage(self, who, when):
        if who != self.author and (self.engaged_at is None or when < self.engaged_at):
            self.engaged_at = when


class World:
    def __init__(self, rng, review_threshold, report_threshold, now=None):
        self.rng = rng
        self.now = int(now if now is not None else time.time())
        self.start = self.now - SPAN
        self.review_threshold = review_threshold
        self.report_threshold = report_threshold
        # Residents who take part (confirmed, not blocked), in the order they joined.
        self.residents = []
        self.joined = []
        self.staff = []       # staff and administrators
        self.moderators = []  # anyone who may moderate
        self.blocked = []
        self.areas = []       # (id, name)
        self.challenges = []  # (id, area id, opens, closes)
        self.ideas = []       # IdeaPlan, in the order they were posted
        self.proposals = []
        self.hidden_comments = []   # (id, author, created, hidden_at, reason)
        self.reported_comments = []  # (id, author, created): visible, one open report

    def joined_by(self, moment):
        """How many taking-part residents had joined by this moment: they are
        residents[:n]."""
        return bisect.bisect_right(self.joined, moment)

    def resident_at(self, moment):
        return self.residents[self.rng.randrange(self.joined_by(moment))]

    def between(self, low, high, skew=1.0):
        """A moment in [low, high]; skew > 1 favours the start."""
        return low + int((high - low) * self.rng.random() ** skew)
