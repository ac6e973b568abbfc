"""Regenerate presales/quotes/templates_docx/quote.docx (the docxtpl template of the Word quote).

Run: .venv/bin/python -m presales.quotes.make_docx_template  (edit the result in Word if wished:
keep the {{ … }} and {%tr … %} / {%p … %} tags)."""

if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "presales.settings")
    django.setup()
    from presales.quotes.exports import build_docx_template

    print(build_docx_template())
