"""Roles are groups, created after migrate with the permissions listed in roles.py."""

from django.contrib.auth.models import Group, Permission

from conference.accounts.roles import (
    AWARDS_SECRETARIAT,
    CHECKIN_STAFF,
    JUDGE,
    ORGANIZER,
    REGISTRATION_DESK,
    ROLE_PERMISSIONS,
    needs_mfa,
    sync_roles,
)


def perms(group: Group) -> set[str]:
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


def existing(names: list[str]) -> set[str]:
    found = set()
    for name in names:
        app_label, codename = name.split(".", 1)
        if Permission.objects.filter(content_type__app_label=app_label, codename=codename).exists():
            found.add(name)
    return found


def test_the_five_roles_exist_after_migrate(db):
    names = {ORGANIZER, REGISTRATION_DESK, CHECKIN_STAFF, AWARDS_SECRETARIAT, JUDGE}
    assert names <= set(Group.objects.values_list("name", flat=True))
    for role, wanted in ROLE_PERMISSIONS.items():
        assert perms(Group.objects.get(name=role)) == existing(wanted), role


def test_organizer_can_run_the_site(db):
    organizer = perms(Group.objects.get(name=ORGANIZER))
    assert {
        "wagtailadmin.access_admin",
        "wagtailcore.add_page",
        "wagtailcore.change_page",
        "wagtailcore.publish_page",
        "wagtailimages.add_image",
        "cms.change_edition",
    } <= organizer
    assert "wagtailadmin.access_admin" in perms(Group.objects.get(name=REGISTRATION_DESK))


def test_sync_is_idempotent(db):
    before = {g.name: perms(g) for g in Group.objects.all()}
    sync_roles()
    sync_roles()
    assert {g.name: perms(g) for g in Group.objects.all()} == before


def test_who_needs_mfa(user_factory):
    attendee = user_factory()
    desk = user_factory()
    desk.groups.add(Group.objects.get(name=REGISTRATION_DESK))
    admin = user_factory(is_superuser=True)
    assert (needs_mfa(attendee), needs_mfa(desk), needs_mfa(admin)) == (False, True, True)
