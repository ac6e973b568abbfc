"""The one upload check: type by content, macros, archive bombs, size, names; and the storage
that keeps names the disk can hold."""

from __future__ import annotations

import io
import zipfile

import pytest
from django import forms
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from presales.lib.uploads import (
    DOCUMENT_EXTENSIONS,
    IMAGE_EXTENSIONS,
    LIBRARY_EXTENSIONS,
    UploadStorage,
    check_upload,
    display_name,
)
from presales.testing import file_content, upload

ALL = DOCUMENT_EXTENSIONS | IMAGE_EXTENSIONS


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def refusal(file, allowed=ALL) -> str:
    with pytest.raises(forms.ValidationError) as caught:
        check_upload(file, allowed)
    return caught.value.messages[0]


@pytest.mark.parametrize(
    "name", ["方案.pdf", "方案.docx", "报价.xlsx", "汇报.pptx", "机房.png", "机房.jpg", "说明.txt", "图纸.zip"]
)
def test_real_files_of_each_kind_are_accepted(name):
    file = upload(name)
    assert check_upload(file, ALL) is file
    assert file.tell() == 0  # the check leaves the file ready to be stored


def test_a_windows_program_named_pdf_is_refused_by_its_content():
    program = b"MZ\x90\x00\x03" + b"\x00" * 59 + b"PE\x00\x00" + b"\x00" * 400
    message = refusal(SimpleUploadedFile("报价单.pdf", program))
    assert ".pdf" in message and "Windows" in message


def test_a_linux_program_named_docx_is_refused():
    with open("/bin/ls", "rb") as handle:
        program = handle.read(65536)
    assert ".docx" in refusal(SimpleUploadedFile("方案.docx", program))


def test_an_svg_with_script_named_png_is_refused():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
    assert "SVG" in refusal(SimpleUploadedFile("现场.png", svg))


def test_html_named_txt_is_refused():
    html = b"<html><body><script>fetch('/api/v1/')</script></body></html>"
    assert "HTML" in refusal(SimpleUploadedFile("说明.txt", html))


def test_a_zip_named_docx_that_is_no_office_document_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert ".docx" in refusal(SimpleUploadedFile("方案.docx", buffer.getvalue()))


def _with_part(document: bytes, name: str, data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(document))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in source.infolist():
            archive.writestr(entry, source.read(entry))
        archive.writestr(name, data)
    return buffer.getvalue()


def test_a_word_document_with_macros_is_refused():
    document = _with_part(file_content("方案.docx"), "word/vbaProject.bin", b"\xd0\xcf\x11\xe0 VBA project")
    assert "macros" in refusal(SimpleUploadedFile("方案.docx", document))


def test_an_excel_workbook_with_macros_is_refused():
    workbook = _with_part(file_content("报价.xlsx"), "xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 VBA project")
    assert "macros" in refusal(SimpleUploadedFile("报价.xlsx", workbook))


def test_an_old_format_file_that_is_not_ole_is_refused():
    assert ".doc" in refusal(SimpleUploadedFile("方案.doc", b"just some text pretending to be Word"))


def test_an_archive_bomb_is_refused_by_its_unpacked_size(settings):
    settings.PRESALES_MAX_UNCOMPRESSED_MB = 1
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.bin", b"\0" * (3 * 1024 * 1024))
    assert len(buffer.getvalue()) < 50 * 1024  # small on the wire
    message = refusal(SimpleUploadedFile("资料.zip", buffer.getvalue()))
    assert "Unpacked" in message and "1 MB" in message


def test_an_archive_of_too_many_entries_is_refused(settings):
    settings.PRESALES_MAX_ARCHIVE_ENTRIES = 10
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for i in range(11):
            archive.writestr(f"f{i}.txt", "x")
    assert "11" in refusal(SimpleUploadedFile("资料.zip", buffer.getvalue()))


def test_a_damaged_archive_is_refused():
    assert "damaged" in refusal(SimpleUploadedFile("资料.zip", b"PK\x03\x04 broken"))


def test_size_limit_and_empty_files(settings):
    settings.PRESALES_MAX_UPLOAD_MB = 1
    big = SimpleUploadedFile("大文件.txt", b"a" * (1024 * 1024 + 1))
    assert "limit is 1 MB" in refusal(big)
    assert "empty" in refusal(SimpleUploadedFile("空.txt", b""))


@pytest.mark.parametrize("name", ["报价\x00.txt", "报价\x1b[31m.txt", "a\nb.txt"])
def test_a_name_with_control_characters_is_refused(name):
    file = SimpleUploadedFile("x.txt", b"plain text")
    file.name = name
    assert "control characters" in refusal(file)


def test_a_folder_path_in_the_name_is_dropped_before_anything_is_stored():
    file = upload("x.txt")
    file.name = "../../etc/passwd.txt"  # Django keeps only the last part; so does display_name
    assert check_upload(file, ALL).name == "passwd.txt"
    assert display_name("..\\..\\boot.ini.txt") == "boot.ini.txt"


def test_wrong_extension_is_refused_with_the_list():
    message = refusal(SimpleUploadedFile("virus.exe", b"MZ"), DOCUMENT_EXTENSIONS)
    assert "“.exe”" in message and "pdf" in message


def test_storage_shortens_long_chinese_names_to_what_the_disk_holds(tmp_path):
    storage = UploadStorage(location=tmp_path)
    long_name = "关于某某市电力公司变电站直流电源系统改造项目的技术方案及设备选型说明" * 3 + "最终版.pdf"
    assert len(long_name.encode()) > 255
    saved = storage.save(f"deliverables/PS-2026-0001/{long_name}", ContentFile(b"%PDF-1.4"))
    stored = saved.rsplit("/", 1)[-1]
    assert stored.endswith(".pdf")
    assert len(stored.encode()) <= UploadStorage.max_name_bytes + 8  # room for a clash suffix
    assert storage.open(saved).read() == b"%PDF-1.4"


def test_display_name_keeps_the_whole_name_up_to_255_characters():
    name = "技" * 300 + ".docx"
    kept = display_name("C:\\Users\\王强\\" + name)
    assert len(kept) == 255 and kept.endswith(".docx")
    assert display_name("方案.pdf") == "方案.pdf"


def test_legitimate_variants_are_accepted():
    assert check_upload(SimpleUploadedFile("扫描件.pdf", b"\r\n" + file_content("a.pdf")), ALL)
    assert check_upload(
        SimpleUploadedFile("导出.txt", b'{"\xe5\xae\xa2\xe6\x88\xb7": "\xe6\xb5\x99\xe5\xa4\xa7"}'), ALL
    )
    assert check_upload(SimpleUploadedFile("配置.txt", b'<?xml version="1.0"?><config><a>1</a></config>'), ALL)
    binary_dxf = b"AutoCAD Binary DXF\r\n\x1a\x00" + b"\x00\x01" * 200
    assert check_upload(SimpleUploadedFile("总平面.dxf", binary_dxf), DOCUMENT_EXTENSIONS | {"dxf"})


def test_a_password_protected_office_file_is_refused_with_that_reason():
    encrypted = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1000
    assert "password-protected" in refusal(SimpleUploadedFile("投标文件.docx", encrypted))


# The knowledge library's uploads (LIBRARY_EXTENSIONS): what it accepts and what it refuses.


def _image(kind: str) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, kind)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("方案.docx", None),
        ("报价.xlsx", None),
        ("汇报.pptx", None),
        ("规范.pdf", None),
        ("说明.txt", None),
        ("说明.md", "# 直流屏\n\n- **ZHDCS220** 一体化电源\n".encode()),
        ("说明-gbk.txt", "绝缘监测装置说明".encode("gbk")),
        ("机房.png", None),
        ("机房.jpeg", None),
        ("动图.gif", _image("GIF")),
        ("照片.webp", _image("WEBP")),
    ],
)
def test_the_library_accepts_each_of_its_formats(name, content):
    file = upload(name, content=content)
    assert check_upload(file, LIBRARY_EXTENSIONS) is file


@pytest.mark.parametrize("name", ["旧方案.doc", "旧报价.xls", "图纸.dwg", "资料.zip", "脚本.js", "页面.html", "图.svg"])
def test_the_library_refuses_other_extensions(name):
    assert "are not accepted" in refusal(SimpleUploadedFile(name, b"anything"), LIBRARY_EXTENSIONS)


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("方案.docx", b"MZ\x90\x00\x03" + b"\x00" * 59 + b"PE\x00\x00" + b"\x00" * 400, "Windows"),
        ("说明.md", b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>", "HTML"),
        ("图.webp", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "SVG"),
        ("动图.gif", _image("PNG"), "image/png"),
        ("规范.pdf", "这不是PDF".encode(), ".pdf"),
    ],
)
def test_the_library_judges_type_by_content(name, content, says):
    assert says in refusal(SimpleUploadedFile(name, content), LIBRARY_EXTENSIONS)


def test_a_macro_enabled_word_file_renamed_docx_is_refused():
    """What Word writes for a .docm: the macro content type and the VBA part."""
    document = _with_part(file_content("方案.docx"), "word/vbaProject.bin", _ole({"VBA/dir": b"\x01"}))
    message = refusal(SimpleUploadedFile("方案.docx", document), LIBRARY_EXTENSIONS)
    assert "macros" in message


def _ole(streams: dict[str, bytes]) -> bytes:
    """A compound file (the OLE format of .doc/.xls) holding `streams` ("Macros/VBA/dir" makes
    the storages on the way): a 512-byte header, one FAT sector, the directory, then each
    stream padded to 4096 bytes so it lives in normal sectors (no mini stream needed)."""
    import struct

    end, free, fat_sector, no_entry = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    entries = [{"name": "Root Entry", "type": 5, "kids": [], "data": b""}]
    paths: dict[str, int] = {"": 0}
    for path, data in streams.items():
        parts = path.split("/")
        for depth in range(1, len(parts) + 1):
            sub = "/".join(parts[:depth])
            if sub not in paths:
                is_stream = depth == len(parts)
                entries.append({"name": parts[depth - 1], "type": 2 if is_stream else 1, "kids": [], "data": data})
                paths[sub] = len(entries) - 1
                entries[paths["/".join(parts[: depth - 1])]]["kids"].append(paths[sub])
    dir_sectors = -(-len(entries) // 4)
    fat = [fat_sector] + [i + 2 for i in range(dir_sectors - 1)] + [end]
    next_sector = 1 + dir_sectors
    body = b""
    for entry in entries:
        entry["start"], entry["size"] = end, 0
        if entry["type"] == 2:
            data = entry["data"].ljust(4096, b"\0")
            count = len(data) // 512
            entry["start"], entry["size"] = next_sector, len(data)  # padded: a size under 4096 means the mini stream
            fat += [next_sector + i + 1 for i in range(count - 1)] + [end]
            next_sector += count
            body += data
    assert len(fat) <= 128
    directory = b""
    for entry in entries:
        kids = entry["kids"]
        for position, kid in enumerate(kids):  # siblings as a right-leaning chain
            entries[kid]["right"] = kids[position + 1] if position + 1 < len(kids) else no_entry
        name = entry["name"].encode("utf-16-le") + b"\0\0"
        directory += struct.pack(
            "<64sHBBIII16sIQQIQ",
            name, len(name), entry["type"], 1, no_entry, entry.get("right", no_entry),
            kids[0] if kids else no_entry, b"", 0, 0, 0, entry["start"], entry["size"],
        )  # fmt: skip
    directory = directory.ljust(dir_sectors * 512, b"\0")
    for extra in range(len(entries), dir_sectors * 4):  # unused entries: no siblings, no child
        directory = directory[: extra * 128 + 68] + b"\xff" * 12 + directory[extra * 128 + 80 :]
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"", 0x3E, 3, 0xFFFE, 9, 6, b"", 0, 1, 1, 0, 4096, end, 0, end, 0,
    ) + struct.pack("<I", 0) + struct.pack("<108I", *[free] * 108)  # fmt: skip
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat) + struct.pack(f"<{128 - len(fat)}I", *[free] * (128 - len(fat)))
    return header + fat_bytes + directory + body


def test_an_old_word_file_with_a_vba_project_is_refused_by_oletools():
    """A .doc whose Macros storage holds a VBA project (MS-OVBA 2.2.1: PROJECT, VBA/_VBA_PROJECT,
    VBA/dir), without any vbaProject.bin name for a simple scan to find."""
    document = _ole(
        {
            "WordDocument": b"\xec\xa5" + b"\0" * 100,
            "Macros/PROJECT": b'ID="{00000000-0000-0000-0000-000000000000}"\r\nDocument=ThisDocument/&H00000000',
            "Macros/VBA/_VBA_PROJECT": b"\xcc\x61\xff\xff\x00",
            "Macros/VBA/dir": b"\x01\x00",
        }
    )
    assert "macros" in refusal(SimpleUploadedFile("旧方案.doc", document), DOCUMENT_EXTENSIONS)


def test_an_old_word_file_without_macros_is_accepted():
    document = _ole({"WordDocument": b"\xec\xa5" + b"\0" * 100, "\x05SummaryInformation": b"\xfe\xff"})
    file = SimpleUploadedFile("旧方案.doc", document)
    assert check_upload(file, DOCUMENT_EXTENSIONS) is file


def test_a_word_document_whose_entries_declare_a_huge_unpacked_size_is_refused(settings):
    settings.PRESALES_MAX_UNCOMPRESSED_MB = 2
    document = _with_part(file_content("方案.docx"), "word/media/zeros.bin", b"\0" * (5 * 1024 * 1024))
    assert len(document) < 100 * 1024
    message = refusal(SimpleUploadedFile("方案.docx", document), LIBRARY_EXTENSIONS)
    assert "Unpacked" in message and "2 MB" in message


def test_the_size_limit_applies_to_library_files(settings):
    settings.PRESALES_MAX_UPLOAD_MB = 1
    big = SimpleUploadedFile("大.md", b"# a\n" * (300 * 1024))
    assert "limit is 1 MB" in refusal(big, LIBRARY_EXTENSIONS)


@pytest.mark.parametrize("name", ["a/b.pdf", "../x.docx", "C:\\x.pdf", "..\\..\\x.docx"])
def test_a_name_with_a_folder_path_is_refused_when_it_reaches_the_check(name):
    """Django's upload parser keeps only the last part of a "/" path; a file handed over any
    other way (an API, a File built in code) and a Windows path reach the check whole."""
    from django.core.files import File

    file = File(io.BytesIO(file_content("a.pdf")), name=name)
    assert "folder path" in refusal(file, LIBRARY_EXTENSIONS)
