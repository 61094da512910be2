package dev.overlay.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lifecycle events reach a real SSE client as they happen. */
class EventsApiTest {

    @TempDir
    Path dataRoot;

    @Test
    void peerLifecycleAndBansArriveAsEvents() throws Exception {
        try (RunningNode watched = RunningNode.start(dataRoot.resolve("watched"));
             RunningNode other = RunningNode.start(dataRoot.resolve("other"))) {
            List<String> eventNames = new CopyOnWriteArrayList<>();
            HttpResponse<Stream<String>> stream = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(watched.baseUri() + "/api/v1/events")).build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertThat(stream.statusCode()).isEqualTo(200);
            Thread reader = new Thread(() -> stream.body().filter(l -> l.startsWith("event:"))
                    .forEach(l -> eventNames.add(l.substring("event:".length()).trim())));
            reader.setDaemon(true);
            reader.start();

            assertThat(other.connectTo(watched).status()).isEqualTo(201);
            watched.post("/api/v1/resources/bans", "{\"address\":\"127.0.0.9\",\"durationSeconds\":60}");
            watched.delete("/api/v1/resources/bans/127.0.0.9");
            await().until(() -> watched.engine().registry().isActive(other.engine().nodeId()));
            watched.delete("/api/v1/peers/" + other.nodeId());

            await().atMost(Duration.ofSeconds(10)).until(() -> eventNames.containsAll(
                    List.of("peer-activated", "ban-added", "ban-lifted", "peer-disconnected")));
            stream.body().close();
        }
    }
}
