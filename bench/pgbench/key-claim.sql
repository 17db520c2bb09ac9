-- Spliced by bench/run.sh after screening.sql's BEGIN for the screenings sent with an Idempotency-Key: the key's
-- lookup and claim (Idempotency/IdempotencyStore.cs, FindSql and ClaimSql) with an answer of the service's size.
select request_fingerprint, response_status, response_location, response_type, response_body
from idempotency_keys
where tenant_id = :tenant and key = 'pgbench-' || :n::bigint::text and expires_at > now();
insert into idempotency_keys as k (
    tenant_id, key, request_fingerprint, response_status, response_location, response_type, response_body, created_at, expires_at)
values (:tenant, case when pg_try_advisory_xact_lock(:n) then 'pgbench-' || :n::bigint::text end,
    sha256(:n::text::bytea), 201, '/v1/assessments/' || gen_random_uuid(), 'application/json; charset=utf-8',
    convert_to(repeat('x', 1900), 'UTF8'), now(), now() + interval '1 day')
on conflict (tenant_id, key) do update set
    key = case when k.expires_at <= excluded.created_at then excluded.key end,
    request_fingerprint = excluded.request_fingerprint,
    response_status = excluded.response_status,
    response_location = excluded.response_location,
    response_type = excluded.response_type,
    response_body = excluded.response_body,
    created_at = excluded.created_at,
    expires_at = excluded.expires_at;
