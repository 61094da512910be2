package dev.overlay.bench;

import dev.overlay.engine.OverlayNode;
import dev.overlay.protocol.MessageType;
import dev.overlay.relay.RelayCounters;
import java.util.EnumSet;
import java.util.Set;

/**
 * Counters summed over every node at one instant; differences of two snapshots give a phase's share.
 * {@code recovered} counts messages reconciliation fetched, {@code dropped} the copies the bench's
 * injected loss threw away.
 */
record NetworkTotals(long copiesReceived, long bytesSent, long squelchesSent, long shed, long publishBytes,
                     long syncBytes, long recovered, long dropped) {

    private static final Set<MessageType> SYNC = EnumSet.of(MessageType.SYNC_RANGES, MessageType.SYNC_FETCH,
            MessageType.SYNC_MESSAGES);

    static NetworkTotals of(BenchNetwork network) {
        long copies = 0;
        long bytes = 0;
        long squelches = 0;
        long shed = 0;
        long publish = 0;
        long sync = 0;
        long recovered = 0;
        for (OverlayNode node : network.nodes()) {
            RelayCounters relay = node.relay().counters();
            recovered += node.sync().totals().messagesRecovered();
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
        return new NetworkTotals(copies, bytes, squelches, shed, publish, sync, recovered,
                network.droppedCopies());
    }

    NetworkTotals minus(NetworkTotals earlier) {
        return new NetworkTotals(copiesReceived - earlier.copiesReceived, bytesSent - earlier.bytesSent,
                squelchesSent - earlier.squelchesSent, shed - earlier.shed, publishBytes - earlier.publishBytes,
                syncBytes - earlier.syncBytes, recovered - earlier.recovered,
                dropped - earlier.dropped);
    }
}
