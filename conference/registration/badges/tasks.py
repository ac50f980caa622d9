from django_tasks import task

from . import services


@task()
def render_badge_batch_task(batch_id: int) -> None:
    services.render_badge_batch(batch_id=batch_id)
