package dev.overlay.bench;

import dev.overlay.engine.OverlayNode;
import dev.overlay.protocol.MessageType;
import dev.overlay.relay.RelayCounters;
import java.util.List;

/** Counters summed over every node at one instant; differences of two snapshots give a phase's share. */
record NetworkTotals(long copiesReceived, long bytesSent, long squelchesSent, long shed) {

    static NetworkTotals of(List<OverlayNode> nodes) {
        long copies = 0;
        long bytes = 0;
        long squelches = 0;
        long shed = 0;
        for (OverlayNode node : nodes) {
            RelayCounters relay = node.relay().counters();
            copies += relay.received.sum();
            squelches += relay.squelchesSent.sum();
            shed += relay.shed.sum();
            for (MessageType type : MessageType.values()) {
                bytes += node.traffic().of(type).bytesOut().sum();
            }
        }
        return new NetworkTotals(copies, bytes, squelches, shed);
    }

    NetworkTotals minus(NetworkTotals earlier) {
        return new NetworkTotals(copiesReceived - earlier.copiesReceived, bytesSent - earlier.bytesSent,
                squelchesSent - earlier.squelchesSent, shed - earlier.shed);
    }
}
