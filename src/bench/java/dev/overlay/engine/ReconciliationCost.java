package dev.overlay.engine;

import dev.overlay.relay.MessageId;
import dev.overlay.sync.SyncItem;
import dev.overlay.sync.SyncLimits;
import dev.overlay.sync.SyncMessage;
import dev.overlay.sync.SyncResponder;
import dev.overlay.sync.SyncSession;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;

/**
 * What one reconciliation costs on the wire, against the simplest alternative (each side sends the
 * other every id it holds), for windows of 6,000 and 60,000 messages (10 and 100 a second for 10
 * minutes) and differences from 0 to 10,000. Bytes are the encoded {@code SyncRanges} frames (header
 * and body) of both directions; fetching the missing bodies costs the same with either scheme and is
 * left out. Run: {@code scripts/jmh}'s classpath, main class {@code dev.overlay.engine.ReconciliationCost}.
 */
public final class ReconciliationCost {

    private static final long WINDOW_MILLIS = 600_000;

    private ReconciliationCost() {
    }

    public static void main(String[] args) {
        System.out.printf("%8s %8s %8s %12s %12s %10s %10s%n", "window", "missing", "rounds", "sync bytes",
                "id-list B", "ratio", "cpu ms");
        for (int window : new int[] {6_000, 60_000}) {
            for (int missing : new int[] {0, 1, 10, 100, 1_000, 10_000}) {
                if (missing <= window) {
                    run(window, missing);
                }
            }
        }
    }

    private static void run(int window, int missing) {
        Random random = new Random(window * 31L + missing);
        NavigableSet<SyncItem> theirs = new TreeSet<>();
        while (theirs.size() < window) {
            theirs.add(new SyncItem(random.nextLong(WINDOW_MILLIS), new MessageId(random.nextLong(), random.nextLong(),
                    random.nextLong(), random.nextLong())));
        }
        NavigableSet<SyncItem> mine = new TreeSet<>(theirs);
        // The missing messages are a recent stretch, as after a partition.
        for (int i = 0; i < missing; i++) {
            mine.remove(mine.last());
        }
        long started = System.nanoTime();
        SyncSession session = SyncSession.open(mine, SyncItem.bound(0), SyncItem.bound(WINDOW_MILLIS),
                SyncLimits.DEFAULT);
        long bytes = 0;
        int rounds = 0;
        Optional<SyncMessage> query = Optional.of(session.opening());
        while (query.isPresent()) {
            bytes += size(query.get(), false);
            SyncMessage reply = SyncResponder.reply(theirs, query.get(), SyncLimits.DEFAULT);
            bytes += size(reply, true);
            rounds++;
            query = session.onReply(reply);
        }
        double cpuMillis = (System.nanoTime() - started) / 1e6;
        if (session.needed().size() != missing) {
            throw new IllegalStateException("found " + session.needed().size() + " of " + missing);
        }
        long idList = 7 + 32L * theirs.size() + 7 + 32L * mine.size();
        System.out.printf("%8d %8d %8d %12d %12d %9.4f%% %10.1f%n", window, missing, rounds, bytes, idList,
                100.0 * bytes / idList, cpuMillis);
    }

    private static long size(SyncMessage message, boolean reply) {
        return 7 + SyncFrames.toWire(1L << 62, reply, message).getSerializedSize();
    }
}
