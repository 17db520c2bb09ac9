-- The service's read of one assessment (Assessments/AssessmentQueries.cs), by a random stored id.
-- bench_ids (k -> id) is filled by bench/run.sh from the assessments the screening phase created.
\set k random(1, :nids)
select a.id, a.candidate_id, c.external_id, a.status, a.handle, a.presence_tier, a.active_professional_presence,
    a.score, a.band, a.factors::text as factors, a.reason_codes, a.policy_version, a.relevance_terms,
    a.job_external_id, a.assessed_at, a.created_at,
    o.id as observation_id, o.source, o.status as observation_status, o.observed_at, o.window_days,
    o.original_posts, o.replies, o.reposts, o.relevant_original_posts, o.last_authored_post_at,
    o.followers, o.account_created_at, o.bio_matched_terms
from assessments a
join candidates c on c.tenant_id = a.tenant_id and c.id = a.candidate_id
left join presence_observations o on o.tenant_id = a.tenant_id and o.id = a.observation_id
where a.tenant_id = :tenant and a.id = (select id from bench_ids where k = :k);
