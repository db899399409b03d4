"""An SMTP server that takes only SASL XOAUTH2 logins (Exchange Online's way), for tests.

Usage: xoauth2_smtp.py PORT EXPECTED_TOKEN. Prints one JSON line per event on stdout: ready, auth, message.
"""
import asyncio
import base64
import json
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

PORT = int(sys.argv[1])
EXPECTED = sys.argv[2]


def say(**event):
    print(json.dumps(event), flush=True)


class Handler:
    async def auth_XOAUTH2(self, server, args):
        if len(args) > 1:
            blob = base64.b64decode(args[1])
        else:
            blob = await server.challenge_auth("", encode_to_b64=False)
            if not isinstance(blob, bytes):
                return AuthResult(success=False, handled=False)
        fields = dict(part.split("=", 1) for part in blob.decode("utf-8").split("\x01") if "=" in part)
        user = fields.get("user", "")
        token = fields.get("auth", "").removeprefix("Bearer ")
        ok = token == EXPECTED
        say(event="auth", mechanism="XOAUTH2", user=user, accepted=ok)
        return AuthResult(success=ok, handled=False, auth_data=user if ok else None)

    async def handle_DATA(self, server, session, envelope):
        say(event="message", user=session.auth_data, sender=envelope.mail_from, to=envelope.rcpt_tos, size=len(envelope.content))
        return "250 OK queued"


controller = Controller(Handler(), hostname="127.0.0.1", port=PORT, auth_required=True, auth_require_tls=False)
controller.start()
say(event="ready", port=PORT)
try:
    sys.stdin.read()
finally:
    controller.stop()
