package dev.overlay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.overlay.peer.DisconnectReason;
import dev.overlay.peer.Endpoint;
import dev.overlay.peer.PeerState;
import dev.overlay.relay.MessageId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Reconciliation over real loopback TLS: what a node missed reaches it, once, and nothing more. */
class SyncNetworkTest {

    @RegisterExtension
    final TestEngines engines = new TestEngines();

    private static Endpoint endpointOf(OverlayNode engine) {
        return new Endpoint("127.0.0.1", engine.peerPort());
    }

    /** Counts every delivery on a node by message id. */
    private static Map<MessageId, AtomicInteger> deliveries(OverlayNode engine) {
        Map<MessageId, AtomicInteger> counts = new ConcurrentHashMap<>();
        engine.relay().addListener(m -> counts.computeIfAbsent(m.message().id(), id -> new AtomicInteger())
                .incrementAndGet());
        return counts;
    }

    private static List<MessageId> publish(OverlayNode engine, int count, String topic) {
        List<MessageId> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(engine.relay().signAndBroadcast(topic, ("m" + i).getBytes()).join().id());
        }
        return ids;
    }

    @Test
    void aNodeThatJoinsLateReceivesTheWindowsMessagesOnce() {
        OverlayNode early = engines.start();
        List<MessageId> published = publish(early, 300, "late");
        OverlayNode late = engines.start();
        Map<MessageId, AtomicInteger> delivered = deliveries(late);

        late.connect(endpointOf(early)).join();

        await().atMost(Duration.ofSeconds(20)).until(() -> delivered.keySet().containsAll(published));
        assertThat(delivered.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        assertThat(late.sync().totals().messagesRecovered()).isEqualTo(300);
        assertThat(early.sync().totals().messagesServed()).isEqualTo(300);
    }

    @Test
    void messagesPublishedOnBothSidesOfABlackHoleReachEveryNodeAfterHealing() {
        // a1 - a2 =cut= b1 - b2
        List<OverlayNode> nodes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            nodes.add(engines.start(s -> s.pingTimeout = Duration.ofSeconds(2)));
        }
        List<Map<MessageId, AtomicInteger>> delivered = nodes.stream().map(SyncNetworkTest::deliveries).toList();
        for (int i = 0; i < 3; i++) {
            nodes.get(i).connect(endpointOf(nodes.get(i + 1))).join();
        }
        OverlayNode a2 = nodes.get(1);
        OverlayNode b1 = nodes.get(2);
        await().until(() -> b1.registry().find(a2.nodeId()).filter(p -> p.state() == PeerState.ACTIVE).isPresent());

        assertThat(BlackHole.cut(a2, b1.nodeId())).isTrue();
        List<MessageId> all = new ArrayList<>(publish(nodes.get(0), 200, "side-a"));
        all.addAll(publish(nodes.get(3), 200, "side-b"));
        await().atMost(Duration.ofSeconds(15)).until(() -> a2.registry().find(b1.nodeId()).isEmpty()
                && b1.registry().find(a2.nodeId()).isEmpty());
        assertThat(a2.registry().recentlyClosed()).anySatisfy(closed ->
                assertThat(closed.disconnect().reason()).isEqualTo(DisconnectReason.PING_TIMEOUT));

        a2.connect(endpointOf(b1)).join();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (Map<MessageId, AtomicInteger> node : delivered) {
                assertThat(node.keySet()).containsAll(all);
            }
        });
        for (Map<MessageId, AtomicInteger> node : delivered) {
            assertThat(node.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        }
    }
}
