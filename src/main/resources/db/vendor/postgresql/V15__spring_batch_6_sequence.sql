-- Spring Batch 6 names the job instance sequence BATCH_JOB_INSTANCE_SEQ (5.x: BATCH_JOB_SEQ); renamed, it keeps its
-- value, so instance ids already used are never handed out again.
ALTER SEQUENCE BATCH_JOB_SEQ RENAME TO BATCH_JOB_INSTANCE_SEQ;
