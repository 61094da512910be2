package dev.overlay.sim;

import java.util.SplittableRandom;

/**
 * How long a frame takes from one node to another: a one-way delay set by the two nodes' regions,
 * spread by up to 10% per pair of nodes (fixed for the pair, so a link keeps its delay), plus the
 * sender's uplink: frames leave a node one after another at its bandwidth (or, with
 * {@link UplinkService#EXPONENTIAL}, each in a random time with that mean), and optionally a random
 * queueing delay per frame (exponential, as waiting behind other work at a loaded receiver is). Loss is
 * modelled as TCP
 * makes it look: a lost segment is not lost but arrives one retransmission timeout (at least 200 ms,
 * twice the round trip) later.
 *
 * <p>Threading: confined to the simulation's single thread.
 */
final class LinkModel {

    /** How long the sender's uplink takes to send a frame. */
    enum UplinkService {
        /** The frame's size over the bandwidth: a network link. */
        FIXED,
        /**
         * An exponential time with that mean: a sender that is one thread among many on a loaded CPU,
         * as each node of {@code scripts/bench} is. Its queue, and so its delay and the spread of it,
         * grows with the node's load: large while flooding, small once squelch has cut the copies.
         */
        EXPONENTIAL
    }

    /**
     * One-way delay in ms between five regions (North America east and west, Europe, Asia, Oceania),
     * roughly the public figures between cloud regions, 5 ms within a region.
     */
    static final int[][] REGION_DELAY_MS = {
            {5, 35, 45, 110, 100},
            {35, 5, 75, 60, 70},
            {45, 75, 5, 90, 150},
            {110, 60, 90, 5, 60},
            {100, 70, 150, 60, 5},
    };
    static final String[] REGION_NAMES = {"na-east", "na-west", "europe", "asia", "oceania"};
    static final long MIN_RETRANSMIT_MICROS = 200_000;

    private final int regions;
    private final long uniformDelayMicros;
    private final long jitterMeanMicros;
    private final SplittableRandom jitterRandom;
    private final double bitsPerMicro;
    private final UplinkService uplinkService;
    private final SplittableRandom serviceRandom;
    private final double loss;
    private final SplittableRandom lossRandom;
    private final long pairSalt;
    private final long processingMicros;
    private long[] uplinkFreeAt = new long[0];
    private long[] processorFreeAt = new long[0];

    /**
     * @param regions how many of the five regions nodes are spread over (1-5)
     * @param uniformDelayMicros if positive, every link has this one-way delay instead of the regions'
     * @param jitterMeanMicros if positive, the mean of an exponential delay added to every frame
     * @param processingMicros if positive, what each received copy of a message costs its node's single
     *     processor: copies are handled one after another, so a busy node delays them (a CPU model)
     * @param bandwidthMbps each node's uplink
     * @param uplinkService whether a frame's time on the uplink is fixed by its size or random
     * @param loss probability that a frame needs a retransmission
     */
    LinkModel(int regions, long uniformDelayMicros, long jitterMeanMicros, long processingMicros,
              double bandwidthMbps, UplinkService uplinkService, double loss, long seed) {
        if (regions < 1 || regions > REGION_DELAY_MS.length) {
            throw new IllegalArgumentException("regions must be 1-" + REGION_DELAY_MS.length);
        }
        if (bandwidthMbps <= 0 || loss < 0 || loss >= 1) {
            throw new IllegalArgumentException("bandwidth must be positive and loss in [0, 1)");
        }
        this.regions = regions;
        this.uniformDelayMicros = uniformDelayMicros;
        this.jitterMeanMicros = jitterMeanMicros;
        this.processingMicros = processingMicros;
        this.jitterRandom = new SplittableRandom(seed ^ 0x2545F4914F6CDD1DL);
        this.bitsPerMicro = bandwidthMbps;
        this.uplinkService = uplinkService;
        this.serviceRandom = new SplittableRandom(seed ^ 0x3C6EF372FE94F82BL);
        this.loss = loss;
        this.lossRandom = new SplittableRandom(seed);
        this.pairSalt = new SplittableRandom(seed ^ 0x5DEECE66DL).nextLong();
    }

    int regions() {
        return regions;
    }

    void ensureNodes(int nodes) {
        if (uplinkFreeAt.length < nodes) {
            uplinkFreeAt = java.util.Arrays.copyOf(uplinkFreeAt, Math.max(nodes, 2 * uplinkFreeAt.length));
            processorFreeAt = java.util.Arrays.copyOf(processorFreeAt, uplinkFreeAt.length);
        }
    }

    /** One-way propagation delay between two nodes in given regions, the same in both directions. */
    long delayMicros(int nodeA, int regionA, int nodeB, int regionB) {
        long base = uniformDelayMicros > 0 ? uniformDelayMicros : REGION_DELAY_MS[regionA][regionB] * 1000L;
        long lo = Math.min(nodeA, nodeB);
        long hi = Math.max(nodeA, nodeB);
        long h = mix(lo * 0x9E3779B97F4A7C15L ^ hi ^ pairSalt);
        double spread = 0.9 + 0.2 * ((h >>> 11) * 0x1.0p-53);
        return Math.max(1, (long) (base * spread));
    }

    /**
     * When a frame of {@code bytes} that {@code from} sends at {@code now} arrives, given the link's
     * one-way delay: after the frames already queued on the sender's uplink, its own transmission and
     * the delay (plus a retransmission timeout if lost).
     */
    long arrival(int from, long now, int bytes, long delay) {
        long start = Math.max(now, uplinkFreeAt[from]);
        double transmission = bytes * 8 / bitsPerMicro;
        if (uplinkService == UplinkService.EXPONENTIAL) {
            transmission *= -Math.log(1 - serviceRandom.nextDouble());
        }
        long sent = start + (long) Math.ceil(transmission);
        uplinkFreeAt[from] = sent;
        long at = sent + delay;
        if (jitterMeanMicros > 0) {
            at += (long) (-jitterMeanMicros * Math.log(1 - jitterRandom.nextDouble()));
        }
        if (loss > 0 && lossRandom.nextDouble() < loss) {
            at += Math.max(MIN_RETRANSMIT_MICROS, 2 * delay);
        }
        return at;
    }

    /** Whether received copies cost their node processing time. */
    boolean processes() {
        return processingMicros > 0;
    }

    /** When {@code node} has processed a copy that arrived at {@code arrivedAt}: after those before it. */
    long processed(int node, long arrivedAt) {
        long done = Math.max(arrivedAt, processorFreeAt[node]) + processingMicros;
        processorFreeAt[node] = done;
        return done;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
