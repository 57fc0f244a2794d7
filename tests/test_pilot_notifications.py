"""The people of an idea hear when a pilot of it starts and when it ends,
with the verdict, by the notification settings they already have: email at
once, in the daily digest, or not at all (and always on the site). Emailed
links come from BASE_URL, whatever host the staff member's request named.
The site is set up as deployed (tests/test_mail_origin.py)."""
import email
import email.policy

from pilot_helpers import approved_proposal, card_form
from sqlalchemy import select
from test_mail_origin import BASE_URL, assert_only_base_url, signed_in, site  # noqa: F401

from codesign.extensions import db
from codesign.models import Idea, Notification, Pilot, User
from codesign.notifications.services import follow


def _prefer(app, user, preference):
    with app.app_context():
        db.session.get(User, user.id).email_preference = preference
        db.session.commit()


def _plain(raw):
    message = email.message_from_string(raw, policy=email.policy.default)
    return message["To"], message["Subject"], message.get_body(("plain",)).get_content()


def test_pilot_start_and_end_reach_each_person_by_their_own_settings(site, factory, smtp_sink):  # noqa: F811
    author = factory.user(name="Ada Author", email="ada@example.test")
    supporter = factory.user(name="Sol Supporter", email="sol@example.test")
    follower = factory.user(name="Fen Follower", email="fen@example.test")
    _prefer(site, author, "immediate")
    _prefer(site, supporter, "off")  # follower keeps the default: the daily digest
    proposal_id, idea_id, area = approved_proposal(site, factory, author=author)
    factory.support(factory.get(Idea, idea_id), supporter)
    with site.app_context():
        follow(db.session.get(User, follower.id), idea=db.session.get(Idea, idea_id))
        db.session.commit()
    staff = signed_in(site, factory.user(role="staff"))
    assert staff.post(f"/proposals/{proposal_id}/pilots/new",
                      data=card_form(area.id)).status_code == 302
    with site.app_context():
        pilot_id = db.session.scalar(select(Pilot.id))

    # Started: from a host that is not BASE_URL; only the author is emailed, at once.
    started = staff.post(f"/pilots/{pilot_id}/start", headers={"Host": "internal.example"})
    assert started.status_code == 302
    assert_only_base_url(smtp_sink, 1)
    to, subject, body = _plain(smtp_sink.messages[0])
    assert to == "ada@example.test" and "has started" in subject
    assert f"{BASE_URL}/pilots/{pilot_id}" in body

    # Ended, with the verdict: the author again; the supporter still by no email.
    closed = staff.post(f"/pilots/{pilot_id}/close", headers={"Host": "internal.example"},
                        data={"verdict": "did_not_work", "conclusion": "It did not help."})
    assert closed.status_code == 302
    assert_only_base_url(smtp_sink, 2)
    to, subject, body = _plain(smtp_sink.messages[1])
    assert to == "ada@example.test" and "has ended: it did not work" in subject
    assert f"{BASE_URL}/pilots/{pilot_id}" in body

    # Everyone has both on the site, the supporter who asked for no email too.
    with site.app_context():
        told = {(row.user_id, row.kind) for row in db.session.scalars(
            select(Notification).where(Notification.pilot_id == pilot_id))}
    assert told == {(who.id, kind) for who in (author, supporter, follower)
                    for kind in ("pilot_started", "pilot_closed")}

    # The daily digest brings the follower both; the supporter still gets nothing.
    result = site.test_cli_runner().invoke(args=["notifications", "digest"])
    assert result.exit_code == 0, result.output
    assert_only_base_url(smtp_sink, 3)
    to, _subject, body = _plain(smtp_sink.messages[2])
    assert to == "fen@example.test"
    assert "has started" in body and "has ended: it did not work" in body
    assert f"{BASE_URL}/pilots/{pilot_id}" in body
    assert not any("sol@example.test" in raw for raw in smtp_sink.messages)
