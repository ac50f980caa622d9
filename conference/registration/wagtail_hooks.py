# Badge tools (attendee badge page, batches) register their own admin URLs and menu items.
from .badges import wagtail_hooks as _badge_hooks  # noqa: F401
