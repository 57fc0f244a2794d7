"""The reach report: for a scope, each question's groups among its
participants beside the reference population, with the gap, the most
under-represented first; small numbers suppressed (suppression.py).

Only counts leave this module; no answer is ever read per person."""
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import func, select, union_all

from .. import charts
from ..extensions import db
from ..models import AssistedReachAnswer, ReachAnswer, ServiceArea
from ..models.reach import PLACE_QUESTION, PREFER_NOT, SERVICE_USE
from . import groups, participants, services
from .suppression import NON_ANSWERS, THRESHOLD, hidden_cells


@dataclass
class GroupRow:
    name: str
    count: int | None          # None: not shown
    share: float | None        # percent of those who gave a group
    reference: float | None    # percent of the reference population
    expected: int | None = None  # for a hidden group: what the reference would give

    @property
    def gap(self):
        if self.share is None or self.reference is None:
            return None
        return round(self.share - self.reference, 1)


@dataclass
class QuestionReport:
    question: str
    name: str
    gave: int | None
    prefer_not: int | None
    not_answered: int | None
    rows: list
    reference: object = None
    under: list = field(default_factory=list)
    chart: object = None

    @property
    def any_hidden(self):
        cells = [self.gave, self.prefer_not, self.not_answered] + [r.count for r in self.rows]
        return any(cell is None for cell in cells)


@dataclass
class Report:
    scope: participants.Scope
    participants: int
    questions: list

    @property
    def too_few(self):
        return self.participants < THRESHOLD


def _counts(scope, question):
    """{(value, place_id): people} among the scope's participants: people
    with an account and assisted residents alike."""
    def answers(model, owner, people):
        where = [model.question == question, owner.in_(people)]
        if question == SERVICE_USE:
            where.append(model.service_area_id == scope.service_area_id)
        return select(model.value, model.place_id).where(*where)

    both = union_all(
        answers(ReachAnswer, ReachAnswer.user_id, participants.participants(scope)),
        answers(AssistedReachAnswer, AssistedReachAnswer.resident_id,
                participants.assisted_participants(scope))).subquery()
    rows = db.session.execute(select(both.c.value, both.c.place_id, func.count())
                              .group_by(both.c.value, both.c.place_id))
    return {(value, place_id): n for value, place_id, n in rows}


def _reference(question, service_area_id):
    """The area's own reference population, else the site-wide one."""
    area = db.session.get(ServiceArea, service_area_id)
    return services.reference_for(question, area) or (
        None if question == SERVICE_USE else services.reference_for(question, None))


def _percent(part, whole):
    return round(100 * part / whole, 1) if whole else 0.0


def question_report(scope, question, total, chart_id=None):
    counts = _counts(scope, question)
    names = {place.id: place.name for place in services.places()} \
        if question == PLACE_QUESTION else {}
    group_keys = services.reference_groups(question)
    group_counts = [counts.get(key, 0) for key in group_keys]
    prefer_not = counts.get((PREFER_NOT, None), 0)
    gave = sum(group_counts)
    top = [gave, prefer_not, total - gave - prefer_not]
    top_hidden = hidden_cells(top, spare=NON_ANSWERS)
    shown_top = [None if i in top_hidden else n for i, n in enumerate(top)]
    # The groups' own set has "gave a group" as its total; if that is hidden,
    # so is every group.
    hidden = set(range(len(group_keys))) if 0 in top_hidden else hidden_cells(group_counts)
    reference = _reference(question, scope.service_area_id)
    shares = {(s.value, s.place_id): float(s.share) for s in reference.shares} \
        if reference else {}
    rows = []
    for i, (key, n) in enumerate(zip(group_keys, group_counts, strict=True)):
        ref = shares.get(key)
        name = str(groups.group_name(question, key[0], names.get(key[1])))
        if i in hidden:
            expected = round(ref * gave / 100) if ref is not None and shown_top[0] else None
            rows.append(GroupRow(name, None, None, ref, expected))
        else:
            rows.append(GroupRow(name, n, _percent(n, gave), ref))
    compared = sorted((row for row in rows if row.gap is not None), key=lambda row: row.gap)
    uncompared = [row for row in rows if row.count is not None and row.gap is None]
    withheld = sorted((row for row in rows if row.count is None),
                      key=lambda row: -(row.reference or 0))
    report = QuestionReport(question, str(groups.QUESTION_NAMES[question]), *shown_top,
                            rows=compared + uncompared + withheld, reference=reference,
                            under=[row for row in compared if row.gap < 0])
    if chart_id and compared:
        report.chart = charts.gap_chart(
            [(row.name, row.gap) for row in compared], chart_id,
            _("%(question)s: participants against the reference population",
              question=report.name),
            _("Each bar is a group's share of participants minus its share of the reference "
              "population, in percentage points. Bars left of zero are under-represented."),
            _("Under-represented"), _("Over-represented"))
    return report


def build(scope, with_charts=True):
    """The whole report for a scope: the questions the site asks. A scope
    with fewer than THRESHOLD participants gets no figures at all."""
    total = participants.count(scope)
    if total < THRESHOLD:
        return Report(scope, total, [])
    return Report(scope, total, [
        question_report(scope, question, total,
                        f"reach-chart-{question}" if with_charts else None)
        for question in services.asked_questions()])


def csv_rows(report):
    """The report as rows for a spreadsheet, suppressed the same way."""
    hidden = _("not shown")

    def cell(value):
        return hidden if value is None else value

    yield [_("Question"), _("Group"), _("Participants"), _("Share of those who gave a group (%)"),
           _("Reference share (%)"), _("Gap (percentage points)"), _("Reference source"),
           _("Reference year")]
    for question in report.questions:
        source = question.reference.source if question.reference else ""
        year = question.reference.year if question.reference else ""
        for row in question.rows:
            yield [question.name, row.name, cell(row.count),
                   "" if row.count is None else row.share,
                   "" if row.reference is None else row.reference,
                   "" if row.gap is None else row.gap, source, year]
        yield [question.name, _("Gave a group"), cell(question.gave), "", "", "", "", ""]
        yield [question.name, str(groups.PREFER_NOT_NAME), cell(question.prefer_not),
               "", "", "", "", ""]
        yield [question.name, _("Did not answer"), cell(question.not_answered),
               "", "", "", "", ""]
