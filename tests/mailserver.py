"""A real SMTP server on 127.0.0.1 for tests (aiosmtpd), and the settings that send the registry's mail to it.

aiosmtpd runs in its own process, delivering to a Maildir the test reads: it imports a module named
`public` (from atpublic), which this project's `public` app would shadow inside the test process.
"""

import mailbox
import os
import socket
import subprocess
import sys
import time
from email import policy
from email.parser import BytesParser

import pytest


class Inbox:
    """The messages the server has delivered so far, parsed."""

    def __init__(self, path):
        self.path = path

    @property
    def messages(self):
        box = mailbox.Maildir(self.path, factory=None, create=False)
        return [BytesParser(policy=policy.default).parsebytes(box.get_bytes(key)) for key in sorted(box.keys())]

    def to(self, address):
        return [message for message in self.messages if address in message["To"]]


def _free_port():
    # aiosmtpd cannot start on port 0 (its start-up check connects to the port it was given).
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(port, process):
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"aiosmtpd stopped: {process.stderr.read().decode()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("aiosmtpd did not start within 15 s")


@pytest.fixture
def smtp_inbox(settings, tmp_path):
    """Start an SMTP server, point Django's SMTP backend at it, and yield its Inbox."""
    maildir, port = tmp_path / "maildir", _free_port()
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            f"127.0.0.1:{port}",
            "-c",
            "aiosmtpd.handlers.Mailbox",
            str(maildir),
        ],
        cwd=tmp_path,  # not the project directory, whose `public` package would shadow atpublic's
        env=env,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_for(port, process)
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        yield Inbox(maildir)
    finally:
        process.terminate()
        process.wait(timeout=10)


def body(message):
    return message.get_body(preferencelist=("plain",)).get_content()
