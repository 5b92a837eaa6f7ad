"""The registry's e-mails: a subject and a plain-text body from templates/emails/, sent by Django's backend.

Every message of the registry (invitations, reminders, corrections, password resets) goes through the
backend configured in settings (SMTP, the console with `make run`, locmem in unit tests).
The templates are Django templates with autoescaping off: the body is plain text, not HTML.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from registry.owner import registry_owner


def mail_send(*, template, to, context, reply_to=None, language=None):
    """Render emails/<template>_subject.txt and emails/<template>.txt in the recipient's `language` (the
    site's default if unknown), whatever language the page that sends it is in, and send them to `to`."""
    with translation.override(language or settings.LANGUAGE_CODE):
        context = {"owner": registry_owner(), **context}
        subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
        body = render_to_string(f"emails/{template}.txt", context)
    reply_to = reply_to or ([settings.REGISTRY_CONTACT_EMAIL] if settings.REGISTRY_CONTACT_EMAIL else None)
    EmailMessage(subject, body, to=[to], reply_to=reply_to).send()
