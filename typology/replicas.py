"""N Streamlit replicas behind nginx on loopback: `python -m typology.replicas --replicas 2`.

A trial of the deployment in deploy/ (docs/deploy.md): the replicas are `streamlit run serve.py`
on consecutive ports (or any free ports), and nginx runs from a temporary directory with the
site file deploy/nginx-site.conf rendered for those ports. `serve_replicas()` is the same as a
context manager, for tests and the load test. Nothing here needs root; nothing listens beyond
127.0.0.1.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE_TEMPLATE = ROOT / "deploy" / "nginx-site.conf"
STREAMLIT_CONFIG = ROOT / ".streamlit" / "config.toml"
# Streamlit's own default for server.maxUploadSize (MB) when the config does not set it.
STREAMLIT_DEFAULT_UPLOAD_MB = 200
# Streamlit accepts an upload body this much larger than maxUploadSize (the multipart envelope).
MULTIPART_ALLOWANCE_MB = 1
HOST = "127.0.0.1"

_SERVER_LINE = re.compile(r"^(\s*)server \S+:\d+ [^;\n]*;\n", re.MULTILINE)
_LISTEN_LINE = re.compile(r"^(\s*)listen [^;\n]+;", re.MULTILINE)
_ACCESS_LOG_LINE = re.compile(r"^(\s*)access_log (/\S+) typology_private;", re.MULTILINE)
_BODY_SIZE_LINE = re.compile(r"^(\s*)client_max_body_size \S+;", re.MULTILINE)


class DeploymentError(RuntimeError):
    """The trial could not start: the message says what is missing or which process failed."""


def max_upload_mb(config_path: Path = STREAMLIT_CONFIG) -> int:
    """server.maxUploadSize from the project's Streamlit config (Streamlit's default if unset)."""
    if not config_path.exists():
        return STREAMLIT_DEFAULT_UPLOAD_MB
    with config_path.open("rb") as f:
        config = tomllib.load(f)
    return int(config.get("server", {}).get("maxUploadSize", STREAMLIT_DEFAULT_UPLOAD_MB))


def render_site(
    replica_ports: list[int],
    listen: str = f"{HOST}:8080",
    access_log: str | None = None,
    upload_mb: int | None = None,
    template: str | None = None,
) -> str:
    """The site file with one upstream `server` line per replica port, the given `listen`
    address, access log path and body limit; every other line as shipped."""
    if not replica_ports:
        raise ValueError("at least one replica port is needed")
    text = SITE_TEMPLATE.read_text(encoding="utf-8") if template is None else template
    lines = list(_SERVER_LINE.finditer(text))
    if not lines:
        raise ValueError("the site template has no upstream `server` line to replace")
    indent = lines[0].group(1)
    servers = "".join(
        f"{indent}server {HOST}:{port} max_fails=1 fail_timeout=10s;\n" for port in replica_ports
    )
    text = text[: lines[0].start()] + servers + text[lines[-1].end() :]
    text = _LISTEN_LINE.sub(lambda m: f"{m.group(1)}listen {listen};", text, count=1)
    if access_log is not None:
        text = _ACCESS_LOG_LINE.sub(
            lambda m: f"{m.group(1)}access_log {access_log} typology_private;", text, count=1
        )
    limit = (max_upload_mb() if upload_mb is None else upload_mb) + MULTIPART_ALLOWANCE_MB
    return _BODY_SIZE_LINE.sub(lambda m: f"{m.group(1)}client_max_body_size {limit}m;", text)


def _worker_user() -> str:
    """nginx started as root runs its workers as another user; `nobody` with its own group
    (Debian names it nogroup, other systems nobody)."""
    import grp
    import pwd

    nobody = pwd.getpwnam("nobody")
    return f"nobody {grp.getgrgid(nobody.pw_gid).gr_name}"


def render_nginx_conf(site: str, workdir: Path) -> str:
    """A whole nginx.conf for an unprivileged trial: pid, logs and temporary files in workdir."""
    user = f"user {_worker_user()};\n" if os.geteuid() == 0 else ""
    temp = "\n".join(
        f"    {name}_temp_path {workdir / name};"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    body = "\n".join("    " + line if line.strip() else "" for line in site.splitlines())
    return (
        f"{user}worker_processes 1;\n"
        f"pid {workdir / 'nginx.pid'};\n"
        f"error_log {workdir / 'error.log'} warn;\n"
        "events { worker_connections 1024; }\n"
        "http {\n"
        f"{temp}\n"
        "    default_type application/octet-stream;\n"
        f"{body}\n"
        "}\n"
    )


def nginx_executable() -> str:
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
    if not found:
        raise DeploymentError(
            "nginx is not installed: `make nginx` (Debian's nginx-light) or your system's package"
        )
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def healthy(url: str, timeout_s: float = 1.0) -> bool:
    try:
        with urllib.request.urlopen(url + "_stcore/health", timeout=timeout_s) as r:  # noqa: S310
            return r.status == 200
    except OSError:
        return False


@dataclass
class Replica:
    port: int
    process: subprocess.Popen
    log: Path

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/"


@dataclass
class Deployment:
    """What `serve_replicas` yields: nginx's URL, the replicas and their processes."""

    url: str
    replicas: list[Replica]
    nginx: subprocess.Popen
    workdir: Path
    site: str = field(repr=False)

    def stop_replica(self, index: int, crash: bool = False, timeout_s: float = 15) -> None:
        """Stop one replica, or kill it (`crash`: no chance to close its connections cleanly);
        nginx keeps sending to the others."""
        process = self.replicas[index].process
        if crash:
            process.kill()
            process.wait(timeout=timeout_s)
        else:
            _stop(process, timeout_s)

    @property
    def access_log(self) -> Path:
        return self.workdir / "access.log"


def _stop(process: subprocess.Popen, timeout_s: float = 15) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# The perspectives store's URL (typology.perspectives.db); every replica gets the same one.
DB_ENV = "TYPOLOGY_DB"
# Every replica's environment, as in deploy/typology@.service and deploy/Dockerfile: glibc
# otherwise keeps up to 8 malloc arenas per core, each holding memory freed by its threads (one
# per session), so a replica's memory stays high after the sessions have ended (docs/deploy.md).
REPLICA_ENV = {"STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", "MALLOC_ARENA_MAX": "2"}


def _start_replica(
    script: Path,
    port: int,
    workdir: Path,
    db_url: str | None,
    options: tuple[str, ...] = (),
    extra_env: Mapping[str, str] | None = None,
) -> Replica:
    log = workdir / f"replica-{port}.log"
    env = dict(os.environ) | REPLICA_ENV | dict(extra_env or {})
    if db_url:
        env[DB_ENV] = db_url
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(script),
             "--server.address", HOST, "--server.port", str(port),
             "--server.headless", "true", *options],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    return Replica(port, process, log)


def _wait_healthy(url: str, process: subprocess.Popen, what: str, log: Path, deadline: float):
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise DeploymentError(f"{what} exited with code {process.returncode}:\n{tail}")
        if healthy(url):
            return
        time.sleep(0.2)
    raise DeploymentError(f"{what} did not answer {url}_stcore/health in time")


@contextlib.contextmanager
def serve_replicas(
    n: int = 2,
    port: int | None = None,
    first_replica_port: int | None = None,
    script: Path = ROOT / "serve.py",
    startup_timeout_s: float = 120,
    db_url: str | None = None,
    session_ttl_s: int | None = None,
    env: Mapping[str, str] | None = None,
) -> Iterator[Deployment]:
    """Start n replicas and nginx in front of them; stop all of them on exit.

    `port` is nginx's (a free one if None); replicas take consecutive ports from
    `first_replica_port`, or free ports if it is None. `db_url` is the perspectives database
    all replicas share (TYPOLOGY_DB); None leaves the environment's, else the default SQLite
    file of this checkout, which is then shared too. `session_ttl_s` sets Streamlit's
    server.disconnectedSessionTTL (how long a closed session's state is kept for a reconnect;
    Streamlit's default 120 s when None). `env` adds to or overrides every replica's environment
    (which is this process's with REPLICA_ENV), e.g. {"TYPOLOGY_MEMORY_RELEASE": "0"}."""
    if n < 1:
        raise ValueError("n must be at least 1 replica")
    nginx = nginx_executable()
    port = port or free_port()
    ports = (
        [first_replica_port + i for i in range(n)]
        if first_replica_port
        else [free_port() for _ in range(n)]
    )
    if port in ports:
        raise ValueError(f"nginx's port {port} is also a replica's port")
    workdir = Path(tempfile.mkdtemp(prefix="typology-replicas-"))
    workdir.chmod(0o755)  # nginx's workers (nobody when started as root) open files in it
    site = render_site(ports, listen=f"{HOST}:{port}", access_log=str(workdir / "access.log"))
    conf = workdir / "nginx.conf"
    conf.write_text(render_nginx_conf(site, workdir), encoding="utf-8")
    check = subprocess.run(
        [nginx, "-t", "-q", "-p", str(workdir), "-c", str(conf)], capture_output=True, text=True
    )
    if check.returncode != 0:
        shutil.rmtree(workdir, ignore_errors=True)
        raise DeploymentError(f"nginx rejected the configuration:\n{check.stderr}")

    replicas: list[Replica] = []
    proxy = None
    try:
        options = () if session_ttl_s is None else (
            "--server.disconnectedSessionTTL", str(int(session_ttl_s)),
        )  # fmt: skip
        replicas = [_start_replica(script, p, workdir, db_url, options, env) for p in ports]
        deadline = time.monotonic() + startup_timeout_s
        for replica in replicas:
            _wait_healthy(
                replica.url, replica.process, f"replica on {replica.port}", replica.log, deadline
            )
        proxy = subprocess.Popen(
            [nginx, "-p", str(workdir), "-c", str(conf), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        url = f"http://{HOST}:{port}/"
        _wait_healthy(url, proxy, "nginx", workdir / "error.log", deadline)
        yield Deployment(url, replicas, proxy, workdir, site)
    finally:
        if proxy is not None:
            _stop(proxy)
        for replica in replicas:
            _stop(replica.process)
        shutil.rmtree(workdir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m typology.replicas",
        description="Start N Streamlit replicas behind nginx on 127.0.0.1 (a loopback trial).",
    )
    parser.add_argument("--replicas", type=int, default=2, help="number of Streamlit servers")
    parser.add_argument("--port", type=int, default=8080, help="nginx's port (the shared link)")
    parser.add_argument(
        "--first-port", type=int, default=8501, help="first replica's port; the next ones follow"
    )
    parser.add_argument(
        "--db",
        metavar="URL",
        help=f"perspectives database for every replica (sets {DB_ENV}; default: as for make run)",
    )
    parser.add_argument(
        "--print-site", action="store_true", help="print the rendered nginx site and exit"
    )
    parser.add_argument(
        "--wait-healthy",
        type=int,
        metavar="PORT",
        help="wait until the replica on PORT answers /_stcore/health (exit 1 after 120 s)",
    )
    args = parser.parse_args(argv)
    if args.wait_healthy:
        deadline = time.monotonic() + 120
        while not healthy(f"http://{HOST}:{args.wait_healthy}/"):
            if time.monotonic() > deadline:
                print(f"error: no healthy replica on port {args.wait_healthy}", file=sys.stderr)
                return 1
            time.sleep(0.5)
        return 0
    if args.replicas < 1:
        parser.error("--replicas must be at least 1")
    ports = [args.first_port + i for i in range(args.replicas)]
    if args.print_site:
        print(render_site(ports, listen=f"{HOST}:{args.port}"), end="")
        return 0
    try:
        with serve_replicas(
            args.replicas, args.port, args.first_port, db_url=args.db
        ) as deployment:
            print(f"{args.replicas} replica(s) on ports {ports}; open {deployment.url}", flush=True)
            print("Ctrl-C stops nginx and the replicas.", flush=True)
            signal.signal(signal.SIGTERM, signal.default_int_handler)  # stop as on Ctrl-C
            while True:
                time.sleep(3600)
    except DeploymentError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
