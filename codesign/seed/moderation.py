"""The moderators' side of what was hidden and blocked: the reports that led
to it and the audit log, so the queues and the log have realistic content.
Items hidden by reports wait for a moderator (reports unresolved); items a
moderator hid have their action and resolved report; a few shown items have
one open report."""
from ..models import ModerationAction, Report, ReportReason
from . import words
from .writer import stamp

REPORT_COLUMNS = ("id", "reporter_id", "idea_id", "comment_id", "user_id", "reason", "note",
                  "created_at", "resolved_at")
ACTION_COLUMNS = ("id", "actor_id", "action", "idea_id", "comment_id", "user_id", "reason", "note",
                  "created_at")
REPORTED_IDEAS = 0.005
REASONS = [r.value for r in ReportReason]


class _Log:
    def __init__(self, world, first_report, first_action):
        self.world = world
        self.reports, self.actions = [], []
        self.first_report, self.first_action = first_report, first_action

    def reporters(self, author, created, until, count):
        """Up to count different residents, not the author, who could report
        between created and until; each with their moment."""
        world = self.world
        pool = world.joined_by(until - 60)
        if pool <= count + 1:
            candidates = [p for p in range(pool) if world.residents[p] != author]
            positions = world.rng.sample(candidates, min(count, len(candidates)))
        else:
            positions = []
            while len(positions) < count:
                position = world.rng.randrange(pool)
                if world.residents[position] != author and position not in positions:
                    positions.append(position)
        chosen = []
        for position in positions:
            low = max(created, world.joined[position]) + 60
            chosen.append((world.residents[position], world.between(low, max(low, until))))
        return chosen

    def report(self, reporter, target, when, resolved=None):
        self.reports.append((self.first_report + len(self.reports), reporter, *target,
                             self.world.rng.choice(REASONS), "", stamp(when),
                             resolved and stamp(resolved)))

    def action(self, actor, kind, target, reason, note, when):
        self.actions.append((self.first_action + len(self.actions), actor, kind, *target,
                             reason, note, stamp(when)))

    def hidden(self, target, author, created, hidden_at, reason):
        rng = self.world.rng
        if reason == "reported":
            found = self.reporters(author, created, hidden_at, self.world.report_threshold)
            for reporter, when in found:
                self.report(reporter, target, min(when, hidden_at))
            self.action(None, "auto_hide", target, "reported", "", hidden_at)
            return
        if rng.random() < 0.5:
            for reporter, when in self.reporters(author, created, hidden_at, 1):
                self.report(reporter, target, min(when, hidden_at), resolved=hidden_at)
        self.action(rng.choice(self.world.moderators), "hide", target, reason,
                    rng.choice(words.HIDE_NOTES), hidden_at)


def write_moderation(world, writer):
    rng = world.rng
    log = _Log(world, writer.next_id(Report.__table__), writer.next_id(ModerationAction.__table__))
    for idea in world.ideas:
        target = (idea.id, None, None)
        if idea.hidden_at:
            log.hidden(target, idea.author, idea.created, idea.hidden_at, idea.hidden_reason)
        elif rng.random() < REPORTED_IDEAS:
            for reporter, when in log.reporters(idea.author, idea.created, world.now - 60, 1):
                log.report(reporter, target, when)
    for comment_id, author, created, hidden_at, reason in world.hidden_comments:
        log.hidden((None, comment_id, None), author, created, hidden_at, reason)
    for comment_id, author, created in world.reported_comments:
        for reporter, when in log.reporters(author, created, world.now - 60, 1):
            log.report(reporter, (None, comment_id, None), when)
    for user, _joined, blocked_at in world.blocked:
        log.action(rng.choice(world.moderators), "block", (None, None, user), "spam",
                   rng.choice(words.BLOCK_NOTES), blocked_at)
    writer.insert(Report.__table__, REPORT_COLUMNS, log.reports)
    writer.insert(ModerationAction.__table__, ACTION_COLUMNS, log.actions)
