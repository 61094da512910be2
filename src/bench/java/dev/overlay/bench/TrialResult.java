package dev.overlay.bench;

import java.util.Map;

/**
 * The figures of one run: one relay mode, one publish rate, on one network.
 *
 * @param mode relay mode label, {@code flood} or {@code squelch(K)}
 * @param nodes nodes in the network
 * @param meanDegree mean peers per node of the topology
 * @param targetRate publish rate asked for, messages/s
 * @param achievedRate publish rate the publisher kept up, messages/s
 * @param messages measured messages
 * @param size payload bytes
 * @param deliveryRatio measured (message, node) deliveries over those expected, origins excluded
 * @param latency publish to last node, over measured messages that reached every node
 * @param paths hops and per-hop delays of the same messages
 * @param copiesPerNodePerMessage copies received from peers per receiving node per measured message
 * @param copiesOverall the same over warm-up and measured messages together
 * @param bytesSentPerDelivery frame bytes sent by all nodes (every message type) per delivery
 * @param throughput measured messages per second, first publish to last arrival
 * @param cpuSeconds process CPU over the measured phase
 * @param cpuMicrosPerDelivery process CPU per (message, node) delivery
 * @param allocatedBytesPerDelivery Java heap allocated per delivery
 * @param cpuSecondsByRole process CPU split by thread role
 * @param gcCount collections during the measured phase
 * @param gcMillis collection time during the measured phase
 * @param peakHeapMiB peak heap in use (sampled) during the measured phase
 * @param squelchesSent squelch requests sent by all nodes, warm-up included
 * @param shed relayed copies shed for full send queues (must stay 0 below saturation)
 * @param duplicateDeliveries messages delivered twice to one node's application (must stay 0)
 * @param syncShare reconciliation frame bytes over {@code Publish} frame bytes in the measured phase
 * @param liveDeliveryRatio the delivery ratio without the messages reconciliation fetched in the measured
 *     phase: what relaying alone delivered
 * @param recovered messages reconciliation fetched in the measured phase
 * @param droppedCopies Publish copies the injected loss ({@code --loss}) dropped in the measured phase
 */
record TrialResult(String mode, int nodes, double meanDegree, double targetRate, double achievedRate, int messages,
                   int size, double deliveryRatio, Latencies latency, DeliveryPaths paths,
                   double copiesPerNodePerMessage,
                   double copiesOverall, double bytesSentPerDelivery, double throughput, double cpuSeconds,
                   double cpuMicrosPerDelivery, double allocatedBytesPerDelivery, Map<String, Double> cpuSecondsByRole,
                   long gcCount, long gcMillis, double peakHeapMiB, long squelchesSent, long shed,
                   long duplicateDeliveries, double syncShare,
                   double liveDeliveryRatio, long recovered, long droppedCopies) {

    /** Every message reached every node and none took longer than {@code boundMillis}. */
    boolean deliveredAllWithin(double boundMillis) {
        return deliveryRatio == 1.0 && latency.max() <= boundMillis;
    }
}
