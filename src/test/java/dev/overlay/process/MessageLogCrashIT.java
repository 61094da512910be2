package dev.overlay.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two packaged nodes as their own processes. One is killed with SIGKILL while the other goes on
 * publishing; restarted on the same data directory it recovers every message it missed, delivers each
 * of them once, and none of those it had before the kill again.
 */
class MessageLogCrashIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f]{64})\"");
    private static final String TOKEN = "crash-test";

    @TempDir
    Path root;

    @Test
    void aKilledNodeRestartedOnItsDataDirHasEveryMessageOnce() throws Exception {
        int publisherApi = freePort();
        int publisherPeer = freePort();
        int victimApi = freePort();
        Path victimDir = root.resolve("victim");
        Process publisher = start(root.resolve("publisher"), publisherApi, publisherPeer, null);
        Process victim = start(victimDir, victimApi, freePort(), "127.0.0.1:" + publisherPeer);
        Process restarted = null;
        try {
            awaitUp(publisherApi);
            awaitUp(victimApi);
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() ->
                    get(victimApi, "/api/v1/peers").contains("ACTIVE"));
            List<String> before = publish(publisherApi, 50);
            await().atMost(Duration.ofSeconds(30)).until(() -> storedIds(victimDir).containsAll(before));

            victim.destroyForcibly().waitFor();
            List<String> missed = publish(publisherApi, 200);
            Instant restartedAt = Instant.now();
            restarted = start(victimDir, victimApi, freePort(), "127.0.0.1:" + publisherPeer);
            awaitUp(victimApi);

            await().atMost(Duration.ofSeconds(60)).until(() ->
                    ids(get(victimApi, "/api/v1/messages?limit=1000")).containsAll(missed));
            List<String> deliveredSinceRestart = ids(get(victimApi, "/api/v1/messages?limit=1000&since="
                    + restartedAt));
            assertThat(deliveredSinceRestart).containsExactlyInAnyOrderElementsOf(missed);
            assertThat(ids(get(victimApi, "/api/v1/messages?limit=1000")))
                    .containsExactlyInAnyOrderElementsOf(concat(before, missed));
        } finally {
            publisher.destroyForcibly().waitFor();
            victim.destroyForcibly().waitFor();
            if (restarted != null) {
                restarted.destroyForcibly().waitFor();
            }
        }
    }

    private Process start(Path dataDir, int apiPort, int peerPort, String fixedPeer) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", System.getProperty("overlay.jar"),
                "--server.port=" + apiPort, "--server.address=127.0.0.1",
                "--overlay.peer-host=127.0.0.1", "--overlay.peer-port=" + peerPort,
                "--overlay.data-dir=" + dataDir, "--overlay.api-token=" + TOKEN,
                "--overlay.outbound-peers=0", "--overlay.relay.sync.interval=1s",
                "--overlay.fixed-peer-backoff.initial=100ms", "--overlay.fixed-peer-backoff.max=500ms"));
        if (fixedPeer != null) {
            command.add("--overlay.fixed-peers=" + fixedPeer);
        }
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(root.resolve(dataDir.getFileName() + "-" + apiPort + ".log").toFile())
                .start();
    }

    /** A JVM starting on a loaded machine can take a minute or more. */
    private static void awaitUp(int apiPort) {
        await().atMost(Duration.ofSeconds(240)).ignoreExceptions().until(() ->
                HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/api/v1/node")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    }

    private static List<String> publish(int apiPort, int count) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String body = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/api/v1/messages"))
                    .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"topic\":\"crash\",\"payload\":\"AAAA\"}")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            ids.addAll(ids(body));
        }
        return ids;
    }

    private static String get(int apiPort, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static List<String> ids(String json) {
        return ID.matcher(json).results().map(m -> m.group(1)).toList();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** The ids the victim's message log has written to its database file (read while it runs: WAL). */
    private static Set<String> storedIds(Path dataDir) throws Exception {
        Set<String> ids = new HashSet<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("overlay.db"));
             ResultSet rows = connection.createStatement().executeQuery("SELECT hex(id) FROM message_log")) {
            while (rows.next()) {
                ids.add(rows.getString(1).toLowerCase());
            }
        }
        return ids;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
