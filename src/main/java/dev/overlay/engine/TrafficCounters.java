package dev.overlay.engine;

import dev.overlay.protocol.MessageType;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Traffic in and out, node-wide: frames and their bytes by message type, and the handshake before
 * frames start. Thread-safe.
 */
public final class TrafficCounters {

    /** Counts for one category. */
    public record Category(LongAdder messagesIn, LongAdder bytesIn, LongAdder messagesOut, LongAdder bytesOut) {

        private Category() {
            this(new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder());
        }
    }

    private final Map<MessageType, Category> byType = new EnumMap<>(MessageType.class);
    private final Category handshake = new Category();

    TrafficCounters() {
        for (MessageType type : MessageType.values()) {
            byType.put(type, new Category());
        }
    }

    void inbound(MessageType type, int wireBytes) {
        Category c = byType.get(type);
        c.messagesIn().increment();
        c.bytesIn().add(wireBytes);
    }

    void outbound(MessageType type, int wireBytes) {
        Category c = byType.get(type);
        c.messagesOut().increment();
        c.bytesOut().add(wireBytes);
    }

    public Category of(MessageType type) {
        return byType.get(type);
    }

    /**
     * Everything before a connection speaks frames: bytes as on the wire (TLS included, where frame
     * bytes are counted before encryption), and the HTTP requests and responses as messages.
     */
    public Category handshake() {
        return handshake;
    }
}
