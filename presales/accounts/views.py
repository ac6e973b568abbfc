import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from presales.accounts import services
from presales.accounts.forms import LanguageForm
from presales.accounts.middleware import SESSION_STARTED_KEY
from presales.accounts.models import LanguageChoice
from presales.lib.sections import by_slot, sections_for
from presales.lib.views import next_url, save_form_through


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


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    """His own settings: the language of his pages (also the navbar's language switch, which
    posts here with `next`)."""
    form = LanguageForm(request.POST or None, initial={"language": request.user.language}, prefix="profile")
    if request.method == "POST":
        if form.is_valid() and save_form_through(
            form,
            lambda: services.language_choose(user=request.user, language=form.cleaned_data["language"]),
            field="language",
        ):
            translation.activate(request.user.language or settings.LANGUAGE_CODE)
            messages.success(request, _("Your language is saved."))
            return redirect(next_url(request, reverse("profile")))
    organisation_language = dict(LanguageChoice.choices).get(settings.LANGUAGE_CODE, settings.LANGUAGE_CODE)
    return render(request, "accounts/profile.html", {"form": form, "organisation_language": organisation_language})
