from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from presales.accounts.roles import Role
from presales.accounts.signals import password_changed


class Department(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    head = models.ForeignKey(
        "accounts.User",
        verbose_name=_("head"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self) -> str:
        return self.name


class LanguageChoice(models.TextChoices):
    """The language a user reads the product in. Each language is named in itself (as a
    language switcher does); blank follows the organisation's LANGUAGE_CODE."""

    ORGANISATION = "", _("Follow the organisation default")
    CHINESE = "zh-hans", "中文"
    ENGLISH = "en", "English"


class User(AbstractUser):
    """A person of the company. Roles are groups (see presales.accounts.roles)."""

    full_name = models.CharField(_("full name"), max_length=50, blank=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    title = models.CharField(_("job title"), max_length=50, blank=True)
    skills = models.CharField(
        _("skills"),
        max_length=300,
        blank=True,
        help_text=_("What the person is good at, separated by commas (shown when dispatching requests)"),
    )
    # Applied after log-in by UserLanguageMiddleware; the browser's language only counts before.
    language = models.CharField(_("language"), max_length=10, blank=True, default="", choices=LanguageChoice.choices)

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name

    # Set by set_unusable_password() until the next save (set_password() keeps `_password`).
    _password_disabled = False
    _password_unsaved = False  # set_password(), then a save(update_fields=…) without "password"

    def set_unusable_password(self) -> None:
        super().set_unusable_password()
        self._password_disabled = True

    def save(self, *args, **kwargs) -> None:
        """Django has no "password changed" signal; this is the one place every path goes
        through. set_password() keeps the new raw password in `_password` until the save, and
        Django clears it itself when it only re-hashes an unchanged password at log-in."""
        update_fields = kwargs.get("update_fields")
        saves_password = update_fields is None or "password" in update_fields
        pending = self._password is not None or self._password_disabled or self._password_unsaved
        changed = not self._state.adding and saves_password and pending
        super().save(*args, **kwargs)
        # A save of other fields does not store the new password: the next full save does.
        self._password_unsaved = pending and not saves_password
        self._password_disabled = False
        if changed:
            password_changed.send(sender=type(self), user=self)

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    def get_short_name(self) -> str:
        """How the user is greeted (the admin's "欢迎，…"): his whole name. Django's given
        name alone (first_name) cuts a Chinese name to its last characters."""
        return self.display_name

    def role_labels(self) -> list[str]:
        """Labels of the roles held, read from groups (prefetch them on lists)."""
        codes = {group.name for group in self.groups.all()}
        if self.is_superuser:
            codes.add(Role.ADMIN)
        return [str(Role(code).label) for code in Role.values if code in codes]
