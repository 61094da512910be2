package dev.overlay.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.overlay.engine.BlackHole;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four whole nodes in a line over loopback TLS, a1 - a2 - b1 - b2, whose middle link is black-holed
 * (packets dropped, no close) while both sides publish; after the ping timeout ends it and the link is
 * dialled again, every node has every message, and no node's stream subscriber saw one twice.
 */
class RecoveryNetworkTest {

    private static final int PER_SIDE = 200;

    @TempDir
    Path dataRoot;

    private final List<RunningNode> nodes = new ArrayList<>();
    private final List<SseClient> subscribers = new ArrayList<>();

    @AfterEach
    void stop() {
        subscribers.forEach(SseClient::close);
        nodes.forEach(RunningNode::close);
    }

    private List<String> publish(RunningNode node, String topic, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            RunningNode.Response response = node.post("/api/v1/messages",
                    "{\"topic\":\"" + topic + "\",\"payload\":\"AAAA\"}");
            assertThat(response.status()).isEqualTo(201);
            ids.add(response.json().path("id").asString());
        }
        return ids;
    }

    @Test
    void everyNodeHasEveryMessagePublishedDuringACutOnceAfterHealing() {
        for (int i = 0; i < 4; i++) {
            nodes.add(RunningNode.start(dataRoot.resolve("node" + i), "--overlay.ping.timeout=2s",
                    "--overlay.relay.sync.interval=2s"));
            subscribers.add(SseClient.open(nodes.get(i), "/api/v1/messages/stream", Optional.empty()));
        }
        for (int i = 0; i < 3; i++) {
            assertThat(nodes.get(i).connectTo(nodes.get(i + 1)).status()).isEqualTo(201);
        }
        RunningNode a2 = nodes.get(1);
        RunningNode b1 = nodes.get(2);
        await().until(() -> b1.engine().registry().isActive(a2.engine().nodeId()));

        assertThat(BlackHole.cut(a2.engine(), b1.engine().nodeId())).isTrue();
        List<String> all = new ArrayList<>(publish(nodes.get(0), "side-a", PER_SIDE));
        all.addAll(publish(nodes.get(3), "side-b", PER_SIDE));
        await().atMost(Duration.ofSeconds(20)).until(() -> a2.engine().registry().find(b1.engine().nodeId()).isEmpty()
                && b1.engine().registry().find(a2.engine().nodeId()).isEmpty());

        assertThat(a2.connectTo(b1).status()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (SseClient subscriber : subscribers) {
                assertThat(subscriber.messageIds()).containsAll(all);
            }
        });
        for (SseClient subscriber : subscribers) {
            List<String> seen = subscriber.messageIds();
            Set<String> distinct = new HashSet<>(seen);
            assertThat(seen).as("no message streamed twice").hasSize(distinct.size());
        }
        assertThat(a2.get("/api/v1/peers/" + b1.nodeId()).json().path("sync").path("messagesRecovered").asLong())
                .isEqualTo(PER_SIDE);
    }
}
