from presales.accounts.roles import dispatches, is_manager, sees_all, sees_cost, user_roles


def roles(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "my_roles": user_roles(user),
        "i_see_all": sees_all(user),
        "i_manage": is_manager(user),
        "i_dispatch": dispatches(user),
        "i_see_cost": sees_cost(user),
    }
