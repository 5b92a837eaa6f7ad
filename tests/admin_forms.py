"""What a browser would post for an admin change form as rendered (main form and inlines)."""


def form_data(response):
    """The POST data of the change form in `response` (a rendered admin change or revert page), as shown."""
    data = {}

    def add(form):
        for bound in form:
            value = bound.value()
            if isinstance(value, bool):
                if value:
                    data[bound.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(v) for v in value]
            else:
                data[bound.html_name] = "" if value is None else str(value)

    add(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets", ()):
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    return data


def inline_prefix(response, model):
    """The form prefix of the inline editing `model` rows in an admin change page."""
    return next(i.formset.prefix for i in response.context["inline_admin_formsets"] if i.formset.model is model)


def add_inline_row(data, prefix, values):
    """Append one new row with `values` ({field: value}) to inline `prefix` in posted `data`."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    for name, value in values.items():
        data[f"{prefix}-{index}-{name}"] = value
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    return data
