"""Benchmark of the statistics API on a large database (not a test; run by hand).

    createdb -h 127.0.0.1 -U postgres amana_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/amana_bench \\
        .venv/bin/python bench/stats_benchmark.py --complaints 1000000

It migrates the database, generates the complaints in SQL (once; a second run reuses
them), rebuilds the statistics' base cells (timed), then calls each stats endpoint with
assorted filters and prints p50 and p95 latency. The complaints carry no personal data:
the benchmark measures counting, not encryption.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django

django.setup()

from django.core.management import call_command
from django.db import connection
from rest_framework.test import APIClient

from complaints.models import Complaint
from core import apikeys
from core.models import ApiKey, Location, Organisation, User
from reports.aggregates import stats_rebuild

SEED_SQL = """
WITH k AS (SELECT id FROM core_datakey ORDER BY created_at LIMIT 1),
     locs AS (SELECT array_agg(id) AS ids FROM core_location),
     orgs AS (SELECT array_agg(id) AS ids FROM core_organisation)
INSERT INTO complaints_complaint (
    id, data_key_id, reference, submission_key, source, status, received_at, entry_point,
    receiving_organisation_id, received_by_id, location_id, incident_date_precision, incident_date,
    category, subcategory, priority, narrative, is_child_case, feedback_channel, classification,
    implicated_organisation_id, implicated_unknown, need_to_know, forwarded_to_id, submitted_at,
    screened_at, closed_at, updated_at)
SELECT gen_random_uuid(), k.id, 'BN-' || lpad(to_hex(g), 9, '0'), NULL, 'staff',
       (ARRAY['received','screened','referred','forwarded','closed'])[1 + g % 5],
       now() - (g % 730) * interval '1 day' - (g % 24) * interval '1 hour',
       (ARRAY['hotline','box','help_desk','in_person','focal_point','web_form','sms'])[1 + g % 7],
       orgs.ids[1 + g % array_length(orgs.ids, 1)], NULL,
       locs.ids[1 + g % array_length(locs.ids, 1)], 'unknown', NULL,
       (ARRAY['sea','sea','trafficking','sexual_harassment','other_misconduct','programme_feedback'])[1 + g % 6],
       '', 'medium', '\\x'::bytea, false, 'phone',
       (ARRAY['sea','possible_sea','trafficking','other_misconduct','programme_feedback',''])[1 + g % 6],
       orgs.ids[1 + (g / 7) % array_length(orgs.ids, 1)], g % 11 = 0, false, NULL, now(), NULL, NULL, now()
FROM generate_series({start}, {stop}) AS g, k, locs, orgs
"""

SURVIVORS_SQL = """
INSERT INTO complaints_person (id, data_key_id, complaint_id, is_complainant, is_survivor, is_witness,
    is_perpetrator, name, phone, address, id_number, name_index, phone_index, sex, age_group, disability,
    nationality, displacement, affiliation_id, personnel_category)
SELECT gen_random_uuid(), c.data_key_id, c.id, false, true, false, false, '\\x'::bytea, '\\x'::bytea,
       '\\x'::bytea, '\\x'::bytea, '', '',
       (ARRAY['female','female','male','other_unknown'])[1 + abs(hashtext(c.reference)) % 4],
       (ARRAY['0-11','12-17','18-25','26-59','60+','unknown'])[1 + abs(hashtext(c.reference || 'a')) % 6],
       'unknown', 'ZZZ', 'unknown', NULL, 'unknown'
FROM complaints_complaint c WHERE c.reference LIKE 'BN-%' AND abs(hashtext(c.reference)) % 3 = 0;
INSERT INTO complaints_consent (complaint_id, survivor_id, scope, given, given_by, recorded_at)
SELECT p.complaint_id, p.id, 'statistics', abs(hashtext(p.id::text)) % 10 < 8, 'survivor', now()
FROM complaints_person p JOIN complaints_complaint c ON c.id = p.complaint_id
WHERE c.reference LIKE 'BN-%' AND NOT EXISTS (SELECT 1 FROM complaints_consent x WHERE x.survivor_id = p.id);
"""


def seed(total: int) -> None:
    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    for name in ("Aleppo", "Idlib", "Hatay", "Kilis", "Sanliurfa"):
        province, _ = Location.objects.get_or_create(name=name, level=1, parent=None)
        for n in range(3):
            Location.objects.get_or_create(name=f"{name} district {n}", level=2, parent=province)
    have = Complaint.objects.filter(reference__startswith="BN-").count()
    if have >= total:
        print(f"{have:,} benchmark complaints already there")
        return
    started = time.perf_counter()
    batch = 100_000
    with connection.cursor() as cursor:
        for start in range(have + 1, total + 1, batch):
            # Integers only are formatted in, and no parameters are passed, so % is modulo.
            cursor.execute(
                SEED_SQL.format(start=int(start), stop=int(min(start + batch - 1, total)))
            )
            print(f"  {min(start + batch - 1, total):,} complaints", flush=True)
        for statement in SURVIVORS_SQL.split(";"):
            if statement.strip():
                cursor.execute(statement)
        cursor.execute("ANALYZE")
    print(f"seeded {total - have:,} complaints in {time.perf_counter() - started:.0f} s")


def measure(client, path, params_list, rounds):
    timings = []
    for _ in range(rounds):
        for params in params_list:
            started = time.perf_counter()
            response = client.get(path, params)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (path, params, response.status_code)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], len(timings)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--complaints", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument(
        "--skip-rebuild", action="store_true", help="Reuse the cells of a previous run."
    )
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database (see the docstring).")
    seed(args.complaints)
    if not args.skip_rebuild:
        started = time.perf_counter()
        cells = stats_rebuild()
        print(f"statistics rebuilt: {cells:,} base cells in {time.perf_counter() - started:.1f} s")

    coordinator = User.objects.get(username="coordinator")
    organisation = Organisation.objects.get(acronym="UNRRA")
    ApiKey.objects.filter(name="benchmark").delete()
    _key, raw = apikeys.api_key_create(
        actor=coordinator, organisation=organisation, name="benchmark", scope="organisation"
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    from django.conf import settings

    settings.AMANA_STATS_RATE = "1000000/min"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    admin1 = Location.objects.filter(level=1).first().pk
    breakdowns = [
        "month",
        "category",
        "entry_point",
        "admin1",
        "sex",
        "age_group",
        "organisation_type",
        "status",
    ]
    filters = [{}, {"start": "2025-06", "end": "2026-05"}, {"admin1": admin1}, {"scope": "own"}]
    endpoints = {
        "/api/v1/stats/complaints/": [{"by": by, **f} for by in breakdowns for f in filters],
        "/api/v1/stats/referrals/": filters,
        "/api/v1/stats/trainings/": [{}, {"start": "2025-06", "end": "2026-05"}],
        "/api/v1/stats/focal-points/": [{}],
    }
    print(f"\n{'endpoint':32} {'calls':>6} {'p50 ms':>8} {'p95 ms':>8}")
    for path, params_list in endpoints.items():
        p50, p95, calls = measure(client, path, params_list, args.rounds)
        print(f"{path:32} {calls:>6} {p50:>8.1f} {p95:>8.1f}")


if __name__ == "__main__":
    main()
