-- Fairness monitoring (issue 20), part 2: which categories a tenant may collect at all. 'us-nyc' (NYC Local
-- Law 144) collects sex, race/ethnicity and age band; 'eu' and 'fr' sex and age band only.
alter table tenant_settings add column jurisdiction text not null default 'eu' check (jurisdiction in ('us-nyc', 'eu', 'fr'));
