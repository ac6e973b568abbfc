from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceRequestsConfig(AppConfig):
    name = "presales.service_requests"
    verbose_name = _("Service requests")

    def ready(self):
        from presales.customers.access import SeenThrough, register_seen_through
        from presales.lib import sections
        from presales.service_requests import access
        from presales.service_requests import selectors as section_selectors

        # The engineer who accepted a request filed on a customer alone sees that customer.
        register_seen_through(SeenThrough(relation="service_requests", visible_to=access.accepted_without_opportunity))
        sections.register(
            "opportunity",
            sections.Section(
                key="service_requests",
                title=_("Service requests"),
                template="service_requests/_opportunity_section.html",
                context=lambda opportunity, user: {
                    "service_requests_section": section_selectors.for_opportunity(opportunity, user)
                },
                order=40,
            ),
        )
        sections.register(
            "customer",
            sections.Section(
                key="service_requests",
                title=_("Service requests"),
                template="service_requests/_customer_section.html",
                context=lambda customer, user: {
                    "service_requests_section": section_selectors.for_customer(customer, user)
                },
                order=40,
            ),
        )
        sections.register(
            "my_work",
            sections.Section(
                key="service_requests",
                title=_("Service requests assigned to me"),
                template="service_requests/_my_work_section.html",
                context=lambda _obj, user: {"my_requests": section_selectors.open_for_engineer(user)},
                order=20,
                slot="side",
            ),
        )
