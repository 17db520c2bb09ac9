-- One adapter core for every ATS (issue 21): Greenhouse's interviews and PATCH outbox become the orders and the
-- result outbox of any ATS (Greenhouse, Workable, Ashby), with their rows moved as they are. The old names stay
-- as views over Greenhouse's rows, for the reports and queries that read them.

-- One row per assessment an ATS ordered for one candidate. order_key_hash is what makes a replayed order the same
-- order (Greenhouse: its url; Workable: its callback_url; Ashby: its candidate and assessment type); callback_url is
-- where the result goes. The credential the result is sent with is kept protected with Data Protection until the
-- result was delivered or given up. cancelled_at: the ATS withdrew the order.
create table ats_orders (
    tenant_id             uuid        not null references tenants (id),
    id                    uuid        not null,
    ats                   text        not null check (ats in ('greenhouse', 'workable', 'ashby')),
    order_key_hash        bytea       not null check (length(order_key_hash) = 32),
    callback_url          text        not null check (length(callback_url) between 1 and 2048),
    partner_test_id       text        not null check (length(partner_test_id) between 1 and 100),
    candidate_id          uuid        not null,
    invitation_id         uuid        not null,
    protected_credential  text,
    api_key_id            uuid,
    created_at            timestamptz not null,
    cancelled_at          timestamptz,
    primary key (tenant_id, id),
    unique (tenant_id, ats, order_key_hash),
    unique (tenant_id, invitation_id),
    foreign key (tenant_id, candidate_id) references candidates (tenant_id, id),
    foreign key (tenant_id, invitation_id) references candidate_invitations (tenant_id, id)
);

-- The result outbox, once per order, queued in the transaction that records the candidate's answer (or, for an
-- ATS that wants to hear of it, the cancellation). Sent once the answer's assessment is final.
create table ats_callbacks (
    tenant_id         uuid        not null,
    order_id          uuid        not null,
    status            text        not null check (status in ('pending', 'succeeded', 'failed')),
    attempts          integer     not null default 0 check (attempts >= 0),
    next_attempt_at   timestamptz not null,
    retry_until       timestamptz,
    last_status_code  integer,
    last_error        text,
    succeeded_at      timestamptz,
    created_at        timestamptz not null,
    updated_at        timestamptz not null,
    primary key (tenant_id, order_id),
    foreign key (tenant_id, order_id) references ats_orders (tenant_id, id)
);
create index ats_callbacks_due_idx on ats_callbacks (next_attempt_at) where status = 'pending';

insert into ats_orders (tenant_id, id, ats, order_key_hash, callback_url, partner_test_id, candidate_id, invitation_id,
    protected_credential, api_key_id, created_at)
select tenant_id, id, 'greenhouse', url_hash, url, partner_test_id, candidate_id, invitation_id, protected_credential, api_key_id, created_at
from greenhouse_interviews;

insert into ats_callbacks (tenant_id, order_id, status, attempts, next_attempt_at, retry_until, last_status_code, last_error,
    succeeded_at, created_at, updated_at)
select tenant_id, interview_id, status, attempts, next_attempt_at, retry_until, last_status_code, last_error, succeeded_at, created_at, updated_at
from greenhouse_callbacks;

drop table greenhouse_callbacks;
drop table greenhouse_interviews;

-- Simple views, so still updatable where a script updated the old tables.
create view greenhouse_interviews as
select tenant_id, id, order_key_hash as url_hash, callback_url as url, partner_test_id, candidate_id, invitation_id,
    protected_credential, api_key_id, created_at
from ats_orders where ats = 'greenhouse';

create view greenhouse_callbacks as
select c.tenant_id, c.order_id as interview_id, c.status, c.attempts, c.next_attempt_at, c.retry_until, c.last_status_code,
    c.last_error, c.succeeded_at, c.created_at, c.updated_at
from ats_callbacks c
where exists (select 1 from ats_orders o where o.tenant_id = c.tenant_id and o.id = c.order_id and o.ats = 'greenhouse');

-- The token (Workable) or API key (Ashby) the tenant was given by its ATS, to send results back with; given once,
-- kept protected with Data Protection, copied (protected) into each order it will serve.
create table ats_credentials (
    tenant_id             uuid        not null references tenants (id),
    ats                   text        not null check (ats in ('workable', 'ashby')),
    protected_credential  text        not null,
    updated_at            timestamptz not null,
    primary key (tenant_id, ats)
);

-- Keys for Workable (Bearer) and Ashby (Basic).
alter table api_keys drop constraint api_keys_scopes_check;
alter table api_keys add constraint api_keys_scopes_check
    check (cardinality(scopes) between 1 and 6 and scopes <@ '{screenings,read,admin,greenhouse,workable,ashby}'::text[]);
