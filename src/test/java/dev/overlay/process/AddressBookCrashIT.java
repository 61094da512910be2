package dev.overlay.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.overlay.store.SqliteAddressBook;
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
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged node, as its own process, killed with SIGKILL while it writes its address book:
 * the SQLite file stays intact and the node starts again on it.
 */
class AddressBookCrashIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    @Test
    void addressBookSurvivesKillDashNineMidWrite() throws Exception {
        int firstPort = freePort();
        Process node = start(firstPort);
        try {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> failuresRecorded(firstPort) >= 200);
        } finally {
            node.destroyForcibly().waitFor();
        }

        assertThat(integrityCheck(dataDir.resolve("overlay.db"))).isEqualTo("ok");
        try (SqliteAddressBook book = SqliteAddressBook.open(dataDir.resolve("overlay.db"), 1000, Clock.systemUTC())) {
            assertThat(book.size()).isPositive();
            assertThat(book.best(5)).allSatisfy(entry -> assertThat(entry.consecutiveFailures()).isPositive());
        }

        int apiPort = freePort();
        Process restarted = start(apiPort);
        try {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/api/v1/discovery")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
        } finally {
            restarted.destroy();
            restarted.waitFor();
        }
    }

    /**
     * Starts the jar bootstrapped with closed loopback ports, so autoconnect keeps failing and
     * writing failures to the address book many times a second.
     */
    private Process start(int apiPort) throws IOException {
        String unreachable = IntStream.rangeClosed(1, 60).mapToObj(i -> "127.0.0.1:" + (40000 + i))
                .collect(Collectors.joining(","));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", System.getProperty("overlay.jar"),
                "--server.port=" + apiPort, "--server.address=127.0.0.1",
                "--overlay.peer-host=127.0.0.1", "--overlay.peer-port=0",
                "--overlay.data-dir=" + dataDir, "--overlay.api-token=crash-test",
                "--overlay.bootstrap=" + unreachable,
                "--overlay.discovery.tick-interval=20ms",
                "--overlay.discovery.dial-backoff.initial=5ms",
                "--overlay.discovery.dial-backoff.max=50ms"));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dataDir.resolveSibling(dataDir.getFileName() + "-node.log").toFile())
                .start();
    }

    /** Sum of consecutive failures over the first address book page, read through the node's API. */
    private static long failuresRecorded(int apiPort) throws Exception {
        String body = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + apiPort + "/api/v1/discovery?limit=100")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return java.util.regex.Pattern.compile("\"consecutiveFailures\":(\\d+)").matcher(body).results()
                .mapToLong(m -> Long.parseLong(m.group(1))).sum();
    }

    private static String integrityCheck(Path database) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
             ResultSet result = connection.createStatement().executeQuery("PRAGMA integrity_check")) {
            return result.next() ? result.getString(1) : "no answer";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
