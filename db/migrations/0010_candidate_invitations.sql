-- Candidates give their handle and consent themselves (issue 10): invitations, the email outbox, OAuth
-- sign-in state, and where each assessed handle came from.

-- One invitation per link sent. The link's token is never stored: only its SHA-256, found before the
-- tenant is known (like api_keys.prefix), hence the one global unique index. "expired" is not stored:
-- a pending or opened invitation past expires_at is expired, whoever reads it.
create table candidate_invitations (
    tenant_id     uuid        not null references tenants (id),
    id            uuid        not null,
    candidate_id  uuid        not null,
    token_hash    bytea       not null check (length(token_hash) = 32),
    language      text        not null check (language in ('en', 'fr')),
    status        text        not null check (status in ('pending', 'opened', 'completed', 'declined', 'cancelled')),
    outcome       text        check (outcome in ('x_signin', 'typed_handle', 'no_account', 'declined')),
    assessment_id uuid,
    expires_at    timestamptz not null,
    opened_at     timestamptz,
    answered_at   timestamptz,
    withdrawn_at  timestamptz,
    cancelled_at  timestamptz,
    api_key_id    uuid,
    created_at    timestamptz not null,
    updated_at    timestamptz not null,
    primary key (tenant_id, id),
    foreign key (tenant_id, candidate_id) references candidates (tenant_id, id),
    foreign key (tenant_id, assessment_id) references assessments (tenant_id, id),
    check ((status in ('completed', 'declined')) = (outcome is not null))
);
create unique index candidate_invitations_token_key on candidate_invitations (token_hash);
create index candidate_invitations_candidate_idx on candidate_invitations (tenant_id, candidate_id, created_at desc);

-- The email outbox, written in the invitation's transaction and sent by a background loop with retries.
-- The link is kept only protected with the service's Data Protection key ring, and cleared once sent or
-- once the invitation ends, so no table ever holds a usable link in plain text.
create table invitation_emails (
    tenant_id        uuid        not null,
    id               uuid        not null,
    invitation_id    uuid        not null,
    recipient        text        not null check (length(recipient) between 3 and 254),
    protected_link   text,
    status           text        not null check (status in ('pending', 'sent', 'failed', 'cancelled')),
    attempts         integer     not null default 0 check (attempts >= 0),
    next_attempt_at  timestamptz not null,
    last_error       text,
    sent_at          timestamptz,
    created_at       timestamptz not null,
    updated_at       timestamptz not null,
    primary key (tenant_id, id),
    unique (tenant_id, invitation_id),
    foreign key (tenant_id, invitation_id) references candidate_invitations (tenant_id, id),
    check ((status = 'pending') = (protected_link is not null))
);
-- The sender claims due rows across tenants (like the webhook dispatcher): small, pending rows only.
create index invitation_emails_due_idx on invitation_emails (next_attempt_at) where status = 'pending';

-- "Sign in with X" in flight: the OAuth state (hashed, found before the tenant is known), bound to one
-- invitation, single use (the callback deletes the row it uses), valid 10 minutes. The PKCE verifier and
-- the invitation link travel protected with Data Protection, never in plain text.
create table invitation_oauth_states (
    tenant_id      uuid        not null,
    id             uuid        not null,
    invitation_id  uuid        not null,
    state_hash     bytea       not null check (length(state_hash) = 32),
    protected      text        not null,
    language       text        not null check (language in ('en', 'fr')),
    expires_at     timestamptz not null,
    created_at     timestamptz not null,
    primary key (tenant_id, id),
    foreign key (tenant_id, invitation_id) references candidate_invitations (tenant_id, id)
);
create unique index invitation_oauth_states_state_key on invitation_oauth_states (state_hash);

-- How the handle of an assessment (and the candidate's current one) was obtained: verified by signing in
-- with X, claimed by the candidate on the page, or sent by the ATS. Assessments made before this are the ATS's.
alter table assessments add column handle_ownership text check (handle_ownership in ('verified', 'claimed', 'ats'));
update assessments set handle_ownership = 'ats' where handle is not null;
alter table assessments add constraint assessments_handle_ownership_check2 check ((handle is null) = (handle_ownership is null));

alter table candidates add column handle_ownership text check (handle_ownership in ('verified', 'claimed', 'ats'));
update candidates set handle_ownership = 'ats' where twitter_handle is not null;
alter table candidates add constraint candidates_handle_ownership_check2 check ((twitter_handle is null) = (handle_ownership is null));

-- A decision made on the candidate page records the language it was shown in and a SHA-256 of the exact
-- notice text the candidate read.
alter table candidate_consents add column language text check (language in ('en', 'fr'));
alter table candidate_consents add column notice_hash bytea check (length(notice_hash) = 32);
