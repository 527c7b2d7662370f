"""What a file really is, told by its first bytes, and the file types no loader reads refused.

* :func:`sniff_file_type` looks at the first bytes, never the extension: an ``.xlsx`` that is really CSV, or a
  ``.csv`` that is really a workbook, is read as what it is; a web page saved as ``.xls`` is HTML.
* :func:`refuse_other_types` refuses the types no loader reads (an old binary ``.xls``, ``.ods``, ``.xlsb``, Strict
  Open XML, a workbook encrypted with a password, a web page, JSON, a gzip-compressed file, a PDF), saying how to
  export them.
"""

from __future__ import annotations

import codecs
import contextlib
import re
import zipfile
import zlib

from ..core.exceptions import SchemaError

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: The namespace of Excel's "Strict Open XML Spreadsheet" format, which openpyxl reads as a workbook without sheets.
STRICT_OOXML = b"http://purl.oclc.org/ooxml/spreadsheetml/main"


def sniff_file_type(path) -> str:
    """``"xlsx"``, ``"strict"`` (Strict Open XML), ``"xlsb"`` (Excel binary), ``"encrypted"`` (a workbook with a
    password to open it), ``"xls"`` (old binary Excel), ``"ods"``, ``"zip"``, ``"gzip"``, ``"pdf"``, ``"xml"``,
    ``"html"``, ``"json"`` or ``"text"``."""
    with open(path, "rb") as f:
        head = f.read(4096)
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as z:
                names = set(z.namelist())
                book = b""
                # a damaged part is said by the workbook's reader, which names what is wrong
                with contextlib.suppress(zipfile.BadZipFile, RuntimeError, zlib.error):
                    book = z.open("xl/workbook.xml").read(4096) if "xl/workbook.xml" in names else b""
        except (zipfile.BadZipFile, OSError):
            return "zip"
        if STRICT_OOXML in book:
            return "strict"
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "xl/workbook.bin" in names:
            return "xlsb"
        if "content.xml" in names and "mimetype" in names:
            return "ods"
        return "zip"
    if head.startswith(_OLE2):
        return "encrypted" if _encrypted_package(path) else "xls"
    # read as text, a gzipped CSV was a header with NUL bytes and a PDF a table whose one column was '%PDF-1.4'
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):  # before UTF-16's BOM, which starts LE's
        head = head.decode("utf-32", errors="ignore").encode("utf-8")
    elif head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 (MS Project's "Unicode" XML, Excel's Unicode text)
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<?xml", b"<project")):
        return "html" if b"<html" in start[:1024] else "xml"
    if start.startswith((b"<!doctype html", b"<html", b"<table")):
        return "html"
    if _JSON.match(start):
        return "json"
    return "text"


#: The start of a JSON document (Trello's board export, a tracker's API): an object's first key, or a list of
#: objects, lists or strings; no table's header line starts so.
_JSON = re.compile(rb'(?:\{\s*["}]|\[\s*[\[{"\]])')


#: An encrypted workbook's stream, as its name is written in the compound file's directory (UTF-16).
_ENCRYPTED_PACKAGE = "EncryptedPackage\0".encode("utf-16-le")


def _encrypted_package(path) -> bool:
    """Whether the compound (OLE) file at ``path`` holds an ``EncryptedPackage``: an .xlsx saved with a password
    to open it, which Excel wraps in the old binary container. Its directory entries are 128 bytes each, at
    multiples of 128 in the file, so that chunks of a multiple of 128 bytes never cut one."""
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            at = chunk.find(_ENCRYPTED_PACKAGE)
            while at >= 0:
                if at % 128 == 0:
                    return True
                at = chunk.find(_ENCRYPTED_PACKAGE, at + 1)
    return False


def refuse_other_types(path, kind: str) -> None:
    """SchemaError for file types no loader reads, saying how to export them."""
    own = {"strict": ("saved as Strict Open XML Spreadsheet, which this tool cannot read. Open it in Excel and "
                      "save it again as Excel Workbook (.xlsx), the usual format, or as CSV, then load that file."),
           "xlsb": ("an Excel binary workbook (.xlsb), which this tool cannot read. Open it in Excel and save it "
                    "as Excel Workbook (.xlsx) or CSV, then load that file."),
           "encrypted": ("a workbook encrypted with a password. Open it in Excel, remove the password (File > Info > "
                         "Protect Workbook > Encrypt with Password: clear it), save it, then load it again.")}
    if kind in own:
        raise SchemaError(f"{path}: is {own[kind]}", file=path)
    what = {"xls": "an old binary Excel workbook (.xls)", "ods": "an OpenDocument spreadsheet (.ods)",
            "zip": "a zip archive that is not an Excel workbook",
            "html": "a web page (HTML), not a spreadsheet"}.get(kind)
    if kind == "gzip":
        raise SchemaError(f"{path}: is a gzip-compressed file (.gz), not a table. Unpack it first (double-click it, "
                          "or gunzip FILE) and load the file inside.", file=path)
    if kind == "pdf":  # a tracker's "Export PDF" saved beside its CSV export
        raise SchemaError(f"{path}: is a PDF document, not a table. Export the table as CSV or Excel from the "
                          "tracker or spreadsheet, then load that file.", file=path)
    if kind == "json":  # Trello's own export (Menu > Print, export and share > Export as JSON) is the usual one
        raise SchemaError(f"{path}: is JSON (a board's or a tracker's API export, such as Trello's Export as JSON), "
                          "not a table. Export the tasks as CSV or Excel from the tracker (Trello: Export as CSV, "
                          "or a CSV export Power-Up) or convert the JSON to CSV, then load that file.", file=path)
    if what:
        raise SchemaError(f"{path}: is {what}. Open it in Excel or LibreOffice and save it as .xlsx "
                          "(Excel workbook) or CSV, then load that file.", file=path)
