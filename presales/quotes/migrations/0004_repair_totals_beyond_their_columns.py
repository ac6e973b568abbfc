"""Before the bounds (presales.lib.bounds), SQLite stored version totals that do not fit their
Decimal(14, 2) column (a quantity of 99999999999.999 at ¥100), and every read of such a row
failed. The totals are a cache of the lines: recompute them; a sum still beyond the column
keeps the column's maximum, as presales.quotes.services.refresh_totals does from now on (the
version page reads the lines, which are kept as they are, to be mended by their owner). The
history rows of those versions cannot be recomputed: they keep the column's maximum too.
PostgreSQL refused such rows in the first place: nothing to do there."""

from decimal import ROUND_HALF_UP, Decimal

from django.db import migrations
from django.db.models import Q

COLUMN_MAX = Decimal("999999999999.99")
CENT = Decimal("0.01")
TOTALS = ("total_amount", "total_net", "total_cost")


def _money(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _beyond():
    condition = Q()
    for name in TOTALS:
        condition |= Q(**{f"{name}__gt": COLUMN_MAX})
    return condition


def recompute(lines) -> dict:
    """The rules of presales.quotes.pricing (per-line rounding), frozen here."""
    amount = net = cost = Decimal("0.00")
    for line in lines:
        factor = 1 - Decimal(line.discount_percent or 0) / 100
        line_amount = _money(Decimal(line.quantity) * Decimal(line.unit_price) * factor)
        amount += line_amount
        net += _money(line_amount / (1 + Decimal(line.tax_rate or 0) / 100))
        if line.unit_cost is not None:
            cost += _money(Decimal(line.quantity) * Decimal(line.unit_cost))
    return {"total_amount": amount, "total_net": net, "total_cost": cost}


def repair(apps, schema_editor):
    QuoteVersion = apps.get_model("quotes", "QuoteVersion")
    QuoteLine = apps.get_model("quotes", "QuoteLine")
    HistoricalQuoteVersion = apps.get_model("quotes", "HistoricalQuoteVersion")
    # Only ids are read: reading the totals themselves is what fails.
    for pk in QuoteVersion.objects.filter(_beyond()).values_list("pk", flat=True):
        totals = recompute(QuoteLine.objects.filter(version_id=pk))
        QuoteVersion.objects.filter(pk=pk).update(**{k: min(v, COLUMN_MAX) for k, v in totals.items()})
    for name in TOTALS:
        HistoricalQuoteVersion.objects.filter(**{f"{name}__gt": COLUMN_MAX}).update(**{name: COLUMN_MAX})


class Migration(migrations.Migration):
    dependencies = [("quotes", "0003_line_bounds")]

    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]
