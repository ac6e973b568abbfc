"""POST /api/token/: a user name and password give the user's API token.

DRF's ObtainAuthToken with three changes: a stricter throttle of its own (scope "token"),
an expired token is replaced instead of handed back, and a user name locked by django-axes
after repeated wrong passwords gets 429 saying so (a wrong password here counts toward the
same lock-out as the log-in page: DRF's serializer calls authenticate() with the request).

And the page /accounts/api-token/ where a user makes, sees and revokes that token."""

from __future__ import annotations

from axes.helpers import get_cool_off
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import NotFound, Throttled, ValidationError
from rest_framework.response import Response

from presales.api import services
from presales.api.throttling import ScopedRateThrottle


class TokenView(ObtainAuthToken):
    authentication_classes = ()  # the credentials are in the body; a stale header must not get 401
    throttle_classes = (ScopedRateThrottle,)
    throttle_scope = "token"

    @extend_schema(
        auth=[],
        responses={
            200: inline_serializer(
                "Token",
                {
                    "token": serializers.CharField(),
                    "expires": serializers.DateTimeField(allow_null=True, help_text="null: the token never expires"),
                },
            )
        },
    )
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            if getattr(request, "axes_locked_out", False):
                cool_off = get_cool_off(request)
                raise Throttled(
                    wait=cool_off.total_seconds() if cool_off else None,
                    detail=_(
                        "Too many failed log-ins: this user name is locked for a while. "
                        "Try again later or ask an administrator to unlock it."
                    ),
                )
            raise ValidationError(serializer.errors)
        token = services.token_for_login(user=serializer.validated_data["user"])
        return Response({"token": token.key, "expires": services.token_expires_at(token)})


def not_found(request, *args, **kwargs):
    """Any other /api/…/ address (an id with a dot, a misspelt list): a JSON 404 like the
    API's own, not the HTML error page."""
    return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)


@login_required
@require_http_methods(["GET", "POST"])
def api_token(request):
    """The user's token for the JSON API (/api/docs/): shown once made, with its expiry; POST
    makes a new one (the old stops working) or, with action=revoke, revokes it."""
    if request.method == "POST":
        action = request.POST.get("action", "create")
        if action == "revoke":
            if services.token_revoke(user=request.user):
                messages.success(request, _("Your API token was revoked: it no longer works."))
        elif action == "create":
            services.token_create(user=request.user)
        else:
            return HttpResponseBadRequest(_("Unknown action."))
        return redirect("api_token")
    token = Token.objects.filter(user=request.user).first()
    return render(
        request,
        "accounts/api_token.html",
        {
            "token": token,
            "expires_at": services.token_expires_at(token) if token else None,
            "expired": services.token_is_expired(token) if token else False,
        },
    )
