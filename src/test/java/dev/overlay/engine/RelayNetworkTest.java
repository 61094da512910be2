package dev.overlay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.overlay.peer.DisconnectReason;
import dev.overlay.peer.Peer;
import dev.overlay.resource.Fee;
import dev.overlay.resource.ResourceCounters;
import dev.overlay.relay.SquelchView;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Relay over a 10-node mesh on loopback TLS: every message reaches every node exactly once, with or
 * without squelching, and squelching cuts the copies each node receives.
 */
class RelayNetworkTest {

    private static final int NODES = 10;
    private static final int DEGREE = 5;
    private static final List<Integer> ORIGINS = List.of(0, 3, 7);

    @RegisterExtension
    final TestEngines engines = new TestEngines();

    @Test
    void floodingDeliversEveryMessageExactlyOnceAtEveryNode() {
        TestNetwork network = TestNetwork.start(engines, NODES, DEGREE, 1, i -> s -> s.squelch = false);

        network.publish(ORIGINS, 60, "flood");
        network.awaitFullDelivery();

        assertThat(network.everyMessageDeliveredExactlyOnceEverywhere()).isTrue();
    }

    @Test
    void squelchCutsCopiesPerNodePerMessageBelowFlooding() {
        double flooding = copiesPerNodePerMessage(TestNetwork.start(engines, NODES, DEGREE, 2,
                i -> s -> s.squelch = false));
        double squelched = copiesPerNodePerMessage(TestNetwork.start(engines, NODES, DEGREE, 2,
                i -> s -> s.selectedPeers = 2));

        System.out.printf("copies received per node per message after warm-up: flooding %.2f, squelch %.2f%n",
                flooding, squelched);
        assertThat(squelched).isLessThan(flooding * 0.8);
    }

    /** Warms up (so squelch can select sources), then measures copies over the next messages. */
    private static double copiesPerNodePerMessage(TestNetwork network) {
        network.publish(ORIGINS, 45, "warm-up");
        network.awaitFullDelivery();
        long before = network.copiesReceived();
        int measured = 90;
        network.publish(ORIGINS, measured, "measured");
        network.awaitFullDelivery();
        assertThat(network.everyMessageDeliveredExactlyOnceEverywhere()).isTrue();
        return (double) (network.copiesReceived() - before) / (measured * (NODES - 1));
    }

    @Test
    void wellBehavedNodesAreNeverChargedForTheCopiesTheyRelay() {
        TestNetwork network = TestNetwork.start(engines, NODES, DEGREE, 5, i -> s -> s.selectedPeers = 2);

        network.publish(ORIGINS, 90, "ordinary");
        network.awaitFullDelivery();

        assertThat(network.nodes).allSatisfy(node -> {
            ResourceCounters charged = node.resources().manager().counters();
            assertThat(charged.charges(Fee.REPEATED_MESSAGE).sum()).isZero();
            assertThat(charged.charges(Fee.STALE_MESSAGE).sum()).isZero();
            assertThat(charged.charges(Fee.SQUELCH_IGNORED).sum()).isZero();
            assertThat(charged.warnings.sum()).isZero();
        });
        assertThat(network.nodes.stream().mapToLong(n -> n.relay().counters().duplicates.sum()).sum())
                .as("the mesh did carry redundant copies").isPositive();
    }

    @Test
    void deliveryStaysCompleteWhenASelectedSourceDisconnectsMidStream() {
        TestNetwork network = TestNetwork.start(engines, NODES, DEGREE, 3, i -> s -> s.selectedPeers = 1);
        network.publish(List.of(0), 20, "warm-up");
        network.awaitFullDelivery();
        OverlayNode listener = network.nodes.get(5);
        SquelchView view = await().until(() -> listener.relay().squelchViews().join().stream()
                .filter(v -> v.origin().equals(network.nodes.get(0).nodeId()) && !v.selected().isEmpty())
                .findFirst().orElse(null), v -> v != null);

        listener.registry().disconnect(view.selected().get(0), DisconnectReason.ADMIN, "test: drop the selected source");
        network.publish(List.of(0), 40, "after-loss");

        network.awaitFullDelivery();
        assertThat(network.everyMessageDeliveredExactlyOnceEverywhere()).isTrue();
        assertThat(listener.relay().counters().unsquelchesSent.sum()).isPositive();
    }

    @Test
    void nodesWithoutSquelchInteroperateWithNodesThatHaveIt() {
        TestNetwork network = TestNetwork.start(engines, NODES, DEGREE, 4, i -> s -> {
            s.squelch = i % 3 != 0;
            s.selectedPeers = 1;
        });

        network.publish(ORIGINS, 90, "mixed");
        network.awaitFullDelivery();

        assertThat(network.everyMessageDeliveredExactlyOnceEverywhere()).isTrue();
        for (int i = 0; i < NODES; i += 3) {
            OverlayNode plain = network.nodes.get(i);
            for (Peer peer : plain.registry().active()) {
                assertThat(peer.protocol().orElseThrow().features()).isEmpty();
            }
            assertThat(plain.relay().counters().squelchesSent.sum()).isZero();
            assertThat(plain.relay().counters().squelchesRefused.sum()).isZero();
        }
        long squelchesSent = network.nodes.stream().mapToLong(n -> n.relay().counters().squelchesSent.sum()).sum();
        assertThat(squelchesSent).as("squelch-capable nodes still squelch each other").isPositive();
    }
}
