"""Profile the registration POST in-process (Django test client + cProfile), with the benchmark's settings.

Run: `BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/dp_bench .venv/bin/python benchmarks/profile_registration.py`
(after bench_registration.py seeded the database). Prints the per-request wall time and the top functions.
"""

import cProfile
import os
import pstats
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.update({"DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/dp_bench"),
                   "DJANGO_SETTINGS_MODULE": "dialogue_portal.settings.dev", "DEBUG": "false",
                   "REGISTRATION_RATE_LIMIT": "", "REDIS_URL": os.environ.get("PROFILE_REDIS_URL", ""),
                   "CELERY_TASK_ALWAYS_EAGER": "false",
                   "CELERY_BROKER_URL": os.environ.get("PROFILE_BROKER_URL", "memory://"),
                   "ALLOWED_HOSTS": "testserver"})
N = int(os.environ.get("PROFILE_REQUESTS", "40"))


def main():
    import django

    django.setup()
    from django.test import Client

    from conferences.models import Conference

    conference = Conference.objects.filter(body__slug="xa-bench").order_by("-year").first()
    if conference is None:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from bench_registration import seed

        seed({**os.environ})
        conference = Conference.objects.filter(body__slug="xa-bench").order_by("-year").first()
    url = f"/{conference.body.slug}/hoi-nghi/{conference.year}/dang-ky/"
    client = Client()

    def post():
        response = client.post(url, {
            "form_token": uuid.uuid4().hex, "full_name": "Nguyễn Văn Đo", "position": "Giám đốc",
            "organisation_name": "Công ty TNHH Đo Tải", "organisation_kind": "DN", "tax_code": "0312687878",
            "phone": "0912 345 678", "address": "Thôn Đông", "attending": "yes", "notify_sms": "on",
            "consent": "on", "petitions-TOTAL_FORMS": "2", "petitions-INITIAL_FORMS": "0",
            "petitions-0-category": "1", "petitions-0-content": "Khó tiếp cận vốn vay.",
            "petitions-1-category": "6", "petitions-1-content": "Chậm cấp giấy chứng nhận.",
        })
        assert response.status_code == 302, response.status_code

    for _ in range(5):
        post()
    started = time.perf_counter()
    cpu = time.process_time()
    for _ in range(N):
        post()
    print(f"{N} POSTs, one client, not profiled: {(time.perf_counter() - started) / N * 1000:.1f} ms each (wall), "
          f"{(time.process_time() - cpu) / N * 1000:.1f} ms Django process CPU each")
    started = time.perf_counter()
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(N):
        post()
    profiler.disable()
    elapsed = time.perf_counter() - started
    print(f"{N} POSTs: {elapsed / N * 1000:.1f} ms each (wall, profiled)")
    stats = pstats.Stats(profiler).sort_stats("cumulative")
    stats.print_stats(45)
    stats.sort_stats("tottime").print_stats(20)


if __name__ == "__main__":
    main()
