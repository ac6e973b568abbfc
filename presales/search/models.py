"""The search index (a derived table, rebuilt by `manage.py search_reindex`) and the words
admins teach the segmenter: a user dictionary and synonym groups.

The full-text side lives beside `SearchEntry` and is made by back-end specific migrations:
on SQLite an FTS5 external-content table `search_fts` over `title_tokens`/`body_tokens`,
kept in step by triggers; on PostgreSQL a stored generated tsvector column with a GIN index.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

BODY_MAX = 200_000  # characters of an object's long text kept and indexed
TITLE_MAX = 300
KEYWORDS_MAX = 2000


class SearchEntry(models.Model):
    """One indexed object: its raw text (snippets are cut from it), its facets and the
    segmented token columns the full-text index is built over."""

    type = models.CharField(_("type"), max_length=40)
    object_id = models.BigIntegerField(_("object"))
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    body = models.TextField(_("text"), blank=True)
    keywords = models.CharField(_("keywords"), max_length=KEYWORDS_MAX, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    library = models.CharField(_("library"), max_length=200, blank=True)
    product = models.CharField(_("product"), max_length=500, blank=True)
    industry = models.CharField(_("industry"), max_length=40, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    flags = models.CharField(_("flags"), max_length=200, blank=True)  # space-separated
    updated_at = models.DateTimeField(_("updated"), null=True, blank=True)
    indexed_at = models.DateTimeField(_("indexed"), default=timezone.now)
    title_tokens = models.TextField(blank=True)  # title and keywords, segmented
    body_tokens = models.TextField(blank=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [models.UniqueConstraint(fields=["type", "object_id"], name="search_entry_unique")]

    def __str__(self) -> str:
        return f"{self.type} {self.object_id}: {self.title}"


class SearchFacet(models.Model):
    """One facet value of an entry (library, product, industry, year): a product facet holds
    several names, so facets are rows, counted with one GROUP BY over the visible matches."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="facet_values")
    facet = models.CharField(max_length=20)
    value = models.CharField(max_length=200)

    class Meta:
        indexes = [
            models.Index(fields=["entry", "facet", "value"], name="search_facet_entry"),  # covers the counts
            models.Index(fields=["facet", "value"], name="search_facet_value"),
        ]

    def __str__(self) -> str:
        return f"{self.facet}={self.value}"

    @staticmethod
    def values_of(library: str, industry: str, product: str, year: int | None) -> list[tuple[str, str]]:
        """The facet rows of an entry with these columns: one per product name (split at
        commas), none for an empty value. The search counts facets from the same columns."""
        facets = [("library", library), ("industry", industry)]
        facets += [("product", p.strip()[:200]) for p in (product or "").replace("，", ",").split(",")]
        if year:
            facets.append(("year", str(year)))
        return [(f, v) for f, v in dict.fromkeys(facets) if v]


class WordKind(models.TextChoices):
    MODEL_CODE = "model_code", _("Model code")
    DOMAIN = "domain", _("Domain word")
    OTHER = "other", _("Other")


class SearchWord(models.Model):
    """A word of the user dictionary: jieba keeps it whole (直流屏, 一体化电源) instead of
    cutting it into pieces. Model codes are listed for the record: codes are split into
    letter and digit runs whatever the dictionary says, so `IMPS 48` finds IMPS48/150."""

    word = models.CharField(
        _("word"),
        max_length=60,
        unique=True,
        help_text=_(
            "Changing words affects new searches at once; "
            "rows indexed before keep the old words until the search index is rebuilt."
        ),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=WordKind.choices, default=WordKind.DOMAIN)
    weight = models.PositiveIntegerField(
        _("weight"), default=20000, help_text=_("How strongly the segmenter keeps the word whole.")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("dictionary word")
        verbose_name_plural = _("dictionary words")
        ordering = ["word"]

    def __str__(self) -> str:
        return self.word

    def clean(self) -> None:
        self.word = (self.word or "").strip()
        if not self.word or re.search(r"\s", self.word):
            raise ValidationError({"word": _("Enter one word without spaces.")})


_SEPARATORS = re.compile(r"\s*[=,，、;；]\s*")


def parse_terms(text: str) -> list[str]:
    """ "纹波系数 = 电压纹波" → ["纹波系数", "电压纹波"] (also split at commas), duplicates dropped."""
    terms: list[str] = []
    for term in _SEPARATORS.split(text or ""):
        term = term.strip()
        if term and term not in terms:
            terms.append(term)
    return terms


class SynonymGroup(models.Model):
    """Words that mean the same: a search for one finds rows with any of them."""

    terms = models.CharField(
        _("terms"),
        max_length=500,
        help_text=_(
            "Two or more words separated by “=”, e.g. 纹波系数 = 电压纹波. Changes affect new searches at once."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("synonym group")
        verbose_name_plural = _("synonym groups")
        ordering = ["terms"]

    def __str__(self) -> str:
        return self.terms

    def term_list(self) -> list[str]:
        return parse_terms(self.terms)

    def clean(self) -> None:
        terms = self.term_list()
        if len(terms) < 2:
            raise ValidationError({"terms": _("Enter at least two different words separated by “=”.")})
        if any(len(term) > 60 for term in terms):
            raise ValidationError({"terms": _("A word is at most 60 characters.")})
        self.terms = " = ".join(terms)
