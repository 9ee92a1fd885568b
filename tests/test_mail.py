"""Sending the weekly digest: the messages, and a real SMTP conversation with a small server
on 127.0.0.1 that keeps what it receives."""

from __future__ import annotations

import email
import email.policy
import socketserver
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from directory.build.mail import MailError, messages, recipients, send, settings

from .conftest import write


class SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough of RFC 5321 for smtplib: EHLO, MAIL, RCPT, DATA, QUIT."""

    received: list[tuple[list[str], bytes]] = []

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        self.reply("220 test ready")
        rcpt: list[str] = []
        while line := self.rfile.readline():
            cmd = line.decode().strip()
            verb = cmd.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 test")
            elif verb == "MAIL":
                rcpt = []
                self.reply("250 ok")
            elif verb == "RCPT":
                rcpt.append(cmd.split(":", 1)[1].strip(" <>"))
                self.reply("250 ok")
            elif verb == "DATA":
                self.reply("354 go on")
                data = b""
                while (chunk := self.rfile.readline()) != b".\r\n":
                    data += chunk
                SMTPHandler.received.append((rcpt, data))
                self.reply("250 kept")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 ok")


@pytest.fixture
def smtp_port() -> Iterator[int]:
    SMTPHandler.received = []
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), SMTPHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def digests(tmp_path: Path) -> Path:
    folder = tmp_path / "digest"
    for slug in ("preston", "wyre"):
        write(folder / f"{slug}.txt", f"Community services in {slug}: the week\n\nNew (1)\n")
        write(folder / f"{slug}.html", f"<!DOCTYPE html><html><body><h1>{slug}</h1></body></html>")
    return folder


def env(port: int, who: str) -> dict[str, str]:
    return {
        "DIGEST_SMTP_HOST": "127.0.0.1",
        "DIGEST_SMTP_PORT": str(port),
        "DIGEST_SMTP_SECURITY": "none",
        "DIGEST_FROM": "Directory <directory@example.org>",
        "DIGEST_RECIPIENTS": who,
    }


def test_each_recipient_gets_their_districts_digest_in_two_parts(digests: Path, smtp_port: int):
    cfg = settings(env(smtp_port, "preston: a@example.org, b@example.org\n*: c@example.org"))
    assert send(digests, cfg) == 4  # a and b for Preston; c for Preston and Wyre
    got = {}
    for rcpt, data in SMTPHandler.received:
        assert len(rcpt) == 1  # nobody sees anyone else's address
        msg = email.message_from_bytes(data, policy=email.policy.default)
        assert msg["To"] == rcpt[0]
        got.setdefault(rcpt[0], []).append(msg["Subject"])
        assert msg.get_content_type() == "multipart/alternative"
        parts = [p.get_content_type() for p in msg.iter_parts()]
        assert parts == ["text/plain", "text/html"]
    assert got["a@example.org"] == ["Community services in preston: the week"]
    assert sorted(got["c@example.org"]) == [
        "Community services in preston: the week",
        "Community services in wyre: the week",
    ]


def test_the_command_reads_the_settings_from_the_environment(digests, smtp_port, run, monkeypatch):
    for key, value in env(smtp_port, "wyre: d@example.org").items():
        monkeypatch.setenv(key, value)
    result = run("send-digest", "--digests", str(digests))
    assert result.exit_code == 0, result.output
    assert "Sent 1 digest email(s)." in result.output
    assert [r for r, _ in SMTPHandler.received] == [["d@example.org"]]


def test_missing_or_wrong_settings_say_which_without_showing_values(digests, run, monkeypatch):
    monkeypatch.delenv("DIGEST_SMTP_HOST", raising=False)
    result = run("send-digest", "--digests", str(digests))
    assert result.exit_code == 1 and "DIGEST_SMTP_HOST is not set" in result.output
    with pytest.raises(MailError, match="line 1: an address is not valid"):
        recipients("preston: not-an-address")
    with pytest.raises(MailError, match="line 2"):
        recipients("preston: a@example.org\njust words")
    cfg = settings(env(1, "lancashire-north: a@example.org"))
    with pytest.raises(MailError, match="has no digest"):
        messages(digests, cfg)
