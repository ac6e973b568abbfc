"""The product's own 404 page in DEBUG too.

Without DEBUG, Django answers a 404 with templates/404.html. With DEBUG (the demo's `make run`)
it shows its English technical page, which a trial user gets for an object he may not see.
This middleware answers a view's Http404 with the product's page while
PRESALES_OWN_404_IN_DEBUG is on; an address that matches no URL (raised before any view)
still gets Django's technical page, which is what a developer needs.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.views.defaults import page_not_found


class OwnNotFoundPageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Http404) and settings.DEBUG and settings.PRESALES_OWN_404_IN_DEBUG:
            return page_not_found(request, exception)
        return None
