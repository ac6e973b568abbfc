"""The Simplified Chinese catalogue: complete, compiled, current, and used by the pages.

Chinese (zh-hans) is the default language and every msgid is English, so an untranslated or
fuzzy entry shows English to a Chinese user. The checks read the .po and .mo in Python (no
gettext binaries needed): update the catalogue with `make messages`, translate, and commit
both files.
"""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import templatize

PACKAGE = Path(settings.BASE_DIR) / "presales"
CATALOGUE = PACKAGE / "locale" / "zh_Hans" / "LC_MESSAGES"
PO_FILE = CATALOGUE / "django.po"
MO_FILE = CATALOGUE / "django.mo"
UPDATE_HINT = "run `make messages`, translate the new entries in django.po, then `make messages` again"

# Python format placeholders as Django/xgettext see them: %(name)s, %(size).1f, %d, %%.
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]")


def parse_po(path: Path) -> list[dict]:
    """The entries of a .po file: msgctxt, msgid, msgid_plural, msgstr (a list), flags, obsolete."""
    entries, entry, field = [], None, None

    def finish():
        if entry is not None and "msgid" in entry:
            entries.append(entry)

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#~"):
            entries.append({"obsolete": True, "msgid": line})
            continue
        if line.startswith("#"):
            if entry is None or "msgid" in entry:
                finish()
                entry, field = {"flags": set(), "msgstr": {}}, None
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            text = ast.literal_eval(line)
        else:
            if keyword in ("msgctxt", "msgid") and entry is not None and "msgstr" in entry and entry["msgstr"]:
                finish()
                entry = None
            if entry is None:
                entry = {"flags": set(), "msgstr": {}}
            field, text = keyword, ast.literal_eval(rest)
        if field.startswith("msgstr"):
            index = int(field[7:-1]) if field != "msgstr" else 0
            entry["msgstr"][index] = entry["msgstr"].get(index, "") + text
        else:
            entry[field] = entry.get(field, "") + text
    finish()
    for item in entries:
        item.setdefault("obsolete", False)
        if not item["obsolete"]:
            item["msgstr"] = [item["msgstr"][i] for i in sorted(item["msgstr"])]
    return entries


def catalogue_key(entry: dict) -> str:
    """How gettext keys an entry: "context\\x04msgid" when there is a context."""
    context = entry.get("msgctxt")
    return f"{context}\x04{entry['msgid']}" if context is not None else entry["msgid"]


@pytest.fixture(scope="module")
def po_entries():
    entries = parse_po(PO_FILE)
    assert len(entries) > 100, "the parser found almost nothing in django.po"
    return entries


def messages(entries):
    return [e for e in entries if e["msgid"] != "" and not e["obsolete"]]


def header(entries) -> dict[str, str]:
    [head] = [e for e in entries if e["msgid"] == ""]
    assert "fuzzy" not in head["flags"], "the header is marked fuzzy: msgfmt would ignore it"
    lines = head["msgstr"][0].strip().split("\n")
    return {name.strip().lower(): value.strip() for name, _, value in (line.partition(":") for line in lines)}


# 1. Complete -----------------------------------------------------------------------------------


def test_catalogue_header_is_simplified_chinese_with_one_plural_form(po_entries):
    head = header(po_entries)
    assert head["language"] == "zh_Hans"
    assert "charset=UTF-8" in head["content-type"]
    assert head["plural-forms"].replace(" ", "") == "nplurals=1;plural=0;"


def test_every_entry_is_translated_and_none_is_fuzzy(po_entries):
    untranslated = [e["msgid"] for e in messages(po_entries) if not all(e["msgstr"])]
    fuzzy = [e["msgid"] for e in messages(po_entries) if "fuzzy" in e["flags"]]
    obsolete = [e["msgid"] for e in po_entries if e["obsolete"]]
    assert untranslated == [], f"untranslated: {untranslated}"
    assert fuzzy == [], f"fuzzy (check and clear the flag): {fuzzy}"
    assert obsolete == [], f"obsolete entries (makemessages --no-obsolete drops them): {obsolete}"


def test_plural_entries_have_exactly_the_one_chinese_form(po_entries):
    plurals = [e for e in messages(po_entries) if "msgid_plural" in e]
    assert plurals, "no plural entry found: the parser missed msgid_plural"
    wrong = [e["msgid"] for e in plurals if len(e["msgstr"]) != 1]
    assert wrong == [], f"plural entries need msgstr[0] only (nplurals=1): {wrong}"


def test_translations_keep_every_placeholder(po_entries):
    wrong = []
    for e in messages(po_entries):
        expected = sorted(PLACEHOLDER.findall(e["msgid"]))
        for text in e["msgstr"]:
            if "python-format" in e["flags"] and sorted(PLACEHOLDER.findall(text)) != expected:
                wrong.append((e["msgid"], text))
    assert wrong == []


# msgids whose right Chinese has no Chinese character (a code, a product name): list them here.
SAME_IN_CHINESE: set[str] = set()


def test_translations_are_chinese(po_entries):
    """A msgstr that is the English msgid copied over is an untranslated string in disguise."""
    han = re.compile(r"[\u4e00-\u9fff]")
    copied = [
        e["msgid"]
        for e in messages(po_entries)
        if e["msgid"] not in SAME_IN_CHINESE and not any(han.search(text) for text in e["msgstr"])
    ]
    assert copied == [], f"no Chinese in the translation of: {copied}"


# 2. Compiled -----------------------------------------------------------------------------------


def test_committed_mo_matches_the_po(po_entries):
    """The .mo is what Django reads: it must hold exactly the .po's translations."""
    with MO_FILE.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    catalog = dict(compiled._catalog)  # the parsed .mo; gettext has no public way to list it
    catalog.pop("", None)
    expected = {}
    for e in messages(po_entries):
        key = catalogue_key(e)
        if "msgid_plural" in e:
            for index, text in enumerate(e["msgstr"]):
                expected[(key, index)] = text
        else:
            expected[key] = e["msgstr"][0]
    stale = sorted(str(k) for k in expected.keys() ^ catalog.keys())
    differ = sorted(str(k) for k in expected.keys() & catalog.keys() if expected[k] != catalog[k])
    hint = "recompile: cd presales && ../manage.py compilemessages -l zh_Hans"
    assert stale == [], f"the .mo and .po hold different msgids ({hint}): {stale}"
    assert differ == [], f"the .mo has other translations than the .po ({hint}): {differ}"
    assert compiled.info()["plural-forms"].replace(" ", "") == "nplurals=1;plural=0;"


# 3. Current: every string in the code is in the catalogue ------------------------------------

GETTEXT_FUNCTIONS = {
    # name: (index of the context argument or None, number of message arguments)
    "_": (None, 1),
    "gettext": (None, 1),
    "gettext_lazy": (None, 1),
    "gettext_noop": (None, 1),
    "ngettext": (None, 2),
    "ngettext_lazy": (None, 2),
    "pgettext": (0, 1),
    "pgettext_lazy": (0, 1),
    "npgettext": (0, 2),
    "npgettext_lazy": (0, 2),
}
# templatize writes {% translate %} as gettext(u'…') and a filter argument _("…") as it was typed.
TEMPLATE_CALL = re.compile(
    r"""(?<![\w.])(_|gettext|ngettext|pgettext|npgettext)\(((?:\s*u?(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")\s*,?)+)"""
)


def key_for(function: str, strings: list[str]) -> str:
    context_index, _count = GETTEXT_FUNCTIONS[function]
    if context_index is None:
        return strings[0]
    return f"{strings[0]}\x04{strings[1]}"


def source_files(suffixes):
    for path in sorted(PACKAGE.rglob("*")):
        relative = path.relative_to(PACKAGE)
        if path.suffix in suffixes and relative.parts[0] not in ("static", "locale"):
            yield path


def strings_in_python(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name not in GETTEXT_FUNCTIONS:
            continue
        context_index, count = GETTEXT_FUNCTIONS[name]
        wanted = count + (context_index is not None)
        args = node.args[:wanted]
        if len(args) == wanted and all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args):
            found.add(key_for(name, [a.value for a in args]))
    return found


def strings_in_template(path: Path) -> set[str]:
    """What makemessages extracts: Django turns the template into gettext() calls first."""
    found = set()
    for function, args in TEMPLATE_CALL.findall(templatize(path.read_text(encoding="utf-8"), origin=str(path))):
        found.add(key_for(function, list(ast.literal_eval(f"({args.strip().rstrip(',')},)"))))
    return found


def test_every_translatable_string_in_the_code_is_in_the_catalogue(po_entries):
    in_code = set()
    for path in source_files({".py"}):
        in_code |= strings_in_python(path)
    for path in source_files({".html", ".txt"}):
        in_code |= strings_in_template(path)
    in_catalogue = {catalogue_key(e) for e in messages(po_entries)}
    assert "Log in" in in_code and "person\x04Title" in in_code, "the extraction found too little"
    missing = sorted(in_code - in_catalogue)
    assert missing == [], f"not in django.po yet ({UPDATE_HINT}): {missing}"


# 4. Used by the pages ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_login_page_is_chinese_by_default(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="zh-hans">' in page
    assert "登录" in page and "售前工作台" in page
    assert "Log in" not in page


@pytest.mark.django_db
def test_login_page_is_english_with_the_language_cookie(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("login"))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="en">' in page
    assert "Log in" in page and "Presales Workbench" in page
    assert "登录" not in page


def test_same_english_word_gets_the_right_chinese_by_context():
    """ "Active" is 活跃客户 for a customer and 进行中 for an opportunity; a contact's title is 职务."""
    from presales.customers.models import Contact, CustomerStatus
    from presales.opportunities.models import Opportunity, OpportunityStatus

    with translation.override("zh-hans"):
        assert str(CustomerStatus.ACTIVE.label) == "活跃客户"
        assert str(OpportunityStatus.ACTIVE.label) == "进行中"
        assert str(Contact._meta.get_field("title").verbose_name) == "职务"
        assert str(Opportunity._meta.verbose_name) == "商机"
    with translation.override("en"):
        assert str(CustomerStatus.ACTIVE.label) == "Active"
        assert str(Contact._meta.get_field("title").verbose_name) == "title"


def test_change_history_kinds_follow_the_request_language():
    """They are built at import time, so they must be lazy to follow each request's language."""
    from presales.lib.audit import HISTORY_TYPES

    with translation.override("en"):
        assert str(HISTORY_TYPES["+"]) == "created"
    with translation.override("zh-hans"):
        assert str(HISTORY_TYPES["+"]) == "创建"
