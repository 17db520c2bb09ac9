-- Fairness monitoring (issue 20), part 5: audit entries older than the tenant's audit_days (0084) are purged, from
-- the start of the chain only, and the chain stays verifiable: the anchor keeps the seq and hash of the last purged
-- entry, which the first kept entry's prev_hash points at. The verifier starts from the anchor instead of genesis.
create table audit_anchors (
    tenant_id  uuid        primary key,
    seq        bigint      not null check (seq >= 1),
    hash       bytea       not null check (length(hash) = 32),
    purged_at  timestamptz not null
);

-- An anchor only moves forward and is never deleted: moving it back would let a purge be hidden.
create function audit_anchor_forward_only() returns trigger language plpgsql as $$
begin
    if tg_op = 'UPDATE' and new.tenant_id = old.tenant_id and new.seq > old.seq then
        return new;
    end if;
    raise exception 'an audit anchor only moves forward' using errcode = 'restrict_violation';
end
$$;
create trigger audit_anchors_forward_only before update or delete on audit_anchors
    for each row execute function audit_anchor_forward_only();
create trigger audit_anchors_no_truncate before truncate on audit_anchors
    for each statement execute function refuse_change();

-- Append-only, with two exceptions: sealing (as in 0060), and deleting a sealed entry at or under its tenant's
-- anchor, which the purge writes first in the same transaction. Nothing above the anchor can be deleted.
create or replace function audit_log_seal_only() returns trigger language plpgsql as $$
begin
    if tg_op = 'UPDATE' and old.seq is null and new.seq is not null
       and (new.id, new.tenant_id, new.at, new.api_key_id, new.action, new.target_type, new.target_id)
           is not distinct from (old.id, old.tenant_id, old.at, old.api_key_id, old.action, old.target_type, old.target_id) then
        return new;
    end if;
    if tg_op = 'DELETE' and old.seq is not null
       and exists (select 1 from audit_anchors a where a.tenant_id = old.tenant_id and old.seq <= a.seq) then
        return old;
    end if;
    raise exception 'rows of % are immutable once written (sealing an entry, and purging it under its anchor, are the changes allowed)', tg_table_name
        using errcode = 'restrict_violation';
end
$$;
