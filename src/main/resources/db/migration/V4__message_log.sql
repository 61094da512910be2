-- The message log (dev.overlay.sync.MessageLog): every message published or delivered within the
-- retention window, so that it survives a restart and peers can reconcile against it. Rows are
-- written in batches by store.SqliteMessageLog and removed when they leave the window.
CREATE TABLE message_log (
    seq         INTEGER PRIMARY KEY,   -- log order: rises in the order of delivery
    id          BLOB    NOT NULL UNIQUE, -- 32-byte SHA-256 of the signing bytes
    origin      BLOB    NOT NULL,      -- 32-byte Ed25519 public key of the publisher
    topic       TEXT    NOT NULL,
    sequence    INTEGER NOT NULL,      -- the origin's u64 sequence, stored as its signed 64-bit pattern
    timestamp   INTEGER NOT NULL,      -- signed timestamp, epoch milliseconds
    payload     BLOB    NOT NULL,
    signature   BLOB    NOT NULL,      -- 64-byte Ed25519 signature
    received_at INTEGER NOT NULL,      -- when this node delivered it, epoch milliseconds
    from_peer   TEXT                   -- node id (hex) of the peer that delivered it; NULL if published here
);

CREATE INDEX message_log_timestamp ON message_log (timestamp);
