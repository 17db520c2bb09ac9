-- Spliced by bench/run.sh before screening.sql's END: the answer's candidate id filled in (Idempotency/IdempotencyClaim.cs,
-- FillInSql). For a new candidate the service's lookup finds the assessment and changes nothing; this one looks up an
-- id that is never there (a constant: gen_random_uuid() here would make it a sequential scan of assessments).
update idempotency_keys k
set response_body = convert_to(replace(convert_from(k.response_body, 'UTF8'), 'x', actual.id::text), 'UTF8')
from (select candidate_id from assessments where tenant_id = :tenant and id = '00000000-0000-0000-0000-000000000000') actual(id)
where k.tenant_id = :tenant and k.key = 'pgbench-' || :n::bigint::text and actual.id <> '00000000-0000-0000-0000-000000000000';
