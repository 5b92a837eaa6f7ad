"""A table of contact points pasted from a spreadsheet, read by the registry's one CSV reader (exchange.formats).

Each row becomes a new contact point or updates one already listed (same e-mail address, or same
name and country). Every cell is checked with the model's own validation before anything is saved;
problems are reported by row and column.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from countries.models import Jurisdiction
from exchange.formats import FileError, read_table
from networks.models import ContactPoint

COLUMNS = ["name", "country", "role", "email", "phone", "institution", "function", "languages", "visibility"]
MAX_ROWS = 1000
_CHOICES = {
    "role": ContactPoint.Role,
    "visibility": ContactPoint.Visibility,
}


def _choice(choices, text):
    """The value of a choice written as its value or its label, in any case, or None."""
    folded = text.strip().casefold()
    for value, label in choices.choices:
        if folded in (value.casefold(), str(label).casefold()):
            return value
    return None


class ContactTable:
    """`rows`: [(existing ContactPoint or None, {field: value})]; `errors`: messages naming row and column."""

    def __init__(self, text, *, contacts):
        self.rows, self.errors = [], []
        try:
            headers, body = read_table(text, _("The pasted table"), max_rows=MAX_ROWS)
        except FileError as error:
            self.errors.append(str(error))
            return
        columns = [header.strip().casefold() for header in headers]
        unknown = [header for header, column in zip(headers, columns, strict=True) if column not in COLUMNS]
        if unknown or "name" not in columns:
            self.errors.append(
                _("Unknown columns: %(unknown)s. The columns are: %(columns)s, and “name” is required.")
                % {"unknown": ", ".join(unknown) or "—", "columns": ", ".join(COLUMNS)}
            )
            return
        # Listed contact points by the keys that identify one: its e-mail address first, else name and country.
        listed = {}
        for contact in contacts:
            for key in _identity(contact.email, contact.name, contact.jurisdiction_id):
                listed.setdefault(key, contact)
        names = Jurisdiction.objects.names()
        first_rows = {}  # {identity key: the first row with it}: one contact point, one row
        for number, cells in enumerate(body, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            values = self._values(number, dict(zip(columns, cells, strict=True)), names)
            if values is None:
                continue
            keys = _identity(values.get("email", ""), values["name"], getattr(values.get("jurisdiction"), "pk", None))
            earlier = next((first_rows[key] for key in keys if key in first_rows), None)
            if earlier is not None:
                self.errors.append(
                    _("Row %(row)s: the same contact point as row %(earlier)s (same e-mail address, or same name and "
                      "country); keep one of the two rows.") % {"row": number, "earlier": earlier}
                )  # fmt: skip
                continue
            for key in keys:
                first_rows.setdefault(key, number)
            existing = next((listed[key] for key in keys if key in listed), None)
            self._check(number, existing, values)
            self.rows.append((existing, values))

    def _values(self, number, cells, names):
        values, problems = {}, []
        for column, text in cells.items():
            text = text.strip()
            if column == "country":
                if text:
                    resolution = names.resolve(text)
                    if resolution.match is None:
                        near = ", ".join(j.name for j in (resolution.candidates or resolution.suggestions))
                        problems.append(
                            _("country “%(text)s” is not known%(near)s")
                            % {"text": text[:80], "near": _(" (closest: %(near)s)") % {"near": near} if near else ""}
                        )
                    values["jurisdiction"] = resolution.match
                else:
                    values["jurisdiction"] = None
            elif column in _CHOICES:
                if text:
                    value = _choice(_CHOICES[column], text)
                    if value is None:
                        problems.append(
                            _("%(column)s “%(text)s” is not one of the choices") % {"column": column, "text": text[:40]}
                        )
                    values[column] = value
            else:
                values[column] = text
        if not values.get("name"):
            problems.append(_("the name is empty"))
        if problems:
            self.errors.append(_("Row %(row)s: %(problems)s.") % {"row": number, "problems": "; ".join(problems)})
            # The cells that could be read are still held to their fields' rules, so that one paste names every
            # problem of the row (a wrong e-mail address beside an unknown country), not the others after a mend.
            read = {field: value for field, value in values.items() if value not in (None, "")}
            self._check(number, None, read, only=read)
            return None
        return values

    def _check(self, number, existing, values, only=None):
        """The contact point's rules on the row (`only`: the rules of these fields alone)."""
        contact = ContactPoint(**{**_fields_of(existing), **values})
        try:
            if only is None:
                contact.full_clean(exclude=["network"])
            else:
                contact.clean_fields(exclude=[f.name for f in ContactPoint._meta.fields if f.name not in only])
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.errors.append(
                    _("Row %(row)s, column %(column)s: %(message)s")
                    % {"row": number, "column": field, "message": " ".join(messages)}
                )


def _identity(email, name, jurisdiction_id):
    """The keys under which a row and a listed contact point are the same one, in the order they are tried."""
    keys = [("email", email.casefold())] if email else []
    return [*keys, ("name", name.casefold(), jurisdiction_id)]


def _fields_of(contact):
    if contact is None:
        return {}
    return {
        field.name: getattr(contact, field.name)
        for field in ContactPoint._meta.concrete_fields
        if not field.primary_key
    }
