package dev.overlay.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overlay.peer.PeerState;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntBinaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Simulated nodes run the core's reconciliation: what a node missed while cut off, it fetches after. */
class ReconciliationTest {

    private static final int PUBLISHED = 20;

    /** Records which messages reached one node, by relay and by reconciliation. */
    private static final class Watch implements Transport.DeliveryListener {
        final int node;
        final Set<Integer> byRelay = new HashSet<>();
        final Set<Integer> byReconciliation = new HashSet<>();

        Watch(SimNode watched) {
            this.node = watched.index;
        }

        @Override
        public void delivered(int at, int message, int hops, long atMicros) {
            if (at == node) {
                byRelay.add(message);
            }
        }

        @Override
        public void recovered(int at, int message, long atMicros) {
            if (at == node) {
                byReconciliation.add(message);
            }
        }
    }

    /** The index of the first message published while the node was cut off. */
    private int first;

    private static Simulation network(String... more) {
        String[] args = {"--nodes", "30", "--seed", "11", "--warmup", "5", "--join-seconds", "10",
                "--stabilize-seconds", "20", "--origins", "3"};
        return new Simulation(SimOptions.parse(Stream.concat(Arrays.stream(args),
                Arrays.stream(more)).toArray(String[]::new)), "squelch2");
    }

    /**
     * Bootstraps {@code sim}, cuts one ordinary node off from every other, publishes {@link #PUBLISHED}
     * messages while it is cut off, lifts the cut and returns what reaches that node.
     */
    private Watch cutOffWhileMessagesFlow(Simulation sim) {
        List<SimNode> origins = sim.bootstrapAndWarmUp();
        SimNode cutOff = sim.transport.nodes().stream()
                .filter(n -> n.index >= 3 && !origins.contains(n)).findFirst().orElseThrow();
        Watch watch = new Watch(cutOff);
        sim.transport.onDelivery(watch);
        IntBinaryOperator isolated = (a, b) -> a == cutOff.index || b == cutOff.index ? 1 : 0;
        sim.transport.cut(isolated);
        sim.transport.block(isolated);
        first = sim.schedulePublishes(sim.now(), PUBLISHED, 2, origins);
        sim.runFor(PUBLISHED / 2.0 + 10);
        assertThat(watch.byRelay).isEmpty();
        assertThat(watch.byReconciliation).isEmpty();
        sim.transport.block((a, b) -> 0);
        for (int second = 0; second < 120 && !hasActivePeer(cutOff); second++) {
            sim.runFor(1);
        }
        assertThat(hasActivePeer(cutOff)).isTrue();
        return watch;
    }

    private static boolean hasActivePeer(SimNode node) {
        return node.registry.connections().stream().anyMatch(p -> p.state() == PeerState.ACTIVE);
    }

    @Test
    void aNodeCutOffWhileMessagesFlowedRecoversThemByReconciliationAfterItReconnects() {
        Simulation sim = network();

        Watch watch = cutOffWhileMessagesFlow(sim);
        sim.runFor(3 * sim.transport.settings().sync().interval().toSeconds());

        Set<Integer> published = new HashSet<>();
        for (int m = first; m < first + PUBLISHED; m++) {
            published.add(m);
        }
        assertThat(watch.byReconciliation).isEqualTo(published);
        assertThat(watch.byRelay).doesNotContainAnyElementsOf(published);
    }

    @Test
    void withoutReconciliationTheCutOffNodeNeverGetsWhatItMissed() {
        Simulation sim = network("--set", "overlay.relay.sync.enabled=false");

        Watch watch = cutOffWhileMessagesFlow(sim);
        sim.runFor(60);

        assertThat(watch.byReconciliation).isEmpty();
        assertThat(watch.byRelay).isEmpty();
        assertThat(sim.transport.counters.syncBytes).isZero();
    }
}
