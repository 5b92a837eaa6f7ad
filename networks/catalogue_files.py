"""Read and check the catalogue's CSV fixtures: every problem is reported with file, line, column and value.

Nothing here writes to the database; `networks.loading` does that once every file is clean.
"""

import csv
import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError

from countries.names import normalize_name
from registry.languages import standard_language_tag, validate_language_tag
from registry.links import web_url_validator

from .dating import Precision, parse_written

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
LIST_SEPARATOR = ";"
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

COLUMNS = {
    "topics.csv": ["slug", "name", "name_fr", "facet", "description"],
    "sources.csv": ["slug", "title", "publisher", "document", "published", "url", "accessed", "language"],
    "organisations.csv": ["slug", "name", "acronym", "language", "kind", "jurisdiction", "website", "description"],
    "networks.csv": [
        "slug",
        "name",
        "acronym",
        "type",
        "field",
        "status",
        "established",
        "legal_basis",
        "website",
        "working_languages",
        "scope",
        "regions",
        "topics",
        "description",
    ],
    "network_translations.csv": ["network", "language", "name", "acronym", "description", "source", "note"],
    "network_aliases.csv": ["network", "name", "language", "kind", "note"],
    "network_sources.csv": ["network", "source", "section", "urls"],
    "memberships.csv": [
        "network",
        "role",
        "member_type",
        "member",
        "as_written",
        "since",
        "until",
        "source",
        "notes",
        "public_note",
    ],
    "stated_counts.csv": ["network", "role", "qualifier", "count", "label", "as_of", "source"],
    "relations.csv": ["network", "kind", "target_type", "target", "since", "until", "source", "notes"],
}


class CatalogueError(Exception):
    """The fixtures cannot be loaded; `problems` lists every reason, one per line."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass
class Row:
    """One CSV line; `get` and the parsers record problems on the shared list instead of raising."""

    filename: str
    line: int
    values: dict
    problems: list = field(repr=False)

    def problem(self, column, reason):
        value = self.values.get(column, "")
        self.problems.append(f"{self.filename}, line {self.line}, column {column} ({value!r}): {reason}")

    def get(self, column, required=False):
        value = (self.values.get(column) or "").strip()
        if required and not value:
            self.problem(column, "a value is required")
        return value

    def slug(self, column):
        value = self.get(column, required=True)
        if value and not _SLUG.match(value):
            self.problem(column, "not a slug (lower-case letters, digits and single hyphens)")
        return value

    def choice(self, column, choices, required=True):
        value = self.get(column, required=required)
        allowed = [str(c) for c in choices]
        if value and value not in allowed:
            self.problem(column, f"must be one of {', '.join(allowed)}")
        return value

    def language(self, column):
        """A BCP 47 language tag in its standard form ("pt-br" → "pt-BR"), or "" when the cell is empty."""
        value = self.get(column)
        try:
            validate_language_tag(value)
        except ValidationError as error:
            self.problem(column, " ".join(error.messages))
            return value
        return standard_language_tag(value)

    def items(self, column):
        return [item.strip() for item in self.get(column).split(LIST_SEPARATOR) if item.strip()]

    def integer(self, column, low=None, high=None, required=False):
        value = self.get(column, required=required)
        if not value:
            return None
        try:
            number = int(value)
        except ValueError:
            self.problem(column, "not a whole number")
            return None
        if (low is not None and number < low) or (high is not None and number > high):
            self.problem(column, f"must be between {low} and {high}")
            return None
        return number

    def date(self, column):
        value = self.get(column)
        if not value:
            return None
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            self.problem(column, "not a date in the form YYYY-MM-DD")
            return None

    def partial_date(self, column):
        """(date, precision) of a date written YYYY-MM-DD, YYYY-MM or YYYY (networks.dating); (None, day) if empty."""
        value = self.get(column)
        if not value:
            return None, Precision.DAY
        try:
            return parse_written(value)
        except ValueError:
            self.problem(column, "not a date in the form YYYY-MM-DD, YYYY-MM or YYYY")
            return None, Precision.DAY

    def url(self, column):
        value = self.get(column)
        if value:
            try:
                web_url_validator(value)
            except ValidationError:
                self.problem(column, "not a valid http(s) URL")
        return value

    def urls(self, column):
        for value in self.items(column):
            try:
                web_url_validator(value)
            except ValidationError:
                self.problem(column, f"{value!r} is not a valid http(s) URL")
        return self.items(column)


def read_rows(filename, problems, directory=None):
    """Every data row of one fixture file, after checking its header; a missing file is a problem."""
    path = Path(directory or FIXTURES) / filename
    expected = COLUMNS[filename]
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            if header != expected:
                problems.append(f"{filename}, line 1: expected columns {','.join(expected)}, found {','.join(header)}")
                return []
            rows = []
            for values in reader:
                row = Row(filename, reader.line_num, values, problems)
                if None in values:
                    problems.append(f"{filename}, line {reader.line_num}: more cells than the {len(expected)} columns")
                    continue
                rows.append(row)
            return rows
    except FileNotFoundError:
        problems.append(f"{filename}: file not found in {path.parent}")
    except UnicodeDecodeError as exc:
        problems.append(f"{filename}: not UTF-8 ({exc.reason} at byte {exc.start})")
    return []


def check_unique(rows, key, what, problems):
    """Report a natural key that appears twice in one file (the second occurrence names the first)."""
    seen = {}
    for row in rows:
        k = key(row)
        if k in seen:
            problems.append(f"{row.filename}, line {row.line}: duplicate {what} {k!r} (first on line {seen[k]})")
        else:
            seen[k] = row.line


def names_match(as_written, names):
    """True when the written string contains one of the entity's names or acronyms as whole words.

    Sources qualify organisations ("International Monetary Fund (Associate)", "RRAG Secretariat",
    "Hungary: National Office for the Judiciary"); the qualifier is kept in `as_written`.
    """
    written = f" {normalize_name(as_written)} "
    return any(f" {normalize_name(name)} " in written for name in names if name and normalize_name(name))
