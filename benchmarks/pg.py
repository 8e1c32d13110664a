"""PostgreSQL for the benchmarks: the database each one uses, created on the local server when missing."""

from urllib.parse import urlparse

LOCAL_SERVER = "postgres://postgres@127.0.0.1:5432"


def ensure_database(url: str) -> None:
    """Create the database `url` names when it does not exist yet (the server and its user must exist)."""
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')  # a name from our own URL, not user input


def database_url(environ, default_name: str) -> str:
    """DATABASE_URL when it names PostgreSQL, else the local server's `default_name`; created when missing."""
    url = environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = f"{LOCAL_SERVER}/{default_name}"
    ensure_database(url)
    return url
