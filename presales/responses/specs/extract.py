"""Requirement clauses out of a buyer's technical specification (.docx or .xlsx).

What a clause is, and why:
- Word paragraphs in document order, numbered as tenders number them: "5.1.1", "(1)", "（1）",
  "①", "a)", "1、", "一、", "第5章", or by Word's own list numbering (read from the numbering
  definitions, so "1." shows as the number Word shows). A sub-item's number is qualified by its
  parent clause: "(1)" under 3.2.1 is "3.2.1(1)", "①" under it "3.2.1(1)①", a Word list item
  under 2.2 is "2.2-1".
- Headings (Heading styles, an outline level, or a short bold/numbered title without a
  requirement) are not clauses: they make the section path ("3 技术要求 > 3.2 高频开关电源模块").
  Headings nest by rank: Heading 1 and 第X章 at the top, then Heading 2 and 一、, then （一）,
  then bold "1." / "1.1" titles, which is how a reader nests a document without heading styles.
- Boilerplate is left out: the sections 目录/总则/说明/术语和定义/概述/前言/适用范围…, TOC
  paragraphs, notes ("说明：…", "注：…"), captions ("表1 …"), signature lines (盖章, ____), and
  unnumbered paragraphs that state no requirement (no 应/须/必须/不得/严禁, no value, no ★/▲).
- A lead-in ("3.2.1 模块主要技术参数应满足下列要求：") is not a clause; its items are, and
  inherit its ★/▲ and mandatory wording.
- Compound clauses are split: inline items "(1)…(2)…" / "①…②…" / "a)…b)…" → "1.3(1)", "1.3(2)";
  otherwise requirements separated by "；" → "3.1.3-1", "3.1.3-2".
- ★ (实质性) and ▲ marks are removed from the text and kept as flags.
- Tables whose header names a requirement column (招标要求, 标准参数值, 技术要求, 招标文件要求…)
  give one clause per row (a merged row across the table is a group heading); .xlsx sheets the
  same, the header row found by names in the first rows. A table or sheet that also has a
  response, deviation or guarantee column (投标响应, 偏离, 投标人保证值…) is a buyer's response
  template: its rows say template=True and their locator names those columns, for write_back.

Locators (JSON-safe): {"kind": "paragraph", "index": i} (i-th paragraph of the body in document
order, 0-based); {"kind": "table", "table": t, "row": r, "*_col": c} (t-th table of the body, row
and grid column 0-based as python-docx counts them); {"kind": "sheet", "sheet": name, "row": r,
"*_col": c} (row and column 1-based, as Excel shows them).
"""

from __future__ import annotations

import logging
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from io import BytesIO

from django.utils.translation import gettext as _
from lxml import etree

from presales.lib.quantities import find_quantities

logger = logging.getLogger(__name__)

# What python-docx/openpyxl raise on a file whose parts open but whose structure is not what
# the format says (a table row wider than its grid, a sheet cell out of range): the user is
# told the file is damaged, the log keeps the trace.
BROKEN_STRUCTURE = (ValueError, KeyError, IndexError, AttributeError, TypeError, etree.LxmlError)

MAX_CLAUSES = 5000
MAX_SHEET_ROWS = 20_000
MAX_SHEET_COLUMNS = 64  # a response table has a dozen; a sheet claiming 16,384 is not read that wide
HEADER_SEARCH_ROWS = 30
_MARKS = "★▲☆△"
COLUMN_ROLES = ("response", "deviation", "note", "guarantee")


class SpecError(Exception):
    """A specification that cannot be read; the message is for the user (translated)."""


@dataclass
class ExtractedClause:
    order: int
    number: str
    text: str
    star: bool = False
    triangle: bool = False
    mandatory: bool = False
    section: str = ""
    parameter: str = ""
    required_value: str = ""
    locator: dict = field(default_factory=dict)
    template: bool = False


def extract_clauses(file, name: str) -> list[ExtractedClause]:
    """The requirement clauses of `file` (a binary file object, or bytes) in document order."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in (name or "") else ""
    if extension not in ("docx", "xlsx"):
        raise SpecError(
            _(
                "Only Word (.docx) and Excel (.xlsx) specifications can be read. "
                "Save a .doc, .xls or .pdf file as .docx or .xlsx first."
            )
        )
    data = file if isinstance(file, bytes) else _read(file)
    if not zipfile.is_zipfile(BytesIO(data)):
        raise SpecError(_("The file is damaged or is not a real %(kind)s file.") % {"kind": "." + extension})
    try:
        opened = _open_docx(data) if extension == "docx" else _open_xlsx(data)
    except Exception as exc:  # python-docx/openpyxl raise many types for a damaged file
        raise SpecError(_("The file is damaged or is not a real %(kind)s file.") % {"kind": "." + extension}) from exc
    try:
        clauses = _from_docx(opened) if extension == "docx" else _from_xlsx(opened)
    except BROKEN_STRUCTURE as exc:  # a crafted or damaged structure inside a file that opened
        logger.warning("specification %s not readable: %s: %s", name, type(exc).__name__, exc, exc_info=True)
        raise SpecError(_("The file is damaged or is not a real %(kind)s file.") % {"kind": "." + extension}) from exc
    for order, clause in enumerate(clauses, start=1):
        clause.order = order
    return clauses


def is_response_template(clauses) -> bool:
    """Whether the file is a buyer's response table: every clause stands in a row that
    write_back can fill (a spec with paragraphs is answered in a table of our own)."""
    clauses = list(clauses)
    return bool(clauses) and all(clause.template for clause in clauses)


def _read(file) -> bytes:
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read()
    if hasattr(file, "seek"):
        file.seek(0)
    return data


# Text rules ---------------------------------------------------------------------------------

_MANDATORY = re.compile(
    r"必须|严禁|不得|不应|不允许|禁止|(?<![无毋])须(?!知)|(?<![供响相适反效回顺呼感答理])应(?![答用急变商])"
)
_NOTE = re.compile(r"^(?:说明|注|备注|提示|注意)\s*\d*\s*[:：]")
_SIGNATURE = re.compile(r"盖章|签字|签名|_{3,}|＿{2,}")
_CAPTION = re.compile(r"^[表图]\s*\d+(?:[.-]\d+)*\s")
_PAGE_NUMBER = re.compile(r"\d+\s*$")
_BOILERPLATE = re.compile(
    r"(?:目录|目次|总则|说明|编制说明|填写说明|术语|定义|术语和定义|术语与定义|名词解释|概述|项目概述|工程概况|"
    r"前言|适用范围|范围|引用标准|规范性引用文件|投标须知|投标人须知)"
)
_HEADING_WORDS = re.compile(r"支持|具备|具有|采用|提供|满足|配置|不|须|应|必须|严禁|[，,。；;：:]")
_TRAILING = "。；;，,、 \t"

_CN_DIGITS = "一二三四五六七八九十百"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_MARKERS: list[tuple[str, re.Pattern]] = [
    ("chapter", re.compile(r"^(第[" + _CN_DIGITS + r"\d]+[章节篇]|第[" + _CN_DIGITS + r"\d]+部分)\s*")),
    ("dotted", re.compile(r"^(\d+(?:[.．]\d+)+)[.、．]?(?:\s+|(?=\D))")),
    ("cn", re.compile(r"^([" + _CN_DIGITS + r"]+)[、.．]\s*")),
    ("paren_cn", re.compile(r"^[(（]([" + _CN_DIGITS + r"]+)[)）]\s*")),
    ("paren", re.compile(r"^[(（](\d+)[)）]\s*")),
    ("circled", re.compile(r"^([" + _CIRCLED + r"])\s*")),
    ("letter", re.compile(r"^([a-zA-Z])[)）.、](?![a-zA-Z\d])\s*")),
    ("int", re.compile(r"^(\d+)(?:[、.．)）](?!\d)|\s+(?=\D))\s*")),
]
_INLINE = {
    "paren": re.compile(r"[(（](\d+)[)）]"),
    "circled": re.compile(r"[" + _CIRCLED + r"]"),
    "letter": re.compile(r"(?<![A-Za-z0-9])([a-h])[)）]"),
}


def _marks(text: str) -> tuple[str, bool, bool]:
    """The text without its ★/▲ marks (and the brackets a mark stood in: "（★）"), and the
    marks. A leading "*" is a star too: some tenders mark 实质性条款 so."""
    star = "★" in text or "☆" in text
    triangle = "▲" in text or "△" in text
    for mark in _MARKS:
        text = text.replace(mark, "")
    text = re.sub(r"[(（]\s*[)）]", "", text).strip()
    if text.startswith(("*", "＊")):
        star, text = True, text.lstrip("*＊ ")
    return text, star, triangle


def _clean(text: str) -> str:
    text = re.sub(r"[ \t\u3000\xa0\r\n]+", " ", text or "").strip()
    return text.strip(_TRAILING)


def _marker(text: str) -> tuple[str | None, str, str]:
    """(kind, marker as written, the rest) of a paragraph's leading number."""
    for kind, pattern in _MARKERS:
        match = pattern.match(text)
        if match:
            return kind, match.group(1).replace("．", "."), text[match.end() :]
    return None, "", text


def _is_boilerplate_title(title: str) -> bool:
    _kind, _mark, rest = _marker(title)
    return bool(_BOILERPLATE.fullmatch(re.sub(r"\s+", "", rest)))


def _skipped_paragraph(text: str) -> bool:
    return bool(
        _NOTE.match(text)
        or _SIGNATURE.search(text)
        or _CAPTION.match(text)
        or _is_toc_line(text)
        or re.fullmatch(r"[\d\s.…·]*", text)
    )


def _is_toc_line(text: str) -> bool:
    """A typed contents line: a title, a tab or a leader of dots, a page number ("2 技术要求……3")."""
    page = _PAGE_NUMBER.search(text[-12:])
    if page is None:
        return False
    before = text[: len(text) - len(page.group(0))].rstrip(" ")
    return before.endswith(("\t", "……", "...", "···", "---"))


def _states_requirement(text: str, star: bool, triangle: bool) -> bool:
    return star or triangle or bool(_MANDATORY.search(text)) or bool(find_quantities(text))


# Word --------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def body_blocks(document) -> Iterator[tuple[str, int, object]]:
    """("paragraph", i, Paragraph) and ("table", t, Table) of the body in document order,
    content controls opened (a TOC control left out); the indexes are the locators'."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    counters = {"paragraph": 0, "table": 0}

    def walk(parent) -> Iterator[tuple[str, int, object]]:
        for child in parent.iterchildren():
            if child.tag == _W + "p":
                index = counters["paragraph"]
                counters["paragraph"] += 1
                yield "paragraph", index, Paragraph(child, document._body)
            elif child.tag == _W + "tbl":
                index = counters["table"]
                counters["table"] += 1
                yield "table", index, Table(child, document._body)
            elif child.tag == _W + "sdt":
                gallery = child.find(f"{_W}sdtPr/{_W}docPartObj/{_W}docPartGallery")
                if gallery is not None and "Contents" in (gallery.get(_W + "val") or ""):
                    continue
                content = child.find(_W + "sdtContent")
                if content is not None:
                    yield from walk(content)

    yield from walk(document.element.body)


_FORMATS = {
    "lowerLetter": lambda n: _letters(n).lower(),
    "upperLetter": lambda n: _letters(n),
    "lowerRoman": lambda n: _roman(n).lower(),
    "upperRoman": lambda n: _roman(n),
    "decimalEnclosedCircle": lambda n: _CIRCLED[n - 1] if 0 < n <= len(_CIRCLED) else str(n),
    "decimalEnclosedCircleChinese": lambda n: _CIRCLED[n - 1] if 0 < n <= len(_CIRCLED) else str(n),
    "chineseCounting": lambda n: _chinese(n),
    "chineseCountingThousand": lambda n: _chinese(n),
    "ideographTraditional": lambda n: "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10],
    "japaneseCounting": lambda n: _chinese(n),
    "taiwaneseCounting": lambda n: _chinese(n),
}


def _letters(n: int) -> str:
    text = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        text = chr(65 + rest) + text
    return text


def _roman(n: int) -> str:
    values = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC")]
    values += [(50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    text = ""
    for value, letters in values:
        while n >= value:
            text += letters
            n -= value
    return text


def _chinese(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    return str(n)


class _Numbering:
    """Word's list numbering: the label each numbered paragraph shows ("1.", "(1)", "①")."""

    def __init__(self, document):
        self.nums: dict[str, str] = {}
        self.levels: dict[tuple[str, str], tuple[str, str, int]] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except Exception:  # a document without numbering definitions
            return
        for abstract in root.findall(_W + "abstractNum"):
            abstract_id = abstract.get(_W + "abstractNumId")
            for level in abstract.findall(_W + "lvl"):
                fmt = level.find(_W + "numFmt")
                text = level.find(_W + "lvlText")
                start = level.find(_W + "start")
                self.levels[(abstract_id, level.get(_W + "ilvl"))] = (
                    fmt.get(_W + "val") if fmt is not None else "decimal",
                    text.get(_W + "val") if text is not None else "",
                    int(start.get(_W + "val")) if start is not None and (start.get(_W + "val") or "").isdigit() else 1,
                )
        for num in root.findall(_W + "num"):
            abstract = num.find(_W + "abstractNumId")
            if abstract is not None:
                self.nums[num.get(_W + "numId")] = abstract.get(_W + "val")

    def label(self, paragraph, styles: _Styles) -> str | None:
        """The paragraph's list label, "" for a bullet, None when it is not a list item."""
        found = styles.num_pr(paragraph)
        if found is None:
            return None
        num_id, level = found
        abstract = self.nums.get(num_id)
        if num_id == "0" or abstract is None or not 0 <= level < 9:
            return None
        fmt, text, _start = self.levels.get((abstract, str(level)), ("decimal", "%1.", 1))
        counters = self.counters.setdefault(num_id, [0] * 9)
        for deeper in range(level + 1, 9):
            counters[deeper] = 0
        counters[level] = counters[level] + 1 if counters[level] else self._start(abstract, level)
        if fmt in ("bullet", "none"):
            return ""

        def number(match: re.Match) -> str:
            which = int(match.group(1)) - 1
            if not 0 <= which < 9:
                return ""
            value = counters[which] or self._start(abstract, which)
            which_fmt = self.levels.get((abstract, str(which)), ("decimal", "", 1))[0]
            return _FORMATS.get(which_fmt, str)(value)

        return re.sub(r"%(\d)", number, text).strip()

    def _start(self, abstract: str, level: int) -> int:
        return self.levels.get((abstract, str(level)), ("decimal", "", 1))[2]


class _Styles:
    """The paragraph styles read once from the styles part (python-docx resolves a paragraph's
    style by scanning every style, too slow for a 300-clause spec)."""

    def __init__(self, document):
        self.styles: dict[str, tuple[str, str | None, object]] = {}
        self.default: str | None = None
        try:
            root = document.styles.element
        except Exception:  # a document without a styles part
            return
        for style in root.findall(_W + "style"):
            if style.get(_W + "type") != "paragraph":
                continue
            style_id = style.get(_W + "styleId") or ""
            name = style.find(_W + "name")
            based = style.find(_W + "basedOn")
            self.styles[style_id] = (
                (name.get(_W + "val") if name is not None else style_id) or "",
                based.get(_W + "val") if based is not None else None,
                style.find(_W + "pPr"),
            )
            if style.get(_W + "default") in ("1", "true", "on"):
                self.default = style_id

    def style_id(self, paragraph) -> str | None:
        p_pr = paragraph._p.pPr
        style = p_pr.find(_W + "pStyle") if p_pr is not None else None
        return style.get(_W + "val") if style is not None else self.default

    def name(self, paragraph) -> str:
        return self.styles.get(self.style_id(paragraph) or "", ("", None, None))[0]

    def _chain(self, paragraph):
        """The paragraph's own properties, then its style's, then the styles it is based on."""
        yield paragraph._p.pPr
        style_id, depth = self.style_id(paragraph), 0
        while style_id in self.styles and depth < 10:
            _name, based, p_pr = self.styles[style_id]
            yield p_pr
            style_id, depth = based, depth + 1

    def num_pr(self, paragraph) -> tuple[str, int] | None:
        """(numId, level) of the paragraph's list numbering, None when it has none."""
        for p_pr in self._chain(paragraph):
            num_pr = p_pr.find(_W + "numPr") if p_pr is not None else None
            if num_pr is None:
                continue
            num_id = num_pr.find(_W + "numId")
            level = num_pr.find(_W + "ilvl")
            if num_id is None:
                return None
            level_value = level.get(_W + "val") if level is not None else "0"
            return num_id.get(_W + "val") or "0", int(level_value) if (level_value or "").isdigit() else 0
        return None

    def outline_level(self, paragraph) -> int | None:
        for p_pr in self._chain(paragraph):
            outline = p_pr.find(_W + "outlineLvl") if p_pr is not None else None
            if outline is not None:
                value = outline.get(_W + "val") or ""
                return int(value) if value.isdigit() and int(value) < 9 else None
        return None


def _heading_level(paragraph, styles: _Styles) -> str | None:
    """The kind of heading a paragraph's style or outline level makes it ("h1"…), None if not."""
    lowered = styles.name(paragraph).lower()
    if lowered.startswith("toc") or lowered.startswith("目录"):
        return "toc"
    if lowered in ("title", "subtitle", "标题"):
        return "title"
    match = re.match(r"(?:heading|标题)\s*(\d)", lowered)
    if match:
        return "h" + match.group(1)
    outline = styles.outline_level(paragraph)
    return None if outline is None else "h" + str(outline + 1)


def _all_bold(paragraph) -> bool:
    runs = [run for run in paragraph.runs if run.text.strip()]
    return bool(runs) and all(run.bold for run in runs)


# How deep each kind of heading sits: Heading 1 and 第X章 at the top, then 一、, （一）, 1., 1.1 …
_RANKS = {"chapter": 0, "cn": 1, "paren_cn": 2}


def _rank(kind: str) -> int:
    if kind in _RANKS:
        return _RANKS[kind]
    if kind.startswith("h"):
        return int(kind[1:]) - 1
    return int(kind[3:]) + 2  # "num1", "num2": bold numbered titles


class _Walker:
    """Keeps the section path and the parent numbers while the document is read in order."""

    def __init__(self):
        self.stack: list[tuple[str, str]] = []  # (kind of heading, title)
        self.reset_parents()

    def reset_parents(self):
        self.anchor = ""  # the last dotted clause number ("3.2.1")
        self.item = ""  # the last "1、" item under it ("3.2.1-1")
        self.sub = ""  # the last (n) item under those ("3.2.1(1)")
        self.anchor_flags = (False, False, False)
        self.list_count = 0

    def heading(self, kind: str, title: str):
        rank = _rank(kind)
        while self.stack and _rank(self.stack[-1][0]) >= rank:
            self.stack.pop()
        self.stack.append((kind, title))
        self.reset_parents()

    @property
    def path(self) -> str:
        return " > ".join(title for _k, title in self.stack)

    @property
    def boilerplate(self) -> bool:
        return any(_is_boilerplate_title(title) for _k, title in self.stack)


def _text_heading_kind(paragraph, text: str) -> str | None:
    """A heading written as plain text: 第X章 / 一、 / （一） when short, a number when bold."""
    kind, _mark, rest = _marker(text)
    if kind is None or not rest.strip() or len(rest) > 30 or _HEADING_WORDS.search(rest):
        return None
    if find_quantities(rest) or any(mark in rest for mark in _MARKS):
        return None
    if kind in ("chapter", "cn", "paren_cn"):
        return kind
    if kind in ("dotted", "int") and _all_bold(paragraph):
        return f"num{text.split()[0].count('.') + 1}" if kind == "dotted" else "num1"
    return None


def _open_docx(data: bytes):
    from docx import Document

    return Document(BytesIO(data))


def _reads_as_clause(text: str) -> bool:
    """A paragraph in a heading style that is a requirement all the same: some specs number
    their clauses with Heading 3/4 ("5.1.1 整流模块效率应不低于93%。")."""
    rest = _clean(_marker(_marks(text)[0])[2])
    if text.rstrip().endswith(("。", "；", ";")):
        return True
    return len(rest) > 30 and bool(_MANDATORY.search(rest) or find_quantities(rest))


def _from_docx(document) -> list[ExtractedClause]:
    numbering = _Numbering(document)
    styles = _Styles(document)
    walker = _Walker()
    clauses: list[ExtractedClause] = []
    for kind, index, block in body_blocks(document):
        if kind == "table":
            if not walker.boilerplate:
                clauses += _table_clauses(block, index, walker.path)
            continue
        raw = block.text.strip()
        label = numbering.label(block, styles)
        text = f"{label} {raw}".strip() if label else raw
        style_kind = _heading_level(block, styles)
        if style_kind == "toc" or not raw:
            continue
        if style_kind == "title":
            continue
        if style_kind and not _reads_as_clause(text):
            walker.heading(style_kind, _clean(_marks(text)[0]))
            continue
        heading_kind = _text_heading_kind(block, text)
        if heading_kind:
            walker.heading(heading_kind, _clean(text))
            continue
        if walker.boilerplate or _skipped_paragraph(raw):
            continue
        clauses += _paragraph_clauses(walker, text, index, is_list=label is not None)
        if len(clauses) > MAX_CLAUSES:
            raise _too_many()
    return clauses


def _too_many() -> SpecError:
    return SpecError(_("The specification has more than %(max)d clauses: split it into parts.") % {"max": MAX_CLAUSES})


def _paragraph_clauses(walker: _Walker, text: str, index: int, *, is_list: bool) -> list[ExtractedClause]:
    text, star, triangle = _marks(text)
    kind, mark, rest = _marker(text)
    rest, star_after, triangle_after = _marks(rest)
    star, triangle = star or star_after, triangle or triangle_after
    rest = _clean(rest)
    if not rest:
        return []
    inherited = (False, False, False)
    if kind == "dotted":
        number = mark
        walker.anchor, walker.item, walker.sub, walker.list_count = mark, "", "", 0
        walker.anchor_flags = (False, False, False)
    elif kind == "int" or (is_list and kind is None):
        walker.list_count += 1
        number = f"{walker.anchor}-{mark or walker.list_count}" if walker.anchor else mark
        walker.item, walker.sub = number, ""
        inherited = walker.anchor_flags
    elif kind == "paren":
        number = f"{walker.item or walker.anchor}({mark})"
        walker.sub = number
        inherited = walker.anchor_flags
    elif kind in ("circled", "letter"):
        number = f"{walker.sub or walker.item or walker.anchor}{mark}" + (")" if kind == "letter" else "")
        inherited = walker.anchor_flags
    elif kind in ("cn", "paren_cn", "chapter"):
        number = mark
    else:  # an unnumbered paragraph continues the clause above it (and cites its number)
        number = walker.sub or walker.item or walker.anchor
        inherited = walker.anchor_flags
        if not (_states_requirement(rest, star, triangle) or is_list):
            return []
    mandatory = bool(_MANDATORY.search(rest))
    if rest.endswith(("：", ":")):  # a lead-in: its items carry its marks and wording
        if kind in ("dotted", "int", "paren"):
            walker.anchor_flags = (star or inherited[0], triangle or inherited[1], mandatory or inherited[2])
        return []
    star, triangle, mandatory = star or inherited[0], triangle or inherited[1], mandatory or inherited[2]
    locator = {"kind": "paragraph", "index": index}
    return [
        ExtractedClause(
            order=0,
            number=sub_number,
            text=sub_text,
            star=star or sub_star,
            triangle=triangle or sub_triangle,
            mandatory=mandatory or bool(_MANDATORY.search(sub_text)),
            section=walker.path,
            locator=dict(locator),
        )
        for sub_number, sub_text, sub_star, sub_triangle in _split(number, rest)
    ]


def _split(number: str, text: str) -> list[tuple[str, str, bool, bool]]:
    """A compound clause as its parts: inline (1)(2)… / ①②… / a)b)… items, else "；" parts."""
    for kind, pattern in _INLINE.items():
        matches = list(pattern.finditer(text))
        if len(matches) < 2:
            continue
        if kind == "paren":
            values = [int(m.group(1)) for m in matches]
            expected = list(range(1, len(values) + 1))
        elif kind == "circled":
            values = [_CIRCLED.index(m.group(0)) for m in matches]
            expected = list(range(len(values)))
        else:
            values = [ord(m.group(1)) - ord("a") for m in matches]
            expected = list(range(len(values)))
        if values != expected:
            continue
        parts = []
        intro = text[: matches[0].start()]
        intro_flags = _marks(intro)[1:]
        for i, match in enumerate(matches):
            end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
            part, star, triangle = _marks(text[match.end() : end])
            part = _clean(part)
            if not part:
                continue
            if kind == "paren":
                label = f"({values[i]})"
            elif kind == "circled":
                label = match.group(0)
            else:
                label = f"{match.group(1)})"
            parts.append((f"{number}{label}", part, star or intro_flags[0], triangle or intro_flags[1]))
        if len(parts) >= 2:
            if not _clean(intro).endswith(("：", ":")) and _clean(intro):
                parts.insert(0, (number, _clean(intro), False, False))
            return parts
    pieces = [_clean(piece) for piece in re.split(r"[；;]", text)]
    pieces = [piece for piece in pieces if piece]
    if len(pieces) >= 2 and min(len(piece) for piece in pieces) >= 6:
        return [
            (f"{number}-{i}" if number else "", piece, *_marks(piece)[1:]) for i, piece in enumerate(pieces, start=1)
        ]
    return [(number, text, False, False)]


# Tables --------------------------------------------------------------------------------------

_ROLE_WORDS: list[tuple[str, tuple[str, ...]]] = [
    ("note", ("偏离说明", "偏差说明", "偏离原因", "备注", "说明")),
    ("deviation", ("偏离", "偏差")),
    ("guarantee", ("保证值", "投标值", "投标参数", "响应值")),
    (
        "response",
        ("投标响应", "投标应答", "投标人响应", "响应", "应答", "投标规格", "实际参数", "是否满足", "满足情况"),
    ),
    ("clause_no", ("条款号", "条款编号", "条目号", "章节号", "条款", "章节")),
    ("no", ("序号", "编号", "项号")),
    ("unit", ("单位",)),
    (
        "requirement",
        ("招标要求", "标准参数值", "招标文件要求", "技术要求", "商务要求", "要求", "规格", "需求", "标准值"),
    ),
    ("parameter", ("参数名称", "指标名称", "技术参数", "参数", "名称", "项目", "指标")),
]
_NO_UNIT = {"", "—", "-", "/", "无", "——", "／"}


def column_roles(headers: list[str]) -> dict[str, int]:
    """Header texts → {role: column index}; each role takes the first column that names it."""
    roles: dict[str, int] = {}
    for index, header in enumerate(headers):
        text = re.sub(r"\s+", "", header or "")
        if not text:
            continue
        for role, words in _ROLE_WORDS:
            if role not in roles and any(word in text for word in words):
                roles[role] = index
                break
    return roles


def _header(rows: list[list[str]]) -> tuple[int, dict[str, int]] | None:
    """(index of the last header row, column roles). A second header row under a merged one
    ("投标响应" over 投标值 | 偏离) adds the roles of the columns the first row left unnamed."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        roles = column_roles(row)
        if "requirement" in roles and len(roles) >= 2:
            extra = _sub_header(row, rows[index + 1] if index + 1 < len(rows) else [])
            if not extra:
                return index, roles
            taken = set(roles.values())
            for role, column in extra.items():
                if role not in roles and column not in taken:
                    roles[role] = column
            return index + 1, roles
    return None


def _sub_header(header: list[str], below: list[str]) -> dict[str, int]:
    """The roles a row under the header names, when every text in it is a column name or the
    header's own text carried down by a vertical merge; {} when it is a data row."""
    extra: dict[str, int] = {}
    for column, text in enumerate(below):
        if not text.strip() or (column < len(header) and text == header[column]):
            continue
        roles = column_roles([text])
        if not roles or "requirement" in roles:
            return {}
        extra.setdefault(next(iter(roles)), column)
    return extra


def _row_clause(texts: list[str], roles: dict[str, int], section: str, locator: dict) -> ExtractedClause | None:
    def cell(role: str) -> str:
        index = roles.get(role)
        return texts[index] if index is not None and index < len(texts) else ""

    requirement_raw = cell("requirement")
    requirement, req_star, req_triangle = _marks(_clean(requirement_raw))
    if not requirement:
        return None
    parameter, par_star, par_triangle = _marks(_clean(cell("parameter")))
    number, no_star, no_triangle = _marks(_clean(cell("clause_no")) or _clean(cell("no")))
    no_star = no_star or "★" in cell("no") or "★" in cell("clause_no")
    no_triangle = no_triangle or "▲" in cell("no") or "▲" in cell("clause_no")
    unit = _clean(cell("unit"))
    required_value = requirement
    if unit not in _NO_UNIT and re.search(r"\d$", requirement):
        required_value = requirement + unit
    text = f"{parameter}：{required_value}" if parameter else required_value
    template_roles = {role: roles.get(role) for role in ("response", "deviation", "note", "guarantee")}
    return ExtractedClause(
        order=0,
        number=number,
        text=text,
        star=req_star or par_star or no_star,
        triangle=req_triangle or par_triangle or no_triangle,
        mandatory=bool(_MANDATORY.search(text)),
        section=section,
        parameter=parameter,
        required_value=required_value,
        locator={**locator, **{f"{role}_col": column for role, column in template_roles.items()}},
        template=any(column is not None for role, column in template_roles.items() if role != "note"),
    )


def _group_title(texts: list[str], roles: dict[str, int], merged: bool) -> str | None:
    """A row that is a group heading ("一、交流输入" merged across the table), or None."""
    filled = [text for text in texts if text.strip()]
    if not filled:
        return None
    if merged or (len(set(filled)) == 1 and not texts[roles["requirement"]].strip()):
        return _clean(filled[0])
    return None


MAX_TABLE_COLUMNS = 64


def table_is_sane(table) -> bool:
    """Whether python-docx can walk the table's cells at a bounded cost: a crafted gridSpan of
    10**11 would have it build that many cells. Rows at most MAX_SHEET_ROWS, at most
    MAX_TABLE_COLUMNS grid columns, every span a number that fits."""
    element = table._tbl
    if len(element.findall(_W + "tr")) > MAX_SHEET_ROWS:
        return False
    if len(element.findall(f"{_W}tblGrid/{_W}gridCol")) > MAX_TABLE_COLUMNS:
        return False
    for row in element.iterchildren(_W + "tr"):
        width = 0
        for span in row.iterfind(f"{_W}tc/{_W}tcPr/{_W}gridSpan"):
            value = span.get(_W + "val") or ""
            if not value.isdigit() or not 0 < int(value) <= MAX_TABLE_COLUMNS:
                return False
            width += int(value)
        if width > MAX_TABLE_COLUMNS or len(row.findall(_W + "tc")) > MAX_TABLE_COLUMNS:
            return False
    return True


def _table_clauses(table, table_index: int, section: str) -> list[ExtractedClause]:
    if not table_is_sane(table):
        logger.warning("table %d left out: its grid is not one python-docx can walk safely", table_index)
        return []
    rows = []
    merged_rows = []
    for row in table.rows:
        cells = row.cells
        rows.append([cell.text.strip() for cell in cells])
        merged_rows.append(len(cells) > 1 and len({id(cell._tc) for cell in cells}) == 1)
    found = _header(rows)
    if found is None:
        return []
    header_index, roles = found
    clauses = []
    group = ""
    for row_index in range(header_index + 1, len(rows)):
        texts = rows[row_index]
        title = _group_title(texts, roles, merged_rows[row_index])
        if title is not None:
            if not _NOTE.match(title) and not _SIGNATURE.search(title):
                group = _marks(title)[0]
            continue
        if _NOTE.match(texts[0] if texts else ""):
            continue
        path = " > ".join(part for part in (section, group) if part)
        clause = _row_clause(texts, roles, path, {"kind": "table", "table": table_index, "row": row_index})
        if clause is not None:
            clauses.append(clause)
    return clauses


# Excel ---------------------------------------------------------------------------------------


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _open_xlsx(data: bytes):
    from openpyxl import load_workbook

    return load_workbook(BytesIO(data), read_only=True, data_only=True)


def _from_xlsx(workbook) -> list[ExtractedClause]:
    clauses: list[ExtractedClause] = []
    try:
        for sheet in workbook.worksheets:
            if getattr(sheet, "sheet_state", "visible") != "visible":
                continue
            rows: list[list[str]] = []
            for number, values in enumerate(sheet.iter_rows(max_col=MAX_SHEET_COLUMNS, values_only=True), start=1):
                if number > MAX_SHEET_ROWS:
                    raise SpecError(
                        _("The sheet “%(sheet)s” has more than %(max)d rows.")
                        % {"sheet": sheet.title, "max": MAX_SHEET_ROWS}
                    )
                rows.append([_cell_text(value) for value in values])
            found = _header(rows)
            if found is None:
                continue
            header_index, roles = found
            group = ""
            for row_index in range(header_index + 1, len(rows)):
                texts = rows[row_index]
                title = _group_title(texts, roles, merged=False) if texts else None
                if title is not None:
                    if not _NOTE.match(title) and not _SIGNATURE.search(title):
                        group = _marks(title)[0]
                    continue
                if not texts or _NOTE.match(texts[0]):
                    continue
                path = " > ".join(part for part in (sheet.title, group) if part)
                locator = {"kind": "sheet", "sheet": sheet.title, "row": row_index + 1}
                clause = _row_clause(texts, roles, path, locator)
                if clause is not None:
                    clause.locator.update(
                        {
                            key: (value + 1 if value is not None else None)
                            for key, value in clause.locator.items()
                            if key.endswith("_col")
                        }
                    )
                    clauses.append(clause)
                if len(clauses) > MAX_CLAUSES:
                    raise _too_many()
    finally:
        workbook.close()
    return clauses
