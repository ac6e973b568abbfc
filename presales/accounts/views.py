import time

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

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
def api_token(request):
    """The user's token for the JSON API (/api/docs/): shown once made; POST makes a new one,
    which invalidates the old."""
    from rest_framework.authtoken.models import Token

    if request.method == "POST":
        Token.objects.filter(user=request.user).delete()
        Token.objects.create(user=request.user)
        return redirect("api_token")
    token = Token.objects.filter(user=request.user).first()
    return render(request, "accounts/api_token.html", {"token": token})
