from presales.accounts.roles import Role, has_role, is_manager, sees_all, sees_cost, user_roles


def roles(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "my_roles": user_roles(user),
        "i_see_all": sees_all(user),
        "i_manage": is_manager(user),
        # The presales manager's dispatch queue (service_requests.access.is_dispatcher).
        "i_dispatch": has_role(user, Role.PRESALES_MANAGER, Role.ADMIN),
        "i_see_cost": sees_cost(user),
    }
