-- The language of invitations that name none (an ATS adapter's, for one), per tenant.
-- A migration of its own, since 0010 may already have run where this column did not exist yet; `if not exists` for
-- databases that ran a working copy of 0010 which briefly carried it.
alter table tenant_settings add column if not exists invitation_language text not null default 'en'
    check (invitation_language in ('en', 'fr'));
