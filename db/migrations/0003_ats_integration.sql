-- ATS-grade integration (issue 3): idempotent retries, keyset listings, webhooks with an outbox.
-- Two indexes below do not lead with tenant_id on purpose: the idempotency purge and the webhook
-- dispatcher look for due rows across all tenants (each Citus shard would hold its own copy).

-- One row per Idempotency-Key: the request's fingerprint and the exact answer, replayed on retries.
-- Written in the same transaction as the work it guards, so a key exists only if the work does.
create table idempotency_keys (
    tenant_id            uuid        not null references tenants (id),
    key                  text        not null check (length(key) between 1 and 255),
    request_fingerprint  bytea       not null check (length(request_fingerprint) = 32),
    response_status      integer     not null,
    response_location    text,
    response_type        text,
    response_body        bytea       not null,
    created_at           timestamptz not null,
    expires_at           timestamptz not null,
    primary key (tenant_id, key)
);
create index idempotency_keys_expiry_idx on idempotency_keys (expires_at);

-- Keyset listings: newest first, (created_at, id) as the cursor.
create index assessments_created_idx on assessments (tenant_id, created_at desc, id desc);
create index candidates_created_idx on candidates (tenant_id, created_at desc, id desc);

-- The signing secret must be readable to sign deliveries, so it is stored as is; it is shown to the
-- caller once and never logged.
create table webhook_subscriptions (
    tenant_id       uuid        not null references tenants (id),
    id              uuid        not null,
    url             text        not null check (length(url) between 1 and 2048),
    events          text[]      not null,
    signing_secret  text        not null,
    created_at      timestamptz not null,
    primary key (tenant_id, id)
);

-- The outbox: an event row is written in the same transaction as what it reports. The body is kept
-- as sent text (not jsonb), so every delivery of an event carries the same bytes.
create table webhook_events (
    tenant_id   uuid        not null references tenants (id),
    id          uuid        not null,
    type        text        not null,
    body        text        not null,
    created_at  timestamptz not null,
    primary key (tenant_id, id)
);

create table webhook_deliveries (
    tenant_id        uuid        not null,
    id               uuid        not null,
    subscription_id  uuid        not null,
    event_id         uuid        not null,
    status           text        not null check (status in ('pending', 'succeeded', 'failed')),
    attempts         integer     not null default 0,
    next_attempt_at  timestamptz not null,
    retry_until      timestamptz not null,
    last_status_code integer,
    last_error       text,
    created_at       timestamptz not null,
    updated_at       timestamptz not null,
    primary key (tenant_id, id),
    foreign key (tenant_id, subscription_id) references webhook_subscriptions (tenant_id, id) on delete cascade,
    foreign key (tenant_id, event_id) references webhook_events (tenant_id, id)
);
create index webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at) where status = 'pending';
create index webhook_deliveries_subscription_idx on webhook_deliveries (tenant_id, subscription_id, created_at desc, id desc);

create table webhook_attempts (
    tenant_id     uuid        not null,
    delivery_id   uuid        not null,
    attempt       integer     not null,
    attempted_at  timestamptz not null,
    status_code   integer,
    error         text,
    duration_ms   integer     not null,
    primary key (tenant_id, delivery_id, attempt),
    foreign key (tenant_id, delivery_id) references webhook_deliveries (tenant_id, id) on delete cascade
);
