"""Import and export in the admin: own permissions, a full preview, restricted contacts for the secretariat only."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from exchange.models import ImportRecord
from networks.models import Network

from .factories import make_network, make_network_editor, make_rich_catalogue

pytestmark = pytest.mark.django_db


def _staff(django_user_model, *codenames):
    """A secretariat member with only the given model permissions."""
    user = django_user_model.objects.create_user("staff", "staff@example.org", "x", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=(*codenames, "secretariat")))
    return user


def test_a_staff_member_without_the_import_permission_cannot_reach_the_import_page(client, django_user_model):
    client.force_login(_staff(django_user_model, "view_network", "change_network", "add_network"))
    assert client.get(reverse("admin:networks_network_import")).status_code == 403
    assert client.get(reverse("admin:networks_network_export")).status_code == 403
    changelist = client.get(reverse("admin:networks_network_changelist")).content.decode()
    assert reverse("admin:networks_network_import") not in changelist


def test_importing_contact_points_also_needs_the_restricted_contacts_permission(client, django_user_model):
    user = _staff(django_user_model, "view_contactpoint", "import_contactpoint")
    client.force_login(user)
    assert client.get(reverse("admin:networks_contactpoint_import")).status_code == 403
    user.user_permissions.add(Permission.objects.get(codename="view_restricted_contacts"))
    client.force_login(django_user_model.objects.get(pk=user.pk))
    assert client.get(reverse("admin:networks_contactpoint_import")).status_code == 200


def _upload(client, text, name="networks.csv"):
    file = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
    return client.post(reverse("admin:networks_network_import"), {"format": "0", "import_file": file, "resource": "0"})


def test_the_import_preview_shows_where_a_long_text_changed(client, django_user_model):
    """Both values were cut at their 200th character: a change near the end of a description showed as none."""
    opening = "A regional outreach programme bringing together central authorities, prosecutors and judges. " * 3
    before = opening + "It runs a regional forum for exchange"
    make_network(slug="ejn", name="EJN", type=Network.Type.JUDICIAL, description=before)
    client.force_login(_staff(django_user_model, "view_network", "import_network"))
    response = _upload(client, f'slug,name,type,description_en\nejn,EJN,judicial,"{before} CHANGED"\n')
    page = response.content.decode()
    assert "1 updated" in page
    assert "a regional forum for exchange” → “…" in page
    assert "a regional forum for exchange CHANGED”" in page


def test_the_import_preview_shows_new_updated_unchanged_and_error_rows_then_applies(client, django_user_model):
    make_network(slug="ejn", name="EJN", type=Network.Type.JUDICIAL)
    make_network(slug="carin", name="CARIN", type=Network.Type.PRACTITIONERS)
    user = _staff(django_user_model, "view_network", "import_network")
    client.force_login(user)
    header = "slug,name,type,established\n"
    response = _upload(client, header + "ejn,European Judicial Network,judicial,\ncarin,CARIN,practitioners,\n"
                       "iberred,IberRed,judicial,2004\n")  # fmt: skip
    page = response.content.decode()
    assert "1 new, 1 updated, 1 unchanged, 0 in conflict, 0 with errors" in page
    assert "<strong>name</strong>: “EJN” → “European Judicial Network”" in page
    # Rows that change something are listed; unchanged ones only counted.
    assert page.count('class="import-type">New') == 1 and 'class="import-type">Unchanged' not in page
    assert not Network.objects.filter(slug="iberred").exists()

    confirm = response.context["confirm_form"].initial
    response = client.post(reverse("admin:networks_network_process_import"), confirm)
    assert response.status_code == 302
    assert Network.objects.get(slug="ejn").name == "European Judicial Network"
    record = ImportRecord.objects.get()
    assert (record.user, record.file_name, record.rows_new, record.rows_updated, record.rows_unchanged) == (
        user, "networks.csv", 1, 1, 1,
    )  # fmt: skip
    assert Network.objects.get(slug="iberred").history.get().history_user == user


def test_the_import_preview_lists_errors_by_row_and_column_and_offers_no_confirmation(client, django_user_model):
    client.force_login(_staff(django_user_model, "view_network", "import_network"))
    response = _upload(client, "slug,name,type,established\nx,X,judicial,1700\ny,,judicial,\n")
    page = response.content.decode()
    assert "Nothing can be imported: 2 problems in networks.csv" in page
    assert "<td>2</td><td>established</td><td>year 1700 in &quot;1700&quot; is out of range (1850–2100)</td>" in page
    assert "<td>3</td><td>name</td><td>empty required value</td>" in page
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None


def test_a_file_that_is_not_utf8_gets_a_plain_message_in_the_admin(client, django_user_model):
    client.force_login(_staff(django_user_model, "view_network", "import_network"))
    file = SimpleUploadedFile("n.csv", "slug,name,type\nr,Réseau,judicial\n".encode("latin-1"))
    response = client.post(reverse("admin:networks_network_import"), {"format": "0", "import_file": file})
    assert "is not UTF-8 text (unreadable bytes on line 2)" in response.content.decode()


def _export_contacts(client):
    data = {"format": "0", "resource": "0"}
    data.update({f"contactpointresource_{name}": "on" for name in ["name", "email", "visibility", "network_slug"]})
    response = client.post(reverse("admin:networks_contactpoint_export"), data)
    assert response.status_code == 200, response.content[:500]
    return response.content.decode()


def test_only_the_secretariat_exports_restricted_contact_points(client, django_user_model):
    make_rich_catalogue()
    # An editor of both networks who was also given the export right: sees, but may not export, its
    # secretariat-only contact points.
    user = make_network_editor(*Network.objects.filter(slug__in=["ejn", "carin"]))
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_contactpoint", "export_contactpoint"]))
    client.force_login(user)
    text = _export_contacts(client)
    assert "CANARY-PRACTITIONER-CONTACT" in text and "Public Office" in text
    assert "CANARY-SECRETARIAT-CONTACT" not in text
    secretariat = django_user_model.objects.create_superuser("sec", "sec@example.org", "x")
    client.force_login(secretariat)
    assert "CANARY-SECRETARIAT-CONTACT" in _export_contacts(client)


def test_the_list_of_imports_opens_for_the_secretariat(client, django_user_model):
    secretariat = django_user_model.objects.create_superuser("sec", "sec@example.org", "x")
    client.force_login(secretariat)
    _upload(client, "slug,name,type\nejn,EJN,judicial\n")
    record = ImportRecord.objects.create(
        user=secretariat, via="admin", file_name="f.csv", content_type_id=1, rows_new=1, rows_updated=0,
        rows_unchanged=0,
    )  # fmt: skip
    assert client.get(reverse("admin:exchange_importrecord_changelist")).status_code == 200
    assert client.get(reverse("admin:exchange_importrecord_change", args=[record.pk])).status_code == 200


def test_a_network_editor_cannot_import_even_when_given_the_import_permission(client):
    # An import file may name any network, so importing is the secretariat's alone.
    editor = make_network_editor(make_network())
    editor.user_permissions.add(*Permission.objects.filter(codename__in=["import_membership", "import_network"]))
    client.force_login(editor)
    assert client.get(reverse("admin:networks_membership_import")).status_code == 403
    assert client.get(reverse("admin:networks_network_import")).status_code == 403
