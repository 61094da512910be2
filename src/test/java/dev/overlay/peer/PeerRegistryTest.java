package dev.overlay.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overlay.identity.NodeId;
import dev.overlay.peer.Admission.Outcome;
import dev.overlay.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PeerRegistryTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final NodeId SELF = id('5');
    private static final NodeId LOWER = id('1');
    private static final NodeId HIGHER = id('9');
    private static final Endpoint ADDRESS = Endpoint.parse("192.0.2.1:51235");
    private static final NegotiatedProtocol PROTOCOL = new NegotiatedProtocol("OVL/1.0", Set.of());
    private static final int MAX_PEERS = 3;
    private static final int CLOSED_CAPACITY = 5;
    private static final Duration CLOSED_RETENTION = Duration.ofMinutes(10);

    private final MutableClock clock = new MutableClock(T0);
    private final PeerRegistry registry = new PeerRegistry(SELF, new SlotLimits(MAX_PEERS, 0, Integer.MAX_VALUE), CLOSED_CAPACITY, CLOSED_RETENTION, clock);

    private static NodeId id(char hexDigit) {
        return new NodeId(String.valueOf(hexDigit).repeat(64));
    }

    private static NodeId id(int n) {
        return new NodeId(String.format("%064x", n));
    }

    /** A connection that completed its handshake with {@code remote} and is about to ask for a slot. */
    private static Peer handshaken(PeerRegistry registry, Direction direction, NodeId remote) {
        Peer peer = registry.register(direction, ADDRESS, TestLinks.NO_LINK);
        peer.markHandshaking();
        peer.identify(remote, null, PROTOCOL, "test/1");
        return peer;
    }

    private Peer handshaken(Direction direction, NodeId remote) {
        return handshaken(registry, direction, remote);
    }

    private Peer admitted(Direction direction, NodeId remote) {
        Peer peer = handshaken(direction, remote);
        assertThat(registry.admit(peer).outcome()).isEqualTo(Outcome.ADMITTED);
        return peer;
    }

    @Nested
    class Slots {

        @Test
        void admitsPeersWhileSlotsRemain() {
            List<Admission> admissions = IntStream.rangeClosed(1, MAX_PEERS)
                    .mapToObj(n -> registry.admit(handshaken(Direction.INBOUND, id(n)))).toList();

            assertThat(admissions).allSatisfy(a -> {
                assertThat(a.outcome()).isEqualTo(Outcome.ADMITTED);
                assertThat(a.displaced()).isEmpty();
            });
            assertThat(registry.usedSlots()).isEqualTo(MAX_PEERS);
            assertThat(registry.slotsFull()).isTrue();
            assertThat(registry.find(id(1))).isPresent();
        }

        @Test
        void rejectsANewNodeWithSlotsFullWhenEverySlotIsTaken() {
            IntStream.rangeClosed(1, MAX_PEERS).forEach(n -> admitted(Direction.INBOUND, id(n)));
            Peer late = handshaken(Direction.OUTBOUND, id(100));

            Admission admission = registry.admit(late);

            assertThat(admission.outcome()).isEqualTo(Outcome.SLOTS_FULL);
            assertThat(admission.outcome()).isNotEqualTo(Admission.Outcome.ADMITTED);
            assertThat(registry.find(id(100))).isEmpty();
            assertThat(registry.usedSlots()).isEqualTo(MAX_PEERS);
        }

        @Test
        void rejectsAConnectionToThisNodeItselfAsSelf() {
            Admission admission = registry.admit(handshaken(Direction.OUTBOUND, SELF));

            assertThat(admission.outcome()).isEqualTo(Outcome.SELF);
            assertThat(registry.usedSlots()).isZero();
        }

        @Test
        void refusesToAdmitAPeerWhoseNodeIsNotKnownYet() {
            Peer anonymous = registry.register(Direction.INBOUND, ADDRESS, TestLinks.NO_LINK);

            assertThatThrownBy(() -> registry.admit(anonymous)).isInstanceOf(IllegalStateException.class);
        }

        @Test
        void removingAPeerReleasesItsSlot() {
            List<Peer> peers = IntStream.rangeClosed(1, MAX_PEERS).mapToObj(n -> admitted(Direction.INBOUND, id(n))).toList();

            registry.remove(peers.get(0));

            assertThat(registry.usedSlots()).isEqualTo(MAX_PEERS - 1);
            assertThat(registry.find(id(1))).isEmpty();
            assertThat(registry.admit(handshaken(Direction.INBOUND, id(100))).outcome()).isEqualTo(Outcome.ADMITTED);
        }

        @Test
        void closedPeerCannotTakeASlot() {
            Peer peer = handshaken(Direction.INBOUND, id(1));
            registry.remove(peer);

            assertThat(registry.admit(peer).outcome()).isEqualTo(Outcome.DUPLICATE);
            assertThat(registry.usedSlots()).isZero();
        }

        @Test
        void closingPeerCannotTakeASlot() {
            Peer peer = handshaken(Direction.INBOUND, id(1));
            peer.markClosing(new Disconnect(DisconnectReason.SHUTDOWN, DisconnectOrigin.LOCAL, "", T0));

            assertThat(registry.admit(peer).outcome()).isEqualTo(Outcome.DUPLICATE);
            assertThat(registry.usedSlots()).isZero();
        }

        @Test
        void connectionsListsEveryLiveConnectionIncludingThoseStillHandshaking() {
            Peer handshaking = handshaken(Direction.INBOUND, id(1));
            Peer connecting = registry.register(Direction.OUTBOUND, ADDRESS, TestLinks.NO_LINK);
            Peer admitted = admitted(Direction.INBOUND, id(2));

            assertThat(registry.connections()).containsExactlyInAnyOrder(handshaking, connecting, admitted);
            assertThat(connecting.state()).isEqualTo(PeerState.CONNECTING);
        }

        @Test
        void connectionIdsAreUnique() {
            Peer a = registry.register(Direction.INBOUND, ADDRESS, TestLinks.NO_LINK);
            Peer b = registry.register(Direction.INBOUND, ADDRESS, TestLinks.NO_LINK);

            assertThat(a.connectionId()).isNotEqualTo(b.connectionId());
        }
    }

    @Nested
    class Activation {

        @Test
        void activatingAnAdmittedPeerMakesItActiveFromNow() {
            Peer peer = admitted(Direction.INBOUND, id(1));
            clock.advance(Duration.ofSeconds(3));

            registry.activate(peer);

            assertThat(peer.state()).isEqualTo(PeerState.ACTIVE);
            assertThat(peer.activeSince()).contains(T0.plusSeconds(3));
            assertThat(registry.isActive(id(1))).isTrue();
            assertThat(registry.active()).containsExactly(peer);
            assertThat(registry.activeCount()).isOne();
        }

        @Test
        void admittedPeerIsNotActiveUntilActivated() {
            admitted(Direction.INBOUND, id(1));

            assertThat(registry.isActive(id(1))).isFalse();
            assertThat(registry.activeCount()).isZero();
            assertThat(registry.usedSlots()).isOne();
        }

        @Test
        void activatingAPeerWithoutASlotHasNoEffect() {
            Peer notAdmitted = handshaken(Direction.INBOUND, id(1));

            registry.activate(notAdmitted);

            assertThat(notAdmitted.state()).isEqualTo(PeerState.HANDSHAKING);
            assertThat(registry.isActive(id(1))).isFalse();
        }

        @Test
        void activatingADisplacedPeerHasNoEffect() {
            Peer older = admitted(Direction.INBOUND, LOWER);
            admitted(Direction.INBOUND, LOWER);

            registry.activate(older);

            assertThat(older.state()).isEqualTo(PeerState.HANDSHAKING);
        }

        @Test
        void whatMustPrecedeActivationRunsWhileThePeerIsNotYetActive() {
            Peer peer = admitted(Direction.INBOUND, id(1));
            List<Boolean> activeWhenRun = new ArrayList<>();
            dev.overlay.peer.Activation activation = new dev.overlay.peer.Activation(registry);
            activation.subscribe(new PeerEvents() {
                @Override
                public void activating(Peer p) {
                    activeWhenRun.add(registry.isActive(id(1)));
                }
            });

            assertThat(activation.activate(peer, Admission.admitted())).isTrue();

            assertThat(activeWhenRun).containsExactly(false);
            assertThat(registry.isActive(id(1))).isTrue();
        }

        @Test
        void aDisplacedPeerIsNeverAnnouncedActive() {
            Peer older = admitted(Direction.INBOUND, LOWER);
            admitted(Direction.INBOUND, LOWER);
            List<Peer> announced = new ArrayList<>();
            dev.overlay.peer.Activation activation = new dev.overlay.peer.Activation(registry);
            activation.subscribe(new PeerEvents() {
                @Override
                public void activated(Peer p) {
                    announced.add(p);
                }
            });

            assertThat(activation.activate(older, Admission.admitted())).isFalse();

            assertThat(announced).isEmpty();
            assertThat(older.state()).isNotEqualTo(PeerState.ACTIVE);
        }
    }

    /** The connection opened by the node with the lower id survives; with the same opener, the newer one. */
    @Nested
    class DuplicateConnections {

        @Test
        void inboundFromALowerNodeReplacesOurOutboundToIt() {
            Peer ourOutbound = admitted(Direction.OUTBOUND, LOWER);
            Peer theirInbound = handshaken(Direction.INBOUND, LOWER);

            Admission admission = registry.admit(theirInbound);

            assertThat(admission.outcome()).isEqualTo(Outcome.ADMITTED);
            assertThat(admission.displaced()).containsSame(ourOutbound);
            assertThat(registry.find(LOWER)).containsSame(theirInbound);
        }

        @Test
        void ourOutboundToALowerNodeLosesToItsInbound() {
            Peer theirInbound = admitted(Direction.INBOUND, LOWER);
            Peer ourOutbound = handshaken(Direction.OUTBOUND, LOWER);

            Admission admission = registry.admit(ourOutbound);

            assertThat(admission.outcome()).isEqualTo(Outcome.DUPLICATE);
            assertThat(admission.displaced()).isEmpty();
            assertThat(registry.find(LOWER)).containsSame(theirInbound);
        }

        @Test
        void ourOutboundToAHigherNodeReplacesItsInbound() {
            Peer theirInbound = admitted(Direction.INBOUND, HIGHER);
            Peer ourOutbound = handshaken(Direction.OUTBOUND, HIGHER);

            Admission admission = registry.admit(ourOutbound);

            assertThat(admission.outcome()).isEqualTo(Outcome.ADMITTED);
            assertThat(admission.displaced()).containsSame(theirInbound);
            assertThat(registry.find(HIGHER)).containsSame(ourOutbound);
        }

        @Test
        void inboundFromAHigherNodeLosesToOurOutbound() {
            Peer ourOutbound = admitted(Direction.OUTBOUND, HIGHER);
            Peer theirInbound = handshaken(Direction.INBOUND, HIGHER);

            Admission admission = registry.admit(theirInbound);

            assertThat(admission.outcome()).isEqualTo(Outcome.DUPLICATE);
            assertThat(registry.find(HIGHER)).containsSame(ourOutbound);
        }

        @Test
        void newerInboundFromTheSameNodeReplacesTheOlderOne() {
            Peer older = admitted(Direction.INBOUND, HIGHER);
            Peer newer = handshaken(Direction.INBOUND, HIGHER);

            Admission admission = registry.admit(newer);

            assertThat(admission.outcome()).isEqualTo(Outcome.ADMITTED);
            assertThat(admission.displaced()).containsSame(older);
            assertThat(registry.find(HIGHER)).containsSame(newer);
        }

        @Test
        void newerOutboundToTheSameNodeReplacesTheOlderOne() {
            Peer older = admitted(Direction.OUTBOUND, LOWER);
            Peer newer = handshaken(Direction.OUTBOUND, LOWER);

            Admission admission = registry.admit(newer);

            assertThat(admission.displaced()).containsSame(older);
            assertThat(registry.find(LOWER)).containsSame(newer);
        }

        @Test
        void replacingAConnectionNeedsNoFreeSlot() {
            admitted(Direction.INBOUND, id(1));
            admitted(Direction.INBOUND, id(2));
            Peer older = admitted(Direction.INBOUND, HIGHER);
            assertThat(registry.slotsFull()).isTrue();

            Admission admission = registry.admit(handshaken(Direction.OUTBOUND, HIGHER));

            assertThat(admission.displaced()).containsSame(older);
            assertThat(registry.usedSlots()).isEqualTo(MAX_PEERS);
        }

        @Test
        void removingTheDisplacedConnectionKeepsTheSurvivorsSlot() {
            Peer older = admitted(Direction.INBOUND, HIGHER);
            Peer newer = admitted(Direction.INBOUND, HIGHER);

            registry.remove(older);

            assertThat(registry.find(HIGHER)).containsSame(newer);
            assertThat(registry.usedSlots()).isOne();
        }

        @Test
        void bothNodesKeepTheSameConnectionWhicheverOrderTheyAdmitIn() {
            NodeId a = id('2');
            NodeId b = id('c');
            PeerRegistry atA = new PeerRegistry(a, new SlotLimits(MAX_PEERS, 0, Integer.MAX_VALUE), CLOSED_CAPACITY, CLOSED_RETENTION, clock);
            PeerRegistry atB = new PeerRegistry(b, new SlotLimits(MAX_PEERS, 0, Integer.MAX_VALUE), CLOSED_CAPACITY, CLOSED_RETENTION, clock);
            // Connection X is opened by a (lower id), connection Y by b; each side sees both.
            Peer xAtA = handshaken(atA, Direction.OUTBOUND, b);
            Peer yAtA = handshaken(atA, Direction.INBOUND, b);
            Peer yAtB = handshaken(atB, Direction.OUTBOUND, a);
            Peer xAtB = handshaken(atB, Direction.INBOUND, a);

            atA.admit(xAtA);
            atA.admit(yAtA); // a sees X first
            atB.admit(yAtB);
            atB.admit(xAtB); // b sees Y first

            assertThat(atA.find(b)).containsSame(xAtA);
            assertThat(atB.find(a)).containsSame(xAtB);
        }
    }

    @Nested
    class RecentlyClosed {

        @Test
        void removedConnectionsAreListedNewestFirst() {
            Peer first = admitted(Direction.INBOUND, id(1));
            Peer second = handshaken(Direction.OUTBOUND, id(2));
            Peer third = registry.register(Direction.OUTBOUND, ADDRESS, TestLinks.NO_LINK);

            registry.remove(first);
            clock.advance(Duration.ofSeconds(1));
            registry.remove(second);
            clock.advance(Duration.ofSeconds(1));
            registry.remove(third);

            assertThat(registry.recentlyClosed()).extracting(ClosedPeer::connectionId)
                    .containsExactly(third.connectionId(), second.connectionId(), first.connectionId());
            assertThat(registry.connections()).isEmpty();
        }

        @Test
        void closedEntryDescribesTheConnection() {
            Peer peer = admitted(Direction.OUTBOUND, id(1));
            registry.activate(peer);

            registry.remove(peer);

            ClosedPeer closed = registry.recentlyClosed().get(0);
            assertThat(closed.nodeId()).contains(id(1));
            assertThat(closed.direction()).isEqualTo(Direction.OUTBOUND);
            assertThat(closed.remoteAddress()).isEqualTo(ADDRESS);
            assertThat(closed.activeSince()).contains(T0);
            assertThat(peer.state()).isEqualTo(PeerState.CLOSED);
        }

        @Test
        void closeWithoutADecidedReasonIsRecordedAsConnectionLostAtRemovalTime() {
            Peer peer = admitted(Direction.INBOUND, id(1));
            clock.advance(Duration.ofSeconds(5));

            registry.remove(peer);

            assertThat(registry.recentlyClosed()).singleElement().satisfies(closed -> {
                assertThat(closed.disconnect().reason()).isEqualTo(DisconnectReason.CONNECTION_LOST);
                assertThat(closed.disconnect().origin()).isEqualTo(DisconnectOrigin.LOCAL);
                assertThat(closed.disconnect().at()).isEqualTo(T0.plusSeconds(5));
            });
        }

        @Test
        void closeKeepsTheReasonDecidedBeforeIt() {
            Peer peer = admitted(Direction.INBOUND, id(1));
            Disconnect decided = new Disconnect(DisconnectReason.ADMIN, DisconnectOrigin.REMOTE, "bye", T0);
            peer.markClosing(decided);
            clock.advance(Duration.ofSeconds(5));

            registry.remove(peer);

            assertThat(registry.recentlyClosed()).singleElement()
                    .extracting(ClosedPeer::disconnect).isEqualTo(decided);
        }

        @Test
        void listIsBoundedByCapacityDroppingTheOldest() {
            List<Peer> peers = IntStream.rangeClosed(1, CLOSED_CAPACITY + 2)
                    .mapToObj(n -> handshaken(Direction.INBOUND, id(n))).toList();

            peers.forEach(registry::remove);

            assertThat(registry.recentlyClosed()).extracting(c -> c.nodeId().orElseThrow())
                    .containsExactly(id(7), id(6), id(5), id(4), id(3));
        }

        @Test
        void entriesOlderThanTheRetentionAreDropped() {
            registry.remove(handshaken(Direction.INBOUND, id(1)));
            clock.advance(Duration.ofMinutes(6));
            registry.remove(handshaken(Direction.INBOUND, id(2)));

            assertThat(registry.recentlyClosed()).hasSize(2);

            clock.advance(Duration.ofMinutes(5));

            assertThat(registry.recentlyClosed()).extracting(c -> c.nodeId().orElseThrow()).containsExactly(id(2));

            clock.advance(Duration.ofMinutes(5).plusSeconds(1));

            assertThat(registry.recentlyClosed()).isEmpty();
        }

        @Test
        void entryIsStillListedAtExactlyTheRetention() {
            registry.remove(handshaken(Direction.INBOUND, id(1)));
            clock.advance(CLOSED_RETENTION);

            assertThat(registry.recentlyClosed()).hasSize(1);
        }

        @Test
        void removingTwiceRecordsTheCloseOnce() {
            Peer peer = admitted(Direction.INBOUND, id(1));
            registry.remove(peer);
            clock.advance(Duration.ofSeconds(1));

            registry.remove(peer);

            assertThat(registry.recentlyClosed()).singleElement()
                    .satisfies(closed -> assertThat(closed.disconnect().at()).isEqualTo(T0));
        }

        @Test
        void removingAConnectionAgainDoesNotTouchTheSlotItsSuccessorHolds() {
            Peer older = admitted(Direction.INBOUND, id(1));
            registry.remove(older);
            Peer successor = admitted(Direction.INBOUND, id(1));

            registry.remove(older);

            assertThat(registry.find(id(1))).containsSame(successor);
        }
    }

    @Test
    void concurrentRegistrationsAdmissionsAndRemovalsNeverExceedTheSlotsAndLeaveTheRegistryConsistent()
            throws Exception {
        int maxPeers = 8;
        int threads = 16;
        int iterations = 1500;
        List<NodeId> nodes = IntStream.rangeClosed(1, 20).mapToObj(PeerRegistryTest::id).toList();
        PeerRegistry shared = new PeerRegistry(SELF, new SlotLimits(maxPeers, 0, Integer.MAX_VALUE), 50, CLOSED_RETENTION, clock);
        AtomicInteger mostSlotsSeen = new AtomicInteger();
        AtomicInteger admissions = new AtomicInteger();
        AtomicInteger displacements = new AtomicInteger();
        AtomicInteger rejectionsForFullSlots = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                SplittableRandom random = new SplittableRandom(t);
                workers.add(executor.submit(() -> {
                    start.await();
                    for (int i = 0; i < iterations; i++) {
                        NodeId node = nodes.get(random.nextInt(nodes.size()));
                        Direction direction = random.nextBoolean() ? Direction.INBOUND : Direction.OUTBOUND;
                        Peer peer = handshaken(shared, direction, node);
                        Admission admission = shared.admit(peer);
                        mostSlotsSeen.accumulateAndGet(shared.usedSlots(), Math::max);
                        if (admission.outcome() != Admission.Outcome.ADMITTED) {
                            if (admission.outcome() == Outcome.SLOTS_FULL) {
                                rejectionsForFullSlots.incrementAndGet();
                            }
                            shared.remove(peer); // the engine closes a rejected connection
                            continue;
                        }
                        admissions.incrementAndGet();
                        Optional<Peer> displaced = admission.displaced();
                        displaced.ifPresent(old -> {
                            displacements.incrementAndGet();
                            shared.remove(old); // the engine closes the losing connection
                        });
                        shared.activate(peer);
                        if (random.nextInt(3) > 0) {
                            shared.remove(peer);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> worker : workers) {
                worker.get(30, TimeUnit.SECONDS);
            }
        } finally {
            executor.shutdownNow();
        }

        assertThat(admissions.get()).as("admissions").isPositive();
        assertThat(displacements.get()).as("duplicate replacements exercised").isPositive();
        assertThat(rejectionsForFullSlots.get()).as("full slots exercised").isPositive();
        assertThat(mostSlotsSeen.get()).isLessThanOrEqualTo(maxPeers);
        assertThat(shared.usedSlots()).isLessThanOrEqualTo(maxPeers);
        List<Peer> slotHolders = nodes.stream().map(shared::find).flatMap(Optional::stream).toList();
        assertThat(slotHolders).hasSize(shared.usedSlots());
        assertThat(shared.connections()).containsExactlyInAnyOrderElementsOf(slotHolders);
        assertThat(slotHolders).allSatisfy(peer -> {
            assertThat(peer.state()).isEqualTo(PeerState.ACTIVE);
            assertThat(shared.find(peer.nodeId().orElseThrow())).containsSame(peer);
        });
        assertThat(shared.activeCount()).isEqualTo(slotHolders.size());
        assertThat(shared.recentlyClosed()).hasSize(50)
                .allSatisfy(closed -> assertThat(closed.disconnect()).isNotNull());

        slotHolders.forEach(shared::remove);

        assertThat(shared.usedSlots()).isZero();
        assertThat(shared.connections()).isEmpty();
        assertThat(shared.active()).isEmpty();
    }
}
