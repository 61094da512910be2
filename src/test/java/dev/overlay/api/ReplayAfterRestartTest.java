package dev.overlay.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.overlay.engine.PublishFrames;
import dev.overlay.engine.RawPeerClient;
import dev.overlay.identity.NodeKey;
import dev.overlay.protocol.MessageType;
import dev.overlay.relay.ReceivedMessage;
import dev.overlay.relay.RelayCounters;
import dev.overlay.relay.SignedMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A message accepted before a graceful restart is a duplicate when a peer resends it afterwards, within
 * its age limit (issue 11, defect 6): the seen-cache is seeded from the durable message log at start.
 * Runs a whole node on a SQLite data directory and plays the peers with raw TLS connections.
 */
class ReplayAfterRestartTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String NETWORK = "api-test";

    @TempDir
    Path dataDir;

    private RunningNode node;

    @AfterEach
    void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    /** Connects as a fresh peer, sends {@code message} in a Publish frame and waits until the relay has it. */
    private void sendAsFreshPeer(SignedMessage message) throws Exception {
        NodeKey peer = NodeKey.generate(RANDOM);
        RelayCounters counters = node.engine().relay().counters();
        long receivedBefore = counters.received.sum();
        try (RawPeerClient client = RawPeerClient.tls(node.engine().peerPort(), RawPeerClient.identity(peer))) {
            assertThat(client.upgrade(peer, NETWORK)).isEqualTo(101);
            client.sendFrame(MessageType.PUBLISH.code(), PublishFrames.toWire(message, 0).toByteArray());
            await().atMost(Duration.ofSeconds(10)).until(() -> counters.received.sum() == receivedBefore + 1);
        }
    }

    private List<String> loggedIds(String topic) {
        RunningNode.Response response = node.get("/api/v1/messages?topic=" + topic);
        assertThat(response.status()).isEqualTo(200);
        return StreamSupport.stream(response.json().spliterator(), false).map(m -> m.path("id").asString()).toList();
    }

    @Test
    void aMessageResentAfterARestartWithinItsAgeLimitIsADuplicateAndNotDeliveredAgain() throws Exception {
        NodeKey origin = NodeKey.generate(RANDOM);
        SignedMessage message = SignedMessage.sign(origin, "replay", 1, Instant.now(),
                "accepted once".getBytes(StandardCharsets.UTF_8));
        node = RunningNode.start(dataDir);
        sendAsFreshPeer(message);
        assertThat(node.engine().relay().counters().delivered.sum()).isEqualTo(1);
        // Queued for the log's writer, not necessarily written: the graceful stop must write it.
        await().atMost(Duration.ofSeconds(10)).until(() -> loggedIds("replay").contains(message.id().hex()));
        node.close();

        node = RunningNode.start(dataDir);
        List<ReceivedMessage> deliveredAfterRestart = new CopyOnWriteArrayList<>();
        node.engine().relay().addListener(deliveredAfterRestart::add);
        sendAsFreshPeer(message);

        RelayCounters counters = node.engine().relay().counters();
        assertThat(counters.duplicates.sum()).isEqualTo(1);
        assertThat(counters.delivered.sum()).isZero();
        assertThat(deliveredAfterRestart).isEmpty();
        assertThat(loggedIds("replay")).containsExactly(message.id().hex());
    }
}
