package dev.overlay.peer;

/** Which side decided a disconnect. */
public enum DisconnectOrigin {
    LOCAL,
    REMOTE
}
