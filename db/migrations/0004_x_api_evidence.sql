-- Evidence fetched from the X API (issue 4): consent history, pending and failed assessments, lookup jobs.

-- Consent is a history: one row per grant or withdrawal, the newest row is the current state.
-- Nothing is fetched from X for a candidate whose newest row is not a grant.
create table candidate_consents (
    tenant_id       uuid        not null,
    id              uuid        not null,
    candidate_id    uuid        not null,
    granted         boolean     not null,
    granted_at      timestamptz not null,
    notice_version  text        check (length(notice_version) between 1 and 50),
    method          text        not null check (length(method) between 1 and 50),
    created_at      timestamptz not null,
    primary key (tenant_id, id),
    foreign key (tenant_id, candidate_id) references candidates (tenant_id, id)
);
create index candidate_consents_candidate_idx on candidate_consents (tenant_id, candidate_id, created_at desc, id desc);

-- An assessment whose evidence is being fetched is pending; one whose lookup could not finish is failed.
alter table assessments drop constraint assessments_status_check;
alter table assessments add constraint assessments_status_check check (status in ('pending', 'completed', 'failed'));
alter table assessments add column failure_reason text;
alter table assessments add constraint assessments_failure_reason_check check ((status = 'failed') = (failure_reason is not null));

-- The relevance terms an x_api observation's posts and bio were matched against: only a screening
-- with the same terms can reuse it, since the post texts are gone.
alter table presence_observations add column matched_terms text[];
create index presence_observations_handle_idx on presence_observations (tenant_id, lower(handle), observed_at desc)
    where source = 'x_api';

-- One row per lookup to run. A worker claims due rows with FOR UPDATE SKIP LOCKED and holds them
-- until locked_until; a worker that dies leaves a lock that expires, and the job is claimed again.
create table presence_lookup_jobs (
    tenant_id        uuid        not null,
    id               uuid        not null,
    assessment_id    uuid        not null,
    candidate_id     uuid        not null,
    handle           text        not null,
    status           text        not null check (status in ('pending', 'completed', 'failed', 'cancelled')),
    attempts         integer     not null default 0 check (attempts >= 0),
    next_attempt_at  timestamptz not null,
    locked_until     timestamptz,
    last_error       text,
    created_at       timestamptz not null,
    updated_at       timestamptz not null,
    primary key (tenant_id, id),
    unique (tenant_id, assessment_id),
    foreign key (tenant_id, assessment_id) references assessments (tenant_id, id),
    foreign key (tenant_id, candidate_id) references candidates (tenant_id, id)
);
create index presence_lookup_jobs_candidate_idx on presence_lookup_jobs (tenant_id, candidate_id) where status = 'pending';
-- Workers claim across tenants, by due time, hence the one index not led by tenant_id (it is small:
-- only pending rows).
create index presence_lookup_jobs_due_idx on presence_lookup_jobs (next_attempt_at) where status = 'pending';
