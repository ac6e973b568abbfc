from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default = True  # the app's config (AxesConfig below is django-axes')
    name = "presales.accounts"
    verbose_name = _("Accounts and roles")

    def ready(self):
        from django.contrib.auth.models import Group

        from presales.accounts.roles import group_label

        # A role's group keeps its code as its name (the code finds groups by name); wherever
        # a group is written for people (the admin's lists, filters and choosers, approval
        # steps' roles) it shows the role's label.
        Group.__str__ = group_label


class AxesConfig(AxesAppConfig):
    """django-axes (log-in throttling) under a name the admin shows in the user's language."""

    verbose_name = _("Log-in throttling")
