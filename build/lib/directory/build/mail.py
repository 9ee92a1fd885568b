"""Sending the weekly digest (digest/<district>.html and .txt, written by every build) through
a mail service. Who receives which district's digest, and the mail service's address and
password, come from environment variables (repository secrets in the nightly workflow): the
repository never holds anyone's address.

Variables:
- DIGEST_SMTP_HOST, DIGEST_SMTP_PORT (default 587), DIGEST_SMTP_USER, DIGEST_SMTP_PASSWORD;
- DIGEST_SMTP_SECURITY: "starttls" (default), "ssl" (port 465) or "none" (a relay on the
  same machine only);
- DIGEST_FROM: the sender, such as "Community Directory <directory@council.example>";
- DIGEST_RECIPIENTS: one line per district, "preston: a@example.org, b@example.org"
  (a `*` instead of a district slug receives every district's digest).

Each recipient gets their own message (no one sees another's address), as
multipart/alternative: the plain text first, then the HTML (RFC 2046 section 5.1.4).
"""

from __future__ import annotations

import re
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

_ADDRESS = re.compile(r"^[^@\s,;:<>]+@[^@\s,;:<>]+\.[^@\s,;:<>]+$")


class MailError(Exception):
    """A setting is missing or wrong; the message says which, never its value."""


@dataclass(frozen=True)
class Settings:
    host: str
    port: int
    user: str | None
    password: str | None
    security: str
    sender: str
    recipients: dict[str, tuple[str, ...]]  # district slug (or "*") -> addresses


def settings(env: Mapping[str, str]) -> Settings:
    host = env.get("DIGEST_SMTP_HOST", "").strip()
    sender = env.get("DIGEST_FROM", "").strip()
    if not host:
        raise MailError("DIGEST_SMTP_HOST is not set: no mail service to send the digest with")
    if not sender:
        raise MailError("DIGEST_FROM is not set: the digest needs a sender address")
    security = env.get("DIGEST_SMTP_SECURITY", "starttls").strip().lower() or "starttls"
    if security not in ("starttls", "ssl", "none"):
        raise MailError("DIGEST_SMTP_SECURITY must be starttls, ssl or none")
    port_text = env.get("DIGEST_SMTP_PORT", "").strip() or ("465" if security == "ssl" else "587")
    if not port_text.isdigit():
        raise MailError("DIGEST_SMTP_PORT must be a number, such as 587")
    return Settings(
        host,
        int(port_text),
        env.get("DIGEST_SMTP_USER") or None,
        env.get("DIGEST_SMTP_PASSWORD") or None,
        security,
        sender,
        recipients(env.get("DIGEST_RECIPIENTS", "")),
    )


def recipients(text: str) -> dict[str, tuple[str, ...]]:
    """'preston: a@x.org, b@y.org' lines -> {"preston": ("a@x.org", "b@y.org")}."""
    out: dict[str, tuple[str, ...]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        district, sep, addresses = line.partition(":")
        if not sep:
            raise MailError(
                f"DIGEST_RECIPIENTS line {number}: write it as 'district: address, address'"
            )
        found = tuple(a.strip() for a in re.split(r"[,;]", addresses) if a.strip())
        for a in found:
            if not _ADDRESS.match(a):
                raise MailError(f"DIGEST_RECIPIENTS line {number}: an address is not valid")
        out[district.strip().lower()] = out.get(district.strip().lower(), ()) + found
    return out


def messages(folder: Path, cfg: Settings) -> list[EmailMessage]:
    """One message per recipient and district, from the digest files in `folder`."""
    out = []
    for text_file in sorted(folder.glob("*.txt")):
        slug = text_file.stem
        html_file = text_file.with_suffix(".html")
        who = cfg.recipients.get(slug, ()) + cfg.recipients.get("*", ())
        if not who or not html_file.is_file():
            continue
        text = text_file.read_text(encoding="utf-8")
        subject = text.splitlines()[0].strip() if text else f"Community services: {slug}"
        html = html_file.read_text(encoding="utf-8")
        for address in dict.fromkeys(who):
            msg = EmailMessage()
            msg["Subject"] = subject
            msg["From"] = cfg.sender
            msg["To"] = address
            msg["Message-ID"] = make_msgid(domain=cfg.sender.rpartition("@")[2].strip("> "))
            msg.set_content(text)
            msg.add_alternative(html, subtype="html")
            out.append(msg)
    for district in cfg.recipients:
        if district != "*" and not (folder / f"{district}.txt").is_file():
            raise MailError(f"DIGEST_RECIPIENTS names {district!r}, which has no digest")
    return out


def send(folder: Path, cfg: Settings) -> int:
    """Send every digest that has recipients; how many messages were sent."""
    to_send = messages(folder, cfg)
    if not to_send:
        return 0
    context = ssl.create_default_context()
    smtp: smtplib.SMTP
    if cfg.security == "ssl":
        smtp = smtplib.SMTP_SSL(cfg.host, cfg.port, context=context, timeout=60)
    else:
        smtp = smtplib.SMTP(cfg.host, cfg.port, timeout=60)
    with smtp:
        if cfg.security == "starttls":
            smtp.starttls(context=context)
        if cfg.user and cfg.password:
            smtp.login(cfg.user, cfg.password)
        for msg in to_send:
            smtp.send_message(msg)
    return len(to_send)
