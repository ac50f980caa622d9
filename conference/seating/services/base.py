"""What every write of a plan does first: lock the plan's row, refuse a locked plan."""

from django.utils.translation import gettext as _

from ..exceptions import SeatingError
from ..models import SeatingPlan


def locked_plan(plan_id: int) -> SeatingPlan:
    """The plan, its row locked until the caller's transaction ends; refuses a locked plan.

    Every write of a plan takes this lock first (one lock, one order), so that "lock the plan"
    and an assignment racing it cannot both win. The seat constraints stand behind it.
    """
    plan = SeatingPlan.objects.select_for_update().get(pk=plan_id)
    if plan.is_locked:
        raise SeatingError(
            _("The plan “%(plan)s” is locked: unlock it before changing seats.")
            % {"plan": plan}, code="plan_locked", status=409,
        )
    return plan
