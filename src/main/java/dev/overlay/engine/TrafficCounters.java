package dev.overlay.engine;

import dev.overlay.protocol.MessageType;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Frames and bytes in and out by message type, node-wide. Thread-safe. */
public final class TrafficCounters {

    /** Counts for one message type. */
    public record Category(LongAdder messagesIn, LongAdder bytesIn, LongAdder messagesOut, LongAdder bytesOut) {
    }

    private final Map<MessageType, Category> byType = new EnumMap<>(MessageType.class);

    TrafficCounters() {
        for (MessageType type : MessageType.values()) {
            byType.put(type, new Category(new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder()));
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
}
