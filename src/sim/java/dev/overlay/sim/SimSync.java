package dev.overlay.sim;

import dev.overlay.engine.SyncBridge;
import dev.overlay.peer.Peer;
import dev.overlay.peer.PeerEvents;
import dev.overlay.relay.MessageId;
import dev.overlay.relay.SignedMessage;
import dev.overlay.resource.Fee;
import dev.overlay.sync.MessageLog;
import dev.overlay.sync.ReconcileDecision;
import dev.overlay.sync.Reconciler;
import dev.overlay.sync.SyncMessage;
import dev.overlay.sync.SyncSettings;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The adapter between one node's core {@link Reconciler} and the simulated transport: what the
 * engine's {@code SyncBridge} does, without threads. Sync frames arrive here from the transport and go
 * to the reconciler; its {@link ReconcileDecision}s are carried out (queries and fetches sent, fetched
 * messages handed to the relay as recovered copies, charges recorded). The engine's rate limits on a
 * peer's queries and fetches are not applied: no simulated node floods.
 *
 * <p>Threading: confined to the simulation's single thread.
 */
final class SimSync implements PeerEvents {

    private final Transport transport;
    private final SimNode node;
    private final SyncSettings settings;
    private final Duration maxMessageAge;
    private final RandomGenerator random;
    private final int maxAnswerBytes;
    private Reconciler reconciler;

    SimSync(Transport transport, SimNode node, NodeSettings settings, MessageLog log, RandomGenerator random) {
        this.transport = transport;
        this.node = node;
        this.settings = settings.sync();
        this.maxMessageAge = settings.relay().maxMessageAge();
        this.random = random;
        this.maxAnswerBytes = Reconciler.answerBytes(settings.maxFrameSize());
        this.reconciler = new Reconciler(this.settings, log, maxMessageAge, transport.clock(), random);
    }

    /**
     * Replaces the reconciler by a fresh one over {@code log}, told of every active peer that negotiated
     * sync: the same network starting over with an empty log, as {@link SimRelay#restart} starts the
     * relay over.
     */
    void restart(MessageLog log) {
        reconciler = new Reconciler(settings, log, maxMessageAge, transport.clock(), random);
        for (Peer peer : node.registry.active()) {
            activated(peer);
        }
    }

    boolean offers() {
        return settings.enabled();
    }

    long tickMicros() {
        return reconciler.tickInterval().toNanos() / 1000;
    }

    /** As the engine does: peers that negotiated {@code sync=1} are reconciled with from activation. */
    @Override
    public void activated(Peer peer) {
        if (settings.enabled() && SyncBridge.negotiated(peer)) {
            carryOut(null, reconciler.peerActivated(peer.nodeId().orElseThrow()));
        }
    }

    @Override
    public void closed(Peer peer) {
        node.departed(peer).ifPresent(reconciler::peerClosed);
    }

    void tick() {
        carryOut(null, reconciler.tick());
    }

    /** A SyncRanges frame from {@code from}: a query to answer, or the reply in one of our sessions. */
    void rangesArrived(SimNode from, long session, boolean reply, SyncMessage message) {
        if (reply) {
            carryOut(from, reconciler.replyReceived(from.id, session, message));
        } else {
            transport.sendSyncRanges(node, from.id, session, true, reconciler.answer(message));
        }
    }

    void fetchArrived(SimNode from, long session, List<MessageId> ids) {
        transport.sendSyncMessages(node, from.id, session, reconciler.serve(ids, maxAnswerBytes));
    }

    void messagesArrived(SimNode from, long session, int[] messages, boolean truncated) {
        List<SignedMessage> fetched = new ArrayList<>(messages.length);
        for (int message : messages) {
            fetched.add(transport.message(message));
        }
        carryOut(from, reconciler.fetchAnswered(from.id, session, fetched, truncated));
    }

    /** Sends what the reconciler decided; recovered messages and charges concern {@code from} (null for ticks). */
    private void carryOut(SimNode from, ReconcileDecision decision) {
        for (ReconcileDecision.Query query : decision.queries()) {
            transport.sendSyncRanges(node, query.peer(), query.session(), false, query.message());
        }
        for (ReconcileDecision.Fetch fetch : decision.fetches()) {
            transport.sendSyncFetch(node, fetch.peer(), fetch.session(), fetch.ids());
        }
        if (from == null) {
            return;
        }
        for (Fee fee : decision.charges()) {
            node.resources.charge(from.source, fee);
        }
        for (SignedMessage message : decision.recover()) {
            if (transport.recover(node, from, message)) {
                reconciler.recovered(from.id);
            }
        }
    }
}
