package dev.overlay.container;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What every node delivered of one topic, over the node's lifetimes: before a node is stopped or killed
 * its list of messages is snapshotted and a restart begins a new lifetime. The list comes from the node's
 * durable message log, so a later lifetime lists again what an earlier one delivered, with the same
 * delivery time: one delivery seen in several lifetimes counts once, and a message delivered again
 * after a restart shows as a second delivery time. A message delivered in the moment between the last
 * snapshot and a SIGKILL, before the log wrote it, is seen only if the node recovers it afterwards.
 *
 * <p>Threading: confined to the test thread.
 */
final class Deliveries {

    /** A node could not receive anything live (down or cut off) from {@code from} to {@code to}. */
    record Outage(NodeHost node, Instant from, Instant to) {

        boolean covers(Instant instant) {
            return !instant.isBefore(from) && !instant.isAfter(to);
        }
    }

    /** One node's figures: of the published messages, how many it delivered, missed, delivered twice. */
    record NodeFigures(String node, int delivered, int missing, int duplicates, int publishedDuringOutage,
            int recovered) {
    }

    /** The figures of one scenario. */
    record Figures(String scenario, int published, int refused, List<NodeFigures> nodes, Duration meshRecovery,
            Duration p50, Duration p90, Duration p99, Duration max) {

        int missing() {
            return nodes.stream().mapToInt(NodeFigures::missing).sum();
        }

        int duplicates() {
            return nodes.stream().mapToInt(NodeFigures::duplicates).sum();
        }

        String describe() {
            StringBuilder text = new StringBuilder(String.format(
                    "%s: published %d (refused %d), mesh formed again after %d ms, relay latency p50 %d / p90 %d / p99 %d / max %d ms%n",
                    scenario, published, refused, meshRecovery.toMillis(), p50.toMillis(), p90.toMillis(),
                    p99.toMillis(), max.toMillis()));
            for (NodeFigures node : nodes) {
                text.append(String.format("  %s: delivered %d, missing %d, delivered twice %d, published during its outage %d, recovered %d%n",
                        node.node(), node.delivered(), node.missing(), node.duplicates(), node.publishedDuringOutage(),
                        node.recovered()));
            }
            return text.toString();
        }
    }

    private final String topic;
    private final Map<NodeHost, List<List<NodeApi.Delivery>>> lifetimes = new LinkedHashMap<>();

    Deliveries(String topic, List<NodeHost> nodes) {
        this.topic = topic;
        nodes.forEach(node -> lifetimes.put(node, new ArrayList<>(List.of(List.of()))));
    }

    /** Takes the node's current list (it only grows within a lifetime, so the last one wins). */
    void snapshot(NodeHost node) throws Exception {
        List<List<NodeApi.Delivery>> lives = lifetimes.get(node);
        lives.set(lives.size() - 1, node.api().messages(topic));
    }

    /** The node restarted: what it delivers from now on is a new list. */
    void restarted(NodeHost node) {
        lifetimes.get(node).add(List.of());
    }

    /** Ids of the published messages the node has delivered, over all its lifetimes. */
    Set<String> deliveredIds(NodeHost node) {
        Set<String> ids = new HashSet<>();
        lifetimes.get(node).forEach(life -> life.forEach(d -> ids.add(d.id())));
        return ids;
    }

    Figures figures(String scenario, List<Traffic.Published> published, int refused, List<Outage> outages,
            Duration meshRecovery) {
        Set<String> publishedIds = new HashSet<>();
        published.forEach(p -> publishedIds.add(p.id()));
        List<NodeFigures> nodes = new ArrayList<>();
        List<Long> latencies = new ArrayList<>();
        for (var entry : lifetimes.entrySet()) {
            NodeHost node = entry.getKey();
            Map<String, Integer> counts = new HashMap<>();
            Set<String> seen = new HashSet<>();
            for (List<NodeApi.Delivery> life : entry.getValue()) {
                for (NodeApi.Delivery delivery : life) {
                    // The log keeps delivery times in milliseconds; a node's answer before its first write may be finer.
                    if (!seen.add(delivery.id() + "@" + delivery.receivedAt().toEpochMilli())) {
                        continue;
                    }
                    counts.merge(delivery.id(), 1, Integer::sum);
                    if (!delivery.own()) {
                        latencies.add(delivery.latency().toMillis());
                    }
                }
            }
            Set<String> delivered = new HashSet<>(counts.keySet());
            delivered.retainAll(publishedIds);
            int duplicates = counts.values().stream().mapToInt(c -> c - 1).sum();
            List<Traffic.Published> duringOutage = published.stream()
                    .filter(p -> outages.stream().anyMatch(o -> o.node() == node && o.covers(p.sentAt())))
                    .toList();
            int recovered = (int) duringOutage.stream().filter(p -> counts.containsKey(p.id())).count();
            nodes.add(new NodeFigures(node.alias(), delivered.size(), publishedIds.size() - delivered.size(),
                    duplicates, duringOutage.size(), recovered));
        }
        latencies.sort(null);
        return new Figures(scenario, published.size(), refused, nodes, meshRecovery,
                percentile(latencies, 50), percentile(latencies, 90), percentile(latencies, 99),
                percentile(latencies, 100));
    }

    private static Duration percentile(List<Long> sorted, int percent) {
        if (sorted.isEmpty()) {
            return Duration.ZERO;
        }
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return Duration.ofMillis(sorted.get(Math.max(0, index)));
    }
}
