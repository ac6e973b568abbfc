"""What customers put in the one search: customers and their contacts (registered by the search
app, since the core may not import it).

A customer is found by its name, short name, region and notes; a contact by his name, title
and customer. Who finds them is customers.access: a contact is seen exactly when its customer
is. The "industry" facet shows the customers' Industry labels for every source that sets it.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from presales.accounts.models import User
from presales.accounts.roles import sees_all
from presales.customers.access import contacts_visible_to, customers_visible_to
from presales.customers.models import Contact, Customer, Industry
from presales.search.registry import Passage, Source, register, register_facet_labels, related_by


def _join(*parts: str) -> str:
    return "\n".join(part for part in parts if part)


def customer_passage(customer: Customer) -> Passage:
    return Passage(
        title=customer.name,
        body=_join(customer.region, customer.address, customer.notes),
        url=reverse("customers:detail", args=[customer.pk]),
        keywords=_join(customer.short_name, customer.region),
        industry=customer.industry,
        year=customer.created_at.year if customer.created_at else None,
        updated_at=customer.updated_at,
    )


def contact_passage(contact: Contact) -> Passage:
    customer = contact.customer
    return Passage(
        title=f"{contact.name}（{customer.short_name or customer.name}）",
        body=_join(contact.title, contact.concerns),
        url=reverse("customers:detail", args=[customer.pk]),
        keywords=_join(contact.title, contact.phone, contact.email, customer.name, customer.short_name),
        industry=customer.industry,
    )


def customers_visible(user: User) -> QuerySet | None:
    """None for the roles that see every customer: no IN over every row."""
    return None if sees_all(user) else customers_visible_to(user).values("pk")


def contacts_visible(user: User) -> QuerySet | None:
    return None if sees_all(user) else contacts_visible_to(user).values("pk")


register(
    Source(
        type="customer",
        label=_("Customer"),
        model="customers.Customer",
        document=customer_passage,
        queryset=lambda: Customer.objects.all(),
        visible=customers_visible,
        order=20,
    )
)
register(
    Source(
        type="contact",
        label=_("Contact"),
        model="customers.Contact",
        document=contact_passage,
        queryset=lambda: Contact.objects.select_related("customer"),
        visible=contacts_visible,
        # A contact's title and keywords show the customer's name.
        related=(related_by("customers.Customer", Contact, "customer_id"),),
        order=25,
    )
)
register_facet_labels("industry", lambda: {value: str(label) for value, label in Industry.choices})
