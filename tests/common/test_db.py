"""Prepared statements for hot queries (conference.common.db) on real PostgreSQL."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from conference.common.db import fetch_one_prepared, statement_name

pytestmark = pytest.mark.django_db(transaction=True)

SQL = "SELECT %s::int + %s::int, %s::text"


def _run(params):
    with CaptureQueriesContext(connection) as queries:
        row = fetch_one_prepared(SQL, params)
    return row, [query["sql"].split()[0] for query in queries.captured_queries]


def test_prepared_once_per_connection_then_executed():
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are a PostgreSQL path")
    connection.close()
    assert _run([1, 2, "Đà Nẵng"]) == ((3, "Đà Nẵng"), ["PREPARE", "EXECUTE"])
    assert _run([40, 2, "x'); DROP TABLE x; --"]) == ((42, "x'); DROP TABLE x; --"), ["EXECUTE"])
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE name = %s",
                       [statement_name(SQL)])
        assert cursor.fetchone() == (1,)
    # A new connection (a reconnect after an error or CONN_MAX_AGE) prepares it again.
    connection.close()
    assert _run([5, 5, None]) == ((10, None), ["PREPARE", "EXECUTE"])


def test_statement_prepared_in_a_rolled_back_transaction_still_works():
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are a PostgreSQL path")
    connection.close()

    class Rollback(Exception):
        pass

    with pytest.raises(Rollback), transaction.atomic():
        assert fetch_one_prepared(SQL, [1, 1, "a"]) == (2, "a")
        raise Rollback
    assert _run([2, 2, "b"]) == ((4, "b"), ["EXECUTE"])


def test_can_be_switched_off_for_transaction_poolers(settings):
    settings.DATABASE_PREPARED_STATEMENTS = False
    row, kinds = _run([1, 2, "c"])
    assert row == (3, "c") and kinds == ["SELECT"]


def _audit_row(**overrides):
    from conference.common.models import AuditEntry

    values = {"action": "test.prepared", "object_type": "x", "object_id": "1",
              "object_repr": "Nguyễn Thị Đào", "ip_address": "203.113.1.2",
              "data": {"seats": 2, "note": "Đà Nẵng"}}
    return AuditEntry(**{**values, **overrides})


def test_insert_prepared_writes_the_row_save_would_write():
    from conference.common.db import insert_prepared
    from conference.common.models import AuditEntry

    connection.close()
    row = _audit_row()
    with CaptureQueriesContext(connection) as queries:
        insert_prepared(row)
    kinds = [query["sql"].split()[0] for query in queries.captured_queries]
    if connection.vendor == "postgresql":
        assert kinds == ["PREPARE", "EXECUTE"]
    assert row.pk is not None and not row._state.adding
    assert row.created_at is not None  # auto_now_add, as save() sets it
    stored = AuditEntry.objects.get(pk=row.pk)
    twin = _audit_row()
    twin.save()
    twin = AuditEntry.objects.get(pk=twin.pk)
    fields = ["action", "object_type", "object_id", "object_repr", "ip_address", "data",
              "actor_id", "device"]
    assert [getattr(stored, f) for f in fields] == [getattr(twin, f) for f in fields]
    assert stored.created_at == row.created_at
    # The second row of the same model reuses the statement.
    with CaptureQueriesContext(connection) as queries:
        insert_prepared(_audit_row(action="test.second"))
    if connection.vendor == "postgresql":
        assert [q["sql"].split()[0] for q in queries.captured_queries] == ["EXECUTE"]


def test_insert_prepared_sends_the_values_save_would_send():
    """insert_prepared passes a plain value (a str in a CharField, an int in a foreign key, an
    aware datetime...) as it is, without the field's methods: exactly what
    get_db_prep_save(pre_save()) would give, of the same type. Anything else goes through the
    field: a lazy translation, a TextChoices member, an int in a BooleanField, a bool in an
    integer field, an auto_now_add time."""
    from datetime import UTC, datetime

    from django.utils.translation import gettext_lazy

    from checkin.enums import ScanResult
    from checkin.models import Scan
    from conference.common.db import _db_value, _insert_statement
    from conference.registration.models import Registration

    at = datetime(2026, 11, 27, 1, 30, tzinfo=UTC)
    rows = [
        Scan(point_id=1, device_id=2, by_id=None, nonce="n-0001", code=gettext_lazy("Scanner"),
             result=ScanResult.ADMITTED, reason="", direction="entry", counts_once=True,
             scanned_at=at, method="camera", offline=1, local_result=""),
        Registration(edition_id=3, category_id=4, contact_email="a@b.vn", quantity=True,
                     amount_vnd=500_000, hold_expires_at=at, reference="ACDEFGHJ",
                     consent_at=at, client_ip="2001:DB8::1"),
    ]
    for row in rows:
        fields, _sql = _insert_statement(type(row), False, None)
        kinds = {field.name: kind for field, kind in fields}
        assert kinds["created_at" if type(row) is Registration else "recorded_at"] is None
        for field, kind in fields:
            if getattr(field, "auto_now_add", False) or getattr(field, "auto_now", False):
                assert kind is None
                continue  # the time save() sets: checked by the test above
            fast = _db_value(field, kind, row, connection)
            slow = field.get_db_prep_save(field.pre_save(row, True), connection)
            assert (field.name, fast, type(fast)) == (field.name, slow, type(slow))
    scan_kinds = {field.name: kind for field, kind in _insert_statement(Scan, False, None)[0]}
    assert (scan_kinds["nonce"], scan_kinds["device"], scan_kinds["scanned_at"]) == (
        str, int, datetime)


def test_insert_prepared_refuses_what_the_database_refuses():
    from django.db import IntegrityError

    from conference.common.db import insert_prepared

    first = _audit_row()
    insert_prepared(first)
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_prepared(_audit_row(id=first.pk))


def test_insert_prepared_sends_the_save_signals():
    from django.db.models.signals import post_save, pre_save

    from conference.common.db import insert_prepared
    from conference.common.models import AuditEntry

    seen = []

    def before(sender, instance, **kwargs):
        seen.append(("pre", instance.pk, instance.created_at))

    def after(sender, instance, created, **kwargs):
        seen.append(("post", instance.pk, created))

    pre_save.connect(before, sender=AuditEntry, dispatch_uid="test_insert_prepared")
    post_save.connect(after, sender=AuditEntry, dispatch_uid="test_insert_prepared")
    try:
        row = _audit_row()
        insert_prepared(row)
    finally:
        pre_save.disconnect(sender=AuditEntry, dispatch_uid="test_insert_prepared")
        post_save.disconnect(sender=AuditEntry, dispatch_uid="test_insert_prepared")
    assert seen == [("pre", None, None), ("post", row.pk, True)]


def _key(key_hash: str, name: str = "Cổng đăng ký Sở TT&TT"):
    from conference.registration.models import ApiKey

    return ApiKey(name=name, key_hash=key_hash, key_hint=key_hash[:8])


@pytest.mark.parametrize("prepared", [True, False])
def test_insert_prepared_unless_taken_writes_nothing_for_a_taken_value(settings, prepared):
    """A random code already taken: nothing written, no post_save, False; the caller's
    transaction goes on (no savepoint needed on PostgreSQL, one around save() elsewhere)."""
    from django.db.models.signals import post_save

    from conference.common.db import insert_prepared
    from conference.registration.models import ApiKey

    settings.DATABASE_PREPARED_STATEMENTS = prepared
    first = _key("a" * 64)
    assert insert_prepared(first, unless_taken="key_hash") is True
    saved = []

    def after(sender, instance, **kwargs):
        saved.append(instance.pk)

    post_save.connect(after, sender=ApiKey, dispatch_uid="test_unless_taken")
    try:
        with transaction.atomic():
            taken = _key("a" * 64, name="taken")
            assert insert_prepared(taken, unless_taken="key_hash") is False
            assert taken.pk is None
            fresh = _key("b" * 64, name="fresh")
            assert insert_prepared(fresh, unless_taken="key_hash") is True
    finally:
        post_save.disconnect(sender=ApiKey, dispatch_uid="test_unless_taken")
    assert saved == [fresh.pk]
    assert list(ApiKey.objects.order_by("pk").values_list("name", "key_hash")) == [
        ("Cổng đăng ký Sở TT&TT", "a" * 64), ("fresh", "b" * 64)]


@pytest.mark.parametrize("prepared", [True, False])
def test_insert_prepared_unless_taken_still_refuses_other_faults(settings, prepared):
    from django.db import IntegrityError

    from conference.common.db import insert_prepared

    settings.DATABASE_PREPARED_STATEMENTS = prepared
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_prepared(_key("c" * 64, name=None), unless_taken="key_hash")


@pytest.mark.parametrize("prepared", [True, False])
def test_first_row_reads_the_row_the_orm_would_read(settings, prepared):
    """The API key's read and the capacity locks: equal fields, NULL fields, the first by
    primary key, every concrete field loaded; the same answer with and without preparing."""
    from django.utils import timezone

    from conference.common.db import first_row
    from conference.registration.models import ApiKey

    settings.DATABASE_PREPARED_STATEMENTS = prepared
    revoked = _key("d" * 64, name="Thu hồi")
    revoked.revoked_at = timezone.now()
    revoked.save()
    live = _key("e" * 64)
    live.save()

    found = first_row(ApiKey, {"key_hash": "e" * 64}, null=("revoked_at",))
    assert (found.pk, found.name, found.key_hint, found.revoked_at) == (
        live.pk, "Cổng đăng ký Sở TT&TT", "e" * 8, None)
    assert found._state.adding is False
    assert first_row(ApiKey, {"key_hash": "d" * 64}, null=("revoked_at",)) is None
    assert first_row(ApiKey, {"key_hash": "d" * 64}).pk == revoked.pk
    assert first_row(ApiKey, {"key_hash": "f" * 64}) is None
    with transaction.atomic():
        assert first_row(ApiKey, {"key_hash": "e" * 64}, for_update=True).pk == live.pk
