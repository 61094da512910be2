package dev.overlay.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overlay.identity.NodeId;
import dev.overlay.peer.Endpoint;
import dev.overlay.testing.MutableClock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node killed without warning (SIGKILL, OOM killer, power to the container cut) keeps every address
 * book update that returned before the kill, and its file stays intact.
 */
@Timeout(120)
class SqliteAddressBookCrashTest {

    static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedUpdateSurvivesAKillInTheMiddleOfWriting() throws Exception {
        Path file = dir.resolve("node.db");
        Process writer = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", System.getProperty("java.class.path"),
                        Writer.class.getName(), file.toString())
                .redirectErrorStream(true)
                .start();
        int acknowledged = -1;
        StringBuilder log = new StringBuilder();
        try (BufferedReader output = new BufferedReader(
                new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = output.readLine()) != null) {
                if (!line.startsWith("ack ")) {
                    log.append(line).append('\n');
                } else {
                    acknowledged = Integer.parseInt(line.substring(4));
                    if (acknowledged >= 200) {
                        writer.destroyForcibly(); // SIGKILL: no shutdown hooks, no close, mid-write
                        break;
                    }
                }
            }
        } finally {
            writer.destroyForcibly();
            assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acknowledged).as("updates the killed writer acknowledged; its output:%n%s", log).isGreaterThanOrEqualTo(200);

        assertThat(SqliteTestSupport.queryString(file, "PRAGMA integrity_check")).isEqualTo("ok");
        try (SqliteAddressBook reopened = SqliteAddressBook.open(file, 100_000, new MutableClock(T0))) {
            assertThat(reopened.size()).isGreaterThanOrEqualTo(acknowledged + 1);
            assertThat(reopened.best(1).get(0).endpoint()).isEqualTo(Writer.endpoint(0));
            assertThat(reopened.best(1).get(0).score()).isEqualTo(SqliteAddressBook.MAX_SCORE);
            List<Endpoint> kept = reopened.page(0, 100_000).stream().map(e -> e.endpoint()).toList();
            for (int i = 0; i <= acknowledged; i++) {
                assertThat(kept).contains(Writer.endpoint(i));
            }
        }
    }

    /** The process that gets killed: writes forever and reports each update that returned. */
    public static final class Writer {

        static Endpoint endpoint(int i) {
            return new Endpoint("10.9." + (i / 250) + "." + (i % 250 + 1), 51235);
        }

        public static void main(String[] args) {
            NodeId id = NodeId.parse("cd".repeat(32));
            SqliteAddressBook book = SqliteAddressBook.open(Path.of(args[0]), 100_000, Clock.systemUTC());
            for (int i = 0; ; i++) {
                book.heard(endpoint(i), T0.plusMillis(i));
                book.succeeded(endpoint(0), id, T0.plusMillis(i));
                System.out.println("ack " + i);
                System.out.flush();
            }
        }
    }
}
