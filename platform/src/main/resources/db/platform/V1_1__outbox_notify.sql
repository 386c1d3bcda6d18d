-- The outbox relay publishes as soon as events commit instead of at its next poll: every statement that adds outbox
-- rows notifies the channel datanet_outbox, which PostgreSQL delivers when (and only if) the transaction commits,
-- once per transaction however many rows it added. Replicas of the service LISTEN on it (OutboxRelay).
CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('datanet_outbox', '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();
