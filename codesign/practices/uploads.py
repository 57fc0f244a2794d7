"""Files attached to playbooks: what a file is, found from its content and
never from its name, and where it is kept.

A PDF, PNG or JPEG is known by its first bytes. XLSX and ODS are ZIP files,
and so is much else (a .jar, a .docx): they are opened and known by what is
inside, [Content_Types].xml declaring a workbook or the `mimetype` entry
naming a spreadsheet. A CSV file has no signature: it must be text (UTF-8,
no control characters) that reads as rows. Anything else, an executable
renamed .pdf included, is refused.

Files are kept in UPLOAD_FOLDER (default instance/uploads), outside static/
so the web server never serves them itself, under random names; the route
serves them as downloads only.
"""
import csv
import io
import secrets
import zipfile
from pathlib import Path

from flask import current_app

from ..models import AttachmentType

EXTENSIONS = {
    AttachmentType.PDF: "pdf", AttachmentType.PNG: "png", AttachmentType.JPEG: "jpg",
    AttachmentType.XLSX: "xlsx", AttachmentType.ODS: "ods", AttachmentType.CSV: "csv",
}
XLSX_MAIN = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
ODS_MIMETYPE = AttachmentType.ODS.value.encode()
# A ZIP with more entries than this, or inner files larger, is not a playbook's spreadsheet.
ZIP_ENTRIES_MAX = 10_000
CONTENT_TYPES_MAX = 1024 * 1024
CONTROL = {chr(n) for n in range(32)} - {"\t", "\r", "\n"}


def _zip_type(data):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if len(entries) > ZIP_ENTRIES_MAX:
                return None
            names = {entry.filename: entry for entry in entries}
            mimetype = names.get("mimetype")
            if mimetype is not None and mimetype.file_size <= 200:
                if archive.read(mimetype).strip() == ODS_MIMETYPE:
                    return AttachmentType.ODS
            types = names.get("[Content_Types].xml")
            if types is not None and types.file_size <= CONTENT_TYPES_MAX:
                if XLSX_MAIN in archive.read(types) and any(n.startswith("xl/") for n in names):
                    return AttachmentType.XLSX
    # A damaged or odd archive (encrypted, an unknown compression, corrupt
    # data) can raise almost anything from zipfile or zlib: it is not a file
    # we take, whatever it raised.
    except Exception:  # noqa: BLE001
        return None
    return None


def _is_csv(data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    if not text.strip() or any(char in CONTROL for char in text):
        return False
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error:
        return False
    return bool(rows)


def content_type(data):
    """The AttachmentType the bytes are, or None for anything not allowed."""
    if data.startswith(b"%PDF-"):
        return AttachmentType.PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return AttachmentType.PNG
    if data.startswith(b"\xff\xd8\xff"):
        return AttachmentType.JPEG
    if data.startswith(b"PK\x03\x04"):
        return _zip_type(data)
    return AttachmentType.CSV if _is_csv(data) else None


def download_name(filename, kind):
    """The name the file is offered under: the uploaded name's stem (ASCII
    letters, digits, - and _ only) with the extension of what it really is."""
    stem = Path(filename or "").stem
    cleaned = "".join(char if char.isascii() and (char.isalnum() or char in "-_") else "-"
                      for char in stem).strip("-")[:80] or "file"
    return f"{cleaned}.{EXTENSIONS[kind]}"


def folder():
    configured = current_app.config.get("UPLOAD_FOLDER")
    path = Path(configured) if configured else Path(current_app.instance_path) / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def save(data):
    """Write the bytes under a new random name; returns the name."""
    name = secrets.token_hex(16)
    (folder() / name).write_bytes(data)
    return name


def path_of(stored_name):
    return folder() / stored_name


def remove(stored_name):
    """Delete a stored file; one already gone is no error."""
    (folder() / stored_name).unlink(missing_ok=True)
