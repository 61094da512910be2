package dev.overlay.bench;

import dev.overlay.engine.OverlayNode;
import dev.overlay.protocol.MessageType;
import dev.overlay.relay.RelayCounters;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Counters summed over every node at one instant; differences of two snapshots give a phase's share. */
record NetworkTotals(long copiesReceived, long bytesSent, long squelchesSent, long shed, long publishBytes,
                     long syncBytes) {

    private static final Set<MessageType> SYNC = EnumSet.of(MessageType.SYNC_RANGES, MessageType.SYNC_FETCH,
            MessageType.SYNC_MESSAGES);

    static NetworkTotals of(List<OverlayNode> nodes) {
        long copies = 0;
        long bytes = 0;
        long squelches = 0;
        long shed = 0;
        long publish = 0;
        long sync = 0;
        for (OverlayNode node : nodes) {
            RelayCounters relay = node.relay().counters();
            copies += relay.received.sum();
            squelches += relay.squelchesSent.sum();
            shed += relay.shed.sum();
            for (MessageType type : MessageType.values()) {
                long out = node.traffic().of(type).bytesOut().sum();
                bytes += out;
                publish += type == MessageType.PUBLISH ? out : 0;
                sync += SYNC.contains(type) ? out : 0;
            }
        }
        return new NetworkTotals(copies, bytes, squelches, shed, publish, sync);
    }

    NetworkTotals minus(NetworkTotals earlier) {
        return new NetworkTotals(copiesReceived - earlier.copiesReceived, bytesSent - earlier.bytesSent,
                squelchesSent - earlier.squelchesSent, shed - earlier.shed, publishBytes - earlier.publishBytes,
                syncBytes - earlier.syncBytes);
    }
}
