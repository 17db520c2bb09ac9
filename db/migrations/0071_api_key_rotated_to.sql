-- A key is rotated once: the rotation that wins records the key that replaces it, and a concurrent
-- rotation of the same key finds it set and is told so, instead of making a second active key.
alter table api_keys add column rotated_to uuid;
