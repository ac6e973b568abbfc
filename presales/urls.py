from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from presales.accounts import views as account_views
from presales.api import views as api_views
from presales.knowledge import urls_reuse as knowledge_reuse

# The admin under the product's name (not "Django 管理").
admin.site.site_header = admin.site.site_title = _("Presales Workbench administration")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("", account_views.home, name="home"),
    path("accounts/login/", account_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(template_name="registration/password_change.html"),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="registration/password_change_done.html"),
        name="password_change_done",
    ),
    path("accounts/profile/", account_views.profile, name="profile"),
    path("accounts/api-token/", api_views.api_token, name="api_token"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("customers/", include("presales.customers.urls")),
    path("opportunities/", include("presales.opportunities.urls")),
    path("approvals/", include("presales.approvals.urls")),
    path("notifications/", include("presales.notifications.urls")),
    path("requests/", include("presales.service_requests.urls")),
    path("solutions/", include("presales.solutions.urls")),
    path("solutions/", include("presales.handover.urls")),
    path("catalog/", include("presales.catalog.urls")),
    path("quotes/", include("presales.quotes.urls")),
    path("responses/", include("presales.responses.urls")),
    path("contracts/", include("presales.contracts.urls")),
    path("answers/", include("presales.answers.urls")),
    path("search/", include("presales.search.urls")),
    path("tenders/", include("presales.tenders.urls")),
    # The library's success cases, competitor profiles and document links (presales.knowledge).
    path("library/cases/", include((knowledge_reuse.case_patterns, "cases"))),
    path("library/competitors/", include((knowledge_reuse.competitor_patterns, "competitors"))),
    path("library/links/", include((knowledge_reuse.link_patterns, "library_links"))),
    path("library/", include("presales.knowledge.urls")),
    path("api/", include("presales.api.urls")),
    path("admin/", admin.site.urls),
]
