#!/usr/bin/env python3
"""A real SMTP server for the mail tests (tests/integration/request_mail_test.cc):
Debian's aiosmtpd on 127.0.0.1, which writes each message it takes to DIR as
NNNN.eml (as received) and NNNN.json (envelope, decoded subject and text body), and
prints the port it listens on as its first line. --cert/--key: offer STARTTLS and
refuse mail before it."""
import argparse
import asyncio
import email
import email.policy
import json
import os
import ssl

from aiosmtpd.smtp import SMTP


class Handler:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        raw = envelope.original_content or envelope.content
        message = email.message_from_bytes(raw, policy=email.policy.default)
        part = message.get_body(preferencelist=("plain",))
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "from": str(message["from"]),
            "to": str(message["to"]),
            "subject": str(message["subject"]),
            "content_type": message.get_content_type(),
            "charset": message.get_content_charset(),
            "tls": session.ssl is not None,
            "body": part.get_content() if part is not None else "",
        }
        base = os.path.join(self.directory, "%04d" % self.count)
        with open(base + ".eml", "wb") as f:
            f.write(raw)
        # Written under another name first: the test reads a .json only when it is whole.
        with open(base + ".tmp", "w", encoding="utf-8") as f:
            json.dump(record, f, ensure_ascii=False)
        os.rename(base + ".tmp", base + ".json")
        return "250 OK"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--cert")
    parser.add_argument("--key")
    args = parser.parse_args()
    context = None
    if args.cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    handler = Handler(args.dir)
    server = loop.run_until_complete(
        loop.create_server(
            lambda: SMTP(handler, tls_context=context, require_starttls=context is not None, loop=loop),
            "127.0.0.1",
            args.port,
        )
    )
    print(server.sockets[0].getsockname()[1], flush=True)
    loop.run_forever()


if __name__ == "__main__":
    main()
