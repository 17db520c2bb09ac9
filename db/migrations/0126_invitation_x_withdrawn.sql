-- X withdrawn alone from an answer (the other networks stay), as Bluesky and Mastodon are (invitation_networks.withdrawn_at).
-- X's answer lives in candidate_invitations (outcome, the assessment's handle), so its withdrawal is dated here, for the page.
alter table candidate_invitations add column x_withdrawn_at timestamptz;
