"""Checks an uploaded logo by its content, whatever its name says.

A PNG must have the signature and a chunk structure that parses to the end
(every chunk's CRC right, IHDR first, IDAT, IEND last). An SVG must be XML
with an <svg> root, no DOCTYPE (no entities), and nothing that acts: no
script, no event attributes, no foreignObject, no links or references out of
the file. It is then only ever shown as an image (<img>, which runs no script
anyway) and served with its own restrictive Content-Security-Policy."""
import re
import struct
import zlib
from xml.etree import ElementTree

from flask_babel import gettext as _

from ..exceptions import DomainError

MAX_LOGO_BYTES = 200 * 1024
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_SIDE = 10_000
SVG_NS = "{http://www.w3.org/2000/svg}"
# Elements that run script, embed other documents, or animate an attribute
# (an <animate> or <set> can turn an href into javascript:).
ACTIVE_ELEMENTS = frozenset({"script", "foreignobject", "iframe", "embed", "object", "handler",
                             "listener", "animate", "set", "animatemotion",
                             "animatetransform", "audio", "video"})
_CSS_OUT = re.compile(r"url\s*\(\s*['\"]?\s*(?!#)|@import|expression\s*\(|javascript:", re.I)


def _refuse(message):
    raise DomainError(message, field="logo")


def _not_an_image():
    _refuse(_("The logo must be a PNG or SVG image. This file is neither, whatever its name says."))


def _check_png(data):
    position, seen, first = len(PNG_SIGNATURE), set(), True
    while position < len(data):
        if position + 12 > len(data):
            _not_an_image()
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        end = position + 8 + length
        if end + 4 > len(data):
            _not_an_image()
        body = data[position + 8:end]
        (crc,) = struct.unpack(">I", data[end:end + 4])
        if zlib.crc32(kind + body) != crc:
            _not_an_image()
        if first:
            if kind != b"IHDR" or length != 13:
                _not_an_image()
            width, height = struct.unpack(">II", body[:8])
            if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE):
                _refuse(_("The logo is too large: keep it to %(max)d pixels a side.", max=MAX_SIDE))
            first = False
        seen.add(kind)
        position = end + 4
        if kind == b"IEND":
            break
    if b"IEND" not in seen or b"IDAT" not in seen or position != len(data):
        _not_an_image()
    return "image/png"


def _local_name(tag):
    return tag.rpartition("}")[2].lower() if isinstance(tag, str) else ""


def _check_svg(data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        _not_an_image()
    if re.search(r"<!DOCTYPE|<!ENTITY", text, re.I):
        _refuse(_("The SVG has a DOCTYPE or entities; save it again as plain SVG."))
    # A processing instruction other than the XML declaration (a stylesheet
    # link, say) is not kept by the parser below, so it is refused here.
    if re.search(r"<\?(?!xml\s)", text, re.I):
        _refuse(_("The SVG has processing instructions; save it again as plain SVG."))
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError:
        _not_an_image()
    if root.tag != SVG_NS + "svg":
        _not_an_image()
    for element in root.iter():
        if _local_name(element.tag) in ACTIVE_ELEMENTS:
            _refuse(_("The SVG contains script or animation (<%(tag)s>), which a logo "
                      "may not have. Save it again without it.", tag=_local_name(element.tag)))
        # A CSS escape (\75rl() could spell url( past the check.
        if _local_name(element.tag) == "style" and (_CSS_OUT.search(element.text or "")
                                                    or "\\" in (element.text or "")):
            _refuse(_("The SVG's styles load something from outside the file."))
        for name, value in element.attrib.items():
            local = _local_name(name)
            if local.startswith("on"):
                _refuse(_("The SVG has an event attribute (%(name)s), which runs script. "
                          "Save it again without it.", name=local))
            if local in ("href", "src") and not value.strip().startswith("#"):
                _refuse(_("The SVG links or refers to something outside the file."))
            if _CSS_OUT.search(value) or (local == "style" and "\\" in value):
                _refuse(_("The SVG's styles load something from outside the file."))
    return "image/svg+xml"


def checked_logo(data):
    """The logo's content type ("image/png" or "image/svg+xml") from its
    bytes, or a DomainError (field "logo") saying why it cannot be used."""
    if len(data) > MAX_LOGO_BYTES:
        _refuse(_("The logo is too large: keep the file to 200 KB or less."))
    if not data:
        _refuse(_("The file is empty."))
    if data.startswith(PNG_SIGNATURE):
        return _check_png(data)
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        return _check_svg(data)
    _not_an_image()
