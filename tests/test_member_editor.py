"""The member-list editor (/admin/networks/network/<id>/members/): paste, preview, save; change selected rows."""

import datetime

import pytest
from django.urls import reverse

from countries.loading import jurisdictions_load
from countries.models import Jurisdiction
from networks.dating import PartialDate
from networks.models import Membership, Network
from upkeep.models import ChangeSet

from .factories import (
    make_alias,
    make_membership,
    make_network,
    make_network_editor,
    make_organisation,
    make_secretariat_member,
    make_source,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat(client):
    user = make_secretariat_member()
    client.force_login(user)
    return user


def _url(network):
    return reverse("admin:networks_network_members", args=[network.pk])


def _paste(client, network, names, **extra):
    network.refresh_from_db()
    data = {
        "action": "preview",
        "paste-names": names,
        "paste-role": "member",
        "paste-since": "",
        "paste-source": "",
        "paste-reason": "Members listed in the 2024 report",
        "paste-revision": network.revision,
        **extra,
    }
    return client.post(_url(network), data)


def _save_preview(client, network, response, choose=()):
    """Post the preview's form as shown: its resolved members, plus `choose` for unresolved names."""
    preview = response.context["preview"]
    data = {key: value for key, value in response.context["paste"].data.items()}
    data["action"] = "add"
    return client.post(
        _url(network), {**data, "paste-members": [item["ref"] for item in preview["add"]] + list(choose)}
    )


MORE_STATES = ["IT", "ES", "PT", "NL", "LU", "PL", "CZ", "SK", "HU", "RO", "BG", "GR", "CY", "MT", "SN", "GH"]


@pytest.mark.parametrize("more", [0, len(MORE_STATES)])
def test_the_editor_lists_members_grouped_by_role_in_a_fixed_number_of_queries(
    client, secretariat, django_assert_num_queries, more
):
    network = make_network(established=1990)
    for code in ["AT", "BE", "DE", "FR", *MORE_STATES[:more]]:
        make_membership(network, Jurisdiction.objects.get(code=code), source=make_source())
    make_membership(network, make_organisation(name="Europol"), role=Membership.Role.OBSERVER)
    # session, user, the user's and their groups' permissions, the network, the memberships with their members
    # and sources, the sources of the paste form, the regions of the filter: however many members.
    with django_assert_num_queries(8):
        response = client.get(_url(network))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [m.role for m in rows] == ["member"] * (4 + more) + ["observer"]
    assert [str(m.member) for m in rows][:2] == ["Austria", "Belgium"]
    assert response.content.decode().count('name="change-selected"') == 5 + more


@pytest.mark.parametrize("more", [0, len(MORE_STATES)])
def test_an_editor_opens_the_member_editor_in_a_fixed_number_of_queries(client, django_assert_num_queries, more):
    network = make_network()
    for code in ["AT", *MORE_STATES[:more]]:
        make_membership(network, Jurisdiction.objects.get(code=code))
    client.force_login(make_network_editor(network))
    # As for the secretariat, and the editor's networks (scope) and whether their changes are held for review.
    with django_assert_num_queries(10):
        response = client.get(_url(network))
    assert len(response.context["rows"]) == 1 + more


def test_the_list_filters_by_name_and_by_region(client, secretariat):
    network = make_network()
    for code in ["GH", "FR", "SN"]:
        make_membership(network, Jurisdiction.objects.get(code=code))
    by_name = client.get(_url(network), {"q": "ghan"})
    assert [m.jurisdiction.code for m in by_name.context["rows"]] == ["GH"]
    africa = Jurisdiction.objects.get(code="GH").region
    by_region = client.get(_url(network), {"region": africa.slug})
    assert sorted(m.jurisdiction.code for m in by_region.context["rows"]) == ["GH", "SN"]


def test_a_pasted_list_is_previewed_with_what_is_added_present_and_unresolved(client, secretariat):
    network = make_network()
    make_membership(network, Jurisdiction.objects.get(code="BE"))
    make_organisation(name="European Union Agency for Law Enforcement Cooperation", acronym="Europol")
    names = "Austria, Belgium, Czech republic, Former Yugoslav Republic of Macedonia, Europol, Narnia, Frence"
    response = _paste(client, network, names)
    preview = response.context["preview"]
    assert [str(item["member"]) for item in preview["add"]] == [
        "Austria",
        "Czechia",
        "North Macedonia",
        "European Union Agency for Law Enforcement Cooperation (Europol)",
    ]
    assert [str(item["member"]) for item in preview["present"]] == ["Belgium"]
    unresolved = {item["written"]: [label for _ref, label in item["options"]] for item in preview["unresolved"]}
    assert set(unresolved) == {"Narnia", "Frence"}
    assert any(label.startswith("France") for label in unresolved["Frence"])
    assert not Membership.objects.filter(network=network).exclude(jurisdiction__code="BE").exists()  # nothing saved


def test_a_member_pasted_in_another_role_than_it_holds_is_said_to_be_here_already(client, secretariat):
    network = make_network()
    make_membership(network, Jurisdiction.objects.get(code="AT"), role=Membership.Role.MEMBER)
    response = _paste(client, network, "Austria, Belgium", **{"paste-role": "observer"})
    preview = response.context["preview"]
    assert [(item["member"].code, item["other_roles"]) for item in preview["add"]] == [("AT", ["Member"]), ("BE", [])]
    assert "already here as: Member" in response.content.decode()


def test_commas_semicolons_and_lines_all_separate_pasted_names(client, secretariat):
    network = make_network()
    response = _paste(client, network, "Iceland, Norway\nSweden; Finland,Denmark\n- Estonia")
    added = [item["member"].code for item in response.context["preview"]["add"]]
    assert added == ["IS", "NO", "SE", "FI", "DK", "EE"]


@pytest.mark.parametrize(
    "written, code",
    [
        ("Korea, Republic of", "KR"),
        ("Congo, Democratic Republic of the", "CD"),
        ("Bolivia, Plurinational State of", "BO"),
        ("Tanzania, United Republic of", "TZ"),
        ("Virgin Islands, British", "VG"),
        ("Congo, Dem. Rep.", "CD"),
    ],
)
def test_a_name_holding_a_comma_is_kept_whole_among_comma_separated_names(client, secretariat, written, code):
    network = make_network()
    response = _paste(client, network, f"Iceland, {written}, Norway\n{written}")
    preview = response.context["preview"]
    assert [item["member"].code for item in preview["add"]] == ["IS", code, "NO"]
    assert [item["written"] for item in preview["add"]] == ["Iceland", written, "Norway"]
    assert preview["choose"] == preview["unresolved"] == []


def test_every_part_of_a_comma_line_that_does_not_resolve_is_reported_by_name(client, secretariat):
    network = make_network()
    response = _paste(client, network, "Iceland, Narnia, Korea, Norway")
    preview = response.context["preview"]
    assert [item["member"].code for item in preview["add"]] == ["IS", "NO"]
    assert [item["written"] for item in preview["unresolved"]] == ["Narnia"]
    choices = {item["written"]: [ref for ref, _label in item["options"]] for item in preview["choose"]}
    korea = {f"jurisdiction:{Jurisdiction.objects.get(code=code).pk}" for code in ["KP", "KR"]}
    assert set(choices) == {"Korea"} and set(choices["Korea"]) == korea


def test_a_paste_of_more_names_than_allowed_is_refused_counting_comma_separated_ones(client, secretariat):
    network = make_network()
    response = _paste(client, network, "\n".join(f"Place {number}, Place {number}b" for number in range(251)))
    assert "Paste at most 500 names" in str(response.context["paste"].errors)
    assert response.context["preview"] is None


def test_the_preview_saved_adds_the_members_in_one_change_set_with_the_reason(client, secretariat):
    network = make_network()
    source = make_source()
    response = _paste(
        client, network, "Austria\nBelgium\nNarnia", **{"paste-since": "2024-01-01", "paste-source": source.pk}
    )
    france = f"jurisdiction:{Jurisdiction.objects.get(code='FR').pk}"
    saved = _save_preview(client, network, response, choose=[france, ""])  # Narnia: France chosen instead
    assert saved.status_code == 302
    added = Membership.objects.filter(network=network).order_by("jurisdiction__code")
    assert [m.jurisdiction.code for m in added] == ["AT", "BE", "FR"]
    assert {(m.since, m.source_id) for m in added} == {(datetime.date(2024, 1, 1), source.pk)}
    change_set = ChangeSet.objects.get()
    assert (change_set.user, change_set.reason) == (secretariat, "Members listed in the 2024 report")
    assert Membership.history.filter(change_set=change_set).count() == 3


def test_members_added_since_a_year_are_saved_with_that_precision_and_listed_as_written(client, secretariat):
    network = make_network(established=2001)
    response = _paste(client, network, "Austria", **{"paste-since": "2019"})
    assert _save_preview(client, network, response).status_code == 302
    added = Membership.objects.get(network=network)
    assert (added.since, added.since_precision) == (datetime.date(2019, 1, 1), "year")
    listed = client.get(_url(network)).content.decode()
    assert '<td class="date">2019</td>' in listed


def test_members_ended_in_a_month_are_saved_with_that_precision(client, secretariat):
    network = make_network()
    member = make_membership(network, Jurisdiction.objects.get(code="AT"))
    assert _change(client, network, [member], "end", **{"change-until": "2022-03"}).status_code == 302
    member.refresh_from_db()
    assert (member.until, member.until_precision) == (datetime.date(2022, 3, 1), "month")
    assert _change(client, network, [member], "reinstate").status_code == 302
    member.refresh_from_db()
    assert (member.until, member.until_precision) == (None, "")


def test_a_since_before_the_network_was_established_is_named_as_written(client, secretariat):
    network = make_network(established=2004)
    response = _save_preview(client, network, _paste(client, network, "Austria", **{"paste-since": "1999"}))
    assert "Since 1999 is before" in str(response.context["paste"].non_field_errors())


def test_eurojust_is_found_whether_catalogued_as_a_network_or_an_organisation(client, secretariat):
    network = make_network()
    eurojust = make_network(name="European Union Agency for Criminal Justice Cooperation", acronym="Eurojust")
    make_alias(eurojust, "European Judicial Cooperation Unit")
    europol = make_organisation(name="European Union Agency for Law Enforcement Cooperation", acronym="Europol")
    response = _paste(client, network, "Eurojust; Europol; European Judicial Cooperation Unit")
    added = [item["member"] for item in response.context["preview"]["add"]]
    assert added == [eurojust, europol]


def test_a_since_before_the_network_was_established_is_refused_and_nothing_saved(client, secretariat):
    network = make_network(established=2004)
    response = _paste(client, network, "Austria", **{"paste-since": "1999-05-01"})
    saved = _save_preview(client, network, response)
    assert saved.status_code == 200
    assert "1999-05-01 is before" in str(saved.context["paste"].non_field_errors())
    assert not Membership.objects.filter(network=network).exists()
    assert not ChangeSet.objects.exists()


def test_the_membership_admin_form_refuses_a_since_before_the_network_was_established(client, secretariat):
    # The member editor refused it; the membership's own admin form saved it, and the public pages showed it.
    network = make_network(name="WACAP", established=2013)
    germany = Jurisdiction.objects.get(code="DE")
    form = {"network": network.pk, "member": f"jurisdiction:{germany.pk}", "role": "observer",
            "since": "1990-01-01", "since_precision": "year"}  # fmt: skip
    response = client.post(reverse("admin:networks_membership_add"), form)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "since": ["Since 1990 is before WACAP was established (2013)."]
    }
    assert not Membership.objects.filter(network=network).exists()


def test_an_unknown_member_reference_is_a_form_error_not_a_500(client, secretariat):
    network = make_network()
    response = _paste(client, network, "Austria")
    data = {**response.context["paste"].data.dict(), "action": "add", "paste-members": ["jurisdiction:999999"]}
    saved = client.post(_url(network), data)
    assert saved.status_code == 200
    assert "Unknown member" in str(saved.context["paste"].errors)
    assert not Membership.objects.filter(network=network).exists()


def _change(client, network, memberships, change, **extra):
    network.refresh_from_db()
    data = {
        "action": "change",
        "change-change": change,
        "change-until": "",
        "change-role": "",
        "change-reason": "Withdrew, per the network's notice",
        "change-revision": network.revision,
        "change-selected": [m.pk for m in memberships],
        **extra,
    }
    return client.post(_url(network), data)


def test_ending_five_selected_members_on_one_date_keeps_them_as_former_members(client, secretariat):
    network = make_network()
    ended = [make_membership(network, Jurisdiction.objects.get(code=c)) for c in ["AT", "BE", "CZ", "DE", "FR"]]
    kept = make_membership(network, Jurisdiction.objects.get(code="GH"))
    response = _change(client, network, ended, "end", **{"change-until": "2022-03-16"})
    assert response.status_code == 302
    assert set(Membership.objects.filter(until=datetime.date(2022, 3, 16))) == set(ended)
    kept.refresh_from_db()
    assert kept.until is None
    change_set = ChangeSet.objects.get()
    assert Membership.history.filter(change_set=change_set, history_type="~").count() == 5


def test_roles_change_reinstate_and_delete_apply_to_the_selection(client, secretariat):
    network = make_network()
    first, second = (make_membership(network, Jurisdiction.objects.get(code=c)) for c in ["AT", "BE"])
    assert _change(client, network, [first], "role", **{"change-role": "observer"}).status_code == 302
    first.refresh_from_db()
    assert first.role == "observer"
    Membership.objects.filter(pk=second.pk).update(until=datetime.date(2020, 1, 1))
    assert _change(client, network, [second], "reinstate").status_code == 302
    second.refresh_from_db()
    assert second.until is None
    assert _change(client, network, [second], "delete").status_code == 302
    assert not Membership.objects.filter(pk=second.pk).exists()
    assert ChangeSet.objects.count() == 3


def test_an_end_date_before_a_members_since_is_refused_naming_it(client, secretariat):
    network = make_network()
    joined = make_membership(network, Jurisdiction.objects.get(code="AT"), since=datetime.date(2010, 1, 1))
    response = _change(client, network, [joined], "end", **{"change-until": "2009-12-31"})
    assert response.status_code == 200
    assert "Austria joined on 2010-01-01" in str(response.context["change"].non_field_errors())
    joined.refresh_from_db()
    assert joined.until is None


def test_ending_without_a_date_or_a_selection_says_what_is_missing(client, secretariat):
    network = make_network()
    member = make_membership(network, Jurisdiction.objects.get(code="AT"))
    response = _change(client, network, [member], "end")
    assert "Give the date" in str(response.context["change"].non_field_errors())
    response = _change(client, network, [], "end", **{"change-until": "2020-01-01"})
    assert "Select at least one membership" in str(response.context["change"].errors)


def test_a_role_change_that_would_duplicate_a_membership_is_a_message_not_a_database_error(client, secretariat):
    network = make_network()
    austria = Jurisdiction.objects.get(code="AT")
    member = make_membership(network, austria)
    make_membership(network, austria, role=Membership.Role.OBSERVER)
    response = _change(client, network, [member], "role", **{"change-role": "observer"})
    assert response.status_code == 200
    assert "already has this role" in str(response.context["change"].non_field_errors())


def test_a_page_opened_before_someone_elses_save_is_refused(client, secretariat):
    network = make_network()
    member = make_membership(network, Jurisdiction.objects.get(code="AT"))
    stale = Network.objects.get(pk=network.pk).revision
    make_membership(network, Jurisdiction.objects.get(code="BE"))  # someone else's save moves the revision
    response = client.post(
        _url(network),
        {
            "action": "change",
            "change-change": "delete",
            "change-reason": "mistake",
            "change-revision": stale,
            "change-selected": [member.pk],
        },
    )
    assert response.status_code == 200
    assert "Someone saved this network's entry" in " ".join(response.context["change"].non_field_errors())
    assert Membership.objects.filter(pk=member.pk).exists()
    # The page now shows the current list and revision: saving again is a deliberate choice, and works.
    again = {key: value for key, value in response.context["change"].data.lists()}
    assert client.post(_url(network), again).status_code == 302
    assert not Membership.objects.filter(pk=member.pk).exists()


def test_a_request_for_a_deleted_network_says_so(client, secretariat):
    network = make_network()
    url = _url(network)
    network.delete()
    response = client.post(url, {"action": "change"}, follow=True)
    assert "This network no longer exists" in response.content.decode()


def test_a_network_id_that_is_not_a_number_is_a_400(client, secretariat):
    response = client.get(reverse("admin:networks_network_members", args=["12abc"]))
    assert response.status_code == 400


def test_an_unknown_action_is_a_400(client, secretariat):
    network = make_network()
    assert client.post(_url(network), {"action": "explode"}).status_code == 400


@pytest.mark.django_db(transaction=True)
def test_two_editor_saves_of_one_network_at_the_same_moment_on_postgresql_lose_nothing(monkeypatch):
    """The second save waits on the first one's claim of the revision, then is refused: nothing is lost."""
    import threading

    from django.db import connection

    from networks.revisions import StaleEntry, claim_revision
    from upkeep import services

    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one write transaction at a time")
    jurisdictions_load()  # a transactional test: an earlier one may have flushed the reference data
    network = make_network()
    member = make_membership(network, Jurisdiction.objects.get(code="AT"))
    user = make_secretariat_member()
    seen = Network.objects.get(pk=network.pk).revision
    claimed, release, results = threading.Event(), threading.Event(), {}

    def claim_then_hold(network_id, revision):
        new = claim_revision(network_id, revision)
        if threading.current_thread().name == "first":
            claimed.set()
            release.wait(20)  # the transaction, and its lock on the network's row, stay open
        return new

    monkeypatch.setattr(services, "claim_revision", claim_then_hold)

    def end():
        try:
            ending = PartialDate(datetime.date(2022, 1, 1))
            services.memberships_change(network=network, seen=seen, memberships=[member], change="end",
                                        until=ending, user=user, reason="first")  # fmt: skip
            results["first"] = "saved"
        finally:
            connection.close()

    def add():
        try:
            services.memberships_add(network=network, seen=seen, members=[Jurisdiction.objects.get(code="BE")],
                                     role="member", user=user, reason="second")  # fmt: skip
            results["second"] = "saved"
        except StaleEntry:
            results["second"] = "refused"
        finally:
            connection.close()

    first, second = threading.Thread(target=end, name="first"), threading.Thread(target=add, name="second")
    first.start()
    assert claimed.wait(20)
    second.start()
    second.join(1)
    assert second.is_alive()  # waiting for the first save's lock
    release.set()
    first.join(20)
    second.join(20)
    assert results == {"first": "saved", "second": "refused"}
    assert list(Membership.objects.filter(network=network).values_list("jurisdiction__code", "until")) == [
        ("AT", datetime.date(2022, 1, 1))
    ]
    assert list(ChangeSet.objects.values_list("reason", flat=True)) == ["first"]
