"""Change one network's description, as an editor's save would (run with the bench's environment).

`make bench` times the first requests after this: every worker must notice the new catalogue version.
"""

import os
import sys
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings")

import django  # noqa: E402

django.setup()

from networks.models import Network  # noqa: E402


def main():
    network = Network.objects.order_by("pk").first()
    network.description = f"{network.description.split(' [bench ')[0]} [bench {uuid.uuid4().hex[:8]}]"
    network.save()


if __name__ == "__main__":
    main()
