-- The webhook claim ranks the deliveries still pending (neither delivered nor given up) per
-- endpoint and organisation, and counts those in flight. Finished deliveries stay in the table
-- as the delivery log and would otherwise be read at every claim: this index holds only the
-- pending ones.
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries(next_attempt_at, endpoint_id)
    WHERE delivered_at IS NULL AND gave_up_at IS NULL;
