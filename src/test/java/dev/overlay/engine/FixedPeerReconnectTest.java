package dev.overlay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.overlay.discovery.Backoff;
import dev.overlay.discovery.DialOutcome;
import dev.overlay.discovery.FixedPeers;
import dev.overlay.identity.NodeKey;
import dev.overlay.peer.Endpoint;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A fixed peer is kept connected over real TLS: dialed at start, regained after it comes back. */
class FixedPeerReconnectTest {

    @RegisterExtension
    final TestEngines engines = new TestEngines();

    @Test
    void fixedPeerThatGoesDownIsReconnectedWhenItComesBack() {
        NodeKey fixedKey = NodeKey.generate(new SecureRandom());
        OverlayNode fixed = engines.start(s -> s.key = fixedKey);
        int port = fixed.peerPort();
        OverlayNode node = engines.start();
        AtomicInteger dials = new AtomicInteger();
        FixedPeers fixedPeers = new FixedPeers(List.of(new Endpoint("127.0.0.1", port)),
                node.registry()::isActive, new Backoff(Duration.ofMillis(50), Duration.ofMillis(400)), new Random(7));
        // The test thread owns the fixed peers, as the discovery thread does in a node: outcomes that
        // complete on event loops are queued and handed back on the next tick.
        Queue<Runnable> outcomes = new ConcurrentLinkedQueue<>();
        Runnable tick = () -> {
            for (Runnable outcome = outcomes.poll(); outcome != null; outcome = outcomes.poll()) {
                outcome.run();
            }
            for (Endpoint endpoint : fixedPeers.due(Instant.now())) {
                dials.incrementAndGet();
                node.connect(endpoint).whenComplete((peer, error) -> outcomes.add(() -> fixedPeers.dialed(endpoint,
                        error == null ? new DialOutcome.Connected(peer)
                                : new DialOutcome.Failed(DialOutcome.Reason.FAILED, String.valueOf(error)),
                        Instant.now())));
            }
        };

        await().until(() -> {
            tick.run();
            return node.registry().isActive(fixedKey.nodeId());
        });
        fixed.stop();
        await().until(() -> !node.registry().isActive(fixedKey.nodeId()));
        int dialsWhileUp = dials.get();
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            tick.run();
            return dials.get() >= dialsWhileUp + 2;
        });

        engines.start(s -> {
            s.key = fixedKey;
            s.peerPort = port;
        });

        await().atMost(Duration.ofSeconds(10)).until(() -> {
            tick.run();
            return node.registry().isActive(fixedKey.nodeId());
        });
        assertThat(dials.get()).as("retried with backoff, not on every tick").isLessThan(dialsWhileUp + 40);
    }
}
