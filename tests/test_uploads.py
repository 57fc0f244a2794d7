"""Files attached to a playbook: the type is found from the content, never
the name; a size limit, with a message beside the field; kept outside
static/ under random names; served only as downloads, with nosniff."""
import io
import zipfile

import practice_helpers
import pytest
from helpers import count, text_of
from practice_helpers import playbook_form

from codesign.models import PlaybookAttachment

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
CSV = b"month,repairs\n2030-01,120\n2030-02,131\n"

# The shared fixtures (practice_helpers.py), by name.
published = practice_helpers.published
upload_folder = practice_helpers.upload_folder
worked = practice_helpers.worked


def _zip(entries):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


XLSX = _zip({"[Content_Types].xml": b'<Types><Override ContentType="application/vnd.openxmlformats-'
             b'officedocument.spreadsheetml.sheet.main+xml" PartName="/xl/workbook.xml"/></Types>',
             "xl/workbook.xml": b"<workbook/>"})
ODS = _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
            "content.xml": b"<office:document-content/>"})
JAR = _zip({"META-INF/MANIFEST.MF": b"Main-Class: Evil\n", "Evil.class": b"\xca\xfe\xba\xbe"})


def send(staff, pilot_id, data, name):
    return staff.client.post(f"/pilots/{pilot_id}/playbook/files", data={
        "csrf_token": staff.token, "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data")


@pytest.mark.parametrize("data, name, stored_type, download", [
    (PDF, "report.pdf", "application/pdf", "report.pdf"),
    (PNG, "photo.png", "image/png", "photo.png"),
    (JPEG, "van photo.jpeg", "image/jpeg", "van-photo.jpg"),
    (XLSX, "costs.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
     "costs.xlsx"),
    (ODS, "costs.ods", "application/vnd.oasis.opendocument.spreadsheet", "costs.ods"),
    (CSV, "figures.csv", "text/csv", "figures.csv"),
    (PDF, "misnamed.png", "application/pdf", "misnamed.pdf"),  # the content decides
])
def test_a_file_is_stored_as_what_its_content_is_and_served_as_a_download(
        app, client, staff, published, upload_folder, data, name, stored_type, download):
    pilot_id = published[0]
    response = send(staff, pilot_id, data, name)
    assert response.status_code == 302
    with app.app_context():
        from codesign.extensions import db
        row = db.session.query(PlaybookAttachment).one()
        stored, attachment_id = row.stored_name, row.id
    assert row.content_type == stored_type
    # Kept under a random name in UPLOAD_FOLDER, not under its own name, not in static/.
    assert (upload_folder / stored).read_bytes() == data and name not in stored
    served = client.get(f"/pilots/{pilot_id}/playbook/files/{attachment_id}")
    assert served.status_code == 200 and served.data == data
    assert served.headers["Content-Disposition"].startswith("attachment;")
    assert download in served.headers["Content-Disposition"]
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert served.mimetype == stored_type
    assert download in text_of(client.get(f"/pilots/{pilot_id}/playbook"))


@pytest.mark.parametrize("data, name", [
    (EXE, "report.pdf"),                          # an executable renamed .pdf
    (JAR, "costs.xlsx"),                          # a ZIP that is no spreadsheet
    (b"PK\x03\x04broken", "costs.xlsx"),         # not even a ZIP
    (b"GIF89a\x01\x00\x01\x00\x00\x00\x00", "costs.csv"),  # binary, named as text
    (b"", "empty.pdf"),
])
def test_a_file_that_is_not_allowed_is_refused_beside_the_field(
        app, staff, published, upload_folder, data, name):
    response = send(staff, published[0], data, name)
    assert response.status_code == 422
    page = text_of(response)
    assert 'id="file-error"' in page
    assert "its content was checked, not its name" in page or "The file is empty." in page
    assert count(app, PlaybookAttachment) == 0
    assert not upload_folder.exists() or not any(upload_folder.iterdir())


def test_a_file_over_the_limit_is_refused_with_a_message(app, staff, published, upload_folder,
                                                         monkeypatch):
    monkeypatch.setitem(app.config, "PRACTICE_UPLOAD_MAX_BYTES", 1000)
    response = send(staff, published[0], PDF + b"x" * 1000, "big.pdf")
    assert response.status_code == 422
    assert 'id="file-error"' in text_of(response)
    assert "The file is larger than" in text_of(response)
    # Far over the limit: refused before it is read, still beside the field, never a 500.
    response = send(staff, published[0], PDF + b"x" * 200_000, "huge.pdf")
    assert response.status_code == 413
    assert 'id="file-error"' in text_of(response) and "The file is larger than" in text_of(response)
    assert count(app, PlaybookAttachment) == 0


def test_ten_megabytes_is_the_default_and_a_file_over_a_megabyte_is_fine(
        app, staff, published, upload_folder):
    assert app.config["PRACTICE_UPLOAD_MAX_BYTES"] == 10 * 1024 * 1024
    response = send(staff, published[0], PDF + b"x" * (3 * 1024 * 1024), "long.pdf")
    assert response.status_code == 302
    assert count(app, PlaybookAttachment) == 1


def test_staff_remove_a_file(app, client, staff, published, upload_folder):
    pilot_id = published[0]
    send(staff, pilot_id, PDF, "report.pdf")
    with app.app_context():
        from codesign.extensions import db
        row = db.session.query(PlaybookAttachment).one()
        stored, attachment_id = row.stored_name, row.id
    assert staff.post(f"/pilots/{pilot_id}/playbook/files/{attachment_id}/delete"
                      ).status_code == 302
    assert count(app, PlaybookAttachment) == 0
    assert not (upload_folder / stored).exists()
    assert client.get(f"/pilots/{pilot_id}/playbook/files/{attachment_id}").status_code == 404


def test_a_draft_playbooks_files_are_for_staff_only(app, client, staff, worked, upload_folder):
    pilot_id = worked[0]
    staff.post(f"/pilots/{pilot_id}/playbook/edit", data=playbook_form(state="draft"))
    send(staff, pilot_id, PDF, "report.pdf")
    with app.app_context():
        from codesign.extensions import db
        attachment_id = db.session.query(PlaybookAttachment).one().id
    url = f"/pilots/{pilot_id}/playbook/files/{attachment_id}"
    assert client.get(url).status_code == 404
    assert staff.get(url).status_code == 200
    assert client.get(f"/pilots/{pilot_id}/playbook/files/99999").status_code == 404


def _odd_zip(flag_bits=0, method=None):
    """A one-entry ODS-like archive, marked encrypted, or with a compression
    method zipfile cannot read."""
    data = bytearray(_zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}))
    for header, flags_at, method_at in ((b"PK\x03\x04", 6, 8), (b"PK\x01\x02", 8, 10)):
        at = data.index(header)
        data[at + flags_at] |= flag_bits
        if method is not None:
            data[at + method_at:at + method_at + 2] = method.to_bytes(2, "little")
    return bytes(data)


@pytest.mark.parametrize("data", [_odd_zip(flag_bits=1), _odd_zip(method=99)],
                         ids=["encrypted", "unknown-compression"])
def test_an_archive_zipfile_cannot_read_is_refused_not_a_crash(app, staff, published,
                                                               upload_folder, data):
    response = send(staff, published[0], data, "costs.ods")
    assert response.status_code == 422
    assert "its content was checked, not its name" in text_of(response)
    assert count(app, PlaybookAttachment) == 0
