-- Issue 13: a webhook's signing secret is shown once. Answers stored under an Idempotency-Key before this
-- migration still hold it, and a replay (even after the subscription was deleted) would show it again:
-- blank it there, as the service now does when it stores such an answer. Such a replay then differs from
-- the first answer in its secret and in the JSON's spacing, which PostgreSQL writes its own way.
update idempotency_keys
set response_body = convert_to(jsonb_set(convert_from(response_body, 'UTF8')::jsonb, '{secret}', 'null'::jsonb)::text, 'UTF8')
where response_location like '/v1/webhooks/%'
  and response_type like 'application/json%'
  and convert_from(response_body, 'UTF8')::jsonb ? 'secret';
