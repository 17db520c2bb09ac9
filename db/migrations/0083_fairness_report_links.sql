-- Fairness monitoring (issue 20), part 4: revocable links to the compliance officer's page. A link holds the
-- query of the figures (period and policy version), never a figure: the page computes them when it is opened.
create table fairness_report_links (
    tenant_id       uuid        not null references tenants (id),
    id              uuid        not null,
    token_hash      bytea       not null check (length(token_hash) = 32),
    from_date       date        not null,
    to_date         date        not null,
    policy_version  text        not null,
    expires_at      timestamptz not null,
    revoked_at      timestamptz,
    created_at      timestamptz not null,
    primary key (tenant_id, id),
    check (from_date <= to_date)
);
create unique index fairness_report_links_token_key on fairness_report_links (token_hash);
create index fairness_report_links_live_idx on fairness_report_links (tenant_id) where revoked_at is null;
