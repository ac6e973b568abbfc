"""manage.py tender_autofill SPEC.docx|SPEC.xlsx --out TABLE.xlsx [--user admin] [--product IMPS48/150]

The deviation table of a specification without the browser and without a tender (admins,
integrations, batch work): the same extraction, matcher and auto-fill as the pages
(presales.responses.fill), as the given user (the library entries they may read). When the
input is a buyer's response table, the output is that file filled in (keep its extension);
else the Excel table (序号, 招标文件条款号, 招标文件要求, 投标响应, 偏离情况, 偏离说明, 匹配条目, 置信度)."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from presales.accounts.models import User
from presales.catalog.models import Product
from presales.lib.uploads import check_upload
from presales.responses import exports
from presales.responses.fill import fill
from presales.responses.models import MAX_CLAUSES, SPEC_EXTENSIONS
from presales.responses.specs.extract import SpecError, extract_clauses, is_response_template


class Command(BaseCommand):
    help = "Fill the deviation table of a specification (.docx/.xlsx) from the answer library."

    def add_arguments(self, parser):
        parser.add_argument("spec", help="the specification or the buyer's response table (.docx, .xlsx)")
        parser.add_argument("--out", required=True, help="where to write the table (or the filled template)")
        parser.add_argument("--user", default="admin", help="match as this user (default: admin)")
        parser.add_argument(
            "--product", action="append", default=[], help="model code of a product offered (repeatable)"
        )

    def handle(self, *args, **options):
        source = Path(options["spec"])
        if not source.is_file():
            raise CommandError(f"No such file: {source}")
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {options['user']!r}.")
        products = []
        for code in options["product"]:
            product = Product.objects.filter(model_code=code).first()
            if product is None:
                raise CommandError(f"No product with the model code {code!r}.")
            products.append(product)
        data = source.read_bytes()
        upload = SimpleUploadedFile(source.name, data)
        from django import forms

        try:
            check_upload(upload, allowed=SPEC_EXTENSIONS)
            extracted = extract_clauses(BytesIO(data), source.name)
        except forms.ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        except SpecError as exc:
            raise CommandError(str(exc)) from exc
        if not extracted:
            raise CommandError(_("No requirement clauses were found in this file."))
        extracted = extracted[:MAX_CLAUSES]
        filled = fill(extracted, user=user, products=products)
        rows = [
            exports.Row(
                number=c.number,
                text=c.text,
                response=f.response,
                deviation=f.deviation,
                deviation_note=f.deviation_note,
                entry_code=f.entry_code,
                confidence=f.confidence,
                locator=c.locator or {},
                guarantee=f.guarantee,
            )
            for c, f in zip(extracted, filled, strict=True)
        ]
        template = is_response_template(extracted)
        if template:
            try:
                content = exports.filled_template(BytesIO(data), source.name, rows)
            except SpecError as exc:
                raise CommandError(str(exc)) from exc
        else:
            content = exports.table_xlsx(rows, title=_("Deviation table"))
        out = Path(options["out"])
        out.write_bytes(content)
        matched = sum(1 for f in filled if f.entry_id)
        to_confirm = sum(1 for f in filled if f.deviation == "to_confirm")
        kind = "filled template" if template else "table"
        self.stdout.write(f"{len(rows)} clauses, {matched} matched, {to_confirm} to confirm; {kind} written to {out}")
