-- API key lifecycle (issue 14): a name, scopes, an optional expiry and the last use of each key.
-- Keys made before scopes existed (and the first key of every tenant) keep every scope, so they go on
-- doing all they did. A revoked or expired key is refused; the row stays for the audit trail.
alter table api_keys add column name text not null default 'default' check (length(name) between 1 and 100);
alter table api_keys add column scopes text[] not null default '{screenings,read,admin,greenhouse}'
    check (cardinality(scopes) between 1 and 4 and scopes <@ '{screenings,read,admin,greenhouse}'::text[]);
alter table api_keys alter column name drop default;
alter table api_keys alter column scopes drop default;
alter table api_keys add column expires_at timestamptz;
-- Written in the background at most about once a minute per key, never on the request path.
alter table api_keys add column last_used_at timestamptz;
create index api_keys_tenant_idx on api_keys (tenant_id, created_at, id);
