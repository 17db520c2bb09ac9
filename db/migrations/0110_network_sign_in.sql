-- "Sign in with Bluesky" and "Sign in with Mastodon" (issue 19). Nothing of a finished sign-in is kept here: the
-- tokens live in memory for one request and are revoked; only what a sign-in needs while the browser is away is.

-- A sign-in in flight: the state (hashed, found before the tenant is known), bound to one invitation and one
-- network, single use (the callback deletes the row it uses), valid 10 minutes. The PKCE verifier, the DPoP key and
-- the endpoints travel protected with Data Protection. Erasing or cancelling an invitation takes its rows along.
create table network_sign_in_states (
    state_hash     bytea       primary key check (length(state_hash) = 32),
    tenant_id      uuid        not null,
    invitation_id  uuid        not null,
    network        text        not null check (network in ('bluesky', 'mastodon')),
    protected      text        not null,
    expires_at     timestamptz not null,
    created_at     timestamptz not null,
    foreign key (tenant_id, invitation_id) references candidate_invitations (tenant_id, id) on delete cascade
);
create index network_sign_in_states_invitation on network_sign_in_states (tenant_id, invitation_id);

-- This service as a client of each Mastodon server, registered once (POST /api/v1/apps) per server and redirect
-- URI, and reused. The client secret is kept protected with Data Protection.
create table mastodon_app_registrations (
    server            text        not null check (length(server) between 1 and 253),
    redirect_uri      text        not null check (length(redirect_uri) between 1 and 2048),
    scope             text        not null check (length(scope) between 1 and 200),
    client_id         text        not null check (length(client_id) between 1 and 500),
    protected_secret  text        not null,
    created_at        timestamptz not null,
    primary key (server, redirect_uri)
);

-- The private keys this service signs its OAuth client assertions with (private_key_jwt, Bluesky), protected with
-- Data Protection; the public half is served at /oauth/bluesky/jwks.json.
create table oauth_client_keys (
    name           text        primary key check (length(name) between 1 and 100),
    key_id         text        not null check (length(key_id) between 1 and 100),
    protected_key  text        not null,
    created_at     timestamptz not null
);
