"""``manage.py dev``: the web server and the task worker together; Ctrl-C stops both."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the development web server and the task worker together (make run)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")
        parser.add_argument(
            "--no-reload", action="store_true", help="Do not restart on code changes."
        )

    def handle(self, *args, host: str, port: str, no_reload: bool, **options):
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
        reload = [] if not no_reload else ["--noreload"]
        commands = {
            "web server": [*manage, "runserver", f"{host}:{port}", *reload],
            "task worker": [
                *manage,
                "db_worker",
                "--no-startup-delay",
                "--no-reload" if no_reload else "--reload",
            ],
        }
        env = dict(os.environ, SITE_URL=os.environ.get("SITE_URL") or f"http://{host}:{port}")
        processes: dict[str, subprocess.Popen] = {}
        stopping = False

        def stop(signum=None, frame=None):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        for name, command in commands.items():
            # Each child in its own process group: Ctrl-C reaches this command only, which
            # then stops both children and waits for them.
            processes[name] = subprocess.Popen(command, env=env, start_new_session=True)
        self.stdout.write(
            self.style.SUCCESS(
                f"\nKlimapakete runs at {env['SITE_URL']}/ — web server and task worker "
                "(mail, computations, documents). Ctrl-C stops both.\n"
            )
        )
        self._print_demo_login()
        exited = None
        while not stopping and exited is None:
            time.sleep(0.2)
            exited = next((n for n, p in processes.items() if p.poll() is not None), None)
        if exited is not None and not stopping:
            self.stderr.write(f"The {exited} stopped; stopping the rest.")
        for process in processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGINT)
        deadline = time.monotonic() + 15
        for process in processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.stdout.write("Web server and task worker stopped.")
        if exited is not None and not stopping:
            sys.exit(1)

    def _print_demo_login(self) -> None:
        from klimapakete.teams import demo as team_demo

        email = team_demo.DEMO_USERS[0][0]
        self.stdout.write(
            f"Demo login: {email} / {team_demo.DEMO_PASSWORD} (all demo logins: make demo)\n"
        )
