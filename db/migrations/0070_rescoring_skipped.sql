-- A rescoring job leaves out a candidate whose latest assessment still waits for its evidence (an X lookup
-- pending or waiting for budget): copying it would make an assessment no lookup ever completes. The job
-- counts them, so that `completed` never hides a candidate it did not rescore.
alter table rescoring_jobs add column skipped integer not null default 0;
