-- Issue 12: screenings at the database's pace.
--
-- 1. The audit chain no longer serialises a tenant's commits. An action's transaction appends its entry with
--    only an id from a sequence (no lock, no read of the chain's head); the sealer (Audit/AuditSealer.cs), one
--    at a time across replicas, later gives each committed entry its place in the tenant's chain (seq) and its
--    hashes, in one UPDATE from null, which the trigger below allows once and for nothing else.
create sequence audit_log_id_seq;
alter table audit_log add column id bigint;

-- Entries written so far are already sealed: they take ids in their chain order.
alter table audit_log disable trigger audit_log_append_only;
update audit_log l set id = o.n
from (select tenant_id, seq, row_number() over (order by tenant_id, seq) as n from audit_log) o
where l.tenant_id = o.tenant_id and l.seq = o.seq;
alter table audit_log enable trigger audit_log_append_only;
select setval('audit_log_id_seq', coalesce(max(id), 0) + 1, false) from audit_log;

alter table audit_log alter column id set default nextval('audit_log_id_seq'), alter column id set not null;
alter sequence audit_log_id_seq owned by audit_log.id;
alter table audit_log drop constraint audit_log_pkey;
alter table audit_log add primary key (id);
alter table audit_log alter column seq drop not null, alter column prev_hash drop not null, alter column hash drop not null;
alter table audit_log add constraint audit_log_sealed_whole check ((seq is null) = (hash is null) and (seq is null) = (prev_hash is null));
-- The chain of each tenant, sealed entries only (nulls never collide): one entry per place, so no fork.
create unique index audit_log_chain_key on audit_log (tenant_id, seq);
-- What the sealer has left to do; small, as entries leave it within a second.
create index audit_log_unsealed_idx on audit_log (id) where seq is null;

-- Append-only, with one exception: sealing. An entry without a place may be given its place and hashes once;
-- nothing else of it may change, a sealed entry never changes, and nothing is ever deleted.
create function audit_log_seal_only() returns trigger language plpgsql as $$
begin
    if tg_op = 'UPDATE' and old.seq is null and new.seq is not null
       and (new.id, new.tenant_id, new.at, new.api_key_id, new.action, new.target_type, new.target_id)
           is not distinct from (old.id, old.tenant_id, old.at, old.api_key_id, old.action, old.target_type, old.target_id) then
        return new;
    end if;
    raise exception 'rows of % are immutable once written (sealing an entry is the one change allowed)', tg_table_name
        using errcode = 'restrict_violation';
end
$$;
drop trigger audit_log_append_only on audit_log;
create trigger audit_log_append_only before update or delete on audit_log
    for each row execute function audit_log_seal_only();

-- 2. Checks the database did on every screening that could never fail, replaced by cheaper ones as safe.
--
-- The scoring policy trigger ran PL/pgSQL with two lookups for every assessment. default@1 is a row of
-- scoring_policies written by migration 0002, which nobody can update or delete (refuse_change), so for it the
-- check can only succeed: the trigger now runs only for other versions, which it still checks as before.
drop trigger assessments_policy_exists on assessments;
create trigger assessments_policy_exists before insert or update of policy_version on assessments
    for each row when (new.policy_version <> 'default@1') execute function check_assessment_policy();

-- Foreign keys to tenants on the tables every screening writes took a KEY SHARE lock on the tenant's row for
-- each insert: all of one tenant's concurrent screenings locked the same row, which PostgreSQL records as a
-- new MultiXact each time. A tenant row is never deleted and its id never changes (refused below), and these
-- rows' tenant_id is always the authenticated key's tenant (api_keys keeps its foreign key) or that of a row
-- of the same tenant, so the check could never fail. Every other table keeps its foreign key to tenants.
create trigger tenants_never_deleted before delete or truncate on tenants
    for each statement execute function refuse_change();
create trigger tenants_id_immutable before update of id on tenants
    for each row execute function refuse_change();
alter table candidates drop constraint candidates_tenant_id_fkey;
alter table audit_log drop constraint audit_log_tenant_id_fkey;
alter table idempotency_keys drop constraint idempotency_keys_tenant_id_fkey;
alter table webhook_events drop constraint webhook_events_tenant_id_fkey;
