-- Evidence beyond X (issue 18): Bluesky and Mastodon beside X, read by policies that name their networks.

-- Which network an observation is about. Every existing row is an X observation. Bluesky and Mastodon
-- observations fetched by the service have the source 'network_api'; declared ones stay 'declared'.
alter table presence_observations add column network text not null default 'x' check (network in ('x', 'bluesky', 'mastodon'));
alter table presence_observations drop constraint presence_observations_source_check;
alter table presence_observations add constraint presence_observations_source_check check (source in ('declared', 'x_api', 'network_api'));

-- A lookup of one network of a multi-network assessment (default@2). Null: an X lookup of a single-network
-- policy (default@1), which completes its assessment by itself as before.
alter table presence_lookup_jobs add column network text check (network in ('x', 'bluesky', 'mastodon'));

-- A grant lists the networks it covers. Every grant recorded before this migration was consent to the X lookup only.
alter table candidate_consents add column networks text[] not null default '{x}'
    check (networks <@ array['x', 'bluesky', 'mastodon'] and cardinality(networks) between 1 and 3);

-- One row per network an assessment of a multi-network policy reads: the handle, where it stands, the evidence
-- (an observation: counts and dates only) and that network's own tier, score and factors. The assessment row holds
-- the best network's result. Deleted with its assessment (erasure, retention).
create table assessment_networks (
    tenant_id         uuid        not null,
    assessment_id     uuid        not null,
    network           text        not null check (network in ('x', 'bluesky', 'mastodon')),
    handle            text        not null check (length(handle) between 1 and 2048),
    handle_ownership  text        not null check (handle_ownership in ('verified', 'claimed', 'ats')),
    status            text        not null check (status in (
        'pending', 'not_read', 'found', 'not_found', 'suspended', 'protected', 'restricted', 'unavailable', 'invalid_handle')),
    observation_id    uuid,
    presence_tier     text        not null check (presence_tier in ('absent', 'unverified', 'passive', 'relayer', 'publisher', 'engaged')),
    active_professional_presence boolean not null,
    score             integer     check (score between 0 and 100),
    band              text        not null check (band in ('unknown', 'none', 'weak', 'moderate', 'strong')),
    factors           jsonb       not null,
    reason_codes      text[]      not null,
    lookup_ms         integer     check (lookup_ms >= 0),
    primary key (tenant_id, assessment_id, network),
    foreign key (tenant_id, assessment_id) references assessments (tenant_id, id) on delete cascade,
    foreign key (tenant_id, observation_id) references presence_observations (tenant_id, id)
);

-- default@2: the factors, tiers and bands of default@1, read on X, Bluesky and Mastodon; the best network decides.
-- Never edit this row: a changed policy is a new version in a new migration.
insert into scoring_policies (version, parameters) values ('default@2', '{
  "version": "default@2",
  "weights": { "presence": 10, "recency": 25, "cadence": 20, "conversation": 15, "authorship": 10, "relevance": 20, "followers": 0 },
  "tiers": { "relayerRepostShare": 0.6, "minAuthoredPosts": 6, "engagedMinOriginalPosts": 3, "engagedMinReplies": 5 },
  "active": { "maxDaysSinceAuthoredPost": 30, "minRelevantOriginalPosts": 1 },
  "scales": {
    "recencyFullPointsWithinDays": 7,
    "cadenceFullPointsPostsPer30Days": 8,
    "conversationFullPointsReplies": 10,
    "relevanceBioShare": 0.4,
    "relevanceFullPointsPostShare": 0.5
  },
  "bands": { "strong": 70, "moderate": 40, "weak": 1 },
  "networks": ["x", "bluesky", "mastodon"]
}');

-- One lookup per network of an assessment (an assessment of default@1 still has at most one, its X lookup).
alter table presence_lookup_jobs drop constraint presence_lookup_jobs_tenant_id_assessment_id_key;
create unique index presence_lookup_jobs_assessment_network_idx on presence_lookup_jobs (tenant_id, assessment_id, coalesce(network, 'x'));
