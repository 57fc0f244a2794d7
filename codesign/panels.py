"""Parts of a page that other areas own: the follow buttons, the proposal an
idea became, staff's tools and timeline, moderation's tools on the idea page,
and whatever areas come later (pilots, partners).

Each area registers its panels from its own package, called from
create_app: a panel is a template and a loader taking (subject, user) that
returns what the template needs, or None when the panel has nothing to show
that user. The page's route calls load(), so every query the page costs
runs from the route, and the page's own package imports none of the areas
that add to it. The template shows the loaded panels in order:

    {% for panel in panels %}{% include panel.template %}{% endfor %}

with the panel's values as `panel.data`.

A panel that needs only to know something one value answers (does this
person follow the idea? has it any offers?) says so in `facts`: SQL
expressions, built once per process, that the route adds to the statement
that loads the page's subject (fact_columns), so that the panels of a page
cost that one statement rather than one each; the loader then takes the
answers as a third argument. It runs its own queries only for what the facts
say is there to show.
"""
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import current_app

EXTENSION_KEY = "codesign.panels"
# pilot and playbook: the subject is the Pilot; staff: the dashboard, no subject (None).
PAGES = ("idea", "proposal", "pilot", "playbook", "staff")


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    load: Callable  # (subject, user) -> dict for the template, or None to leave it out
    order: int  # lower first; the areas' panels are spaced by ten
    # "main": in the reading flow; "manage": the tools of staff and moderators,
    # shown apart, in the page's "Manage" column with its own heading.
    section: str = "main"
    # (user) -> the facts this person's view of the panel needs, a tuple of
    # labelled SQL expressions made once per process, with the subject's id
    # as the parameter :subject_id and the person's as :user_id. With facts,
    # load is called as (subject, user, answers), answers[label] being each
    # fact's value.
    facts: Callable | None = None


@dataclass(frozen=True)
class LoadedPanel:
    name: str
    template: str
    data: dict = field(default_factory=dict)
    section: str = "main"


def init_app(app):
    app.extensions[EXTENSION_KEY] = {page: [] for page in PAGES}


def register(app, page, panel):
    """Add a panel to every `page` of this app (one of PAGES)."""
    panels = app.extensions[EXTENSION_KEY][page]
    if any(known.name == panel.name for known in panels):
        raise ValueError(f"the {page} page has a panel named {panel.name!r} already")
    panels.append(panel)
    panels.sort(key=lambda known: known.order)


def unregister(app, page, name):
    panels = app.extensions[EXTENSION_KEY][page]
    panels[:] = [known for known in panels if known.name != name]


def fact_columns(page, user):
    """The facts the page's panels ask for this user, in order: columns for
    the route to add to the statement that loads the subject (and the
    parameters that statement then takes: the subject's id as :subject_id,
    the person's as :user_id). The same objects on every call, so the
    statement can be built once per set of them (their labels name them)."""
    columns = []
    for panel in current_app.extensions[EXTENSION_KEY][page]:
        if panel.facts is not None:
            columns.extend(panel.facts(user))
    return tuple(columns)


def load(page, subject, user, answers=None):
    """The page's panels that have something to show this user, in order,
    with their values: each loader runs its queries now. `answers` holds
    the values of fact_columns(page, user), by label."""
    loaded = []
    for panel in current_app.extensions[EXTENSION_KEY][page]:
        if panel.facts is None:
            data = panel.load(subject, user)
        else:
            data = panel.load(subject, user, answers)
        if data is not None:
            loaded.append(LoadedPanel(panel.name, panel.template, data, panel.section))
    return loaded
