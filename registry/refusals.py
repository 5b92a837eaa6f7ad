"""A save refused for reasons the user must read on the form they submitted."""


class RefusedSave(Exception):
    """Raised inside a save's transaction (which it rolls back): `errors`, a list of messages, are shown
    as the form's errors and the user's input is kept. Raised for a stale form (networks.concurrency);
    the admin (registry.admin_site) also turns an IntegrityError into one."""

    stale = False  # True when the form was opened before the record changed

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("; ".join(str(error) for error in self.errors))
