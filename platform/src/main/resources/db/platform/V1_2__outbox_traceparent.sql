-- The W3C trace context of the work that added the event (an upload's request, a consumed event's processing), so
-- the relay publishes it as a continuation of that trace however much later it runs. NULL when nothing was traced.
ALTER TABLE outbox ADD COLUMN traceparent TEXT;
