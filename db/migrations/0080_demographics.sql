-- Fairness monitoring (issue 20), part 1: the demographic categories an ATS collected by voluntary
-- self-identification, in a table of their own. Nothing on the scoring path reads this table; only the
-- fairness figures, the candidate's own export and the erasure touch it. A null column is "not collected"
-- (unknown); 'declined' is the candidate's explicit choice not to say.
create table candidate_demographics (
    tenant_id       uuid        not null,
    candidate_id    uuid        not null,
    sex             text        check (sex in ('female', 'male', 'declined')),
    -- The EEO-1 race/ethnicity categories.
    race_ethnicity  text        check (race_ethnicity in ('hispanic_or_latino', 'white', 'black_or_african_american',
                                    'native_hawaiian_or_other_pacific_islander', 'asian', 'american_indian_or_alaska_native',
                                    'two_or_more_races', 'declined')),
    -- The two bands of age discrimination law, or a finer band that falls wholly inside one of them.
    age_band        text        check (age_band in ('under_40', '40_and_over', 'under_25', '25_to_39', '40_to_49',
                                    '50_to_59', '60_and_over', 'declined')),
    updated_at      timestamptz not null,
    primary key (tenant_id, candidate_id),
    foreign key (tenant_id, candidate_id) references candidates (tenant_id, id)
);
