package dev.overlay.relay;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The seen-cache at its bound (default {@code overlay.relay.seen-cache.max-entries}): every new
 * message inserts an id and evicts the oldest; every copy looks its id up.
 *
 * <p>Inserting flat out turns the cache over far faster than a node does, so every young collection
 * copies the whole cache; the large young generation keeps collections rare.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Xmn1g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class SeenCacheBenchmark {

    private static final Duration MAX_AGE = Duration.ofMinutes(5);

    /** A cache at its bound, filled with {@code ids[0, entries)}. */
    @State(Scope.Thread)
    public static class FullCache {

        @Param("100000")
        public int entries;

        /** Fixed, so eviction is by count alone, as under a steady message rate. */
        final Instant now = Instant.parse("2030-01-01T00:00:00Z");
        SeenCache cache;
        /** Twice the bound, so an id comes round again only after its eviction, as {@link SeenCache#add} requires. */
        MessageId[] ids;

        @Setup
        public void fill() {
            SplittableRandom random = new SplittableRandom(1);
            ids = new MessageId[2 * entries];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = new MessageId(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
            }
            cache = new SeenCache(entries, MAX_AGE);
            for (int i = 0; i < entries; i++) {
                cache.add(ids[i], now);
            }
        }
    }

    /** The next new id: ids past those in the cache. */
    @State(Scope.Thread)
    public static class Inserts {
        int next;

        @Setup
        public void start(FullCache full) {
            next = full.entries;
        }
    }

    /**
     * Present ids in random order, so lookups spread over the whole table: the worst case, as a duplicate
     * is usually of a recent id.
     */
    @State(Scope.Thread)
    public static class Lookups {
        MessageId[] probes;
        int next;

        @Setup
        public void shuffle(FullCache full) {
            probes = Arrays.copyOf(full.ids, full.entries);
            SplittableRandom random = new SplittableRandom(2);
            for (int i = probes.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                MessageId swap = probes[i];
                probes[i] = probes[j];
                probes[j] = swap;
            }
        }
    }

    @Benchmark
    public Object insertNew(FullCache full, Inserts inserts) {
        MessageId id = full.ids[inserts.next];
        inserts.next = (inserts.next + 1) % full.ids.length;
        return full.cache.add(id, full.now);
    }

    @Benchmark
    public boolean lookupPresent(FullCache full, Lookups lookups) {
        MessageId id = lookups.probes[lookups.next];
        lookups.next = (lookups.next + 1) % lookups.probes.length;
        return full.cache.contains(id);
    }
}
