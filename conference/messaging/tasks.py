from django_tasks import task

from . import services


@task()
def send_broadcast_task(broadcast_id: int) -> int:
    return services.send_broadcast(broadcast_id=broadcast_id)


@task()
def send_due_broadcasts_task() -> int:
    return services.send_due_broadcasts()
