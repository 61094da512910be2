package dev.overlay.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overlay.identity.NodeId;
import dev.overlay.peer.Admission;
import dev.overlay.peer.Direction;
import dev.overlay.peer.Disconnect;
import dev.overlay.peer.DisconnectOrigin;
import dev.overlay.peer.DisconnectReason;
import dev.overlay.peer.Endpoint;
import dev.overlay.peer.NegotiatedProtocol;
import dev.overlay.peer.Peer;
import dev.overlay.peer.PeerRegistry;
import dev.overlay.peer.PeerState;
import dev.overlay.peer.TestLinks;
import dev.overlay.peer.SlotLimits;
import dev.overlay.testing.MutableClock;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class FixedPeersTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Endpoint ALPHA = Endpoint.parse("alpha.example:51235");
    private static final Endpoint BETA = Endpoint.parse("192.0.2.2:51235");
    private static final NodeId ALPHA_NODE = new NodeId("a".repeat(64));
    private static final NodeId SELF = new NodeId("5".repeat(64));
    /** With {@link #HIGHEST} jitter the n-th consecutive failure waits exactly 10 s * 2^(n-1). */
    private static final Duration FIRST_DELAY = Duration.ofSeconds(10);
    private static final Backoff BACKOFF = new Backoff(FIRST_DELAY, Duration.ofMinutes(5));

    /** Jitter that always picks the top of the range, so delays are exact. */
    private static final RandomGenerator HIGHEST = new RandomGenerator() {
        @Override
        public long nextLong() {
            throw new UnsupportedOperationException();
        }

        @Override
        public long nextLong(long bound) {
            return bound - 1;
        }
    };

    private final MutableClock clock = new MutableClock(T0);
    private final FakeDialer dialer = new FakeDialer();
    private final Set<NodeId> activeElsewhere = new HashSet<>();
    private final PeerRegistry registry = new PeerRegistry(SELF, new SlotLimits(10, 0, Integer.MAX_VALUE), 10, Duration.ofMinutes(10), clock);

    private FixedPeers fixedPeers(Endpoint... endpoints) {
        return new FixedPeers(List.of(endpoints), activeElsewhere::contains, BACKOFF, HIGHEST);
    }

    /**
     * Carries out what the fixed peers decide, as the discovery bridge does: one uncompleted future per
     * dial, which the test completes when it likes; its outcome goes back to the fixed peers.
     */
    private final class FakeDialer {

        private final Map<Endpoint, List<CompletableFuture<Peer>>> attempts = new HashMap<>();

        void dial(FixedPeers fixedPeers) {
            for (Endpoint endpoint : fixedPeers.due(clock.instant())) {
                CompletableFuture<Peer> attempt = new CompletableFuture<>();
                attempts.computeIfAbsent(endpoint, e -> new ArrayList<>()).add(attempt);
                attempt.whenComplete((peer, error) -> fixedPeers.dialed(endpoint, error == null
                        ? new DialOutcome.Connected(peer)
                        : new DialOutcome.Failed(DialOutcome.Reason.FAILED, String.valueOf(error.getMessage())),
                        clock.instant()));
            }
        }

        int attempts(Endpoint endpoint) {
            return attempts.getOrDefault(endpoint, List.of()).size();
        }

        CompletableFuture<Peer> latest(Endpoint endpoint) {
            List<CompletableFuture<Peer>> list = attempts.get(endpoint);
            return list.get(list.size() - 1);
        }

        void failLatest(Endpoint endpoint) {
            latest(endpoint).completeExceptionally(new ConnectException("connection refused"));
        }
    }

    /** An outbound connection to {@code node} that completed its handshake and holds a slot. */
    private Peer activePeer(Endpoint endpoint, NodeId node) {
        Peer peer = registry.register(Direction.OUTBOUND, endpoint, TestLinks.NO_LINK);
        peer.markHandshaking();
        peer.identify(node, endpoint, new NegotiatedProtocol("OVL/1.0", Set.of()), "test/1");
        assertThat(registry.admit(peer).outcome()).isEqualTo(Admission.Outcome.ADMITTED);
        registry.activate(peer);
        assertThat(peer.state()).isEqualTo(PeerState.ACTIVE);
        return peer;
    }

    private void tickEvery(Duration step, Duration total, FixedPeers fixedPeers) {
        for (Duration elapsed = Duration.ZERO; elapsed.compareTo(total) < 0; elapsed = elapsed.plus(step)) {
            clock.advance(step);
            dialer.dial(fixedPeers);
        }
    }

    @Test
    void dialsEveryFixedPeerOnTheFirstTick() {
        dialer.dial(fixedPeers(ALPHA, BETA));

        assertThat(dialer.attempts(ALPHA)).isOne();
        assertThat(dialer.attempts(BETA)).isOne();
    }

    @Test
    void doesNotDialBeforeTheFirstTick() {
        fixedPeers(ALPHA);

        assertThat(dialer.attempts(ALPHA)).isZero();
    }

    @Test
    void doesNotDialAgainWhileAnAttemptIsInFlight() {
        FixedPeers fixedPeers = fixedPeers(ALPHA);
        dialer.dial(fixedPeers);

        tickEvery(Duration.ofSeconds(30), Duration.ofHours(1), fixedPeers);

        assertThat(dialer.attempts(ALPHA)).isOne();
    }

    @Test
    void afterAFailedAttemptWaitsTheBackoffBeforeRedialing() {
        FixedPeers fixedPeers = fixedPeers(ALPHA);
        dialer.dial(fixedPeers);
        dialer.failLatest(ALPHA);

        dialer.dial(fixedPeers);
        clock.advance(FIRST_DELAY.minusMillis(1));
        dialer.dial(fixedPeers);

        assertThat(dialer.attempts(ALPHA)).as("attempts before the backoff elapsed").isOne();

        clock.advance(Duration.ofMillis(1));
        dialer.dial(fixedPeers);

        assertThat(dialer.attempts(ALPHA)).as("attempts once the backoff elapsed").isEqualTo(2);
    }

    @Test
    void backoffGrowsWithConsecutiveFailures() {
        FixedPeers fixedPeers = fixedPeers(ALPHA);
        dialer.dial(fixedPeers);
        dialer.failLatest(ALPHA);
        dialer.dial(fixedPeers);
        clock.advance(FIRST_DELAY);
        dialer.dial(fixedPeers);
        dialer.failLatest(ALPHA);
        dialer.dial(fixedPeers); // second failure collected: waits 20 s

        clock.advance(FIRST_DELAY.multipliedBy(2).minusMillis(1));
        dialer.dial(fixedPeers);
        assertThat(dialer.attempts(ALPHA)).isEqualTo(2);

        clock.advance(Duration.ofMillis(1));
        dialer.dial(fixedPeers);
        assertThat(dialer.attempts(ALPHA)).isEqualTo(3);
    }

    @Test
    void afterASuccessfulConnectionDoesNotRedialWhileThePeerIsActive() {
        FixedPeers fixedPeers = fixedPeers(ALPHA);
        dialer.dial(fixedPeers);
        dialer.latest(ALPHA).complete(activePeer(ALPHA, ALPHA_NODE));

        tickEvery(Duration.ofSeconds(30), Duration.ofHours(1), fixedPeers);

        assertThat(dialer.attempts(ALPHA)).isOne();
    }

    @Test
    void redialsOneBackoffStepAfterTheConnectedPeerCloses() {
        FixedPeers fixedPeers = fixedPeers(ALPHA);
        dialer.dial(fixedPeers);
        Peer peer = activePeer(ALPHA, ALPHA_NODE);
        dialer.latest(ALPHA).complete(peer);
        dialer.dial(fixedPeers);

        registry.remove(peer);
        dialer.dial(fixedPeers);
        assertThat(dialer.attempts(ALPHA)).as("attempts right after the close").isOne();

        clock.advance(FIRST_DELAY);
        dialer.dial(fixedPeers);
        assertThat(dialer.attempts(ALPHA)).as("attempts one backoff step after the close").isEqualTo(2);
    }

    @Test
    void peerThatIsClosingCountsAsGone() {
        FixedPeers fixedPeers = fixedPeers(ALPHA);
        dialer.dial(fixedPeers);
        Peer peer = activePeer(ALPHA, ALPHA_NODE);
        dialer.latest(ALPHA).complete(peer);
        dialer.dial(fixedPeers);

        peer.markClosing(new Disconnect(DisconnectReason.PING_TIMEOUT, DisconnectOrigin.LOCAL, "", clock.instant()));
        dialer.dial(fixedPeers);
        clock.advance(FIRST_DELAY);
        dialer.dial(fixedPeers);

        assertThat(dialer.attempts(ALPHA)).isEqualTo(2);
    }

    @Test
    void successfulConnectionResetsTheBackoff() {
        FixedPeers fixedPeers = fixedPeers(ALPHA);
        dialer.dial(fixedPeers);
        dialer.failLatest(ALPHA);
        dialer.dial(fixedPeers);
        clock.advance(FIRST_DELAY);
        dialer.dial(fixedPeers);
        dialer.failLatest(ALPHA);
        dialer.dial(fixedPeers);
        clock.advance(FIRST_DELAY.multipliedBy(2));
        dialer.dial(fixedPeers);
        Peer peer = activePeer(ALPHA, ALPHA_NODE);
        dialer.latest(ALPHA).complete(peer);
        dialer.dial(fixedPeers);
        assertThat(dialer.attempts(ALPHA)).isEqualTo(3);

        registry.remove(peer);
        dialer.dial(fixedPeers);
        clock.advance(FIRST_DELAY);
        dialer.dial(fixedPeers);

        assertThat(dialer.attempts(ALPHA)).as("redialed after the first backoff step, not the third").isEqualTo(4);
    }

    @Test
    void skipsANodeThatIsAlreadyActiveThroughAnotherConnection() {
        FixedPeers fixedPeers = fixedPeers(ALPHA);
        dialer.dial(fixedPeers);
        Peer peer = activePeer(ALPHA, ALPHA_NODE);
        dialer.latest(ALPHA).complete(peer);
        dialer.dial(fixedPeers);
        activeElsewhere.add(ALPHA_NODE); // e.g. the node dialed us

        registry.remove(peer);
        tickEvery(Duration.ofSeconds(10), Duration.ofMinutes(10), fixedPeers);

        assertThat(dialer.attempts(ALPHA)).as("attempts while the node is connected through another connection").isOne();

        activeElsewhere.remove(ALPHA_NODE);
        dialer.dial(fixedPeers);

        assertThat(dialer.attempts(ALPHA)).isEqualTo(2);
    }

    @Test
    void eachFixedPeerKeepsItsOwnSchedule() {
        FixedPeers fixedPeers = fixedPeers(ALPHA, BETA);
        dialer.dial(fixedPeers);
        dialer.failLatest(ALPHA);
        dialer.failLatest(BETA);
        dialer.dial(fixedPeers);
        clock.advance(FIRST_DELAY);
        dialer.dial(fixedPeers);
        dialer.failLatest(ALPHA); // alpha fails twice, beta's second attempt is still in flight
        dialer.dial(fixedPeers);

        clock.advance(FIRST_DELAY.multipliedBy(2));
        dialer.dial(fixedPeers);

        assertThat(dialer.attempts(ALPHA)).isEqualTo(3);
        assertThat(dialer.attempts(BETA)).isEqualTo(2);
    }

    @Test
    void cancelledAttemptCountsAsAFailure() {
        FixedPeers fixedPeers = fixedPeers(ALPHA);
        dialer.dial(fixedPeers);
        dialer.latest(ALPHA).cancel(false);

        dialer.dial(fixedPeers);
        assertThat(dialer.attempts(ALPHA)).isOne();

        clock.advance(FIRST_DELAY);
        dialer.dial(fixedPeers);
        assertThat(dialer.attempts(ALPHA)).isEqualTo(2);
    }
}
