-- Trustworthy screening (issue 5): tenant policies, human review, candidate rights, retention and
-- a tamper-evident audit log. Every key and index of tenant data leads with tenant_id.

-- Tenant policies live beside the system ones (scoring_policies, which stay global and hold default@1).
-- A version is "<name>@<revision>", assigned by the service, immutable once written.
create table tenant_policies (
    tenant_id   uuid        not null references tenants (id),
    version     text        not null,
    name        text        not null check (name ~ '^[a-z0-9][a-z0-9-]{0,39}$' and name <> 'default'),
    revision    integer     not null check (revision >= 1),
    parameters  jsonb       not null,
    created_at  timestamptz not null,
    primary key (tenant_id, version),
    unique (tenant_id, name, revision),
    check (version = name || '@' || revision)
);
create trigger tenant_policies_immutable before update or delete on tenant_policies
    for each row execute function refuse_change();

-- An assessment may now be scored with a tenant policy, which a plain foreign key to the global table
-- cannot express. Policies are never deleted (both tables refuse it), so checking at insert is enough.
alter table assessments drop constraint assessments_policy_version_fkey;
create function check_assessment_policy() returns trigger language plpgsql as $$
begin
    if not exists (select 1 from scoring_policies where version = new.policy_version)
       and not exists (select 1 from tenant_policies where tenant_id = new.tenant_id and version = new.policy_version) then
        raise exception 'no scoring policy % for tenant %', new.policy_version, new.tenant_id using errcode = 'foreign_key_violation';
    end if;
    return new;
end
$$;
create trigger assessments_policy_exists before insert or update of policy_version on assessments
    for each row execute function check_assessment_policy();

-- Per-tenant settings; a tenant without a row uses default@1 and 730 days.
create table tenant_settings (
    tenant_id              uuid        primary key references tenants (id),
    active_policy_version  text,
    retention_days         integer     not null default 730 check (retention_days between 30 and 3650),
    updated_at             timestamptz not null
);

-- Human oversight: one row per review decision or candidate objection, newest wins.
create table assessment_reviews (
    tenant_id      uuid        not null,
    id             uuid        not null,
    assessment_id  uuid        not null,
    candidate_id   uuid        not null,
    decision       text        not null check (decision in ('confirmed', 'overridden', 'contested')),
    reviewer       text,
    note           text,
    override_band  text        check (override_band in ('none', 'weak', 'moderate', 'strong')),
    api_key_id     uuid,
    created_at     timestamptz not null,
    primary key (tenant_id, id),
    foreign key (tenant_id, assessment_id) references assessments (tenant_id, id),
    foreign key (tenant_id, candidate_id) references candidates (tenant_id, id),
    check ((decision = 'overridden') = (override_band is not null)),
    check ((decision = 'contested') = (reviewer is null))
);
create index assessment_reviews_assessment_idx on assessment_reviews (tenant_id, assessment_id, created_at desc, id desc);
create index assessment_reviews_candidate_idx on assessment_reviews (tenant_id, candidate_id);

-- Bulk rescoring: one row per job, worked through in chunks of candidates ordered by id.
create table rescoring_jobs (
    tenant_id          uuid        not null references tenants (id),
    id                 uuid        not null,
    policy_version     text        not null,
    status             text        not null check (status in ('queued', 'running', 'completed')),
    total              integer     not null,
    processed          integer     not null default 0,
    last_candidate_id  uuid,
    api_key_id         uuid,
    created_at         timestamptz not null,
    updated_at         timestamptz not null,
    completed_at       timestamptz,
    primary key (tenant_id, id)
);
create index rescoring_jobs_pending_idx on rescoring_jobs (tenant_id, created_at) where status <> 'completed';

-- What is left of an erased candidate: the service's own random id, nothing the ATS or a person knows.
create table candidate_erasures (
    tenant_id     uuid        not null references tenants (id),
    candidate_id  uuid        not null,
    reason        text        not null check (reason in ('request', 'retention')),
    erased_at     timestamptz not null,
    primary key (tenant_id, candidate_id)
);

-- Retention finds candidates not updated for the tenant's period.
create index candidates_updated_idx on candidates (tenant_id, updated_at);

-- Append-only, hash-chained per tenant: hash = SHA-256(prev_hash || canonical content), the first
-- entry's prev_hash is 32 zero bytes. Ids and action names only: never a name, email, handle or note.
create table audit_log (
    tenant_id    uuid        not null references tenants (id),
    seq          bigint      not null check (seq >= 1),
    at           timestamptz not null,
    api_key_id   uuid,
    action       text        not null,
    target_type  text        not null,
    target_id    text        not null,
    prev_hash    bytea       not null check (length(prev_hash) = 32),
    hash         bytea       not null check (length(hash) = 32),
    primary key (tenant_id, seq)
);
create index audit_log_target_idx on audit_log (tenant_id, target_type, target_id);
create trigger audit_log_append_only before update or delete on audit_log
    for each row execute function refuse_change();
create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function refuse_change();
