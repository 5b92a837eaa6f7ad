"""Choice labels (registry.choices): in the active language, read from one table per field and language."""

from django.utils import translation

from networks.models import Membership, Network
from registry.choices import choice_labels


def test_a_label_is_in_the_active_language_and_the_table_is_built_once_per_language(monkeypatch):
    network = Network(type=Network.Type.JUDICIAL, status=Network.Status.DORMANT)
    membership = Membership(role=Membership.Role.OBSERVER)
    assert (network.get_type_display(), network.get_status_display()) == ("Judicial network", "Dormant")
    with translation.override("fr"):
        assert network.get_type_display() == "Réseau judiciaire"
        assert membership.get_role_display() == "Observateur"
    assert membership.get_role_display() == "Observer"

    field = Network._meta.get_field("type")
    choice_labels.cache_clear()
    built = []
    monkeypatch.setattr(type(field), "flatchoices", property(lambda f: built.append(f.name) or f.choices))
    for _ in range(3):
        network.get_type_display()
        with translation.override("fr"):
            network.get_type_display()
    assert built == ["type", "type"]  # English and French, once each
    choice_labels.cache_clear()


def test_a_value_outside_the_choices_shows_as_stored():
    assert Network(type="disbanded_in_1999").get_type_display() == "disbanded_in_1999"
    assert Network(type="").get_type_display() == ""
