-- The web hooks with which an ATS asks for a candidate's erasure (Greenhouse's delete_candidate, Ashby's candidateDelete,
-- issue 21) reach the tenant's receiver of that ATS by a random, non-secret id in the URL; the body is signed with the
-- tenant's secret for that ATS, which must be read back to check the HMAC, hence protected rather than hashed.
-- Greenhouse's receivers move here as they are (same receiver ids, same protected secrets), so the URLs and secrets
-- tenants gave Greenhouse keep working.
create table ats_webhook_receivers (
    tenant_id         uuid        not null references tenants (id),
    ats               text        not null check (ats in ('greenhouse', 'workable', 'ashby')),
    receiver_id       uuid        not null unique,
    protected_secret  text        not null,
    created_at        timestamptz not null,
    primary key (tenant_id, ats)
);

insert into ats_webhook_receivers (tenant_id, ats, receiver_id, protected_secret, created_at)
select tenant_id, 'greenhouse', receiver_id, protected_secret, created_at from greenhouse_webhook_receivers;

drop table greenhouse_webhook_receivers;
