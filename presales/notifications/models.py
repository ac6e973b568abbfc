"""In-app notifications. The text is rendered when read, in the reader's language, from a
kind and the names it needs (so nothing is stored in the sender's language)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from presales.lib.forms import TEXT_LONG


class NotificationKind(models.TextChoices):
    APPROVAL_REQUESTED = "approval_requested", _("Approval requested")
    APPROVAL_APPROVED = "approval_approved", _("Approved")
    APPROVAL_REJECTED = "approval_rejected", _("Rejected")
    APPROVAL_WITHDRAWN = "approval_withdrawn", _("Approval withdrawn")
    STEP_DECIDED = "step_decided", _("Approval step decided")
    REQUEST_SUBMITTED = "request_submitted", _("Service request submitted")
    REQUEST_ASSIGNED = "request_assigned", _("Service request assigned")
    REQUEST_ACCEPTED = "request_accepted", _("Service request accepted")
    REQUEST_DECLINED = "request_declined", _("Service request declined")
    REQUEST_DELIVERED = "request_delivered", _("Service request delivered")
    REQUEST_CLOSED = "request_closed", _("Service request closed")
    REQUEST_REJECTED = "request_rejected", _("Service request rejected")
    REQUEST_CANCELLED = "request_cancelled", _("Service request cancelled")
    FOLLOW_UP_DUE = "follow_up_due", _("Follow-up due")
    LIBRARY_REVIEW_DUE = "library_review_due", _("Library documents due for review")
    TENDER_DEADLINE = "tender_deadline", _("Tender deadline")
    CLAUSES_ASSIGNED = "clauses_assigned", _("Tender clauses assigned")


# What the reader sees: %(actor)s and %(subject)s are filled in when it is shown.
MESSAGES = {
    NotificationKind.APPROVAL_REQUESTED: _("%(actor)s asks you to approve %(subject)s"),
    NotificationKind.APPROVAL_APPROVED: _("%(subject)s is approved"),
    NotificationKind.APPROVAL_REJECTED: _("%(actor)s rejected %(subject)s"),
    NotificationKind.APPROVAL_WITHDRAWN: _("%(actor)s withdrew %(subject)s from approval"),
    NotificationKind.STEP_DECIDED: _("%(actor)s approved a step of %(subject)s"),
    NotificationKind.REQUEST_SUBMITTED: _("%(actor)s filed service request %(subject)s"),
    NotificationKind.REQUEST_ASSIGNED: _("%(actor)s assigned service request %(subject)s to you"),
    NotificationKind.REQUEST_ACCEPTED: _("%(actor)s accepted service request %(subject)s"),
    NotificationKind.REQUEST_DECLINED: _("%(actor)s declined service request %(subject)s"),
    NotificationKind.REQUEST_DELIVERED: _("%(actor)s delivered service request %(subject)s"),
    NotificationKind.REQUEST_CLOSED: _("%(actor)s closed service request %(subject)s"),
    NotificationKind.REQUEST_REJECTED: _("%(actor)s rejected service request %(subject)s"),
    NotificationKind.REQUEST_CANCELLED: _("%(actor)s cancelled service request %(subject)s"),
    NotificationKind.FOLLOW_UP_DUE: _("Follow-up due: %(subject)s"),
    NotificationKind.LIBRARY_REVIEW_DUE: _("Your library documents due for review: %(subject)s"),
    NotificationKind.TENDER_DEADLINE: _("Tender deadline: %(subject)s"),
    NotificationKind.CLAUSES_ASSIGNED: _("%(actor)s gave you clauses to answer: %(subject)s"),
}


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    subject = models.CharField(_("subject"), max_length=300)
    url = models.CharField(_("link"), max_length=300, blank=True)
    comment = models.TextField(_("comment"), blank=True, max_length=TEXT_LONG)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        actor = self.actor.display_name if self.actor else ""
        return str(MESSAGES[self.kind]) % {"actor": actor, "subject": self.subject}


class MailStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed, will retry")
    GIVEN_UP = "given_up", _("Given up")
    CANCELLED = "cancelled", _("Not needed")


class OutgoingMail(models.Model):
    """One e-mail to one address, written in the transaction that made its notification, so
    a message exists (and can be retried and seen in the admin) even when the mail server is
    down. The queue (presales/notifications/outbox.py) sends it and records each attempt."""

    notification = models.ForeignKey(
        Notification,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mails",
        verbose_name=_("notification"),
    )
    recipient = models.EmailField(_("recipient"))
    from_email = models.CharField(_("sender"), max_length=254)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"), max_length=TEXT_LONG)
    status = models.CharField(_("status"), max_length=10, choices=MailStatus.choices, default=MailStatus.QUEUED)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True, max_length=TEXT_LONG)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_attempt_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mail")
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        constraints = [
            # Waiting rows always say when they are tried next; finished rows never do.
            models.CheckConstraint(
                condition=(
                    models.Q(status__in=["queued", "failed"], next_attempt_at__isnull=False)
                    | (~models.Q(status__in=["queued", "failed"]) & models.Q(next_attempt_at__isnull=True))
                ),
                name="outgoingmail_next_attempt_when_waiting",
            ),
            models.CheckConstraint(
                condition=models.Q(status="sent", sent_at__isnull=False) | ~models.Q(status="sent"),
                name="outgoingmail_sent_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.subject}"
