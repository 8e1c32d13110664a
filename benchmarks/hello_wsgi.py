"""A bare WSGI hello-world: the baseline the registration benchmark runs beside, under the same gunicorn."""


def application(environ, start_response):
    body = b"hello"
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
