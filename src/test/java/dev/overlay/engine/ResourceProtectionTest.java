package dev.overlay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.overlay.identity.NodeKey;
import dev.overlay.peer.DisconnectReason;
import dev.overlay.peer.Endpoint;
import dev.overlay.peer.SourceAddress;
import dev.overlay.protocol.MessageType;
import dev.overlay.protocol.proto.Close;
import dev.overlay.protocol.proto.Publish;
import dev.overlay.relay.SignedMessage;
import dev.overlay.resource.Fee;
import dev.overlay.resource.ResourceCounters;
import dev.overlay.store.SqliteBanStore;
import dev.overlay.store.SqliteDatabase;
import dev.overlay.testing.MutableClock;
import java.net.Socket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Charges, warnings, drops, bans and connection quotas protect a node without hurting good peers. */
class ResourceProtectionTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @RegisterExtension
    final TestEngines engines = new TestEngines();

    @TempDir
    Path dataDir;

    private static Publish forged(NodeKey origin, int sequence) {
        SignedMessage genuine = SignedMessage.sign(origin, "spam", sequence, Instant.now(), "x".getBytes());
        return PublishFrames.toWire(genuine, 0).toBuilder().setPayload(ByteString.copyFromUtf8("tampered")).build();
    }

    @Test
    void peerSendingInvalidSignaturesIsWarnedThenDroppedAndBannedWhileAGoodPeerGetsEverything() throws Exception {
        OverlayNode node = engines.start(s -> s.exemptLoopback = false);
        Endpoint nodeEndpoint = new Endpoint("127.0.0.1", node.peerPort());
        OverlayNode goodPeer = engines.start(s -> s.host = "127.0.0.3");
        OverlayNode publisher = engines.start(s -> s.host = "127.0.0.4");
        goodPeer.connect(nodeEndpoint).join();
        publisher.connect(nodeEndpoint).join();
        await().until(() -> node.registry().isActive(goodPeer.nodeId()) && node.registry().isActive(publisher.nodeId()));
        NodeKey attacker = NodeKey.generate(RANDOM);
        List<SignedMessage> published = new ArrayList<>();
        List<Integer> frameTypesSeenByAttacker = new ArrayList<>();
        Close close;
        ResourceCounters counters = node.resources().manager().counters();

        try (RawPeerClient raw = RawPeerClient.tls(node.peerPort(), RawPeerClient.identity(attacker))) {
            assertThat(raw.upgrade(attacker, TestEngines.NETWORK)).isEqualTo(101);
            // One forgery at a time, each charged before the next, and none once the node has hung up:
            // writing to the closed connection would fail before the warning and the Close are read.
            for (int i = 0; i < 20 && counters.drops.sum() == 0; i++) {
                raw.sendFrame(MessageType.PUBLISH.code(), forged(attacker, i).toByteArray());
                published.add(publisher.relay().signAndBroadcast("news", ("good " + i).getBytes()).join());
                long sent = i + 1;
                await().until(() -> counters.charges(Fee.INVALID_SIGNATURE).sum() >= sent
                        || counters.drops.sum() > 0);
            }
            RawPeerClient.RawFrame frame = raw.readFrame();
            while (frame.type() != MessageType.CLOSE.code()) {
                frameTypesSeenByAttacker.add(frame.type());
                frame = raw.readFrame();
            }
            close = Close.parseFrom(frame.body());
        }

        assertThat(frameTypesSeenByAttacker).contains(MessageType.LOAD_WARNING.code());
        assertThat(DisconnectReason.ofCode(close.getCode())).isEqualTo(DisconnectReason.RESOURCE);
        assertThat(counters.charges(Fee.INVALID_SIGNATURE).sum()).isGreaterThanOrEqualTo(13);
        assertThat(counters.warnings.sum()).isPositive();
        assertThat(counters.drops.sum()).isPositive();
        assertThat(node.resources().manager().bans()).extracting(b -> b.address().toString())
                .containsExactly("127.0.0.1");
        await().untilAsserted(() -> assertThat(published).allSatisfy(m -> assertThat(
                TestEngines.delivered(goodPeer, "news"))
                .anySatisfy(r -> assertThat(r.message().id()).isEqualTo(m.id()))));
        assertThat(node.registry().isActive(goodPeer.nodeId())).isTrue();
        try (RawPeerClient again = RawPeerClient.tcp(node.peerPort())) {
            assertThat(again.closedByServer()).as("banned address refused at accept").isTrue();
        }
        assertThat(counters.refusedBanned.sum()).isPositive();
    }

    @Test
    void connectionFloodIsHeldToTheHandshakeQuotaAndLegitimatePeersConnectAfterwards() throws Exception {
        OverlayNode node = engines.start(s -> {
            s.maxHandshakes = 16;
            s.handshakeTimeout = Duration.ofSeconds(2);
        });
        List<Socket> flood = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                Socket socket = new Socket("127.0.0.1", node.peerPort());
                flood.add(socket);
            }
            await().until(() -> node.resources().manager().counters().refusedHandshakeQuota.sum() > 0);
            assertThat(node.resources().pendingHandshakes()).isLessThanOrEqualTo(16);
            assertThat(node.registry().connections().size()).isLessThanOrEqualTo(16);
        } finally {
            for (Socket socket : flood) {
                socket.close();
            }
        }
        await().until(() -> node.registry().connections().isEmpty());

        OverlayNode legitimate = engines.start();
        legitimate.connect(new Endpoint("127.0.0.1", node.peerPort())).join();
        await().until(() -> node.registry().isActive(legitimate.nodeId()));
    }

    @Test
    void fullHandshakeTableMakesRoomForANewcomerFromAnotherNetworkByClosingTheOldestStall() throws Exception {
        OverlayNode node = engines.start(s -> {
            s.maxHandshakes = 16;
            s.maxConnectionsPerIp = 8;
            s.handshakeTimeout = Duration.ofSeconds(30);
        });
        List<Socket> stalls = new ArrayList<>();
        try {
            for (int i = 0; i < 16; i++) {
                Socket socket = new Socket();
                socket.bind(new java.net.InetSocketAddress("127.0.1." + (i + 1), 0));
                socket.connect(new java.net.InetSocketAddress("127.0.0.1", node.peerPort()), 5_000);
                stalls.add(socket);
            }
            await().until(() -> node.resources().pendingHandshakes() == 16);

            OverlayNode newcomer = engines.start(s -> s.host = "127.0.2.1");
            newcomer.connect(new Endpoint("127.0.0.1", node.peerPort())).join();

            await().until(() -> node.registry().isActive(newcomer.nodeId()));
            assertThat(node.resources().manager().counters().handshakesEvicted.sum()).isPositive();
            assertThat(stalls.stream().filter(ResourceProtectionTest::closedByServer).count())
                    .as("stalls closed to make room").isEqualTo(1);
        } finally {
            for (Socket socket : stalls) {
                socket.close();
            }
        }
    }

    /** Whether the server has closed {@code socket}; waits briefly for an open one to say nothing. */
    private static boolean closedByServer(Socket socket) {
        try {
            socket.setSoTimeout(200);
            return socket.getInputStream().read() < 0;
        } catch (java.net.SocketTimeoutException open) {
            return false;
        } catch (java.io.IOException reset) {
            return true;
        }
    }

    @Test
    void bansPersistAcrossRestartAndExpire() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        try (SqliteDatabase database = SqliteDatabase.open(dataDir.resolve("overlay.db"))) {
            OverlayNode first = engines.start(s -> {
                s.banStore = SqliteBanStore.in(database);
                s.clock = clock;
                s.exemptLoopback = false;
            });
            first.resources().ban(SourceAddress.parse("127.0.0.9"), Duration.ofHours(1), "operator test").join();
            first.stop();

            OverlayNode restarted = engines.start(s -> {
                s.banStore = SqliteBanStore.in(database);
                s.clock = clock;
                s.exemptLoopback = false;
            });
            assertThat(restarted.resources().manager().isBanned(SourceAddress.parse("127.0.0.9"))).isTrue();
            try (RawPeerClient banned = RawPeerClient.tcpFrom("127.0.0.9", restarted.peerPort())) {
                assertThat(banned.closedByServer()).isTrue();
            }

            clock.advance(Duration.ofHours(1).plusSeconds(1));
            assertThat(restarted.resources().manager().isBanned(SourceAddress.parse("127.0.0.9"))).isFalse();
            restarted.stop();
        }
    }

    @Test
    void peerThatStopsReadingIsDisconnectedAsSlowWithItsQueueBounded() throws Exception {
        int highWater = 256 * 1024;
        OverlayNode node = engines.start(s -> {
            s.sendQueueHighWater = highWater;
            s.slowPeerTimeout = Duration.ofSeconds(1);
        });
        OverlayNode publisher = engines.start(s -> s.host = "127.0.0.5");
        publisher.connect(new Endpoint("127.0.0.1", node.peerPort())).join();
        NodeKey reader = NodeKey.generate(RANDOM);
        long largestQueue = 0;

        try (RawPeerClient stalled = RawPeerClient.tls(node.peerPort(), RawPeerClient.identity(reader), 4096)) {
            assertThat(stalled.upgrade(reader, TestEngines.NETWORK)).isEqualTo(101);
            await().until(() -> node.registry().isActive(reader.nodeId()));
            var peer = node.registry().find(reader.nodeId()).orElseThrow();
            var connection = (Connection) peer.link();
            byte[] payload = new byte[60 * 1024];
            for (int i = 0; i < 400 && peer.state() == dev.overlay.peer.PeerState.ACTIVE; i++) {
                publisher.relay().signAndBroadcast("bulk", payload).join();
                // What Netty holds is encrypted and real; copies still waiting for the event loop are
                // references to shared messages, shed when their turn comes if the peer is behind.
                largestQueue = Math.max(largestQueue, connection.unsentBytes());
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> !node.registry().isActive(reader.nodeId()));
        }

        await().untilAsserted(() -> assertThat(node.registry().recentlyClosed()).anySatisfy(closed -> {
            assertThat(closed.nodeId()).contains(reader.nodeId());
            assertThat(closed.disconnect().reason()).isEqualTo(DisconnectReason.SLOW);
        }));
        assertThat(node.relay().counters().shed.sum()).isPositive();
        assertThat(largestQueue).as("bytes in Netty's buffer stay near the high-water mark")
                .isLessThan(highWater + 2L * 64 * 1024);
        assertThat(node.registry().isActive(publisher.nodeId())).isTrue();
    }

    @Test
    void perPeerReadCapHoldsBackAFastSenderWithoutLosingItsMessages() {
        long cap = 100 * 1024;
        OverlayNode node = engines.start(s -> s.bandwidth = new Bandwidth(cap, 0, 0, 0));
        OverlayNode sender = engines.start(s -> s.host = "127.0.0.6");
        sender.connect(new Endpoint("127.0.0.1", node.peerPort())).join();
        await().until(() -> node.registry().isActive(sender.nodeId()));
        var fromSender = node.registry().find(sender.nodeId()).orElseThrow();
        long before = fromSender.bytesIn();
        List<SignedMessage> sent = new ArrayList<>();

        long started = System.nanoTime();
        for (int i = 0; i < 40; i++) {
            sent.add(sender.relay().signAndBroadcast("bulk", new byte[10 * 1024]).join());
        }
        long readInFirstSecond = await().pollDelay(Duration.ofSeconds(1)).until(
                () -> fromSender.bytesIn() - before, read -> true);

        assertThat(readInFirstSecond).as("bytes taken from the sender in about a second, cap %d/s", cap)
                .isLessThan(3 * cap);
        await().atMost(Duration.ofSeconds(20)).until(() -> sent.stream().allMatch(m ->
                TestEngines.delivered(node, "bulk").stream()
                        .anyMatch(r -> r.message().id().equals(m.id()))));
        assertThat(System.nanoTime() - started).as("400 KiB at 100 KiB/s takes seconds")
                .isGreaterThan(Duration.ofSeconds(2).toNanos());
    }
}
