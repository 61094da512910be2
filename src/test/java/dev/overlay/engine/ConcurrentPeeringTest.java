package dev.overlay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.overlay.peer.DisconnectReason;
import dev.overlay.peer.Endpoint;
import dev.overlay.peer.Peer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The registry stays correct when connects, disconnects and reads race across many threads and
 * nodes: no slot is leaked, no node exceeds its limit, and both ends of every connection agree.
 */
class ConcurrentPeeringTest {

    @RegisterExtension
    final TestEngines engines = new TestEngines();

    @Test
    void racingConnectsAndDisconnectsLeaveConsistentRegistries() throws Exception {
        List<OverlayNode> nodes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            nodes.add(engines.start(s -> s.maxPeers = 3));
        }
        ExecutorService callers = Executors.newFixedThreadPool(8);
        Random random = new Random(42);
        List<CompletableFuture<?>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            OverlayNode from = nodes.get(random.nextInt(nodes.size()));
            OverlayNode to = nodes.get(random.nextInt(nodes.size()));
            boolean disconnect = random.nextInt(4) == 0;
            calls.add(CompletableFuture.runAsync(() -> {
                if (disconnect) {
                    from.registry().disconnect(to.nodeId(), DisconnectReason.ADMIN, "race");
                } else {
                    from.connect(new Endpoint("127.0.0.1", to.peerPort())).handle((peer, error) -> null).join();
                }
                from.registry().active().forEach(peer -> assertThat(peer.nodeId()).isPresent());
            }, callers));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
        callers.shutdown();
        assertThat(callers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            for (OverlayNode node : nodes) {
                assertThat(node.registry().usedSlots()).isLessThanOrEqualTo(3);
                assertThat(node.registry().connections()).hasSize(node.registry().activeCount());
                for (Peer peer : node.registry().active()) {
                    OverlayNode other = nodes.stream()
                            .filter(n -> n.nodeId().equals(peer.nodeId().orElseThrow())).findFirst().orElseThrow();
                    assertThat(other.registry().find(node.nodeId()))
                            .as("%s sees %s", node.nodeId().shortForm(), other.nodeId().shortForm())
                            .hasValueSatisfying(back -> assertThat(back.direction()).isNotEqualTo(peer.direction()));
                }
            }
        });
    }
}
