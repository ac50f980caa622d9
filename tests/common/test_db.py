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
