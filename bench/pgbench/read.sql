-- The service's read of one assessment (Assessments/AssessmentQueries.cs ByIdSql, AssessmentRow.Columns/From),
-- by a random stored id. bench_ids (k -> id) is filled by bench/run.sh from the assessments the screening
-- phases created. The id comes from a sub-select on bench_ids, the one thing the service does not do.
\set k random(1, :nids)
select a.id, a.candidate_id, c.external_id, a.status, a.handle, a.handle_ownership, a.presence_tier, a.active_professional_presence,
    a.score, a.band, a.factors::text as factors, a.reason_codes, a.policy_version, a.relevance_terms,
    a.job_external_id, a.assessed_at, a.created_at, a.failure_reason,
    o.id as observation_id, o.source, o.status as observation_status, o.observed_at, o.window_days,
    o.original_posts, o.replies, o.reposts, o.relevant_original_posts, o.last_authored_post_at,
    o.followers, o.account_created_at, o.bio_matched_terms,
    r.id as review_id, r.decision as review_decision, r.reviewer as review_reviewer, r.note as review_note,
    r.override_band as review_override_band, r.created_at as reviewed_at
from assessments a
join candidates c on c.tenant_id = a.tenant_id and c.id = a.candidate_id
left join presence_observations o on o.tenant_id = a.tenant_id and o.id = a.observation_id
left join lateral (
    select lr.id, lr.decision, lr.reviewer, lr.note, lr.override_band, lr.created_at from assessment_reviews lr
    where lr.tenant_id = a.tenant_id and lr.assessment_id = a.id
    order by lr.created_at desc, lr.id desc
    limit 1
) r on true
where a.tenant_id = :tenant and a.id = (select id from bench_ids where k = :k);
