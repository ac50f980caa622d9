from django_tasks import task

from . import services


@task()
def prepare_report_task(report_id: int) -> None:
    services.run_report(report_id=report_id)
