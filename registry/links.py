"""Links in the catalogue are web addresses: http and https only.

A source link set to `javascript:…` was stored and rendered as a link (the CSP stopped it from
running; the data should not hold it), and Django's URLField also takes ftp and ftps. Every URL
field of the catalogue is a `WebURLField`, and the newline-separated lists of cited addresses
(NetworkSource.urls) take `validate_web_url_lines`: model validators, so the admin, the imports
(which run the fields' validators) and the seed loader refuse the same values with the same message.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

SCHEMES = ["http", "https"]
NOT_A_WEB_ADDRESS = _("Enter a web address that starts with http:// or https://.")
web_url_validator = URLValidator(schemes=SCHEMES, message=NOT_A_WEB_ADDRESS)


def validate_web_url_lines(value):
    """Each non-empty line of `value` must be a web address; the error names the lines that are not."""
    bad = []
    for number, line in enumerate(value.splitlines(), start=1):
        if line.strip():
            try:
                web_url_validator(line.strip())
            except ValidationError:
                bad.append(number)
    if bad:
        raise ValidationError(
            _("Line %(lines)s is not a web address that starts with http:// or https://."),
            code="invalid",
            params={"lines": ", ".join(map(str, bad))},
        )


class WebURLFormField(forms.URLField):
    default_validators = [web_url_validator]
    default_error_messages = {"invalid": NOT_A_WEB_ADDRESS}


class WebURLField(models.URLField):
    """A URLField that takes http and https addresses only."""

    default_validators = [web_url_validator]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": WebURLFormField, **kwargs})
