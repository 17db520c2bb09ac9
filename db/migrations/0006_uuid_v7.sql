-- UUID version 7 (time-ordered) made inside PostgreSQL, for rows whose number is only known in SQL
-- (one webhook delivery per matching subscription). PostgreSQL 15 has no uuidv7(): take a random v4
-- uuid, write the Unix time in milliseconds over its first 48 bits and turn the version nibble from
-- 4 (0100) into 7 (0111).
create function uuid_v7() returns uuid language sql volatile parallel safe as $$
    select encode(
        set_bit(set_bit(
            overlay(uuid_send(gen_random_uuid())
                placing substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3)
                from 1 for 6),
            52, 1), 53, 1),
        'hex')::uuid
$$;
