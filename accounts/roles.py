"""The registry's roles as Django groups, and who may edit which network.

Practitioners see contact points marked for practitioners; network editors also edit the
networks assigned to them (NetworkEditor); the secretariat does everything. The groups'
permissions are kept in step after every migrate, so the Secretariat group stays complete
when an app adds permissions later.
"""

from django.apps import apps as global_apps

PRACTITIONERS = "Practitioners"
NETWORK_EDITORS = "Network editors"
SECRETARIAT = "Secretariat"

SECRETARIAT_PERMISSION = "accounts.secretariat"

PRACTITIONER_PERMISSIONS = [("networks", "view_practitioner_contacts")]
CALENDAR_AND_LIBRARY = [("meetings", "meeting"), ("library", "document")]
_ACTIONS = ("view", "add", "change", "delete")
_EDITABLE = ["membership", "relation", "contactpoint", "networkalias", "networksource", "statedcount"]
NETWORK_EDITOR_PERMISSIONS = [
    *PRACTITIONER_PERMISSIONS,
    ("networks", "view_network"),
    ("networks", "change_network"),
    *[("networks", f"{action}_{model}") for model in _EDITABLE for action in _ACTIONS],
    # Pick members and cite documents, without changing shared records.
    ("networks", "view_source"),
    ("networks", "add_source"),
    ("networks", "view_organisation"),
    ("networks", "view_topic"),
    ("countries", "view_jurisdiction"),
    ("countries", "view_region"),
    # Their networks' meetings and documents (accounts.admin_scope.NetworkListScopedAdminMixin).
    *[(app, f"{action}_{model}") for app, model in CALENDAR_AND_LIBRARY for action in _ACTIONS],
]


def groups_sync(apps):
    """Create the three groups and grant them their permissions (idempotent, only adds)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permissions(pairs):
        wanted = set(pairs)
        return [
            p
            for p in Permission.objects.select_related("content_type")
            if (p.content_type.app_label, p.codename) in wanted
        ]

    Group.objects.get_or_create(name=PRACTITIONERS)[0].permissions.add(*permissions(PRACTITIONER_PERMISSIONS))
    Group.objects.get_or_create(name=NETWORK_EDITORS)[0].permissions.add(*permissions(NETWORK_EDITOR_PERMISSIONS))
    Group.objects.get_or_create(name=SECRETARIAT)[0].permissions.add(*Permission.objects.all())


def groups_sync_after_migrate(sender, apps=global_apps, **kwargs):
    # Runs after each app's own permissions are created, so the last app completes the set.
    groups_sync(apps)


def is_secretariat(user):
    return user.is_active and user.has_perm(SECRETARIAT_PERMISSION)


def editable_network_ids(user):
    """Ids of the networks `user` may edit, or None for every network (the secretariat).

    One query, cached on the user object for the rest of the request.
    """
    if not (user.is_authenticated and user.is_active):
        return frozenset()
    if is_secretariat(user):
        return None
    if not hasattr(user, "_editable_network_ids"):
        user._editable_network_ids = frozenset(user.network_assignments.values_list("network_id", flat=True))
    return user._editable_network_ids
