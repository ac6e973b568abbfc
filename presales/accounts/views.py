import time

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from presales.accounts.middleware import SESSION_STARTED_KEY
from presales.lib.sections import by_slot, sections_for


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
    """My work: the sections the apps register for the page "my_work" (my opportunities, my
    open tasks, what waits for me …), by column."""
    columns = by_slot(sections_for("my_work", None, request.user), ("top", "main", "side"))
    return render(
        request,
        "accounts/home.html",
        {
            "nav": "home",
            "today": timezone.localdate(),
            **{f"{slot}_sections": shown for slot, shown in columns.items()},
        },
    )
