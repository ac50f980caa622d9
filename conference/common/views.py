from django.db import connection
from django.http import JsonResponse


def healthz(request):
    """Load balancer probe: the app answers and its database does too."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
