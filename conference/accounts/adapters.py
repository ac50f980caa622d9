from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import PermissionDenied
from django.utils import translation

from conference.common.ratelimit import client_ip
from conference.common.services import queue_rendered_email


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render allauth's email in the active language and put it in our outbox.

        The outbox sends after commit, retries when the provider fails and keeps the status.
        """
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        msg = self.render_mail(template_prefix, email, ctx)
        html = next(
            (content for content, mimetype in getattr(msg, "alternatives", [])
             if mimetype == "text/html"),
            "",
        )
        queue_rendered_email(
            to=email,
            subject=msg.subject,
            body_text=msg.body,
            body_html=html,
            language=(translation.get_language() or "vi")[:2],
            template=template_prefix,
        )

    def get_client_ip(self, request) -> str:
        """The address allauth's login limits count by: ours, behind the proxies we trust."""
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.language = (translation.get_language() or "vi")[:2]
        if commit:
            user.save()
        return user
