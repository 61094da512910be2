package dev.overlay.peer;

/** Who opened the connection. */
public enum Direction {
    INBOUND,
    OUTBOUND
}
