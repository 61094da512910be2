package dev.overlay.sim;

import dev.overlay.discovery.HeardEndpoint;
import dev.overlay.peer.Direction;
import dev.overlay.peer.Peer;
import dev.overlay.peer.PeerState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Eclipse attempt: one operator holds many addresses, packed into few /16s, all online before the
 * honest nodes join. Each attacker address dials the seeds and then random honest nodes (it can crawl
 * them), accepts every connection, and gossips only attacker endpoints (at hops 0, so they land in
 * the address book too). The figure: the share of honest nodes whose every outbound peer is the
 * attacker's. Today nothing looks at netgroups, so this is the baseline for that work.
 */
final class Eclipse {

    /** Endpoints per attacker gossip message, as many as the protocol lets a node send. */
    static final int GOSSIP_ENTRIES = 12;
    static final int ATTACKER_PEERS = 8;

    private Eclipse() {
    }

    static Map<String, Object> run(SimOptions options) {
        String mode = options.defaultMode();
        Simulation sim = new Simulation(options, mode);
        sim.population.join(options.nodes(), (long) (options.joinSeconds() * Simulation.SECOND));
        int addresses = (int) Math.round(options.nodes() * options.attackerShare());
        List<SimNode> attackers = new ArrayList<>();
        for (int i = 0; i < addresses; i++) {
            attackers.add(sim.population.attacker(options.attackerPer16()));
        }
        SplittableRandom random = sim.transport.random(40, 0);
        long interval = sim.transport.settings().discovery().gossipInterval().toNanos() / 1000;
        long end = (long) ((options.joinSeconds() + options.minutes() * 60) * Simulation.SECOND);
        for (SimNode attacker : attackers) {
            for (int i = 0; i < 3; i++) {
                sim.transport.dial(attacker, sim.population.seeds().get(i));
            }
            scheduleAttack(sim, attacker, attackers, random, random.nextLong(interval), interval, end);
        }
        sim.transport.runUntil(end);

        int honest = 0;
        int eclipsed = 0;
        int majority = 0;
        long outboundSlots = 0;
        long attackerSlots = 0;
        for (SimNode node : sim.transport.nodes()) {
            if (node.attacker || !node.online) {
                continue;
            }
            honest++;
            int outbound = 0;
            int taken = 0;
            for (Peer peer : node.registry.active()) {
                if (peer.direction() == Direction.OUTBOUND && peer.state() == PeerState.ACTIVE) {
                    outbound++;
                    if (sim.transport.node(((SimLink) peer.link()).remote).attacker) {
                        taken++;
                    }
                }
            }
            outboundSlots += outbound;
            attackerSlots += taken;
            if (outbound > 0 && taken == outbound) {
                eclipsed++;
            }
            if (outbound > 0 && 2 * taken > outbound) {
                majority++;
            }
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("mode", mode);
        r.put("nodes", options.nodes());
        r.put("attackerAddresses", addresses);
        r.put("attackerSlash16s", (addresses + options.attackerPer16() - 1) / options.attackerPer16());
        r.put("minutes", options.minutes());
        r.put("eclipsedShare", Stats.round((double) eclipsed / honest, 4));
        r.put("majorityAttackerOutboundShare", Stats.round((double) majority / honest, 4));
        r.put("attackerShareOfOutboundSlots", Stats.round(outboundSlots == 0 ? 0 : (double) attackerSlots / outboundSlots, 4));
        r.put("honestConnectedWithoutAttacker", sim.connected(i -> !sim.transport.node(i).attacker));
        r.put("events", sim.transport.counters.events);
        return r;
    }

    private static void scheduleAttack(Simulation sim, SimNode attacker, List<SimNode> attackers,
                                       SplittableRandom random, long at, long interval, long end) {
        if (at > end) {
            return;
        }
        sim.transport.at(at, () -> {
            List<SimNode> honest = sim.transport.nodes().stream().filter(n -> !n.attacker && n.online).toList();
            if (attacker.registry.activeCount() < ATTACKER_PEERS && !honest.isEmpty()) {
                sim.transport.dial(attacker, honest.get(random.nextInt(honest.size())).endpoint);
            }
            for (Peer peer : attacker.registry.active()) {
                List<HeardEndpoint> entries = new ArrayList<>();
                entries.add(new HeardEndpoint(attacker.endpoint, 0));
                while (entries.size() < GOSSIP_ENTRIES) {
                    entries.add(new HeardEndpoint(attackers.get(random.nextInt(attackers.size())).endpoint, 0));
                }
                sim.transport.sendEndpointsAsIs(attacker, peer.nodeId().orElseThrow(), entries);
            }
            scheduleAttack(sim, attacker, attackers, random, at + interval, interval, end);
        });
    }
}
