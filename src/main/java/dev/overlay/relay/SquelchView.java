package dev.overlay.relay;

import dev.overlay.identity.NodeId;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Squelch state of one origin as the API shows it.
 *
 * @param selected the peers kept as sources
 * @param squelched the peers asked to stop relaying this origin, with the expiry of each request
 * @param messagesCounted distinct messages of this origin counted since the last (re)start of selection
 * @param selections how many times sources were selected for this origin
 */
public record SquelchView(NodeId origin, List<NodeId> selected, Map<NodeId, Instant> squelched,
                          int messagesCounted, long selections) {
}
