package dev.overlay.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.overlay.engine.OverlayNode;
import dev.overlay.engine.TestEngines;
import dev.overlay.peer.Endpoint;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stalled handshakes do not lock newcomers out (docs/PROTOCOL.md 2.3): the flood the independent
 * implementation used, 8 source addresses with 8 TCP connections each that never start TLS, renewed,
 * against a node with the default quotas (64 pending handshakes, 8 connections per source).
 */
class HandshakeLockoutTest {

    private static final int SOURCES = 8;
    private static final int STALLS_PER_SOURCE = 8;
    private static final int ROUNDS = 3;

    @TempDir
    Path dataDir;

    @RegisterExtension
    final TestEngines engines = new TestEngines();

    private RunningNode node;
    private final List<Socket> stalled = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        closeStalls();
        if (node != null) {
            node.close();
        }
    }

    private OverlayNode peerFrom(String host) {
        return engines.start(s -> {
            s.host = host;
            s.networkId = "api-test";
        });
    }

    private void stall() throws IOException {
        for (int source = 0; source < SOURCES; source++) {
            for (int i = 0; i < STALLS_PER_SOURCE; i++) {
                Socket socket = new Socket();
                socket.bind(new InetSocketAddress("127.0.0." + (2 + source), 0));
                socket.connect(new InetSocketAddress("127.0.0.1", node.engine().peerPort()), 5_000);
                stalled.add(socket);
            }
        }
    }

    private void closeStalls() throws IOException {
        for (Socket socket : stalled) {
            socket.close();
        }
        stalled.clear();
    }

    @Test
    void honestPeersFromFreshAddressesBecomeActiveWhileStalledHandshakesAreRenewed() throws Exception {
        node = RunningNode.start(dataDir);
        Endpoint target = new Endpoint("127.0.0.1", node.engine().peerPort());
        OverlayNode existing = peerFrom("127.0.0.20");
        existing.connect(target).join();
        await().until(() -> node.engine().registry().isActive(existing.nodeId()));

        for (int round = 0; round < ROUNDS; round++) {
            closeStalls();
            // The node frees a closed stall's place when it sees the close; stalls of the next round
            // sent before that would find their source's share still taken and be refused at accept.
            await().until(() -> node.engine().resources().pendingHandshakes() == 0);
            stall();
            await().until(() -> node.engine().resources().pendingHandshakes() >= SOURCES * 4);

            OverlayNode newcomer = peerFrom("127.0.0." + (40 + round));
            newcomer.connect(target).join();

            await().until(() -> node.engine().registry().isActive(newcomer.nodeId()));
            assertThat(node.engine().registry().isActive(existing.nodeId())).isTrue();
            assertThat(node.send(node.request("/api/v1/peers").GET()).status()).isEqualTo(200);
        }
        assertThat(node.engine().resources().manager().counters().refusedHandshakeQuota.sum())
                .as("each source held to its share of the pending handshakes").isPositive();
    }
}
