"""The idea and proposal pages show the panels the areas register
(codesign/panels.py), loaded by the route: a new area plugs in without
touching ideas/ or proposals/."""
from datetime import date

from helpers import sign_in
from jinja2 import ChoiceLoader, DictLoader

from codesign import create_app, panels
from codesign.extensions import db
from codesign.models import Proposal

PILOT_TEMPLATE = '<p id="pilot">{{ panel.data.words }} for {{ idea.title }}</p>'


def app_like(app):
    """An app on the session's database, to register panels on."""
    config = {key: app.config[key] for key in (
        "SQLALCHEMY_DATABASE_URI", "SERVER_NAME", "MAIL_SERVER", "MAIL_PORT",
        "MAIL_DEFAULT_SENDER")}
    new = create_app({**config, "ENV_NAME": "testing"})
    new.jinja_env.loader = ChoiceLoader([
        DictLoader({"pilots/_idea_panel.html": PILOT_TEMPLATE,
                    "pilots/_proposal_panel.html": '<p id="pilot">{{ panel.data.words }}</p>'}),
        new.jinja_env.loader])
    return new


def test_a_registered_panel_shows_on_the_idea_page_with_what_its_loader_gives(app, factory):
    pilots = app_like(app)
    seen = []

    def load(idea, user):
        seen.append((idea.id, user.is_authenticated))
        return {"words": "Piloted in two parks"} if user.is_authenticated else None

    panels.register(pilots, "idea", panels.Panel("pilot", "pilots/_idea_panel.html", load,
                                                 order=45))
    idea = factory.idea(title="Benches")
    try:
        visitor = pilots.test_client().get(f"/ideas/{idea.id}").get_data(as_text=True)
        resident = pilots.test_client()
        sign_in(resident, factory.user())
        page = resident.get(f"/ideas/{idea.id}").get_data(as_text=True)
    finally:
        with pilots.app_context():
            db.engine.dispose()

    assert 'id="pilot"' not in visitor  # the loader said None: nothing to show
    assert '<p id="pilot">Piloted in two parks for Benches</p>' in page
    assert seen == [(idea.id, False), (idea.id, True)]
    # In the order asked for: after moderation's (40), before the timeline (50).
    assert [panel.name for panel in pilots.extensions[panels.EXTENSION_KEY]["idea"]] == [
        "follow", "proposal", "staff_tools", "moderation", "moderation_tools", "pilot", "timeline",
        "pilots", "partners"]


def test_a_registered_panel_shows_on_the_proposal_page(app, factory):
    pilots = app_like(app)
    panels.register(pilots, "proposal", panels.Panel(
        "pilot", "pilots/_proposal_panel.html", lambda proposal, user: {"words": proposal.title},
        order=20))
    area, staff = factory.area(), factory.user(role="staff")
    with app.app_context():
        proposal = Proposal(
            title="Shade in parks", problem="Hot", proposed_change="Trees",
            expected_benefits="Cool", who_it_affects="All", cost_band="unknown",
            service_area_id=area.id, responsible_team="Parks team",
            decision_due=date(2031, 3, 31), status="open_for_feedback", created_by_id=staff.id)
        db.session.add(proposal)
        db.session.commit()
        proposal_id = proposal.id
    try:
        page = pilots.test_client().get(f"/proposals/{proposal_id}").get_data(as_text=True)
    finally:
        with pilots.app_context():
            db.engine.dispose()
    assert '<p id="pilot">Shade in parks</p>' in page


def test_two_panels_of_one_page_cannot_share_a_name(app):
    pilots = app_like(app)
    try:
        panel = panels.Panel("follow", "pilots/_idea_panel.html", lambda idea, user: {}, order=1)
        try:
            panels.register(pilots, "idea", panel)
        except ValueError as error:
            assert "follow" in str(error)
        else:
            raise AssertionError("a second panel named follow was accepted")
    finally:
        with pilots.app_context():
            db.engine.dispose()


def test_no_template_global_runs_the_idea_pages_queries(app):
    """The panels' data come from the route, not from globals the template calls."""
    gone = {"idea_timeline", "ideas_merged_into", "idea_status_choices", "idea_proposal",
            "open_report_count", "is_following"}
    with app.test_request_context():
        names = set(app.jinja_env.globals)
        for processor in app.template_context_processors[None]:
            names |= set(processor())
    assert not gone & names


def test_staff_and_moderation_tools_stand_apart_from_the_reading_flow(app, factory, browser_for):
    """Residents read the idea; staff and moderators find their tools in the
    page's own "Manage" column, after everything a resident reads."""
    idea = factory.idea()
    resident_page = browser_for(factory.user()).get(f"/ideas/{idea.id}").get_data(as_text=True)
    staff_page = browser_for(factory.user(role="staff")).get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "Manage this idea" not in resident_page and 'id="staff-tools"' not in resident_page
    manage = staff_page.index('aria-labelledby="manage-title"')
    assert staff_page.index('id="staff-tools"') > manage
    assert staff_page.index('id="moderation-title"') > manage
    assert staff_page.index('id="comments') < manage  # the discussion is read first
