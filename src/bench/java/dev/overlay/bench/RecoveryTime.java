package dev.overlay.bench;

import dev.overlay.config.OverlaySettings;
import dev.overlay.engine.OverlayNode;
import dev.overlay.identity.NodeKey;
import dev.overlay.peer.Endpoint;
import dev.overlay.resource.ResourceManager;
import dev.overlay.sync.MessageLog;
import dev.overlay.sync.SyncSettings;
import dev.overlay.sync.VolatileLogStore;
import java.security.SecureRandom;
import dev.overlay.store.SqliteAddressBook;
import dev.overlay.store.SqliteBanStore;
import dev.overlay.store.SqliteDatabase;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How long a node takes to recover messages it missed: one node publishes {@code N} messages while the
 * other is away (at least the 2 s reconciliation leaves out), then the other connects and the clock runs
 * from the dial until its message log holds all of them (handshake included).
 * Two nodes on loopback TLS with the default configuration (message logs in memory).
 * Arguments: the counts to try, default {@code 100 10000}; payloads of 256 bytes.
 */
public final class RecoveryTime {

    private RecoveryTime() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> counts = args.length == 0 ? List.of(100, 10_000)
                : Arrays.stream(args).map(Integer::parseInt).toList();
        OverlaySettings settings = BenchNetwork.settings(Map.of("overlay.peer-host", "127.0.0.1",
                "overlay.peer-port", "0", "overlay.network-id", "recovery-bench", "overlay.outbound-peers", "0"));
        SecureRandom random = new SecureRandom();
        System.out.printf("%10s %12s %14s %12s%n", "missed", "recovery ms", "sync bytes in", "rounds");
        for (int count : counts) {
            OverlayNode publisher = start(settings, random);
            OverlayNode late = start(settings, random);
            try {
                byte[] payload = new byte[256];
                for (int i = 0; i < count; i++) {
                    publisher.relay().signAndBroadcast("bench", payload).join();
                }
                // Reconciliation leaves out the newest 2 s (still in flight); a partition lasts longer.
                TimeUnit.MILLISECONDS.sleep(SyncSettings.SETTLE.toMillis() + 500);
                long started = System.nanoTime();
                late.connect(new Endpoint("127.0.0.1", publisher.peerPort())).join();
                while (late.sync().log().size() < count) {
                    TimeUnit.MILLISECONDS.sleep(5);
                }
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                System.out.printf("%10d %12d %14d %12d%n", count, millis, late.sync().totals().bytesIn(),
                        late.sync().totals().roundsInitiated());
            } finally {
                publisher.stop();
                late.stop();
            }
        }
    }

    private static OverlayNode start(OverlaySettings settings, SecureRandom random) throws Exception {
        Clock clock = Clock.systemUTC();
        SqliteDatabase database = SqliteDatabase.open(Files.createTempDirectory("recovery-bench").resolve("node.db"));
        OverlayNode engine = new OverlayNode(settings.engine(), settings.relay(), settings.discovery(),
                settings.sync(), MessageLog.open(new VolatileLogStore(), settings.sync().log(), clock),
                SqliteAddressBook.in(database, 1000, clock), new ResourceManager(settings.resources(), clock),
                SqliteBanStore.in(database), NodeKey.generate(random), clock, random);
        engine.start();
        return engine;
    }
}
