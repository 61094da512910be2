package dev.overlay.container;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publishes continuously while a fault lasts: one message per tick, round-robin over the publisher
 * nodes that are not marked down, bounded in count and in time. A publish the node does not accept
 * (it is down, unreachable or refuses) is counted as refused, not as published.
 *
 * <p>Threading: one scheduler thread publishes and owns the round-robin position; {@link #published}
 * and {@link #down} are concurrent collections the test thread reads and marks.
 */
final class Traffic implements AutoCloseable {

    /** A message a node accepted: its id, who published it and when the test sent it. */
    record Published(String id, String publisher, Instant sentAt) {
    }

    private final String topic;
    private final List<NodeHost> publishers;
    private final int maxMessages;
    private final Instant deadline;
    private final Set<NodeHost> down = ConcurrentHashMap.newKeySet();
    private final List<Published> published = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger refused = new AtomicInteger();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            r -> new Thread(r, "traffic-publisher"));
    private int next;

    Traffic(String topic, List<NodeHost> publishers, Duration interval, int maxMessages, Duration maxDuration) {
        this.topic = topic;
        this.publishers = List.copyOf(publishers);
        this.maxMessages = maxMessages;
        this.deadline = Instant.now().plus(maxDuration);
        scheduler.scheduleWithFixedDelay(this::publishOne, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Publishes from this node no more until {@link #up}. */
    void down(NodeHost node) {
        down.add(node);
    }

    void up(NodeHost node) {
        down.remove(node);
    }

    List<Published> published() {
        synchronized (published) {
            return List.copyOf(published);
        }
    }

    int refused() {
        return refused.get();
    }

    /** Waits (bounded) until the traffic has reached its count or its duration. */
    void awaitFinished(Duration timeout) throws InterruptedException {
        scheduler.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops publishing and waits (bounded) for a publish in flight. */
    @Override
    public void close() throws InterruptedException {
        scheduler.shutdown();
        if (!scheduler.awaitTermination(NodeApi.TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS)) {
            scheduler.shutdownNow();
        }
    }

    private void publishOne() {
        if (published.size() + refused.get() >= maxMessages || Instant.now().isAfter(deadline)) {
            scheduler.shutdown();
            return;
        }
        NodeHost publisher = nextPublisher();
        if (publisher == null) {
            return;
        }
        int sequence = published.size() + refused.get();
        Instant sentAt = Instant.now();
        try {
            String id = publisher.api().publish(topic, topic + "-" + publisher.alias() + "-" + sequence);
            published.add(new Published(id, publisher.alias(), sentAt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            refused.incrementAndGet();
        }
    }

    private NodeHost nextPublisher() {
        for (int tried = 0; tried < publishers.size(); tried++) {
            NodeHost candidate = publishers.get(next++ % publishers.size());
            if (!down.contains(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
