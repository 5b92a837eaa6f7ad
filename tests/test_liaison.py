"""The liaison magistrates register (issue 16, §2): model rules, public pages, visibility, files, admin, seeds."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from countries.models import Jurisdiction
from exchange.formats import read_table
from exchange.services import catalogue_import
from liaison.loading import liaison_posts_load
from liaison.models import LiaisonContact, LiaisonPost
from liaison.resources import LiaisonContactResource, LiaisonPostResource
from networks.models import ContactPoint

from .admin_forms import form_data
from .factories import (
    make_liaison_post,
    make_network,
    make_network_editor,
    make_organisation,
    make_practitioner,
    make_secretariat_member,
    make_source,
    make_user,
)

pytestmark = pytest.mark.django_db

PUBLIC, PRACTITIONERS, SECRETARIAT = ContactPoint.Visibility.values


@pytest.fixture
def register():
    places = {code: Jurisdiction.objects.get(code=code) for code in ("FR", "GH", "US", "NO", "GB", "GB-SCT", "SZ")}
    eurojust = make_network(slug="eurojust", name="Eurojust", acronym="Eurojust")
    posts = {
        "fr-gh": make_liaison_post(places["FR"], places["GH"], function=LiaisonPost.Function.LIAISON_MAGISTRATE),
        "us-ej": make_liaison_post(places["US"], eurojust),
        "sct-fr": make_liaison_post(places["GB-SCT"], places["FR"]),
        "sz-gh": make_liaison_post(places["SZ"], places["GH"], function=LiaisonPost.Function.POLICE_LIAISON_OFFICER),
        "ended": make_liaison_post(places["NO"], places["GH"], since="2001-01-01", until="2010-12-31"),
    }
    for level in (PUBLIC, PRACTITIONERS, SECRETARIAT):
        LiaisonContact.objects.create(post=posts["fr-gh"], name=f"France {level} liaison", visibility=level)
        LiaisonContact.objects.create(post=posts["us-ej"], name=f"US {level} liaison", visibility=level)
    return {"places": places, "eurojust": eurojust, "posts": posts}


def _names(response):
    return {contact.name for post in response.context["page"].object_list for contact in post.visible_contacts}


class TestModel:
    def test_a_post_has_exactly_one_host_with_a_readable_message(self, register):
        post = LiaisonPost(slug="x", sending=register["places"]["FR"])
        with pytest.raises(ValidationError, match="Choose exactly one host: a state, a network or an organisation."):
            post.full_clean()
        post.host_jurisdiction, post.host_network = register["places"]["GH"], register["eurojust"]
        with pytest.raises(ValidationError, match="exactly one host"):
            post.full_clean()

    def test_a_state_does_not_post_to_itself_and_a_post_ends_after_it_starts(self, register):
        france = register["places"]["FR"]
        post = LiaisonPost(slug="x", sending=france, host_jurisdiction=france, since="2020-01-01", until="2019-01-01")
        with pytest.raises(ValidationError) as error:
            post.full_clean()
        assert error.value.message_dict["host_jurisdiction"] == [
            "A state does not post a liaison magistrate to itself."
        ]
        assert error.value.message_dict["until"] == ["“Until” cannot be before “since”."]

    def test_a_change_is_recorded_in_the_history(self, register):
        post = register["posts"]["fr-gh"]
        post.public_note = "Covers the whole of West Africa."
        post.save()
        assert post.history.count() == 2
        assert str(post) == "France — Liaison magistrate at Ghana"


class TestRegisterPage:
    def test_it_lists_current_and_ended_posts_with_the_public_contacts_only(self, client, register):
        response = client.get(reverse("liaison-list"))
        assert response.status_code == 200
        assert len(response.context["page"].object_list) == 5
        assert _names(response) == {"France public liaison", "US public liaison"}
        page = response.content.decode()
        assert "until 2010" in page and "Police liaison officer at" in page
        assert "practitioners liaison" not in page and "secretariat liaison" not in page

    def test_a_practitioner_sees_practitioners_contacts_and_the_secretariat_everything(self, client, register):
        client.force_login(make_practitioner())
        assert _names(client.get(reverse("liaison-list"))) == {
            "France public liaison", "France practitioners liaison", "US public liaison", "US practitioners liaison",
        }  # fmt: skip
        client.force_login(make_secretariat_member())
        assert len(_names(client.get(reverse("liaison-list")))) == 6

    def test_an_editor_of_the_host_network_sees_its_posts_secretariat_contacts(self, client, register):
        client.force_login(make_network_editor(register["eurojust"]))
        names = _names(client.get(reverse("liaison-list")))
        assert "US secretariat liaison" in names and "France secretariat liaison" not in names

    @pytest.mark.parametrize(
        ("params", "expected"),
        [
            ({"sending": "France"}, {"fr-gh"}),
            ({"sending": "Swaziland"}, {"sz-gh"}),  # a former name
            ({"sending": "gb"}, {"sct-fr"}),  # a state's sub-national units post for it
            ({"host": "GHA"}, {"fr-gh", "sz-gh", "ended"}),
            ({"host": "gh", "function": "police_liaison_officer"}, {"sz-gh"}),
            ({"sending": "us", "host": "gh"}, set()),
        ],
    )
    def test_it_filters_by_sending_state_host_state_and_function(self, client, register, params, expected):
        response = client.get(reverse("liaison-list"), params)
        slugs = {key for key, post in register["posts"].items() if post in response.context["page"].object_list}
        assert slugs == expected

    def test_an_unknown_or_ambiguous_state_is_named_and_left_out(self, client, register):
        response = client.get(reverse("liaison-list"), {"sending": "Congo", "host": "Narn\x00ia", "function": "x"})
        assert response.status_code == 200
        page = response.content.decode()
        assert "“Congo” could mean Congo (CG) or Congo, The Democratic Republic of the (CD)" in page
        assert "No country or jurisdiction has the name or code “Narnia”." in page
        assert "Select a valid choice. x is not one of the available choices." in page
        assert len(response.context["page"].object_list) == 5

    @pytest.mark.parametrize("extra", [0, 4])
    def test_it_runs_a_fixed_number_of_queries(self, client, django_assert_num_queries, register, extra):
        for _ in range(extra):
            post = make_liaison_post(register["places"]["FR"], register["places"]["NO"])
            LiaisonContact.objects.create(post=post, name="More", visibility=PUBLIC)
        client.get(reverse("liaison-list"), {"sending": "fr"})  # the names are indexed once per catalogue version
        # 1 the catalogue version (the state's name), 2 how many posts, 3 the page of posts with their
        # parties, 4 their contacts one may see
        with django_assert_num_queries(4):
            client.get(reverse("liaison-list"), {"sending": "fr"})


class TestMatrix:
    def test_it_crosses_sending_states_with_host_states_and_bodies(self, client, register):
        response = client.get(reverse("liaison-matrix"))
        columns = [label for _kind, _ident, label in response.context["columns"]]
        assert columns == ["France", "Ghana", "Eurojust"]  # states first, then bodies; the ended post is gone
        rows = {name: cells for _code, name, cells in response.context["matrix"]}
        assert rows["France"] == [[], ["Liaison magistrate"], []]
        assert rows["Scotland"] == [["Liaison prosecutor"], [], []]
        assert rows["United States"] == [[], [], ["Liaison prosecutor"]]
        assert "Norway" not in rows

    def test_it_runs_one_query(self, client, django_assert_num_queries, register):
        make_liaison_post(register["places"]["GH"], make_organisation(name="Interpol"))
        with django_assert_num_queries(1):
            assert client.get(reverse("liaison-matrix")).status_code == 200


def test_country_pages_list_the_posts_hosted_there_and_sent_from_there(client, register):
    ghana = client.get(reverse("country-detail", args=["gh"]))
    here = ghana.context["liaison_posted_here"]
    assert here == [register["posts"]["sz-gh"], register["posts"]["fr-gh"]]  # by sending state: Eswatini, France
    assert ghana.context["liaison_posted_from_here"] == []
    uk = client.get(reverse("country-detail", args=["gb"]))
    assert uk.context["liaison_posted_from_here"] == [register["posts"]["sct-fr"]]
    assert "France public liaison" not in ghana.content.decode()  # contacts are on the register's page


class TestFiles:
    def _import(self, resource, text, user=None):
        headers, rows = read_table(text.encode(), "posts.csv")
        (report,) = catalogue_import(tables=[(resource, "posts.csv", headers, rows)], user=user)
        return report

    HEADER = "slug,sending,host_type,host,function,since,until,source\n"

    @pytest.mark.parametrize(
        ("line", "column", "reason"),
        [
            ("p2,Narnia,jurisdiction,GH,liaison_magistrate,,,", "sending", 'unknown country "Narnia"'),
            ("p2,FR,network,eurojsut,liaison_magistrate,,,", "host", 'unknown network slug "eurojsut"'),
            ("p2,FR,jurisdiction,FR,liaison_magistrate,,,", "host", "a state does not post a liaison magistrate"),
            ("p2,FR,jurisdiction,GH,judge,,,", "function", 'unknown function "judge"'),
            ("p2,FR,jurisdiction,GH,liaison_magistrate,2020-01-01,2019-01-01,", "until", "the post ends"),
            ("p2,FR,body,GH,liaison_magistrate,,,", "host_type", 'unknown host type "body"'),
            ("p2,FR,jurisdiction,GH,liaison_magistrate,,,nowhere", "source", 'unknown source "nowhere"'),
        ],
    )
    def test_a_bad_cell_is_reported_with_its_row_and_column_and_nothing_is_kept(self, register, line, column, reason):
        before = LiaisonPost.objects.count()
        report = self._import(
            LiaisonPostResource, self.HEADER + "p1,FR,network,eurojust,liaison_magistrate,,,\n" + line
        )
        assert [(p.row, p.column) for p in report.problems] == [(3, column)]
        assert report.problems[0].reason.startswith(reason)
        assert LiaisonPost.objects.count() == before

    def test_a_valid_file_creates_posts_with_history_and_contacts_by_post_slug(self, register):
        source = make_source(slug="paper")
        report = self._import(
            LiaisonPostResource, self.HEADER + "gh-at-fr,Ghana,jurisdiction,France,liaison_magistrate,2021-03-01,,paper"
        )
        assert not report.problems
        post = LiaisonPost.objects.get(slug="gh-at-fr")
        assert (post.sending.code, post.host_jurisdiction.code, post.source) == ("GH", "FR", source)
        assert post.history.count() == 1
        report = self._import(
            LiaisonContactResource,
            "post,name,visibility\ngh-at-fr,Office of the liaison magistrate,public\ngh-at-fx,Someone,public\n",
        )
        assert [(p.row, p.column) for p in report.problems] == [(3, "post")]

    def test_contacts_leave_in_an_export_only_as_the_user_may_take_them_away(self, register):
        def exported(user, everything=False):
            resource = LiaisonContactResource(user=user, everything=everything)
            return {contact.name for contact in resource.get_queryset()}

        assert exported(make_practitioner()) == {
            "France public liaison", "France practitioners liaison", "US public liaison", "US practitioners liaison",
        }  # fmt: skip
        assert "US secretariat liaison" not in exported(make_network_editor(register["eurojust"]))
        assert len(exported(None, everything=True)) == 6


class TestAdmin:
    def test_an_editor_of_eurojust_edits_its_posts_only(self, client, register):
        editor = make_network_editor(register["eurojust"])
        client.force_login(editor)
        changelist = client.get(reverse("admin:liaison_liaisonpost_changelist"))
        assert list(changelist.context["cl"].result_list) == [register["posts"]["us-ej"]]
        other = register["posts"]["fr-gh"]
        assert client.get(reverse("admin:liaison_liaisonpost_change", args=[other.pk])).status_code in (302, 403, 404)
        post = register["posts"]["us-ej"]
        url = reverse("admin:liaison_liaisonpost_change", args=[post.pk])
        response = client.get(url)
        assert response.status_code == 200
        data = form_data(response)
        data["public_note"] = "Appointed by the Department of Justice."
        assert client.post(url, data).status_code == 302
        post.refresh_from_db()
        assert post.public_note == "Appointed by the Department of Justice."
        assert post.history.first().history_user == editor

    def test_an_editor_cannot_move_a_post_out_of_their_networks(self, client, register):
        client.force_login(make_network_editor(register["eurojust"]))
        post = register["posts"]["us-ej"]
        url = reverse("admin:liaison_liaisonpost_change", args=[post.pk])
        data = form_data(client.get(url))
        data["host_network"], data["host_jurisdiction"] = "", str(register["places"]["FR"].pk)
        response = client.post(url, data)
        assert response.status_code == 200
        assert "hosted by one of their networks" in str(response.context["adminform"].form.errors["host_network"])
        post.refresh_from_db()
        assert post.host_network == register["eurojust"] and post.host_jurisdiction is None

    def test_only_those_who_may_see_every_contact_import_contacts(self, client, register):
        editor = make_network_editor(register["eurojust"])
        client.force_login(editor)
        assert client.get(reverse("admin:liaison_liaisoncontact_import")).status_code == 403
        client.force_login(make_secretariat_member())
        assert client.get(reverse("admin:liaison_liaisoncontact_import")).status_code == 200

    def test_a_user_without_a_role_cannot_reach_the_register_in_the_admin(self, client, register):
        client.force_login(make_user(is_staff=True))
        assert client.get(reverse("admin:liaison_liaisonpost_changelist")).status_code == 403


def test_load_catalogue_loads_the_liaison_prosecutors_at_eurojust_with_their_source():
    call_command("load_catalogue", stdout=io.StringIO())
    posts = LiaisonPost.objects.with_parties().order_by("sending__code")
    assert [(p.sending.code, p.host_network.slug, p.function, p.source.slug) for p in posts] == [
        ("CH", "eurojust", "liaison_prosecutor", "pc-oc-catalogue-2017"),
        ("NO", "eurojust", "liaison_prosecutor", "pc-oc-catalogue-2017"),
        ("US", "eurojust", "liaison_prosecutor", "pc-oc-catalogue-2017"),
    ]
    LiaisonPost.objects.filter(sending__code="NO").delete()  # the secretariat's choice stands
    us = LiaisonPost.objects.get(sending__code="US")
    us.public_note = "Edited by hand"
    us.save()
    assert liaison_posts_load() == 0
    assert LiaisonPost.objects.count() == 2
    assert LiaisonPost.objects.get(sending__code="US").public_note == "Edited by hand"
