package dev.overlay.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * One run: a fresh network in one relay mode, a warm-up phase (so squelch selects its sources), then
 * the measured phase at the target rate. Only the measured phase's copies, bytes and CPU are counted.
 */
final class Trial {

    private static final int WARMUP = 0;
    private static final int MEASURED = 1;
    /** Copies still in flight after the last delivery (redundant ones) are waited for this long. */
    private static final Duration QUIET = Duration.ofMillis(200);
    private static final Duration MAX_QUIESCE = Duration.ofSeconds(5);

    private final Topology topology;
    private final BenchOptions options;

    Trial(Topology topology, BenchOptions options) {
        this.topology = topology;
        this.options = options;
    }

    /**
     * Runs {@code messages} measured messages at {@code rate} in {@code mode}, waiting at most
     * {@code settle} after the last publish for them to arrive everywhere.
     */
    TrialResult run(RelayMode mode, double rate, int messages, Duration settle) throws InterruptedException {
        DeliveryLog log = new DeliveryLog(topology.nodes(), options.warmup(), messages);
        try (BenchNetwork network = BenchNetwork.start(topology, mode, options, log);
             Publisher publisher = new Publisher(network.nodes(),
                     Publisher.spreadOrigins(topology.nodes(), options.origins()), log, options.size())) {
            publisher.publish(WARMUP, Math.min(rate, options.rate()));
            log.awaitPhase(WARMUP, options.settle());
            NetworkTotals beforeMeasured = quiesce(network);

            ProcessSampler sampler = new ProcessSampler();
            sampler.start();
            double achievedRate = publisher.publish(MEASURED, rate);
            log.awaitPhase(MEASURED, settle);
            NetworkTotals afterMeasured = quiesce(network);
            ProcessSampler.Usage usage = sampler.stop();
            return result(mode, rate, achievedRate, log, afterMeasured.minus(beforeMeasured), afterMeasured, usage);
        }
    }

    /** Waits until no copy has arrived for {@link #QUIET}, so a phase's stragglers count in that phase. */
    private static NetworkTotals quiesce(BenchNetwork network) throws InterruptedException {
        long deadline = System.nanoTime() + MAX_QUIESCE.toNanos();
        NetworkTotals last = NetworkTotals.of(network);
        while (System.nanoTime() < deadline) {
            TimeUnit.NANOSECONDS.sleep(QUIET.toNanos());
            NetworkTotals now = NetworkTotals.of(network);
            if (now.copiesReceived() == last.copiesReceived()) {
                return now;
            }
            last = now;
        }
        return last;
    }

    private TrialResult result(RelayMode mode, double rate, double achievedRate, DeliveryLog log,
                               NetworkTotals measured, NetworkTotals overall, ProcessSampler.Usage usage) {
        int first = log.firstIndexOf(MEASURED);
        int count = log.sizeOf(MEASURED);
        long deliveries = IntStream.range(first, first + count).mapToLong(log::arrivals).sum();
        long[] latencies = IntStream.range(first, first + count).mapToLong(log::propagationNanos)
                .filter(nanos -> nanos >= 0).toArray();
        long firstPublish = log.publishedAtNanos(first);
        long lastArrival = IntStream.range(first, first + count).mapToLong(log::lastArrivalNanos).max().orElse(0);
        double span = (lastArrival - firstPublish) / 1e9;
        int receivers = log.receivers();
        int allMessages = options.warmup() + count;
        double perDelivery = Math.max(1, deliveries);
        return new TrialResult(mode.label(), topology.nodes(), topology.meanDegree(), rate, achievedRate, count,
                options.size(), (double) deliveries / ((long) count * receivers), Latencies.of(latencies),
                DeliveryPaths.of(log, first, count),
                (double) measured.copiesReceived() / ((long) count * receivers),
                (double) overall.copiesReceived() / ((long) allMessages * receivers),
                measured.bytesSent() / perDelivery, span > 0 ? latencies.length / span : 0, usage.cpuSeconds(),
                usage.cpuSeconds() * 1e6 / perDelivery, usage.allocatedBytes() / perDelivery,
                usage.cpuSecondsByRole(), usage.gcCount(), usage.gcMillis(), usage.peakHeapBytes() / 1048576.0,
                overall.squelchesSent(), measured.shed(), log.duplicateDeliveries(),
                (double) measured.syncBytes() / Math.max(1, measured.publishBytes()),
                (double) Math.max(0, deliveries - measured.recovered()) / ((long) count * receivers),
                measured.recovered(), measured.dropped());
    }
}
