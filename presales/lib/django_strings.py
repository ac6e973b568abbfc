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
    # django-axes (log-in throttling) ships no Chinese: its admin models and columns.
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("Access Attempt"),
    gettext_noop("Access lock out"),
    gettext_noop("Attempt Time"),
    gettext_noop("Attempt Remaining"),
    gettext_noop("Clean up expired attempts"),
    gettext_noop("Expires At"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("Failed Logins"),
    gettext_noop("Form Data"),
    gettext_noop("GET Data"),
    gettext_noop("HTTP Accept"),
    gettext_noop("IP Address"),
    gettext_noop("Locked Out"),
    gettext_noop("Logout Time"),
    gettext_noop("Meta Data"),
    gettext_noop("Not set"),
    gettext_noop("Path"),
    gettext_noop("POST Data"),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("User Agent"),
    gettext_noop("Username"),
]
