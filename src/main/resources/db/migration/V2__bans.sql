-- Durable bans (dev.overlay.resource.BanStore): one row per banned IP address, kept across restarts.
-- Times are epoch milliseconds (UTC); a ban is in force while until > now.
CREATE TABLE bans (
    address TEXT    PRIMARY KEY,   -- IP address as text: IPv4 dotted, IPv6 lowercase without brackets
    since   INTEGER NOT NULL,
    until   INTEGER NOT NULL,      -- always > since (checked by the store)
    reason  TEXT    NOT NULL       -- for operators, at most 256 characters
);

CREATE INDEX bans_until ON bans (until);
