-- Fairness monitoring (issue 20), part 3: impact ratios read each candidate's latest assessment of one policy
-- version in a period. This index hands them over in candidate order with everything the figures need, so the
-- query is an index-only scan without a sort (1,000,000 assessments of a tenant in well under 2 s, bench/fairness.sh).
create index assessments_fairness_idx on assessments (tenant_id, policy_version, candidate_id, assessed_at desc, id desc)
    include (score, active_professional_presence);
