package dev.overlay.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A random connected undirected graph: a ring (which keeps it connected) plus random chords until
 * every node has at least the requested degree. The same seed gives the same graph, so relay modes
 * are compared on identical topologies.
 *
 * @param nodes node count
 * @param edges each edge once, as {@code (lower, higher)} node indexes
 */
public record Topology(int nodes, List<Edge> edges) {

    /** An undirected edge; the lower index dials the higher. */
    public record Edge(int from, int to) {
    }

    public static Topology random(int nodes, int degree, long seed) {
        Random random = new Random(seed);
        Set<Edge> edges = new LinkedHashSet<>();
        int[] degrees = new int[nodes];
        for (int i = 0; i < nodes; i++) {
            add(edges, degrees, i, (i + 1) % nodes);
        }
        for (int i = 0; i < nodes; i++) {
            while (degrees[i] < degree) {
                // Prefer partners still below the degree, so the graph stays close to regular.
                int j = pickPartner(random, edges, degrees, degree, i);
                add(edges, degrees, i, j);
            }
        }
        return new Topology(nodes, List.copyOf(edges));
    }

    /** A node not yet linked to {@code self}; one still below the degree if there is one. */
    private static int pickPartner(Random random, Set<Edge> edges, int[] degrees, int degree, int self) {
        List<Integer> below = new ArrayList<>();
        List<Integer> any = new ArrayList<>();
        for (int j = 0; j < degrees.length; j++) {
            if (j != self && !edges.contains(new Edge(Math.min(j, self), Math.max(j, self)))) {
                any.add(j);
                if (degrees[j] < degree) {
                    below.add(j);
                }
            }
        }
        List<Integer> candidates = below.isEmpty() ? any : below;
        return candidates.get(random.nextInt(candidates.size()));
    }

    private static void add(Set<Edge> edges, int[] degrees, int a, int b) {
        if (edges.add(new Edge(Math.min(a, b), Math.max(a, b)))) {
            degrees[a]++;
            degrees[b]++;
        }
    }

    int degreeOf(int node) {
        return (int) edges.stream().filter(e -> e.from() == node || e.to() == node).count();
    }

    int maxDegree() {
        int max = 0;
        for (int i = 0; i < nodes; i++) {
            max = Math.max(max, degreeOf(i));
        }
        return max;
    }

    double meanDegree() {
        return 2.0 * edges.size() / nodes;
    }
}
