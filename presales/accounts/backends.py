"""Model permissions for the admin role.

Roles are groups that carry no Django permissions (presales.accounts.roles decides what each
role may do in the pages). The admin screens, though, ask for model permissions: holders of
the admin role get all of them, as superusers do, so that an administrator made on the user
screen (role "admin" + staff status) can manage users, roles and stage templates.
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from presales.accounts.roles import Role, has_role


class RoleModelBackend(ModelBackend):
    def has_perm(self, user_obj, perm, obj=None):
        if user_obj.is_active and has_role(user_obj, Role.ADMIN):
            return True
        return super().has_perm(user_obj, perm, obj)

    def has_module_perms(self, user_obj, app_label):
        if user_obj.is_active and has_role(user_obj, Role.ADMIN):
            return True
        return super().has_module_perms(user_obj, app_label)
