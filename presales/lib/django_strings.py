"""Django's (and django-filter's) own UI strings that its zh_Hans catalogue does not translate yet (Django 6.1).

Never imported: listing them here makes `makemessages` copy them into our catalogue
(presales/locale, which LOCALE_PATHS puts before Django's own), so a Chinese user does not
see English in every empty <select> or on the admin's pages. Drop an entry once Django
ships its translation.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

DJANGO_STRINGS = [
    gettext_noop("- Select an option -"),  # the blank choice of every model <select>
    gettext_noop("No %s matches the given query."),  # get_object_or_404
    gettext_noop("Filter by %(field_name)s"),  # admin date hierarchy
    gettext_noop("Logout"),  # admin logged-out page
]
