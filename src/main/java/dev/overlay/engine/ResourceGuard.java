package dev.overlay.engine;

import dev.overlay.peer.Direction;
import dev.overlay.peer.DisconnectReason;
import dev.overlay.peer.Peer;
import dev.overlay.peer.PeerEvents;
import dev.overlay.peer.PeerRegistry;
import dev.overlay.peer.SourceAddress;
import dev.overlay.protocol.proto.LoadWarning;
import dev.overlay.resource.Ban;
import dev.overlay.resource.BanStore;
import dev.overlay.resource.Charge;
import dev.overlay.resource.ChargeOutcome;
import dev.overlay.resource.Fee;
import dev.overlay.resource.PendingHandshakes;
import dev.overlay.resource.ResourceManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies resource management to connections: refuses banned sources and connection floods at
 * accept (before TLS costs anything), turns charges into {@code LoadWarning}s and drops, and persists
 * bans off the event loops. Charges, bans and the per-address connection quota all apply to a
 * {@link SourceAddress}: an IPv4 address or an IPv6 /64.
 *
 * <p>Threading: called from event loops, the relay thread and API threads. The quotas are volatile, the connection
 * counts and permits in concurrent maps, the pending handshakes in the thread-safe {@link PendingHandshakes}; all accounting state lives in the thread-safe
 * {@link ResourceManager}; the ban store is only touched on the blocking-work executor or at start-up.
 */
public final class ResourceGuard implements PeerEvents {

    private static final Logger log = LoggerFactory.getLogger(ResourceGuard.class);

    private final ResourceManager manager;
    private final BanStore banStore;
    private final PeerRegistry registry;
    private final Clock clock;
    private final Executor blockingWork;
    private final EngineListener events;
    private volatile ConnectionQuotas quotas;
    private final PendingHandshakes<Runnable> pendingHandshakes = new PendingHandshakes<>();
    /** The permit each connection holds, by connection id, until it returns it once. */
    private final ConcurrentHashMap<Long, Runnable> permitHolders = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<SourceAddress, Integer> connectionsBySource = new ConcurrentHashMap<>();

    /**
     * @param maxHandshakes connections accepted but not yet upgraded, at most
     * @param maxConnectionsPerIp connections (any state) from one source (IPv4 address or IPv6 /64), at most
     */
    public record ConnectionQuotas(int maxHandshakes, int maxConnectionsPerIp) {

        /** Sources it takes, at their pending-handshake limit, to fill the handshake table. */
        static final int SOURCES_TO_FILL_THE_TABLE = 16;

        public ConnectionQuotas {
            if (maxHandshakes < 1 || maxConnectionsPerIp < 1) {
                throw new IllegalArgumentException("connection quotas must be at least 1");
            }
        }

        /**
         * Pending handshakes one source may hold: a sixteenth of the table (4 of the default 64), at
         * least 1 and at most the source's connection quota. Far below the connection quota, so that a
         * few sources stalling handshakes cannot fill the table on their own.
         */
        int maxHandshakesPerSource() {
            return Math.max(1, Math.min(maxConnectionsPerIp, maxHandshakes / SOURCES_TO_FILL_THE_TABLE));
        }
    }

    ResourceGuard(ResourceManager manager, BanStore banStore, PeerRegistry registry, ConnectionQuotas quotas,
                  EngineListener events, Clock clock, Executor blockingWork) {
        this.events = events;
        this.manager = manager;
        this.banStore = banStore;
        this.registry = registry;
        this.quotas = quotas;
        this.clock = clock;
        this.blockingWork = blockingWork;
    }

    /** Loads the bans still in force; runs on the lifecycle thread at start. */
    void loadBans() {
        Instant now = clock.instant();
        banStore.purgeExpired(now);
        banStore.active(now).forEach(manager::ban);
    }

    /**
     * Whether a just-accepted connection may proceed; checked before TLS. An admitted connection counts
     * against its source until it is {@link #closed} and holds a place among the pending handshakes
     * until the returned permit runs (idempotent): its peer holds it from {@link #handshakeStarted}
     * and returns it on upgrade or close ({@link #handshakeEnded}). When the handshake
     * table is full, the oldest pending handshake of the most represented network is evicted: its
     * {@code close} runs and this newcomer takes its place (see {@link PendingHandshakes}). Both counts
     * are claimed atomically, so concurrent accepts on different event loops cannot overshoot them.
     */
    Optional<Runnable> admitAtAccept(SourceAddress address, Runnable close) {
        if (manager.isBanned(address)) {
            manager.counters().refusedBanned.increment();
            return Optional.empty();
        }
        ConnectionQuotas current = quotas;
        boolean[] admitted = {false};
        connectionsBySource.compute(address, (a, count) -> {
            int now = count == null ? 0 : count;
            if (now >= current.maxConnectionsPerIp()) {
                return count;
            }
            admitted[0] = true;
            return now + 1;
        });
        if (!admitted[0]) {
            manager.counters().refusedAddressQuota.increment();
            return Optional.empty();
        }
        PendingHandshakes.Admission<Runnable> admission = pendingHandshakes.admit(address, close,
                current.maxHandshakes(), current.maxHandshakesPerSource());
        if (!admission.admitted()) {
            releaseSource(address);
            manager.counters().refusedHandshakeQuota.increment();
            return Optional.empty();
        }
        admission.evicted().ifPresent(evicted -> {
            manager.counters().handshakesEvicted.increment();
            evicted.run();
        });
        PendingHandshakes.Ticket<Runnable> ticket = admission.ticket().orElseThrow();
        return Optional.of(() -> pendingHandshakes.ended(ticket));
    }

    /** The accepted connection's peer now holds the permit {@link #admitAtAccept} returned. */
    void handshakeStarted(Peer peer, Runnable permit) {
        permitHolders.put(peer.connectionId(), permit);
    }

    /** The connection upgraded or closed: its handshake permit returns, once. */
    void handshakeEnded(Peer peer) {
        Runnable permit = permitHolders.remove(peer.connectionId());
        if (permit != null) {
            permit.run();
        }
    }

    /** An accepted connection ended: its permit (if it still held one) and its place in its source's quota return. */
    @Override
    public void closed(Peer peer) {
        if (peer.direction() == Direction.INBOUND) {
            handshakeEnded(peer);
            releaseSource(peer.source());
        }
    }

    private void releaseSource(SourceAddress address) {
        connectionsBySource.computeIfPresent(address, (a, count) -> count <= 1 ? null : count - 1);
    }

    /** Connections accepted and not yet upgraded or closed. */
    public int pendingHandshakes() {
        return pendingHandshakes.size();
    }

    /** Charges a peer; warns it once it crosses the warning threshold, drops and bans it at the drop one. */
    void charge(Peer peer, Fee fee) {
        SourceAddress address = peer.source();
        Charge charge = manager.charge(address, peer.nodeId(), fee);
        switch (charge.outcome()) {
            case WARN -> {
                log.info("Load warning for {} ({})", peer, fee);
                peer.link().send(LoadWarning.newBuilder()
                        .setBalance(asUint32(charge.balance())).setReason(fee.name()).build());
            }
            case DROP -> {
                peer.disconnect(DisconnectReason.RESOURCE, "load balance over the drop threshold (last: " + fee + ")");
                banAfterDrop(address, fee);
            }
            case SPARED -> log.info("{} crossed the drop threshold but its node id is exempt", peer);
            case OK -> { }
        }
    }

    /** The balance as the wire's {@code uint32}, rounded and capped (no real balance comes near the cap). */
    private static int asUint32(double balance) {
        return (int) Math.min(Math.round(balance), 0xFFFF_FFFFL);
    }

    /** Charges a source whose connection never became a peer (a failed handshake). */
    void chargeAddress(SourceAddress address, Fee fee) {
        if (manager.charge(address, fee).outcome() == ChargeOutcome.DROP) {
            banAfterDrop(address, fee);
        }
    }

    private void banAfterDrop(SourceAddress address, Fee fee) {
        manager.banAfterDrop(address, "dropped for load (last charge " + fee + ")").ifPresent(ban -> {
            log.warn("Banned {} until {}: {}", address, ban.until(), ban.reason());
            events.banAdded(ban);
            persist(ban);
        });
    }

    /**
     * Bans a source on an operator's request and drops its connections; completes once the ban is
     * stored.
     */
    public CompletableFuture<Ban> ban(SourceAddress address, Duration duration, String reason) {
        Instant now = clock.instant();
        Ban ban = manager.ban(new Ban(address, now, now.plus(duration), reason));
        events.banAdded(ban);
        registry.connections().stream().filter(p -> p.source().equals(address))
                .forEach(p -> p.disconnect(DisconnectReason.RESOURCE, "address banned: " + reason));
        return CompletableFuture.supplyAsync(() -> {
            banStore.save(ban);
            return ban;
        }, blockingWork);
    }

    /** Lifts a ban; completes with whether there was one. */
    public CompletableFuture<Boolean> lift(SourceAddress address) {
        boolean inMemory = manager.lift(address);
        if (inMemory) {
            events.banLifted(address);
        }
        return CompletableFuture.supplyAsync(() -> banStore.remove(address) || inMemory, blockingWork);
    }

    private void persist(Ban ban) {
        CompletableFuture.runAsync(() -> banStore.save(ban), blockingWork).exceptionally(error -> {
            log.error("Could not store the ban of {}; it holds until restart", ban.address(), error);
            return null;
        });
    }

    public ConnectionQuotas quotas() {
        return quotas;
    }

    public void setQuotas(ConnectionQuotas quotas) {
        this.quotas = quotas;
    }

    public ResourceManager manager() {
        return manager;
    }
}
