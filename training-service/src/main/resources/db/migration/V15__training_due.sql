-- Datanets the verdict consumer found due for an automatic job, noted in the transaction of the verdicts that made
-- them due (it writes with the SQL client; queueing a job is Hibernate Reactive's work). AutomaticTrigger queues the
-- job and deletes the note in one transaction: right after that commit, or at its next sweep if the service stopped
-- in between, so a datanet made due is never forgotten.
CREATE TABLE training_due (
    datanet_id TEXT        PRIMARY KEY,
    noted_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
