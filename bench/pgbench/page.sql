-- A candidate's answer on the invitation page as the service sends it (compare with the service's own list from
-- pg_stat_statements in bench/results/*.md): GET /c/{token}, the invitation found by its token's hash
-- (CandidatePages/PageInvitation.cs ByTokenSql) and marked opened with its audit entry; then POST /c/{token}/handle, one
-- transaction (CandidatePages/CandidateAnswers.cs): the invitation again, the candidate's lock (Candidates/CandidateLock.cs),
-- the invitation locked, the profile, the networks given, the consent (Consent/ConsentStore.cs, the grant taking the
-- candidate's lock), the screening with its assessment.created outbox statement and audit entry (as in screening.sql, without
-- evidence: the typed handle is not read, X is not configured), the invitation answered, the invitation.completed
-- outbox statement and the audit entry (one batch in the service), COMMIT.
-- bench_invitations (k -> the invitation's id, candidate, token hash and external id) is filled by bench/run.sh from
-- the invitations the page phase answered; the ids come from sub-selects on it, the one thing the service does not do.
-- Those invitations are answered already: the opening matches 'completed' too and keeps that status (an answered
-- invitation cannot read 'opened'), so that it updates its row as the service's does for a pending one; the answer
-- keeps the assessment id (the new assessment's is not known to pgbench).
\set k random(1, :ninvitations)
\set n random(1, 2000000000)
select i.tenant_id, i.id, i.candidate_id, i.language, case when i.status in ('pending', 'opened') and i.expires_at <= now() then 'expired' else i.status end as status, i.outcome, i.expires_at,
    i.withdrawn_at, i.x_withdrawn_at, t.name as employer, coalesce(s.retention_days, 730) as retention_days,
    c.full_name as candidate_name, a.handle, i.policy_version
from candidate_invitations i
join tenants t on t.id = i.tenant_id
join candidates c on c.tenant_id = i.tenant_id and c.id = i.candidate_id
left join tenant_settings s on s.tenant_id = i.tenant_id
left join assessments a on a.tenant_id = i.tenant_id and a.id = i.assessment_id
where i.token_hash = (select token_hash from bench_invitations where k = :k);
begin;
update candidate_invitations set status = case when outcome is null then 'opened' else status end, opened_at = now(), updated_at = now()
where tenant_id = :tenant and id = (select id from bench_invitations where k = :k) and status in ('pending', 'completed');
insert into audit_log (tenant_id, at, api_key_id, action, target_type, target_id)
values (:tenant, now(), null, 'invitation_opened', 'invitation', gen_random_uuid()::text);
end;
begin;
select i.tenant_id, i.id, i.candidate_id, i.language, case when i.status in ('pending', 'opened') and i.expires_at <= now() then 'expired' else i.status end as status, i.outcome, i.expires_at,
    i.withdrawn_at, i.x_withdrawn_at, t.name as employer, coalesce(s.retention_days, 730) as retention_days,
    c.full_name as candidate_name, a.handle, i.policy_version
from candidate_invitations i
join tenants t on t.id = i.tenant_id
join candidates c on c.tenant_id = i.tenant_id and c.id = i.candidate_id
left join tenant_settings s on s.tenant_id = i.tenant_id
left join assessments a on a.tenant_id = i.tenant_id and a.id = i.assessment_id
where i.token_hash = (select token_hash from bench_invitations where k = :k);
select id from candidates where tenant_id = :tenant and id = (select candidate_id from bench_invitations where k = :k)
for key share;
select i.tenant_id, i.id, i.candidate_id, i.language, case when i.status in ('pending', 'opened') and i.expires_at <= now() then 'expired' else i.status end as status, i.outcome, i.expires_at,
    i.withdrawn_at, i.x_withdrawn_at, t.name as employer, coalesce(s.retention_days, 730) as retention_days,
    c.full_name as candidate_name, a.handle, i.policy_version
from candidate_invitations i
join tenants t on t.id = i.tenant_id
join candidates c on c.tenant_id = i.tenant_id and c.id = i.candidate_id
left join tenant_settings s on s.tenant_id = i.tenant_id
left join assessments a on a.tenant_id = i.tenant_id and a.id = i.assessment_id
where i.token_hash = (select token_hash from bench_invitations where k = :k) for update of i;
select c.external_id, c.full_name, c.email, c.headline, latest.relevance_terms, latest.job_external_id
from candidates c
left join lateral (
    select a.relevance_terms, a.job_external_id from assessments a
    where a.tenant_id = c.tenant_id and a.candidate_id = c.id
    order by a.created_at desc, a.id desc
    limit 1
) latest on true
where c.tenant_id = :tenant and c.id = (select candidate_id from bench_invitations where k = :k);
select network, handle, ownership, withdrawn_at from invitation_networks
where tenant_id = :tenant and invitation_id = (select id from bench_invitations where k = :k)
order by case network when 'bluesky' then 1 else 2 end;
insert into candidate_consents (tenant_id, id, candidate_id, granted, granted_at, notice_version, method, language, notice_hash, networks, created_at)
select c.tenant_id, gen_random_uuid(), c.id, true, now(), 'candidate-page-1', 'candidate_page_typed_handle', 'en', sha256('notice'::bytea), '{x}', now()
from candidates c
where c.tenant_id = :tenant and c.id = (select candidate_id from bench_invitations where k = :k)
for key share of c
returning id;
with candidate as (
    insert into candidates as c (tenant_id, id, external_id, full_name, email, headline, twitter_handle, handle_ownership, created_at, updated_at)
    values (:tenant, gen_random_uuid(), (select external_id from bench_invitations where k = :k), 'Candidate', null, 'Platform engineer',
        'bench_page_' || :n::bigint::text, 'claimed', now(), now())
    on conflict (tenant_id, external_id) do update set
        full_name = excluded.full_name,
        email = excluded.email,
        headline = excluded.headline,
        twitter_handle = case
            when true and excluded.twitter_handle is null and c.handle_ownership in ('verified', 'claimed') then c.twitter_handle
            else excluded.twitter_handle end,
        handle_ownership = case
            when true and excluded.twitter_handle is null and c.handle_ownership in ('verified', 'claimed') then c.handle_ownership
            when true and lower(excluded.twitter_handle) = lower(c.twitter_handle) and c.handle_ownership in ('verified', 'claimed') then c.handle_ownership
            else excluded.handle_ownership end,
        updated_at = excluded.updated_at
    returning c.id
),
observation as (
    insert into presence_observations (
        tenant_id, id, candidate_id, handle, source, status, observed_at, window_days,
        original_posts, replies, reposts, relevant_original_posts, last_authored_post_at,
        followers, account_created_at, bio_matched_terms, created_at)
    select :tenant::uuid, null::uuid, candidate.id, 'bench_page_x', null, null, null, null,
        null, null, null, null, null,
        null, null, null, now()
    from candidate
    where null::uuid is not null
    returning id
)
insert into assessments (
    tenant_id, id, candidate_id, observation_id, policy_version, status, handle, handle_ownership, presence_tier,
    active_professional_presence, score, band, factors, reason_codes, relevance_terms,
    job_external_id, assessed_at, created_at)
select :tenant::uuid, gen_random_uuid(), candidate.id, (select id from observation), 'default@1', 'completed', 'bench_page_' || :n::bigint::text, 'claimed', 'unverified',
    false, null, 'unknown', convert_from(convert_to('[]', 'UTF8'), 'UTF8')::jsonb, '{NO_EVIDENCE}', '{kubernetes,observability}',
    null, now(), now()
from candidate
returning candidate_id;
with subscriber as (
    select id from webhook_subscriptions
    where tenant_id = :tenant and 'assessment.created' = any(events)
    for key share
),
event as (
    insert into webhook_events (tenant_id, id, type, body, created_at)
    select :tenant::uuid, gen_random_uuid(), 'assessment.created', replace('{"data":{"candidateId":"x"}}', 'x', a.candidate_id::text), now()
    from assessments a
    where a.tenant_id = :tenant::uuid and a.id = gen_random_uuid() and exists (select 1 from subscriber)
    returning id
)
insert into webhook_deliveries (
    tenant_id, id, subscription_id, event_id, status, attempts, next_attempt_at, retry_until, created_at, updated_at)
select :tenant::uuid, uuid_v7(), subscriber.id, event.id, 'pending', 0, now(), now() + interval '1 day', now(), now()
from event cross join subscriber;
insert into audit_log (tenant_id, at, api_key_id, action, target_type, target_id)
values (:tenant, now(), null, 'screening_created', 'assessment', gen_random_uuid()::text);
with invitation as (
    update candidate_invitations set status = 'completed', outcome = 'typed_handle', answered_at = now(), assessment_id = assessment_id, updated_at = now()
    where tenant_id = :tenant and id = (select id from bench_invitations where k = :k)
),
email as (
    update invitation_emails set status = 'cancelled', protected_link = null, updated_at = now()
    where tenant_id = :tenant and invitation_id = (select id from bench_invitations where k = :k) and status = 'pending'
),
callback as (insert into ats_callbacks (tenant_id, order_id, status, attempts, next_attempt_at, created_at, updated_at)
select tenant_id, id, 'pending', 0, now(), now(), now() from ats_orders
where tenant_id = :tenant and invitation_id = (select id from bench_invitations where k = :k) and cancelled_at is null
on conflict do nothing)
delete from invitation_oauth_states where tenant_id = :tenant and invitation_id = (select id from bench_invitations where k = :k);
with subscriber as (
    select id from webhook_subscriptions
    where tenant_id = :tenant and (null::uuid is null and 'invitation.completed' = any(events) or id = null::uuid)
    for key share
),
event as (
    insert into webhook_events (tenant_id, id, type, body, created_at)
    select :tenant::uuid, e.id, 'invitation.completed', e.body, now()
    from unnest(array[gen_random_uuid()], array['{"invitationId":"x"}']) as e(id, body)
    where exists (select 1 from subscriber)
    returning id
)
insert into webhook_deliveries (
    tenant_id, id, subscription_id, event_id, status, attempts, next_attempt_at, retry_until, created_at, updated_at)
select :tenant::uuid, uuid_v7(), subscriber.id, event.id, 'pending', 0, now(), now() + interval '1 day', now(), now()
from event cross join subscriber
returning id;
insert into audit_log (tenant_id, at, api_key_id, action, target_type, target_id)
values (:tenant, now(), null, 'invitation_completed', 'invitation', gen_random_uuid()::text);
end;
