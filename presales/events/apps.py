from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """The one event stream (presales.events.models.Event) and the kinds the apps declare."""

    name = "presales.events"
    verbose_name = _("Events")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        from presales.events import selectors
        from presales.lib import sections

        # Each app declares its kinds in <app>/events.py (as the admin finds admin.py): once
        # every app is loaded the set is complete, whoever reads it first.
        autodiscover_modules("events")
        sections.register(
            "my_work",
            sections.Section(
                key="my_activity",
                title=_("My recent activity"),
                template="events/_my_work_section.html",
                context=lambda _obj, user: {"my_events": selectors.by_actor(user)},
                order=50,
            ),
        )
