package dev.overlay.sync;

import dev.overlay.relay.ReceivedMessage;
import dev.overlay.relay.SignedMessage;

/**
 * A message in the log: what was delivered, and its place in log order ({@code seq}, rising in the
 * order of delivery, never reused).
 */
public record LoggedMessage(long seq, ReceivedMessage received) {

    /** What a logged message is counted as besides its payload: ids, signature, topic, times. */
    static final int OVERHEAD_BYTES = 200;

    public SignedMessage message() {
        return received.message();
    }

    public SyncItem item() {
        return new SyncItem(message().timestamp().toEpochMilli(), message().id());
    }

    /** What the message counts against the log's byte bound. */
    public long bytes() {
        return message().payloadSize() + OVERHEAD_BYTES;
    }
}
