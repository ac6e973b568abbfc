from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from presales.opportunities import selectors as opportunity_selectors


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True


@login_required
def home(request):
    """My work: my active opportunities, my open tasks (overdue first), what waits for me."""
    return render(request, "accounts/home.html", {"nav": "home", **opportunity_selectors.my_work(request.user)})
