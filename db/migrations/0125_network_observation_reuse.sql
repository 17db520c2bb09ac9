-- Bluesky and Mastodon observations are reused within a tenant as X's are (issue 18): a screening under a policy that
-- reads several networks finds a fresh observation of the same network and handle before queueing a lookup. X's
-- partial index (0004) covers source 'x_api' only; this one covers the other networks' fetched observations.
create index presence_observations_network_handle_idx on presence_observations (tenant_id, network, lower(handle), observed_at desc)
    where source = 'network_api';
