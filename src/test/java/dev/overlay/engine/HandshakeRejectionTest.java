package dev.overlay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.overlay.handshake.HandshakeException;
import dev.overlay.handshake.HandshakeFailure;
import dev.overlay.identity.IdentityCertificate;
import dev.overlay.identity.NodeKey;
import dev.overlay.peer.DisconnectReason;
import dev.overlay.peer.Endpoint;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every way the handshake refuses a connection, and the reason the caller sees. */
class HandshakeRejectionTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @RegisterExtension
    final TestEngines engines = new TestEngines();

    private static HandshakeFailure failureOf(CompletableFuture<?> attempt) {
        Throwable error = org.assertj.core.api.Assertions.catchThrowable(attempt::join);
        assertThat(error).isInstanceOf(CompletionException.class).hasCauseInstanceOf(HandshakeException.class);
        return ((HandshakeException) error.getCause()).failure();
    }

    private static RawPeerClient.HttpAnswer upgradeWith(OverlayNode server, IdentityCertificate cert,
                                                        Map<String, String> headers) throws Exception {
        return RawPeerClient.upgradeOnce(server.peerPort(), cert, headers);
    }

    @Test
    void upgradeWithoutClientCertificateIsRefused() throws Exception {
        OverlayNode server = engines.start();
        NodeKey key = NodeKey.generate(RANDOM);

        RawPeerClient.HttpAnswer answer = upgradeWith(server, null, RawPeerClient.upgradeHeaders(key, "test-net"));

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.header("X-Reject-Reason")).isEqualTo("no-client-certificate");
        assertThat(server.registry().connections()).allSatisfy(p -> assertThat(p.nodeId()).isEmpty());
    }

    @Test
    void certificateWithoutNodeKeyBindingIsRefused() throws Exception {
        OverlayNode server = engines.start();
        NodeKey key = NodeKey.generate(RANDOM);

        RawPeerClient.HttpAnswer answer = upgradeWith(server, unboundCertificate(),
                RawPeerClient.upgradeHeaders(key, "test-net"));

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.header("X-Reject-Reason")).isEqualTo("certificate-binding-invalid");
        assertThat(answer.body()).contains("no node identity extension");
    }

    @Test
    void publicKeyHeaderThatDiffersFromTheCertificateIsRefused() throws Exception {
        OverlayNode server = engines.start();
        NodeKey certified = NodeKey.generate(RANDOM);
        NodeKey claimed = NodeKey.generate(RANDOM);

        RawPeerClient.HttpAnswer answer = upgradeWith(server, RawPeerClient.identity(certified),
                RawPeerClient.upgradeHeaders(claimed, "test-net"));

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.header("X-Reject-Reason")).isEqualTo("public-key-mismatch");
    }

    @Test
    void differentNetworkIdIsRefused() {
        OverlayNode server = engines.start();
        OverlayNode other = engines.start(s -> s.networkId = "other-net");

        assertThat(failureOf(other.connect(TestEngines.endpointOf(server)))).isEqualTo(HandshakeFailure.NETWORK_ID_MISMATCH);
        assertThat(server.registry().active()).isEmpty();
    }

    @Test
    void noCommonProtocolVersionIsRefused() throws Exception {
        OverlayNode server = engines.start();
        NodeKey key = NodeKey.generate(RANDOM);
        Map<String, String> headers = RawPeerClient.upgradeHeaders(key, "test-net");
        headers.put("Upgrade", "OVL/2.0, OVL/0.9");

        RawPeerClient.HttpAnswer answer = upgradeWith(server, RawPeerClient.identity(key), headers);

        assertThat(answer.status()).isEqualTo(426);
        assertThat(answer.header("X-Reject-Reason")).isEqualTo("no-common-version");
    }

    @Test
    void highestCommonVersionIsChosenAmongSeveralOffered() throws Exception {
        OverlayNode server = engines.start();
        NodeKey key = NodeKey.generate(RANDOM);
        Map<String, String> headers = RawPeerClient.upgradeHeaders(key, "test-net");
        headers.put("Upgrade", "OVL/0.9, OVL/1.0, OVL/7.3");

        RawPeerClient.HttpAnswer answer = upgradeWith(server, RawPeerClient.identity(key), headers);

        assertThat(answer.status()).isEqualTo(101);
        assertThat(answer.header("Upgrade")).isEqualTo("OVL/1.0");
    }

    @Test
    void clockSkewBeyondTheBoundIsRefused() {
        OverlayNode server = engines.start();
        Clock fiveMinutesAhead = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(5));
        OverlayNode skewed = engines.start(s -> s.clock = fiveMinutesAhead);

        assertThat(failureOf(skewed.connect(TestEngines.endpointOf(server)))).isEqualTo(HandshakeFailure.CLOCK_SKEW);
    }

    @Test
    void connectionToSelfIsRefused() {
        OverlayNode node = engines.start();

        assertThat(failureOf(node.connect(TestEngines.endpointOf(node)))).isEqualTo(HandshakeFailure.SELF_CONNECTION);
        assertThat(node.registry().active()).isEmpty();
    }

    @Test
    void secondConnectionToAnActivePeerIsRefused() {
        OverlayNode a = engines.start();
        OverlayNode b = engines.start();
        a.connect(TestEngines.endpointOf(b)).join();
        // Until b has activated its side, b's dial is not refused as a duplicate: it reaches a, and if b
        // has the lower node id its connection wins there as the simultaneous-dial rule says.
        await().until(() -> b.registry().isActive(a.nodeId()));

        assertThat(failureOf(a.connect(TestEngines.endpointOf(b)))).isEqualTo(HandshakeFailure.DUPLICATE_CONNECTION);
        assertThat(failureOf(b.connect(TestEngines.endpointOf(a)))).isEqualTo(HandshakeFailure.DUPLICATE_CONNECTION);
        assertThat(a.registry().active()).hasSize(1);
        assertThat(b.registry().active()).hasSize(1);
    }

    @Test
    void simultaneousDialsKeepExactlyOneConnection() {
        for (int round = 0; round < 5; round++) {
            OverlayNode a = engines.start();
            OverlayNode b = engines.start();

            CompletableFuture<?> ab = a.connect(TestEngines.endpointOf(b));
            CompletableFuture<?> ba = b.connect(TestEngines.endpointOf(a));
            CompletableFuture.allOf(ab, ba).handle((ok, error) -> null).join();

            await().untilAsserted(() -> {
                assertThat(a.registry().connections()).hasSize(1);
                assertThat(b.registry().connections()).hasSize(1);
                assertThat(a.registry().active()).hasSize(1);
                assertThat(b.registry().active()).hasSize(1);
            });
            long opener = a.registry().active().get(0).direction() == dev.overlay.peer.Direction.OUTBOUND ? 1 : 0;
            long openerSeenByB = b.registry().active().get(0).direction() == dev.overlay.peer.Direction.INBOUND ? 1 : 0;
            assertThat(opener).as("both sides keep the same connection").isEqualTo(openerSeenByB);
        }
    }

    @Test
    void fullNodeAnswersSlotsFullWithAlternatives() {
        OverlayNode full = engines.start(s -> s.maxPeers = 1);
        OverlayNode occupant = engines.start();
        OverlayNode latecomer = engines.start();
        occupant.connect(TestEngines.endpointOf(full)).join();
        await().until(() -> full.registry().activeCount() == 1);

        Throwable error = org.assertj.core.api.Assertions.catchThrowable(() -> latecomer.connect(TestEngines.endpointOf(full)).join());

        HandshakeException rejection = (HandshakeException) error.getCause();
        assertThat(rejection.failure()).isEqualTo(HandshakeFailure.SLOTS_FULL);
        assertThat(rejection.alternatives()).containsExactly(TestEngines.endpointOf(occupant));
    }

    @Test
    void silentTcpClientIsCutOffAfterTheHandshakeTimeout() throws Exception {
        OverlayNode server = engines.start(s -> s.handshakeTimeout = Duration.ofMillis(500));

        try (RawPeerClient silent = RawPeerClient.tcp(server.peerPort())) {
            assertThat(silent.closedByServer()).isTrue();
        }
        await().until(() -> server.registry().connections().isEmpty());
        await().untilAsserted(() -> assertThat(server.handshakes().failureCounts().get(HandshakeFailure.HANDSHAKE_TIMEOUT))
                .isPositive());
    }

    @Test
    void clientThatStallsAfterTlsGetsATimeoutAnswer() throws Exception {
        OverlayNode server = engines.start(s -> s.handshakeTimeout = Duration.ofMillis(500));
        NodeKey key = NodeKey.generate(RANDOM);

        try (RawPeerClient stalled = RawPeerClient.tls(server.peerPort(), RawPeerClient.identity(key))) {
            stalled.send("GET / HTTP/1.1\r\nUpgrade: OVL/1.0\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            RawPeerClient.HttpAnswer answer = stalled.readAnswer();

            assertThat(answer.status()).isEqualTo(408);
            assertThat(answer.header("X-Reject-Reason")).isEqualTo("handshake-timeout");
            assertThat(stalled.closedByServer()).isTrue();
        }
    }

    @Test
    void requestMissingAHeaderIsMalformed() throws Exception {
        OverlayNode server = engines.start();
        NodeKey key = NodeKey.generate(RANDOM);
        Map<String, String> headers = RawPeerClient.upgradeHeaders(key, "test-net");
        headers.remove("X-Network-Time");

        RawPeerClient.HttpAnswer answer = upgradeWith(server, RawPeerClient.identity(key), headers);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.header("X-Reject-Reason")).isEqualTo("malformed-request");
        assertThat(answer.body()).contains("X-Network-Time");
    }

    @Test
    void garbageRequestLineIsMalformed() throws Exception {
        OverlayNode server = engines.start();
        NodeKey key = NodeKey.generate(RANDOM);

        try (RawPeerClient client = RawPeerClient.tls(server.peerPort(), RawPeerClient.identity(key))) {
            client.send("\u0001\u0002 not http at all\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            RawPeerClient.HttpAnswer answer = client.readAnswer();

            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.header("X-Reject-Reason")).isEqualTo("malformed-request");
        }
    }

    @Test
    void rejectedInboundConnectionIsListedAsClosedWithTheReason() throws Exception {
        OverlayNode server = engines.start();
        NodeKey key = NodeKey.generate(RANDOM);
        Map<String, String> headers = RawPeerClient.upgradeHeaders(key, "wrong-net");

        upgradeWith(server, RawPeerClient.identity(key), headers);

        await().untilAsserted(() -> assertThat(server.registry().recentlyClosed()).first().satisfies(closed -> {
            assertThat(closed.disconnect().reason()).isEqualTo(DisconnectReason.HANDSHAKE_FAILED);
            assertThat(closed.disconnect().detail()).isEqualTo("network-id-mismatch");
        }));
    }

    private static IdentityCertificate unboundCertificate() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair pair = generator.generateKeyPair();
        X500Name name = new X500Name("CN=impostor");
        Instant now = Instant.now();
        var certificate = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                name, BigInteger.TEN, Date.from(now.minusSeconds(60)), Date.from(now.plusSeconds(3600)), name,
                pair.getPublic()).build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        return new IdentityCertificate(certificate, pair.getPrivate());
    }
}
