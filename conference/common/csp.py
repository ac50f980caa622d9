"""The Content-Security-Policy on every response (django-csp), one policy for the whole site.

Our pages run no inline script: scripts come from our static files, data reaches them through
``json_script`` (which the browser never executes). The policy carries no per-request nonce, so a
page served from the anonymous page cache (cms/pagecache.py) carries the same header as a fresh
one. Styles may be inline (``style`` attributes: the seating grid, progress bars).

Wagtail's admin writes small inline scripts into its own templates (date pickers, inline panels,
workflow), each different per page, so no fixed hash can allow them: under ``/admin/`` the policy
also allows inline scripts, and nothing else changes.
"""

from dataclasses import replace

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.urls import reverse


class SiteCSPMiddleware(CSPMiddleware):
    _admin_prefix: str | None = None

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if self._admin_prefix is None:
            type(self)._admin_prefix = reverse("wagtailadmin_home")
        if request.path_info.startswith(self._admin_prefix):
            update = dict(parts.update or {})
            update["script-src"] = [*update.get("script-src", []), UNSAFE_INLINE]
            parts = replace(parts, update=update)
        return parts
