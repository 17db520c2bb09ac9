-- Greenhouse's send_test as the service sends it (compare with the service's own list from pg_stat_statements in
-- bench/results/*.md): the order looked up by its key's hash with the credential kept for Greenhouse, then one
-- transaction (Integrations/AtsOrders.cs PlaceAsync): the candidate upserted by Greenhouse's person id
-- (Screenings/ScreeningStore.cs UpsertCandidateSql), the invitation (Invitations/InvitationService.cs: the candidate's
-- lock with their email and the tenant's invitation language; the invitation, its queued email and its audit entry),
-- the order and its audit entry, COMMIT. A new order every time, as in the phase. pgbench sends each statement in a
-- round trip of its own, where the service batches them into 6.
-- The service makes its ids in .NET; here they are md5s of :n, so that later statements name the rows earlier ones
-- wrote without sending anything more. :apikey is the key send_test is called with (audit entries and the order name it).
\set n random(1, 9000000000000000000)
select (select id from ats_orders where tenant_id = :tenant and ats = 'greenhouse'
        and order_key_hash = sha256(convert_to('http://127.0.0.1:9/integrations/testing_partners/take_home_tests/pgbench-' || :n::text, 'UTF8'))) as existing,
    (select protected_credential from ats_credentials where tenant_id = :tenant and ats = 'greenhouse') as credential;
begin;
insert into candidates as c (tenant_id, id, external_id, full_name, email, created_at, updated_at)
values (:tenant, md5('c' || :n::text)::uuid, 'greenhouse:' || :n::text, 'Harriet Vane', 'pgbench-' || :n::text || '@example.com', now(), now())
on conflict (tenant_id, external_id) do update set
    full_name = excluded.full_name, email = excluded.email, updated_at = excluded.updated_at
returning c.id;
select c.email, (select s.invitation_language from tenant_settings s where s.tenant_id = :tenant) as language
from candidates c where c.tenant_id = :tenant and c.id = md5('c' || :n::text)::uuid
for key share of c;
insert into candidate_invitations (tenant_id, id, candidate_id, token_hash, language, status, expires_at, api_key_id, policy_version, created_at, updated_at)
values (:tenant, md5('i' || :n::text)::uuid, md5('c' || :n::text)::uuid, sha256(convert_to('token-' || :n::text, 'UTF8')), 'en', 'pending',
    now() + interval '14 days', :apikey, 'default@1', now(), now());
insert into invitation_emails (tenant_id, id, invitation_id, recipient, protected_link, status, attempts, next_attempt_at, created_at, updated_at)
values (:tenant, md5('e' || :n::text)::uuid, md5('i' || :n::text)::uuid, 'pgbench-' || :n::text || '@example.com', repeat('x', 219), 'pending', 0, now(), now(), now());
insert into audit_log (tenant_id, at, api_key_id, action, target_type, target_id)
values (:tenant, now(), :apikey, 'invitation_created', 'invitation', md5('i' || :n::text)::uuid::text);
insert into ats_orders (tenant_id, id, ats, order_key_hash, callback_url, partner_test_id, candidate_id, invitation_id, protected_credential, api_key_id, created_at)
values (:tenant, md5('o' || :n::text)::uuid, 'greenhouse',
    sha256(convert_to('http://127.0.0.1:9/integrations/testing_partners/take_home_tests/pgbench-' || :n::text, 'UTF8')),
    'http://127.0.0.1:9/integrations/testing_partners/take_home_tests/pgbench-' || :n::text, 'default@1', md5('c' || :n::text)::uuid,
    md5('i' || :n::text)::uuid, repeat('x', 198), :apikey, now())
on conflict (tenant_id, ats, order_key_hash) do nothing
returning id;
insert into audit_log (tenant_id, at, api_key_id, action, target_type, target_id)
values (:tenant, now(), :apikey, 'greenhouse_test_sent', 'greenhouse_interview', md5('o' || :n::text)::uuid::text);
end;
