"""The quicker teardown of transactional tests (tests/flush.py) leaves what Django's flush
leaves: every table empty but the four post_migrate ones, which hold what post_migrate puts
back."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import connection

from tests import flush


def _rows_per_table() -> dict[str, int]:
    tables = connection.introspection.django_table_names(only_existing=True,
                                                         include_views=False)
    counts = {}
    with connection.cursor() as cursor:
        for name in tables:
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(name)}")  # noqa: S608
            counts[name] = cursor.fetchone()[0]
    return counts


def _flush_like_django() -> dict[str, int]:
    call_command("flush", verbosity=0, interactive=False)
    flush._tables["default"] = connection.introspection.django_table_names(
        only_existing=True, include_views=False)
    flush._after_flush["default"] = flush._post_migrate_rows("default")
    return _rows_per_table()


@pytest.mark.django_db(transaction=True)
def test_deleting_the_test_rows_gives_what_flush_gives(user_factory):
    from cms.models import Edition, Room, Theme
    from conference.common.services import record_audit

    after_flush = _flush_like_django()
    edition = Edition.objects.create(year=2024, name="Hội thảo 2024",
                                     start_date=datetime.date(2024, 10, 25),
                                     end_date=datetime.date(2024, 10, 25))
    assert after_flush["auth_permission"] > 100 and after_flush["auth_group"] == 5
    # A test's rows in several apps' tables, linked by (deferrable) foreign keys and
    # many-to-many rows, the referenced rows created first.
    judge = user_factory()
    judge.groups.add(Group.objects.get(name="Judge"))
    room = Room.objects.create(edition=edition, name="Phòng A")
    Theme.objects.create(edition=edition, name="Dữ liệu", slug="du-lieu")
    record_audit(action="test.flush", obj=room, actor=judge)
    grown = {name: n for name, n in _rows_per_table().items() if n != after_flush[name]}
    assert len(grown) >= 6, grown

    assert flush._delete_test_rows("default") is True
    assert _rows_per_table() == after_flush


@pytest.mark.django_db(transaction=True)
def test_a_test_that_changed_a_role_gets_djangos_flush(user_factory):
    _flush_like_django()
    Group.objects.get(name="Judge").permissions.add(Permission.objects.first())
    assert flush._delete_test_rows("default") is False
    Group.objects.create(name="Ad hoc")
    assert flush._delete_test_rows("default") is False
