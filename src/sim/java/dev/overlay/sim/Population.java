package dev.overlay.sim;

import dev.overlay.identity.NodeKey;
import dev.overlay.peer.Endpoint;
import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Creates the simulated nodes: real Ed25519 keys from a seeded generator (so node ids, and with them
 * the duplicate rule's outcomes, repeat from run to run), a public IPv4 address each and a region.
 * Honest nodes get addresses scattered over the whole space; an attacker's are packed into its own /16s.
 *
 * <p>Threading: confined to the simulation's single thread.
 */
final class Population {

    static final int PORT = 51235;
    private static final int ATTACKER_FIRST_OCTET = 150;

    private final Transport transport;
    private final SecureRandom keys;
    private final SplittableRandom random;
    private final Set<String> hosts = new HashSet<>();
    private final List<Endpoint> seeds = new ArrayList<>();
    private final List<Integer> seedRegions = new ArrayList<>();
    private int attackerAddresses;

    Population(Transport transport, long seed) {
        this.transport = transport;
        try {
            this.keys = SecureRandom.getInstance("SHA1PRNG");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA1PRNG is part of every Java platform", e);
        }
        keys.setSeed(ByteBuffer.allocate(8).putLong(seed).array());
        this.random = transport.random(10, 0);
        for (int i = 0; i < 3; i++) {
            seeds.add(new Endpoint(newHost(), PORT));
            seedRegions.add(random.nextInt(transport.links().regions()));
        }
    }

    /** The three seeds' endpoints, known before they start: every node's bootstrap list. */
    List<Endpoint> seeds() {
        return List.copyOf(seeds);
    }

    /** Starts a new honest node (the next seed while seeds remain to start). */
    SimNode honest() {
        int started = transport.nodes().size();
        if (started < seeds.size()) {
            return transport.addNode(NodeKey.generate(keys), seeds.get(started), seedRegions.get(started), false);
        }
        int region = random.nextInt(transport.links().regions());
        return transport.addNode(NodeKey.generate(keys), new Endpoint(newHost(), PORT), region, false);
    }

    private String newHost() {
        String host;
        do {
            int first = 11 + random.nextInt(ATTACKER_FIRST_OCTET - 11);
            host = first + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
        } while (!hosts.add(host));
        return host;
    }

    /** One more attacker address: {@code perSlash16} addresses fill one /16 before the next is used. */
    SimNode attacker(int perSlash16) {
        int n = attackerAddresses++;
        int slash16 = n / perSlash16;
        int within = n % perSlash16;
        String host = ATTACKER_FIRST_OCTET + "." + slash16 + "." + (within / 254) + "." + (1 + within % 254);
        int region = random.nextInt(transport.links().regions());
        return transport.addNode(NodeKey.generate(keys), new Endpoint(host, PORT), region, true);
    }

    /**
     * Starts the three seeds now and has {@code nodes - 3} more join, evenly spread over
     * {@code overMicros}; all know only the seeds.
     */
    void join(int nodes, long overMicros) {
        for (int i = 0; i < Math.min(3, nodes); i++) {
            honest();
        }
        long start = transport.clock().micros();
        int joining = nodes - 3;
        for (int i = 0; i < joining; i++) {
            transport.at(start + (joining <= 1 ? 0 : overMicros * i / (joining - 1)), this::honest);
        }
    }
}
