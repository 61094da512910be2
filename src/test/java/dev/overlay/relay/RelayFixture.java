package dev.overlay.relay;

import dev.overlay.testing.MutableClock;
import dev.overlay.identity.NodeId;
import dev.overlay.identity.NodeKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A relay wired to a fake clock, a seeded random and a recording output, plus keys and message makers. */
final class RelayFixture {

    static final SecureRandom KEYS = new SecureRandom();
    static final NodeKey SELF = NodeKey.generate(KEYS);
    static final NodeKey ORIGIN = NodeKey.generate(KEYS);
    static final NodeKey OTHER_ORIGIN = NodeKey.generate(KEYS);
    static final NodeId A = NodeKey.generate(KEYS).nodeId();
    static final NodeId B = NodeKey.generate(KEYS).nodeId();
    static final NodeId C = NodeKey.generate(KEYS).nodeId();
    static final NodeId D = NodeKey.generate(KEYS).nodeId();
    static final NodeId E = NodeKey.generate(KEYS).nodeId();

    static final int SELECTED_PEERS = 2;
    static final int SELECTION_THRESHOLD = 3;
    static final Duration MIN_SQUELCH = Duration.ofSeconds(30);
    static final Duration MAX_SQUELCH = Duration.ofSeconds(60);
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);
    static final Duration REPLAY_WINDOW = Duration.ofSeconds(10);
    static final int SEEN_CACHE_ENTRIES = 10_000;
    static final Duration SEEN_CACHE_AGE = Duration.ofMinutes(10);
    static final Duration MAX_MESSAGE_AGE = Duration.ofMinutes(5);
    static final int MAX_HOPS = 5;
    static final int MAX_PAYLOAD = 1024;

    static RelaySettings settings(boolean squelchEnabled) {
        return new RelaySettings(squelchEnabled, SELECTED_PEERS, SELECTION_THRESHOLD, MIN_SQUELCH, MAX_SQUELCH,
                IDLE_TIMEOUT, REPLAY_WINDOW, SEEN_CACHE_ENTRIES, SEEN_CACHE_AGE, MAX_MESSAGE_AGE, MAX_HOPS, MAX_PAYLOAD);
    }

    final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    final RecordingOutput output = new RecordingOutput();
    final List<ReceivedMessage> delivered = new ArrayList<>();
    final RecordingRelay relay;
    private long sequence;

    RelayFixture() {
        this(settings(true));
    }

    RelayFixture(RelaySettings settings) {
        relay = new RecordingRelay(new Relay(SELF.nodeId(), settings, clock, new Random(42)), output);
        relay.addListener(delivered::add);
    }

    /** A new message of {@code origin}, stamped with the fake clock's current time. */
    SignedMessage next(NodeKey origin) {
        return SignedMessage.sign(origin, "topic", ++sequence, clock.instant(), new byte[] {(byte) sequence});
    }

    /** A new message of {@code origin} stamped {@code offset} from now. */
    SignedMessage stamped(NodeKey origin, Duration offset) {
        return SignedMessage.sign(origin, "topic", ++sequence, clock.instant().plus(offset), new byte[0]);
    }

    void activateCapable(NodeId... peers) {
        for (NodeId peer : peers) {
            relay.peerActivated(peer, true);
        }
    }

    /** Hands a copy of {@code message} in from each of {@code peers}, in order, at one hop. */
    void deliverInOrder(SignedMessage message, NodeId... peers) {
        for (NodeId peer : peers) {
            relay.received(peer, message, 1, true);
        }
    }
}
