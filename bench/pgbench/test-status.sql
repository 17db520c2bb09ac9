-- Greenhouse's test_status as the service sends it (Integrations/AtsResults.cs StateSql): where one order stands, read
-- from its invitation (and the assessment of an answer: none here, the orders of the send-test phase are not answered).
-- bench_orders (k -> id) is filled by bench/run.sh with the orders the send-test phase placed; the id comes from a
-- sub-select on it, the one thing the service does not do.
\set k random(1, :norders)
select case when i.status in ('pending', 'opened') and i.expires_at <= now() then 'expired' else i.status end as invitation_status, i.outcome, i.assessment_id, a.status as assessment_status, o.cancelled_at is not null as cancelled
from ats_orders o
join candidate_invitations i on i.tenant_id = o.tenant_id and i.id = o.invitation_id
left join assessments a on a.tenant_id = i.tenant_id and a.id = i.assessment_id
where o.tenant_id = :tenant and o.ats = 'greenhouse' and o.id = (select id from bench_orders where k = :k);
