from django_tasks import task

from . import services


@task()
def run_certificate_batch_task(batch_id: int) -> None:
    services.run_certificate_batch(batch_id=batch_id)
