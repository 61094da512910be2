-- The durable address book ("bootcache"): endpoints this node has heard of or connected to,
-- scored by connection success. Times are epoch milliseconds (UTC).
CREATE TABLE address_book (
    endpoint             TEXT    PRIMARY KEY,          -- Endpoint.toString(), e.g. 10.0.0.1:51235 or [::1]:51235
    node_id              TEXT    NULL,                 -- NodeId.hex() seen at the last successful connection
    first_seen           INTEGER NOT NULL,
    last_heard           INTEGER NOT NULL,
    last_success         INTEGER NULL,
    last_failure         INTEGER NULL,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    successes            INTEGER NOT NULL DEFAULT 0,
    score                INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX address_book_score ON address_book (score);
