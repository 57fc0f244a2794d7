"""The XSS corpus written into the corpus server's database, so that each
string sits in every text field a person can fill and reaches every page and
email that shows that field:

- each string is a person's name, an idea's title, description and place, a
  challenge's question and description, a staff response on that idea's
  timeline, a report's note on it, a comment and a reply on a thread, and
  the note of the moderator who hid that reply;
- four strings to a proposal: its Markdown fields, title and team, the
  responses on its timeline and four comments; it grew from the four ideas,
  so its page names their titles and authors;
- a reader is told of each response and each proposal, so the notifications
  list and a daily digest hold every title and response.

Pages that show many rows (lists, threads, the digest) carry every string.
A page or an email about one item is opened for each vector of
xss_vectors.py (those are written to break out of exactly such places): the
vector's idea page, the page of the proposal holding it, and the email its
author gets about the response to their idea. Every page renders Markdown
and escapes text through the same two paths, which the threads and lists
put every string through.

The rows are written in bulk, in the states the services leave them in
(counters included): going through the services one by one takes most of a
minute. test_typed_xss.py types a few vectors through each real form instead.
"""
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select, update
from xss_vectors import VECTORS, stored

from codesign.clock import utcnow
from codesign.models import (
    Challenge,
    Comment,
    HideReason,
    Idea,
    IdeaStatus,
    IdeaStatusChange,
    ModerationAction,
    ModerationActionKind,
    Notification,
    NotificationKind,
    OutboxMessage,
    Proposal,
    ProposalStatus,
    ProposalStatusChange,
    Report,
    ReportReason,
    Role,
    ServiceArea,
    User,
)
from codesign.notifications.mailing import email_now, link_context, send_digest

THREAD_SIZE = 100  # comments (each with its reply) on one idea page


def fit(text, size):
    """As much of the text as the column holds (the forms refuse the rest)."""
    return text[:size]


def groups_of_four(strings):
    """One group per proposal; the last is filled up from the start."""
    return [(strings[n:n + 4] + strings[:4])[:4] for n in range(0, len(strings), 4)]


@dataclass
class Corpus:
    strings: list
    vectors: list    # the strings that are xss_vectors.py's vectors
    reader: object
    moderator: object
    staff: object
    ideas: list      # idea ids, one per string
    probes: list     # ids of the ideas whose string is one of the vectors
    threads: list    # ids of the ideas carrying the comments and replies
    proposals: list  # proposal ids, one per four strings
    proposal_probes: list  # ids of the proposals holding vectors
    emails: list     # the HTML of every notification email written


def build(site, strings):
    reader = site.user("Rita Reader")
    moderator = site.user("Mo Moderator", role=Role.MODERATOR.value)
    staff = site.user("Stan Staff", role=Role.STAFF.value)
    with site.session() as session:
        area = session.get(ServiceArea, site.areas["Libraries"])
        people = _people(session, strings)
        ideas = _ideas(session, strings, people, area, reader.id, staff.id)
        threads = _threads(session, strings, people, area, moderator.id)
        proposals = _proposals(session, strings, people, ideas, area, staff.id)
        _tell(session, strings, people, ideas, proposals, reader.id)
        vectors = {stored(vector) for vector in VECTORS}
        probes = [n for n, text in enumerate(strings) if text in vectors]
        emails = _emails(session, [people[n] for n in probes], session.get(User, reader.id))
        return Corpus(strings, [strings[n] for n in probes], reader, moderator, staff,
                      [idea.id for idea in ideas],
                      [ideas[n].id for n in probes], [thread.id for thread in threads],
                      [p.id for p in proposals],
                      sorted({proposals[n // 4].id for n in probes}), emails)


def _people(session, strings):
    now = utcnow()
    people = [User(email=f"corpus-{n}@example.org", display_name=fit(text, 60),
                   password_hash="!", confirmed_at=now) for n, text in enumerate(strings)]
    for n, person in enumerate(people):
        # The corpus holds names that look alike ("NULL", "null"): this is
        # about showing each as typed, not about who may have which.
        person.display_name_key = f"corpus {n}"
    session.add_all(people)
    session.flush()
    return people


def _ideas(session, strings, people, area, reader_id, staff_id):
    now = utcnow()
    challenges = [Challenge(question=fit(text, 200), description=text, service_area=area,
                            opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=30))
                  for text in strings]
    ideas = [Idea(title=fit(text, 140), description=text, place=fit(text, 120), author=person,
                  service_area=area, challenge=challenge, status=IdeaStatus.UNDER_REVIEW.value,
                  created_at=now, updated_at=now)
             for text, person, challenge in zip(strings, people, challenges, strict=False)]
    session.add_all(challenges + ideas)
    session.flush()
    session.add_all(
        IdeaStatusChange(idea_id=idea.id, from_status=IdeaStatus.PUBLISHED.value,
                         to_status=IdeaStatus.UNDER_REVIEW.value, response=text,
                         author_id=staff_id, created_at=now)
        for idea, text in zip(ideas, strings, strict=False))
    session.add_all(
        Report(reporter_id=reader_id, idea_id=idea.id, reason=ReportReason.OTHER.value,
               note=text, created_at=now)
        for idea, text in zip(ideas, strings, strict=False))
    return ideas


def _threads(session, strings, people, area, moderator_id):
    """Each string as a comment and as a reply to it by the next person; the
    replies are hidden by a moderator whose note is the string again."""
    now = utcnow()
    threads = []
    for start in range(0, len(strings), THREAD_SIZE):
        texts = strings[start:start + THREAD_SIZE]
        thread = Idea(title=f"Thread {len(threads) + 1}", description="Comments below.",
                      author_id=moderator_id, service_area=area, created_at=now, updated_at=now,
                      comment_count=len(texts), engaged_at=now)
        session.add(thread)
        session.flush()
        comments = [Comment(idea_id=thread.id, author=people[start + n], body=text,
                            created_at=now) for n, text in enumerate(texts)]
        session.add_all(comments)
        session.flush()
        replies = [Comment(idea_id=thread.id, author=people[(start + n + 1) % len(people)],
                           parent_id=comment.id, depth=1, body=text, created_at=now,
                           hidden_at=now, hidden_reason=HideReason.OFFENSIVE.value,
                           hidden_note=text)
                   for n, (comment, text) in enumerate(zip(comments, texts, strict=False))]
        session.add_all(replies)
        session.flush()
        session.add_all(
            ModerationAction(actor_id=moderator_id, action=ModerationActionKind.HIDE.value,
                             comment_id=reply.id, reason=reply.hidden_reason, note=reply.hidden_note,
                             created_at=now)
            for reply in replies)
        threads.append(thread)
    return threads


def _proposals(session, strings, people, ideas, area, staff_id):
    now = utcnow()
    groups = groups_of_four(strings)
    proposals = [
        Proposal(title=fit(group[2], 140), problem=group[0], proposed_change=group[1],
                 expected_benefits=group[2], who_it_affects=group[3], cost_band="unknown",
                 service_area=area, responsible_team=fit(group[3], 120),
                 decision_due=date(2031, 3, 31), status=ProposalStatus.OPEN_FOR_FEEDBACK.value,
                 created_by_id=staff_id, created_at=now, updated_at=now, comment_count=4)
        for group in groups
    ]
    session.add_all(proposals)
    session.flush()
    for k, (proposal, group) in enumerate(zip(proposals, groups, strict=False)):
        for source in ideas[4 * k:4 * k + 4]:
            source.proposal_id, source.status = proposal.id, IdeaStatus.PROMOTED.value
            session.add(IdeaStatusChange(
                idea_id=source.id, from_status=IdeaStatus.UNDER_REVIEW.value,
                to_status=IdeaStatus.PROMOTED.value, response=group[0], author_id=staff_id,
                created_at=now))
        session.add_all(
            ProposalStatusChange(proposal_id=proposal.id, to_status=proposal.status,
                                 response=text, author_id=staff_id, created_at=now)
            for text in group)
        session.add_all(
            Comment(proposal_id=proposal.id, author=people[(4 * k + n) % len(people)], body=text,
                    created_at=now)
            for n, text in enumerate(group))
    session.flush()
    return proposals


def _tell(session, strings, people, ideas, proposals, reader_id):
    """The reader hears of every response and every proposal; each author of
    the response to their idea (by email, for the vectors' authors)."""
    now = utcnow()
    kind = NotificationKind.IDEA_STATUS.value
    session.add_all(
        Notification(user_id=user_id, kind=kind, idea_id=idea.id, detail=text, created_at=now)
        for idea, text, person in zip(ideas, strings, people, strict=False)
        for user_id in (reader_id, person.id))
    session.add_all(
        Notification(user_id=reader_id, kind=NotificationKind.IDEA_PROMOTED.value,
                     idea_id=ideas[4 * k].id, proposal_id=proposal.id,
                     detail=proposal.problem, created_at=now)
        for k, proposal in enumerate(proposals))
    session.flush()


def _emails(session, people, reader):
    """An email to each of these authors, and the reader's digest of
    everything: their HTML, with every message marked sent so that the
    server never sends them."""
    now = utcnow()
    told = {row.user_id: row for row in session.scalars(select(Notification).where(
        Notification.user_id.in_([person.id for person in people]))).unique()}
    with link_context():  # one request context for all, rather than one each
        for person in people:
            email_now(person, told[person.id])
            told[person.id].emailed_at = now
        send_digest(reader, now)
    bodies = session.scalars(select(OutboxMessage.html_body).where(
        OutboxMessage.html_body.is_not(None)).order_by(OutboxMessage.id)).all()
    session.execute(update(OutboxMessage).values(sent_at=now))
    return bodies
