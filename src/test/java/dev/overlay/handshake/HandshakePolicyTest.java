package dev.overlay.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overlay.identity.NodeId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HandshakePolicyTest {

    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final Duration MAX_SKEW = Duration.ofSeconds(30);
    private static final NodeId LOCAL = new NodeId("5".repeat(64));
    private static final NodeId REMOTE = new NodeId("a".repeat(64));
    private static final long LOCAL_COOKIE = 0x1111L;
    private static final long REMOTE_COOKIE = 0x2222L;
    private static final ProtocolVersion V1_0 = new ProtocolVersion(1, 0);
    private static final ProtocolVersion V1_1 = new ProtocolVersion(1, 1);
    private static final ProtocolVersion V2_0 = new ProtocolVersion(2, 0);

    private final Hello local = new Hello("main", LOCAL, LOCAL_COOKIE, Instant.EPOCH, 51235,
            FeatureSet.parse("compr=lz4;squelch=1;relay=1"), "local/1");
    private final HandshakePolicy policy = new HandshakePolicy(local, List.of(V1_0, V1_1), MAX_SKEW,
            Clock.fixed(NOW, ZoneOffset.UTC));

    private static Hello remote(String networkId, NodeId nodeId, long cookie, Instant time, String features) {
        return new Hello(networkId, nodeId, cookie, time, 51236, FeatureSet.parse(features), "remote/1");
    }

    private static Hello remote() {
        return remote("main", REMOTE, REMOTE_COOKIE, NOW, "compr=zstd;squelch=1;relay=1;extra=1");
    }

    private HandshakeException rejection(Hello hello, NodeId certified, List<ProtocolVersion> offered) {
        return HelloTest.handshakeFailure(() -> policy.check(hello, certified, offered));
    }

    @Test
    void acceptedHelloNegotiatesTheHighestCommonVersionAndTheSharedFeatures() {
        Negotiation negotiation = policy.check(remote(), REMOTE, List.of(V1_0, V1_1, V2_0));

        assertThat(negotiation.version()).isEqualTo(V1_1);
        assertThat(negotiation.features()).isEqualTo(FeatureSet.parse("squelch=1;relay=1"));
    }

    @Test
    void publicKeyHeaderThatDiffersFromTheCertifiedIdIsRejected() {
        NodeId certified = new NodeId("b".repeat(64));

        HandshakeException failure = rejection(remote(), certified, List.of(V1_0));

        assertThat(failure.failure()).isEqualTo(HandshakeFailure.PUBLIC_KEY_MISMATCH);
    }

    @Test
    void helloFromThisNodesOwnIdIsASelfConnection() {
        Hello fromSelf = remote("main", LOCAL, REMOTE_COOKIE, NOW, "");

        assertThat(rejection(fromSelf, LOCAL, List.of(V1_0)).failure()).isEqualTo(HandshakeFailure.SELF_CONNECTION);
    }

    @Test
    void helloCarryingThisProcesssInstanceCookieIsASelfConnection() {
        Hello sameProcess = remote("main", REMOTE, LOCAL_COOKIE, NOW, "");

        assertThat(rejection(sameProcess, REMOTE, List.of(V1_0)).failure()).isEqualTo(HandshakeFailure.SELF_CONNECTION);
    }

    @Test
    void helloFromAnotherNetworkIsRejected() {
        Hello otherNetwork = remote("test", REMOTE, REMOTE_COOKIE, NOW, "");

        HandshakeException failure = rejection(otherNetwork, REMOTE, List.of(V1_0));

        assertThat(failure.failure()).isEqualTo(HandshakeFailure.NETWORK_ID_MISMATCH);
        assertThat(failure.detail()).contains("'main'", "'test'");
    }

    @Test
    void offerWithoutACommonVersionIsRejected() {
        HandshakeException failure = rejection(remote(), REMOTE, List.of(V2_0));

        assertThat(failure.failure()).isEqualTo(HandshakeFailure.NO_COMMON_VERSION);
        assertThat(failure.detail()).contains("OVL/2.0", "OVL/1.0, OVL/1.1");
    }

    @Test
    void emptyOfferIsRejectedForLackOfACommonVersion() {
        assertThat(rejection(remote(), REMOTE, List.of()).failure()).isEqualTo(HandshakeFailure.NO_COMMON_VERSION);
    }

    @ParameterizedTest(name = "remote clock off by {0} s")
    @ValueSource(ints = {31, -31, 3600, -3600})
    void clockSkewBeyondTheBoundIsRejectedInEitherDirection(int offsetSeconds) {
        Hello skewed = remote("main", REMOTE, REMOTE_COOKIE, NOW.plusSeconds(offsetSeconds), "");

        assertThat(rejection(skewed, REMOTE, List.of(V1_0)).failure()).isEqualTo(HandshakeFailure.CLOCK_SKEW);
    }

    @ParameterizedTest(name = "remote clock off by {0} s")
    @ValueSource(ints = {30, -30, 0})
    void clockSkewUpToTheBoundIsAccepted(int offsetSeconds) {
        Hello skewed = remote("main", REMOTE, REMOTE_COOKIE, NOW.plusSeconds(offsetSeconds), "");

        assertThat(policy.check(skewed, REMOTE, List.of(V1_0)).version()).isEqualTo(V1_0);
    }

    @ParameterizedTest(name = "remote clock off by {0} s")
    @ValueSource(ints = {30, -30})
    void clockSkewIsComparedInWholeSecondsSoTheBoundHoldsAlikeInBothDirections(int offsetSeconds) {
        Instant midSecond = NOW.plusMillis(600);
        HandshakePolicy midSecondPolicy = new HandshakePolicy(local, List.of(V1_0), MAX_SKEW,
                Clock.fixed(midSecond, ZoneOffset.UTC));
        Hello skewed = remote("main", REMOTE, REMOTE_COOKIE, NOW.plusSeconds(offsetSeconds), "");

        assertThat(midSecondPolicy.check(skewed, REMOTE, List.of(V1_0)).version()).isEqualTo(V1_0);
    }

    @Test
    void emptyOfferSaysNoVersionWasOfferedRatherThanListingNothing() {
        assertThat(rejection(remote(), REMOTE, List.of()))
                .hasMessageContaining("offered no OVL/<major>.<minor> version, supported OVL/1.0, OVL/1.1");
    }

    @Test
    void noSharedFeaturesNegotiatesNone() {
        Hello plain = remote("main", REMOTE, REMOTE_COOKIE, NOW, "");

        assertThat(policy.check(plain, REMOTE, List.of(V1_0)).features()).isEqualTo(FeatureSet.NONE);
    }

    @Test
    void localHelloCarriesTheCurrentTimeAndTheConfiguredFields() {
        Hello hello = policy.localHello();

        assertThat(hello.networkTime()).isEqualTo(NOW);
        assertThat(hello).usingRecursiveComparison().ignoringFields("networkTime").isEqualTo(local);
    }
}
