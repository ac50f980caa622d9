from django_tasks import task

from . import services


@task()
def render_letter_batch_task(batch_id: int) -> None:
    services.render_letter_batch(batch_id=batch_id)
