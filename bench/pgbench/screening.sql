-- The statements of one screening as the service sends them (compare with the service's own list from
-- pg_stat_statements in bench/results/*.md): BEGIN, then in one round trip the screening statement
-- (Screenings/ScreeningStore.cs), the outbox statement (Webhooks/WebhookOutbox.cs; nobody subscribes here, so
-- it writes nothing) and the audit entry (Audit/AuditLog.cs), then COMMIT; with realistic values, so pgbench
-- measures what PostgreSQL can do for the service's own transaction. pgbench sends each statement in a round
-- trip of its own, the service sends the three together: this baseline has more round trips, not fewer.
\set n random(1, 2000000000)
\set posts random(0, 25)
begin;
with candidate as (
    insert into candidates as c (tenant_id, id, external_id, full_name, email, headline, twitter_handle, handle_ownership, created_at, updated_at)
    values (:tenant, gen_random_uuid(), 'pgbench-' || :n::bigint::text, 'Candidate', null, 'Platform engineer', 'bench_x', 'ats', now(), now())
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
    select :tenant::uuid, gen_random_uuid(), candidate.id, 'bench_x', 'declared', 'found', now(), 90,
        :posts, 7, 3, :posts / 2, now() - interval '3 days',
        1200, null, '{kubernetes,observability}', now()
    from candidate
    where :posts::int is not null
    returning id
)
insert into assessments (
    tenant_id, id, candidate_id, observation_id, policy_version, status, handle, handle_ownership, presence_tier,
    active_professional_presence, score, band, factors, reason_codes, relevance_terms,
    job_external_id, assessed_at, created_at)
select :tenant::uuid, gen_random_uuid(), candidate.id, (select id from observation), 'default@1', 'completed', 'bench_x', 'ats', 'engaged',
    true, 82, 'strong',
    convert_from(convert_to('[{"factor":"presence","weight":10,"points":10,"detail":"The account exists and is public."},{"factor":"recency","weight":25,"points":25,"detail":"Newest own post or reply 3 days before the observation (full points within 7 days, none after 90)."},{"factor":"cadence","weight":20,"points":17.5,"detail":"21 own posts and replies in 90 days, 7 per 30 days (full points at 8)."},{"factor":"conversation","weight":15,"points":10.5,"detail":"7 replies to others in the window (full points at 10)."},{"factor":"authorship","weight":10,"points":8.75,"detail":"21 of 24 posts in the window are the candidate''s own (87.5%)."},{"factor":"relevance","weight":20,"points":18,"detail":"The bio mentions a relevance term (8 points); 7 of 14 original posts mention one (50%, full points at 50%)."},{"factor":"followers","weight":0,"points":0,"detail":"Followers are recorded but do not count: popularity is not modernity."}]', 'UTF8'), 'UTF8')::jsonb,
    '{ACCOUNT_FOUND,HOLDS_CONVERSATIONS,AUTHORED_POST_IN_30_DAYS,BIO_MATCHES_TERMS,POSTS_MATCH_TERMS}', '{kubernetes,observability}',
    null, now(), now()
from candidate
returning candidate_id;
with subscriber as (
    select id from webhook_subscriptions
    where tenant_id = :tenant and 'assessment.created' = any(events)
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
end;
