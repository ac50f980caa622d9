"""A quicker end for transactional tests, with the very same result as Django's.

After a transactional test (``django_db(transaction=True)``, live-server browser tests) Django
empties every table with one TRUNCATE of all ~110 tables, then emits post_migrate, which fills
four tables again: content types, permissions, and the role groups with their permissions
(conference.accounts.roles). That costs 3-12 s a test on a busy machine, mostly to recreate the
files of tables the test never touched.

Here the test's rows go with DELETE, from the tables that have any (found in one query), and the
four post_migrate tables are kept when they hold exactly what post_migrate would put back (as
recorded after the first real flush); otherwise, or if anything fails, Django's own flush runs.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connections, transaction
from django.test.testcases import TransactionTestCase

_django_teardown = TransactionTestCase._fixture_teardown
# Per database: what post_migrate leaves after a flush, and the tables a flush empties.
_after_flush: dict[str, tuple] = {}
_tables: dict[str, list[str]] = {}


def _post_migrate_rows(alias: str) -> tuple:
    return (
        sorted(ContentType.objects.using(alias).values_list("app_label", "model")),
        sorted(Permission.objects.using(alias).values_list("content_type__app_label",
                                                           "codename")),
        sorted(Group.objects.using(alias).values_list("name", "permissions__codename"),
               key=repr),
    )


def _kept_tables() -> set[str]:
    return {ContentType._meta.db_table, Permission._meta.db_table, Group._meta.db_table,
            Group.permissions.through._meta.db_table}


def _delete_test_rows(alias: str) -> bool:
    """Empty every table but the post_migrate ones; False if that cannot give flush's result."""
    if alias not in _after_flush or _post_migrate_rows(alias) != _after_flush[alias]:
        return False
    connection = connections[alias]
    quote = connection.ops.quote_name
    tables = [name for name in _tables[alias] if name not in _kept_tables()]
    with connection.cursor() as cursor:
        cursor.execute(
            " UNION ALL ".join(
                f"SELECT %s WHERE EXISTS (SELECT 1 FROM {quote(name)})"  # noqa: S608
                for name in tables
            ),
            tables,
        )
        filled = [row[0] for row in cursor.fetchall()]
    try:
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            # Django's foreign keys are deferrable: delete in any order, checked at commit.
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for name in filled:
                cursor.execute(f"DELETE FROM {quote(name)}")  # noqa: S608
    except DatabaseError:
        return False
    return True


def _fixture_teardown(self) -> None:
    if self.available_apps is not None or self.serialized_rollback or self.reset_sequences:
        return _django_teardown(self)
    aliases = list(self._databases_names(include_mirrors=False))
    if all(_delete_test_rows(alias) for alias in aliases):
        return None
    _django_teardown(self)
    for alias in aliases:
        _tables[alias] = connections[alias].introspection.django_table_names(
            only_existing=True, include_views=False
        )
        _after_flush[alias] = _post_migrate_rows(alias)
    return None


def install():
    """Use the quicker teardown; returns the function that puts Django's back."""
    TransactionTestCase._fixture_teardown = _fixture_teardown

    def uninstall():
        TransactionTestCase._fixture_teardown = _django_teardown

    return uninstall
