-- One answer, several networks (issues 18 and 19): the candidate page takes a Bluesky or Mastodon handle, signed in
-- (verified) or typed (claimed), beside X, adds networks to an answer already given and withdraws each one.
-- The X answer keeps its columns (outcome, the assessment's handle); the other networks live here, one row each.

-- The first answer may be a sign-in with Bluesky or Mastodon: the rows below say which.
alter table candidate_invitations drop constraint candidate_invitations_outcome_check;
alter table candidate_invitations add constraint candidate_invitations_outcome_check
    check (outcome in ('x_signin', 'typed_handle', 'no_account', 'declined', 'network_signin'));

-- A network the candidate gave through the invitation. A sign-in keeps who the network said signed in (the DID or
-- the account URL) and when, nothing else: no token. A withdrawn network stays, dated, so the page can say so; the
-- consent history holds the decision itself. Deleted with its invitation (erasure, retention).
create table invitation_networks (
    tenant_id      uuid        not null,
    invitation_id  uuid        not null,
    network        text        not null check (network in ('bluesky', 'mastodon')),
    handle         text        not null check (length(handle) between 1 and 2048),
    ownership      text        not null check (ownership in ('verified', 'claimed')),
    subject        text        check (length(subject) between 1 and 2048),
    verified_at    timestamptz,
    added_at       timestamptz not null,
    withdrawn_at   timestamptz,
    primary key (tenant_id, invitation_id, network),
    foreign key (tenant_id, invitation_id) references candidate_invitations (tenant_id, id) on delete cascade,
    check ((ownership = 'verified') = (subject is not null and verified_at is not null))
);
