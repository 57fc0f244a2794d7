"""CSV and JSON downloads for staff, written row by row as the database
hands them over, so an export of every idea never sits whole in memory."""
import csv
import io
import json
from datetime import date, datetime

from flask import Response, stream_with_context, url_for

from ..spreadsheet import neutralise

# vote_count is the supports: the column keeps the name staff's sheets know.
IDEA_COLUMNS = (
    "id", "title", "service_area", "challenge", "status", "vote_count", "comment_count",
    "author", "created_at", "ready_for_review_at", "duplicate_of_id", "proposal_id", "url",
)
PROPOSAL_COLUMNS = (
    "id", "title", "status", "service_area", "responsible_team", "cost_band", "decision_due",
    "created_at", "source_ideas", "url",
)
# A spreadsheet runs a cell that starts like a formula; a quote in front makes
# it text (OWASP's advice for CSV injection): codesign/spreadsheet.py.
FLUSH_AT = 64 * 1024


def _plain(value):
    if isinstance(value, datetime):
        return value.isoformat() + "Z"
    if isinstance(value, date):
        return value.isoformat()
    return value


def idea_records(rows):
    for row in rows:
        record = {column: _plain(value) for column, value in row._mapping.items()}
        record["url"] = url_for("ideas.detail", idea_id=row.id, _external=True)
        yield record


def proposal_records(rows):
    for row in rows:
        record = {column: _plain(value) for column, value in row._mapping.items()}
        # The proposal page is /proposals/<id>, whatever its endpoint is called.
        record["url"] = url_for("proposals.index", _external=True).rstrip("/") + f"/{row.id}"
        yield record


def _download(body, mimetype, filename):
    return Response(
        stream_with_context(body), mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"',
                 "Cache-Control": "no-store"},
    )


def csv_download(filename, columns, records):
    def body():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(columns)
        for record in records:
            writer.writerow(["" if record[c] is None else neutralise(record[c]) for c in columns])
            if buffer.tell() >= FLUSH_AT:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    return _download(body(), "text/csv; charset=utf-8", filename)


def json_download(filename, columns, records):
    def body():
        yield "["
        separator = "\n"
        for record in records:
            yield separator + json.dumps({c: record[c] for c in columns}, ensure_ascii=False)
            separator = ",\n"
        yield "\n]\n"

    return _download(body(), "application/json", filename)
