package dev.overlay.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overlay.identity.NodeId;
import dev.overlay.peer.Admission;
import dev.overlay.peer.Direction;
import dev.overlay.peer.Endpoint;
import dev.overlay.peer.NegotiatedProtocol;
import dev.overlay.peer.Peer;
import dev.overlay.peer.PeerRegistry;
import dev.overlay.peer.SlotLimits;
import dev.overlay.peer.TestLinks;
import dev.overlay.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Autoconnect decides whom to dial from what it has heard and learns from each dial's outcome; no sockets. */
class AutoconnectTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final NodeId SELF = new NodeId("5".repeat(64));
    private static final Endpoint A = Endpoint.parse("192.0.2.1:51235");
    private static final Endpoint B = Endpoint.parse("192.0.2.2:51235");
    private static final Endpoint C = Endpoint.parse("192.0.2.3:51235");
    private static final Endpoint D = Endpoint.parse("192.0.2.4:51235");
    private static final Duration ROTATION = Duration.ofMinutes(5);
    private static final Backoff DIAL_BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(4));

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryAddressBook addressBook = new InMemoryAddressBook();
    private final Livecache livecache = new Livecache(100, Duration.ofMinutes(1), new SplittableRandom(2));
    private final DiscoveryCounters counters = new DiscoveryCounters();
    private final Set<Endpoint> banned = new HashSet<>();

    private PeerRegistry registry;

    private Autoconnect autoconnect(int outboundTarget, List<Endpoint> bootstrap) {
        return autoconnect(outboundTarget, bootstrap, Duration.ZERO);
    }

    private Autoconnect autoconnect(int outboundTarget, List<Endpoint> bootstrap, Duration rotationInterval) {
        registry = new PeerRegistry(SELF, new SlotLimits(10, outboundTarget, 10), 10, Duration.ofMinutes(1), clock);
        DiscoverySettings settings = new DiscoverySettings(bootstrap, List.of(), DIAL_BACKOFF, DIAL_BACKOFF,
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMinutes(1), 100, 6, 8, rotationInterval);
        return new Autoconnect(registry, addressBook, livecache, settings, Set::of, Set::of, banned::contains, counters,
                new SplittableRandom(1));
    }

    private void activeOutboundPeer(NodeId node, Endpoint endpoint) {
        Peer peer = registry.register(Direction.OUTBOUND, endpoint, TestLinks.NO_LINK);
        peer.markHandshaking();
        peer.identify(node, endpoint, new NegotiatedProtocol("OVL/1.0", Set.of()), "test/1");
        assertThat(registry.admit(peer).outcome()).isEqualTo(Admission.Outcome.ADMITTED);
        assertThat(registry.activate(peer)).isTrue();
    }

    private static Peer connectedPeer(NodeId node) {
        Peer peer = new Peer(1, Direction.OUTBOUND, A, TestLinks.NO_LINK);
        peer.markHandshaking();
        peer.identify(node, A, new NegotiatedProtocol("OVL/1.0", Set.of()), "test/1");
        return peer;
    }

    @Test
    void dialsNothingWithoutAnOutboundTarget() {
        livecache.add(new HeardEndpoint(A, 1), T0);

        assertThat(autoconnect(0, List.of()).autoconnect(T0)).isEmpty();
    }

    @Test
    void dialsUpToTheOutboundTargetAndCountsDialsInFlight() {
        Autoconnect autoconnect = autoconnect(2, List.of());
        livecache.add(new HeardEndpoint(A, 1), T0);
        livecache.add(new HeardEndpoint(B, 1), T0);
        livecache.add(new HeardEndpoint(C, 1), T0);

        assertThat(autoconnect.autoconnect(T0)).hasSize(2);
        assertThat(autoconnect.autoconnect(T0)).isEmpty();
        assertThat(counters.dials.sum()).isEqualTo(2);
    }

    @Test
    void triesTheLivecacheNearestFirstThenTheAddressBookThenTheBootstrapList() {
        livecache.add(new HeardEndpoint(B, 2), T0);
        livecache.add(new HeardEndpoint(A, 1), T0);
        addressBook.heard(C, T0);

        assertThat(autoconnect(4, List.of(D)).autoconnect(T0)).containsExactly(A, B, C, D);
    }

    @Test
    void skipsBannedEndpoints() {
        banned.add(A);
        livecache.add(new HeardEndpoint(A, 1), T0);

        assertThat(autoconnect(1, List.of()).autoconnect(T0)).isEmpty();
    }

    @Test
    void aFailedEndpointBacksOffAndIsRecordedInTheAddressBook() {
        Autoconnect autoconnect = autoconnect(1, List.of(A));
        assertThat(autoconnect.autoconnect(T0)).containsExactly(A);

        autoconnect.dialed(A, new DialOutcome.Failed(DialOutcome.Reason.FAILED, "refused"), T0);

        assertThat(autoconnect.autoconnect(T0)).isEmpty();
        assertThat(autoconnect.autoconnect(T0.plus(DIAL_BACKOFF.initial()))).containsExactly(A);
        assertThat(addressBook.best(1)).singleElement().satisfies(e -> assertThat(e.consecutiveFailures()).isOne());
    }

    @Test
    void aSuccessIsRecordedInTheAddressBookWithTheNodeId() {
        Autoconnect autoconnect = autoconnect(1, List.of(A));
        autoconnect.autoconnect(T0);
        NodeId node = new NodeId("a".repeat(64));

        autoconnect.dialed(A, new DialOutcome.Connected(connectedPeer(node)), T0);

        assertThat(autoconnect.isDialing(A)).isFalse();
        assertThat(addressBook.best(1)).singleElement().satisfies(e -> assertThat(e.nodeId()).contains(node));
    }

    @Test
    void aFullNodesAlternativesAreDialedNextBeforeTheLivecache() {
        Autoconnect autoconnect = autoconnect(3, List.of(A));
        autoconnect.autoconnect(T0);
        livecache.add(new HeardEndpoint(D, 0), T0);

        autoconnect.dialed(A, new DialOutcome.Failed(DialOutcome.Reason.SLOTS_FULL, "full", List.of(B, C)), T0);

        assertThat(autoconnect.autoconnect(T0)).containsExactly(B, C, D);
        assertThat(counters.redirects.sum()).isEqualTo(2);
    }

    @Test
    void aFullNodesAlternativesStayOutOfTheLivecacheSoTheyAreNotGossipedOn() {
        Autoconnect autoconnect = autoconnect(1, List.of(A));
        autoconnect.autoconnect(T0);

        autoconnect.dialed(A, new DialOutcome.Failed(DialOutcome.Reason.SLOTS_FULL, "full", List.of(B, C)), T0);

        assertThat(livecache.fresh(T0)).isEmpty();
        assertThat(addressBook.page(0, 10)).extracting(AddressBookEntry::endpoint).contains(B, C);
    }

    @Test
    void anEndpointThatTurnsOutToBeThisNodeIsNeverDialedAgain() {
        Autoconnect autoconnect = autoconnect(1, List.of(A));
        autoconnect.autoconnect(T0);

        autoconnect.dialed(A, new DialOutcome.Failed(DialOutcome.Reason.SELF, null), T0);

        assertThat(autoconnect.isOwn(A)).isTrue();
        assertThat(autoconnect.autoconnect(T0.plus(Duration.ofHours(1)))).isEmpty();
    }

    @Test
    void anOutcomeOfADialItDidNotAskForIsIgnored() {
        Autoconnect autoconnect = autoconnect(1, List.of());

        autoconnect.dialed(A, new DialOutcome.Failed(DialOutcome.Reason.FAILED, "refused"), T0);

        assertThat(addressBook.size()).isZero();
    }

    @Test
    void aNodeAtItsOutboundTargetReplacesItsLongestHeldOutboundPeerByARandomAddressBookEndpoint() {
        Autoconnect autoconnect = autoconnect(2, List.of(), ROTATION);
        NodeId first = new NodeId("a".repeat(64));
        activeOutboundPeer(first, A);
        activeOutboundPeer(new NodeId("b".repeat(64)), B);
        addressBook.heard(C, T0);
        assertThat(autoconnect.rotation(T0, Set::of)).isEmpty();

        Optional<Autoconnect.Rotation> rotation =
                autoconnect.rotation(T0.plus(ROTATION.multipliedBy(3).dividedBy(2)), Set::of);

        assertThat(rotation).contains(new Autoconnect.Rotation(first, C));
        assertThat(autoconnect.isDialing(C)).isTrue();
        assertThat(counters.rotations.sum()).isOne();
    }

    /** Two outbound peers at the target, {@code first} held longest, C in the address book: the rotation once due. */
    private Optional<Autoconnect.Rotation> dueRotation(NodeId first, NodeId second, Set<NodeId> relaySources) {
        Autoconnect autoconnect = autoconnect(2, List.of(), ROTATION);
        activeOutboundPeer(first, A);
        activeOutboundPeer(second, B);
        addressBook.heard(C, T0);
        autoconnect.rotation(T0, () -> relaySources);
        return autoconnect.rotation(T0.plus(ROTATION.multipliedBy(3).dividedBy(2)), () -> relaySources);
    }

    @Test
    void rotationSparesAPeerTheRelayHasSelectedAsASource() {
        NodeId source = new NodeId("a".repeat(64));
        NodeId other = new NodeId("b".repeat(64));

        assertThat(dueRotation(source, other, Set.of(source))).contains(new Autoconnect.Rotation(other, C));
    }

    @Test
    void whenEveryOutboundPeerIsASourceRotationClosesTheLongestHeld() {
        NodeId first = new NodeId("a".repeat(64));
        NodeId second = new NodeId("b".repeat(64));

        assertThat(dueRotation(first, second, Set.of(first, second))).contains(new Autoconnect.Rotation(first, C));
    }

    @Test
    void aNodeBelowItsOutboundTargetDoesNotRotate() {
        Autoconnect autoconnect = autoconnect(3, List.of(), ROTATION);
        activeOutboundPeer(new NodeId("a".repeat(64)), A);
        activeOutboundPeer(new NodeId("b".repeat(64)), B);
        addressBook.heard(C, T0);
        autoconnect.rotation(T0, Set::of);

        assertThat(autoconnect.rotation(T0.plus(ROTATION.multipliedBy(2)), Set::of)).isEmpty();
    }

    @Test
    void rotationNeverPicksAnEndpointThatIsAlreadyConnected() {
        Autoconnect autoconnect = autoconnect(1, List.of(), ROTATION);
        activeOutboundPeer(new NodeId("a".repeat(64)), A);
        addressBook.heard(A, T0);
        autoconnect.rotation(T0, Set::of);

        assertThat(autoconnect.rotation(T0.plus(ROTATION.multipliedBy(2)), Set::of)).isEmpty();
    }

    @Test
    void aNodeWithoutAnOutboundTargetNeverRotates() {
        Autoconnect autoconnect = autoconnect(0, List.of(), ROTATION);
        addressBook.heard(C, T0);
        autoconnect.rotation(T0, Set::of);

        assertThat(autoconnect.rotation(T0.plus(ROTATION.multipliedBy(2)), Set::of)).isEmpty();
    }

    @Test
    void aZeroRotationIntervalTurnsRotationOff() {
        Autoconnect autoconnect = autoconnect(1, List.of());
        activeOutboundPeer(new NodeId("a".repeat(64)), A);
        addressBook.heard(C, T0);
        autoconnect.rotation(T0, Set::of);

        assertThat(autoconnect.rotation(T0.plus(Duration.ofDays(1)), Set::of)).isEmpty();
    }
}
