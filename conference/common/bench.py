"""The bare-Django ceiling for `make bench`: routed only when GOVCONF_BENCH_ENDPOINTS is on.

One indexed SELECT and one INSERT through the whole middleware stack: what any page of ours that
reads a row and writes one could at best do on this machine.
"""

from django.db import connection
from django.http import JsonResponse
from django.utils import timezone

PROBE_TABLE = "bench_probe"


def create_probe_table() -> None:
    """The table the ceiling writes to; made by the bench runner, never by migrations."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {PROBE_TABLE} "
                "(id bigserial PRIMARY KEY, user_id bigint, created_at timestamptz NOT NULL)"
            )
        else:
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {PROBE_TABLE} "
                "(id integer PRIMARY KEY AUTOINCREMENT, user_id integer, created_at text NOT NULL)"
            )


def ceiling(request):
    email = request.GET.get("email", "organizer@govconf.local")
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM accounts_user WHERE email = %s", [email])
        row = cursor.fetchone()
        cursor.execute(
            f"INSERT INTO {PROBE_TABLE} (user_id, created_at) VALUES (%s, %s)",  # noqa: S608
            [row[0] if row else None, timezone.now()],
        )
    return JsonResponse({"user": row[0] if row else None})
