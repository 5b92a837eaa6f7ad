"""Long lists of the public pages rendered in Python rather than by template loops.

A network page or a comparison lists hundreds of members, a country page hundreds of networks and
dozens of contact points: the template engine's cost per row (variable lookups, filters, a reverse()
per link, auto-escaping) was most of those pages' time, and so was format_html's (its lazy-string checks
on every argument). These filters escape every value with html.escape, the function
django.utils.html.escape applies, and mark only the assembled markup safe.
"""

from html import escape

from django import template
from django.utils.safestring import mark_safe

from networks.pages import LinkBuilder

register = template.Library()


def member_link(member):
    """The member's name linked to its page, or its name and acronym when it has no page (an organisation)."""
    if member.url:
        return f'<a href="{escape(member.url)}">{escape(member.name)}</a>'
    return escape(str(member))


def _muted(text):
    return f' <span class="muted">{escape(text)}</span>' if text else ""


def _year(day):
    return f"{day.year:04d}"  # as the date filter's "Y"


@register.filter
def current_member_items(listings):
    """<li> per current membership: the member, the state of a sub-national member, the year it joined."""
    return mark_safe(
        "".join(
            f"<li>{member_link(listing.member)}"
            f"{_muted(listing.member.parent and f'({listing.member.parent})')}"
            f"{_muted(listing.since and f'since {_year(listing.since)}')}</li>"
            for listing in listings
        )
    )


@register.filter
def ended_member_items(listings):
    """<li> per ended membership: the member, its role and the year it ended."""
    return mark_safe(
        "".join(
            f"<li>{member_link(listing.member)}"
            f"{_muted(f'({listing.role_label.lower()} until {_year(listing.until)})')}</li>"
            for listing in listings
        )
    )


@register.filter
def member_items(members):
    """<li> per member, linked to its page when it has one."""
    return mark_safe("".join(f"<li>{member_link(member)}</li>" for member in members))


@register.filter
def comparison_rows(rows):
    """<tr> per compared member: its name, then its roles in each network ("—" where it is not a member)."""
    return mark_safe(
        "\n".join(
            f'<tr><th scope="row">{escape(member.name or str(member))}</th>'
            + "".join(f"<td>{escape(', '.join(roles) or '—')}</td>" for roles in roles_per_network)
            + "</tr>"
            for member, roles_per_network in rows
        )
    )


@register.filter
def network_items(listings):
    """<li> per network a country belongs to: the network, the sub-national member, the year it joined."""
    return mark_safe(
        "".join(
            f'<li><a href="{escape(listing.network.url)}">{escape(str(listing.network))}</a>'
            f"{_muted(listing.through and f'through {listing.through}')}"
            f"{_muted(listing.since and f'since {_year(listing.since)}')}</li>"
            for listing in listings
        )
    )


@register.filter
def network_summaries(networks):
    """<li> per network of a list: name and acronym, type, status, founding year, member counts, topics.

    The networks come with member counts (`with_member_counts`), their topics (`views.with_topic_links`)
    and, when the list is filtered by country, that country's memberships (`country_memberships`).
    """
    link = LinkBuilder()
    items = []
    for network in networks:
        members = network.member_count or 0
        parts = [
            f'<li class="network-item"><h3><a href="{escape(link.network_url(network.slug))}">'
            f"{escape(network.name)}</a>{_muted(network.acronym and f'({network.acronym})')}</h3>",
            f'<p class="meta">{escape(network.get_type_display())} · {escape(network.get_status_display())}',
            f" · since {network.established}" if network.established else "",
            f" · {members} member{'' if members == 1 else 's'}",
        ]
        participants = network.participant_count
        if participants and participants != network.member_count:
            parts.append(f", {participants} participant{'' if participants == 1 else 's'} in all")
        parts.append("</p>")
        memberships = getattr(network, "country_memberships", None)
        if memberships:
            roles = "; ".join(f"{m.jurisdiction.name}: {m.get_role_display().lower()}" for m in memberships)
            parts.append(f'<p class="meta">{escape(roles)}</p>')
        if network.topic_links:
            tags = "".join(
                f'<li><a href="{escape(link.topic_url(slug))}">{escape(name)}</a></li>'
                for slug, name in network.topic_links
            )
            parts.append(f'<ul class="tags" aria-label="Topics">{tags}</ul>')
        items.append("".join(parts) + "</li>")
    return mark_safe("\n".join(items))


@register.filter
def contact_rows(contacts, show_network):
    """<tr> per contact point, which the view has already filtered with ContactPoint.objects.visible_to."""
    link = LinkBuilder()
    rows = []
    for contact in contacts:
        cells = [f'<th scope="row">{escape(contact.name)}{_br_muted(contact.function)}</th>']
        if show_network:
            network = contact.network
            url = link.network_url(network.slug)
            cells.append(f'<td><a href="{escape(url)}">{escape(network.acronym or network.name)}</a></td>')
        cells.append(f"<td>{escape(contact.get_role_display())}</td>")
        jurisdiction = contact.jurisdiction
        if jurisdiction is None:
            cells.append("<td></td>")
        else:
            url = link.jurisdiction_url(jurisdiction.code)
            cells.append(f'<td><a href="{escape(url)}">{escape(jurisdiction.name)}</a></td>')
        cells.append(f"<td>{escape(contact.institution)}</td>")
        email = f'<a href="mailto:{escape(contact.email)}">{escape(contact.email)}</a>' if contact.email else ""
        cells.append(f"<td>{email}{'<br>' if contact.email and contact.phone else ''}{escape(contact.phone)}</td>")
        cells.append(f"<td>{escape(contact.languages)}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return mark_safe("\n".join(rows))


def _br_muted(text):
    return f'<br><span class="muted">{escape(text)}</span>' if text else ""
