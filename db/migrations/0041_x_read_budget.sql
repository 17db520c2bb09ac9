-- X API read budget per tenant (issue 14). Every call made to X is counted against the tenant's
-- month (UTC); a lookup that would go past the cap waits in 'budget_exhausted' instead of spending.
-- x_monthly_reads: null = the service default (XApi__MonthlyReadsPerTenant); 0 = no X reads at all.
alter table tenants add column x_monthly_reads integer check (x_monthly_reads between 0 and 100000000);

create table x_read_usage (
    tenant_id   uuid        not null references tenants (id),
    month       date        not null check (extract(day from month) = 1),
    reads       integer     not null check (reads >= 0),
    updated_at  timestamptz not null,
    primary key (tenant_id, month)
);

-- A lookup without budget waits; its assessment stays pending and says why.
alter table presence_lookup_jobs drop constraint presence_lookup_jobs_status_check;
alter table presence_lookup_jobs add constraint presence_lookup_jobs_status_check
    check (status in ('pending', 'budget_exhausted', 'completed', 'failed', 'cancelled'));
alter table assessments drop constraint assessments_status_check;
alter table assessments add constraint assessments_status_check
    check (status in ('pending', 'budget_exhausted', 'completed', 'failed'));
create index presence_lookup_jobs_budget_idx on presence_lookup_jobs (tenant_id, created_at) where status = 'budget_exhausted';
