-- A retry whose answer is stored (the "replay" phase's keys, written by the service): the lookup, which returns the
-- stored answer, and the claim meeting the live row. The service's claim then fails on purpose and the transaction
-- rolls back; pgbench cannot send a failing statement, so here the conflict updates nothing (DO UPDATE ... WHERE).
\set k random(0, 49)
\set t random(1, 2)
begin;
select request_fingerprint, response_status, response_location, response_type, response_body
from idempotency_keys
where tenant_id = :tenant and key = 'replay-' || :t::text || '-' || :k::text and expires_at > now();
insert into idempotency_keys as k (
    tenant_id, key, request_fingerprint, response_status, response_location, response_type, response_body, created_at, expires_at)
values (:tenant, 'replay-' || :t::text || '-' || :k::text, sha256(:k::text::bytea), 201, null, 'application/json', '\x00', now(), now())
on conflict (tenant_id, key) do update set key = excluded.key where k.expires_at <= excluded.created_at;
rollback;
