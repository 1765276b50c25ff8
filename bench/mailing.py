"""Send one mailing to 50,000 confirmed followers through the background worker.

Uses a throwaway SQLite database (or BENCH_DATABASE_URL) and Django's file email
backend, so nothing leaves the machine. Prints messages per second and memory: the
worker streams subscribers and claims a few rows at a time, so memory stays flat
whatever the size of the list.
"""

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

SUBSCRIBERS = int(os.environ.get("BENCH_SUBSCRIBERS", "50000"))


def rss_mib() -> float:
    # ru_maxrss is in KiB on Linux: the peak resident memory of this process so far.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="aasr-bench-"))
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-key")
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}"
    )
    os.environ["LOG_LEVEL"] = "WARNING"
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aasr_site.settings")

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from subscribers import services
    from subscribers.models import Delivery, Mailing, Subscriber

    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(workdir / "mail")
    settings.MAILING_MESSAGES_PER_MINUTE = 0

    call_command("migrate", verbosity=0)
    Subscriber.objects.all().delete()
    Mailing.objects.all().delete()
    for start in range(0, SUBSCRIBERS, 5000):
        Subscriber.objects.bulk_create(
            Subscriber(email=f"reader{n}@example.org", status="confirmed")
            for n in range(start, min(start + 5000, SUBSCRIBERS))
        )
    mailing = Mailing.objects.create(subject="Benchmark", introduction="Hello")

    before = rss_mib()
    started = time.perf_counter()
    services.queue_mailing(mailing=mailing)
    call_command("run_worker", batch=True, verbosity=0)
    elapsed = time.perf_counter() - started
    after = rss_mib()

    sent = Delivery.objects.filter(mailing=mailing, status="sent").count()
    if sent != SUBSCRIBERS:
        raise SystemExit(f"sent {sent} of {SUBSCRIBERS}")
    print(f"recipients\t{SUBSCRIBERS}")  # noqa: T201
    print(f"seconds\t{elapsed:.1f}")  # noqa: T201
    print(f"messages per second\t{sent / elapsed:.0f}")  # noqa: T201
    print(f"peak memory (RSS)\t{after:.0f} MiB")  # noqa: T201
    print(f"memory growth while sending\t{after - before:.0f} MiB")  # noqa: T201


if __name__ == "__main__":
    main()
