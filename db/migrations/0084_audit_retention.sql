-- Fairness monitoring (issue 20), part 5: how long the tenant's audit entries are kept, never under the six months
-- the EU AI Act asks of a high-risk system's logs (Art 19). Default ten years.
alter table tenant_settings add column audit_days integer not null default 3650 check (audit_days between 183 and 36500);
