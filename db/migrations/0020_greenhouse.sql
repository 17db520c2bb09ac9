-- Greenhouse as an Assessment Partner (issue 11): the interviews Greenhouse sent, the PATCH back to it, what it
-- reported as malformed, its webhook receiver; and the read-only recruiter report links any adapter can hand out.

-- An invitation may name the policy its answer is scored with: a Greenhouse test is a policy version.
alter table candidate_invitations add column policy_version text check (length(policy_version) between 1 and 100);

-- One row per Greenhouse interview (a test sent to one candidate). The url is where the PATCH goes and what makes a
-- replayed send_test the same interview: unique per tenant through its SHA-256, so long URLs are not indexed. The
-- credential Greenhouse authenticated with is kept for that PATCH only, protected with Data Protection, and
-- cleared once the PATCH succeeded or was given up.
create table greenhouse_interviews (
    tenant_id             uuid        not null references tenants (id),
    id                    uuid        not null,
    url_hash              bytea       not null check (length(url_hash) = 32),
    url                   text        not null check (length(url) between 1 and 2048),
    partner_test_id       text        not null check (length(partner_test_id) between 1 and 100),
    candidate_id          uuid        not null,
    invitation_id         uuid        not null,
    protected_credential  text,
    api_key_id            uuid,
    created_at            timestamptz not null,
    primary key (tenant_id, id),
    unique (tenant_id, url_hash),
    unique (tenant_id, invitation_id),
    foreign key (tenant_id, candidate_id) references candidates (tenant_id, id),
    foreign key (tenant_id, invitation_id) references candidate_invitations (tenant_id, id)
);

-- The PATCH outbox, written in the transaction that records the candidate's answer. The primary key makes it once
-- per interview. It is sent once the answer's assessment is final (completed or failed), so that the test_status
-- Greenhouse asks next says complete; retry_until starts at the first attempt, not while an X lookup runs.
create table greenhouse_callbacks (
    tenant_id         uuid        not null,
    interview_id      uuid        not null,
    status            text        not null check (status in ('pending', 'succeeded', 'failed')),
    attempts          integer     not null default 0 check (attempts >= 0),
    next_attempt_at   timestamptz not null,
    retry_until       timestamptz,
    last_status_code  integer,
    last_error        text,
    succeeded_at      timestamptz,
    created_at        timestamptz not null,
    updated_at        timestamptz not null,
    primary key (tenant_id, interview_id),
    foreign key (tenant_id, interview_id) references greenhouse_interviews (tenant_id, id)
);
create index greenhouse_callbacks_due_idx on greenhouse_callbacks (next_attempt_at) where status = 'pending';

-- What Greenhouse found malformed in our answers (POST response_error). The candidate's email it sends is not kept.
create table greenhouse_response_errors (
    tenant_id             uuid        not null references tenants (id),
    id                    uuid        not null,
    api_call              text        not null check (length(api_call) between 1 and 100),
    errors                text[]      not null,
    partner_test_id       text,
    partner_test_name     text,
    partner_interview_id  text,
    created_at            timestamptz not null,
    primary key (tenant_id, id)
);
create index greenhouse_response_errors_list_idx on greenhouse_response_errors (tenant_id, created_at desc, id desc);

-- Greenhouse's webhooks reach the tenant's receiver by a random, non-secret id in the URL; the body is signed
-- with the tenant's secret, which must be read back to check the HMAC, hence protected rather than hashed.
create table greenhouse_webhook_receivers (
    tenant_id         uuid        primary key references tenants (id),
    receiver_id       uuid        not null unique,
    protected_secret  text        not null,
    created_at        timestamptz not null
);

-- Read-only report links to one assessment, for a recruiter without a key. Found by the SHA-256 of the token
-- before the tenant is known (a global unique index, like invitations). The token is also kept protected so
-- that Greenhouse, which asks test_status more than once, gets the same link; revoking clears it.
create table report_links (
    tenant_id        uuid        not null,
    id               uuid        not null,
    assessment_id    uuid        not null,
    token_hash       bytea       not null check (length(token_hash) = 32),
    protected_token  text,
    expires_at       timestamptz not null,
    revoked_at       timestamptz,
    created_at       timestamptz not null,
    primary key (tenant_id, id),
    foreign key (tenant_id, assessment_id) references assessments (tenant_id, id),
    check (revoked_at is null or protected_token is null)
);
create unique index report_links_token_key on report_links (token_hash);
create index report_links_assessment_idx on report_links (tenant_id, assessment_id, created_at desc);

-- How long a report link works, per tenant.
alter table tenant_settings add column report_link_days integer not null default 90 check (report_link_days between 1 and 365);
