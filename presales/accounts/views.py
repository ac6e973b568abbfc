import time

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from rest_framework.authtoken.models import Token

from presales.accounts.middleware import SESSION_STARTED_KEY
from presales.opportunities import selectors as opportunity_selectors
from presales.service_requests import selectors as request_selectors


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        # The absolute session timeout counts from this moment (SessionTimeoutMiddleware),
        # not from the first page the browser asks for afterwards.
        self.request.session[SESSION_STARTED_KEY] = int(time.time())
        return response


@login_required
def home(request):
    """My work: my active opportunities, my open tasks (overdue first), what waits for me."""
    return render(
        request,
        "accounts/home.html",
        {
            "nav": "home",
            **opportunity_selectors.my_work(request.user),
            "my_requests": request_selectors.open_for_engineer(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def api_token(request):
    """The user's token for the JSON API (/api/docs/): shown once made, with its expiry; POST
    makes a new one (the old stops working) or, with action=revoke, revokes it."""
    from presales.api import services as api_services

    if request.method == "POST":
        action = request.POST.get("action", "create")
        if action == "revoke":
            if api_services.token_revoke(user=request.user):
                messages.success(request, _("Your API token was revoked: it no longer works."))
        elif action == "create":
            api_services.token_create(user=request.user)
        else:
            return HttpResponseBadRequest(_("Unknown action."))
        return redirect("api_token")
    token = Token.objects.filter(user=request.user).first()
    return render(
        request,
        "accounts/api_token.html",
        {
            "token": token,
            "expires_at": api_services.token_expires_at(token) if token else None,
            "expired": api_services.token_is_expired(token) if token else False,
        },
    )
