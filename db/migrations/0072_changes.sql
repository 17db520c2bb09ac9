-- A change log per tenant for GET /v1/changes, in commit order, and the order of the listings' cursors.
--
-- A position is taken from the tenant's counter row by a trigger deferred to COMMIT, so the row lock on
-- the counter is held from then until the transaction ends. Two transactions of one tenant therefore take
-- positions one after the other: whoever holds positions below p committed (or rolled back, giving its
-- positions back with the counter) before anyone could take p. A reader that sees p sees every lower
-- position. created_at is taken when a request starts, so it cannot give that order.
create table change_counters (
    tenant_id  uuid   primary key,
    position   bigint not null
);

create table changes (
    tenant_id  uuid        not null,
    position   bigint      not null,
    type       text        not null check (type in ('assessment', 'candidate')),
    entity_id  uuid        not null,
    at         timestamptz not null,
    primary key (tenant_id, position)
);
-- An erasure removes the candidate's earlier changes (and their assessments').
create index changes_entity_idx on changes (tenant_id, entity_id);

-- The position of the row's creation: the listings page on it, newest first, so a row committed late lands
-- above a walk in progress, never in the part it has already read. Null only until its transaction commits.
alter table assessments add column list_position bigint;
alter table candidates add column list_position bigint;

-- What exists already comes first, in creation order (a candidate before its first assessment).
with existing as (
    select tenant_id, 'candidate' as type, id, created_at, 0 as rank from candidates
    union all
    select tenant_id, 'assessment', id, created_at, 1 from assessments
)
insert into changes (tenant_id, position, type, entity_id, at)
select tenant_id, row_number() over (partition by tenant_id order by created_at, rank, id), type, id, created_at
from existing;

update candidates c set list_position = ch.position
from changes ch where ch.tenant_id = c.tenant_id and ch.entity_id = c.id and ch.type = 'candidate';
update assessments a set list_position = ch.position
from changes ch where ch.tenant_id = a.tenant_id and ch.entity_id = a.id and ch.type = 'assessment';

insert into change_counters (tenant_id, position)
select tenant_id, max(position) from changes group by tenant_id;

create index assessments_list_idx on assessments (tenant_id, list_position desc);
create index candidates_list_idx on candidates (tenant_id, list_position desc);

create function record_change() returns trigger language plpgsql as $$
declare
    entity  record;
    taken   bigint;
begin
    if tg_op = 'DELETE' then
        entity := old;
    else
        entity := new;
    end if;

    insert into change_counters as counter (tenant_id, position) values (entity.tenant_id, 1)
    on conflict (tenant_id) do update set position = counter.position + 1
    returning counter.position into taken;

    insert into changes (tenant_id, position, type, entity_id, at)
    values (entity.tenant_id, taken, tg_argv[0], entity.id, clock_timestamp());

    if tg_op = 'INSERT' then
        execute format('update %I set list_position = $1 where tenant_id = $2 and id = $3', tg_table_name)
        using taken, entity.tenant_id, entity.id;
    end if;

    return null;
end
$$;

-- An update of a row created in the same transaction (list_position not set yet), and the trigger's own
-- setting of list_position, are part of its creation, not changes of their own.
create constraint trigger assessments_created after insert on assessments
    deferrable initially deferred for each row execute function record_change('assessment');
create constraint trigger assessments_changed after update on assessments
    deferrable initially deferred for each row when (old.list_position is not null) execute function record_change('assessment');
create constraint trigger candidates_created after insert on candidates
    deferrable initially deferred for each row execute function record_change('candidate');
create constraint trigger candidates_changed after update on candidates
    deferrable initially deferred for each row when (old.list_position is not null) execute function record_change('candidate');
create constraint trigger candidates_erased after delete on candidates
    deferrable initially deferred for each row execute function record_change('candidate');
