-- ASP.NET Core Data Protection keys (antiforgery tokens, OAuth state, credentials kept for a callback),
-- shared by every replica through the database. Service-wide, not tenant data: one key ring protects
-- all tenants' payloads, and a payload names no tenant. When DataProtection__KeyEncryptionKey is set,
-- each key's XML is stored encrypted with it, so a copy of the database alone cannot unprotect anything.
create table data_protection_keys (
    friendly_name  text        primary key check (length(friendly_name) between 1 and 200),
    xml            text        not null,
    created_at     timestamptz not null default now()
);
