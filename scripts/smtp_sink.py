"""A local SMTP sink for development: accepts every message on loopback and keeps it as a .eml file."""
from __future__ import annotations

import argparse
import email
import email.policy
import time
from pathlib import Path

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        name = f"{time.strftime('%Y%m%d-%H%M%S')}-{abs(hash(msg['Message-ID'])) % 10**8:08d}.eml"
        (self.folder / name).write_bytes(envelope.content)
        print(f"[mail] to {', '.join(envelope.rcpt_tos)}: {msg['Subject']}  ({self.folder / name})", flush=True)
        return "250 OK"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8025)
    parser.add_argument("--dir", default=".dev/mail")
    args = parser.parse_args()
    controller = Controller(Sink(Path(args.dir)), hostname="127.0.0.1", port=args.port)
    controller.start()
    print(f"==> SMTP sink on 127.0.0.1:{args.port}, messages kept in {args.dir}/", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
