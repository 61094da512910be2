package dev.overlay.resource;

import dev.overlay.identity.NodeId;
import dev.overlay.peer.SourceAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Charges misbehaviour to the source that caused it (its IPv4 address or IPv6 /64, see
 * {@link SourceAddress}), decides warnings and drops, and keeps the bans that the accept path consults.
 *
 * <p>Threading: any thread may charge (event loops do). Consumers live in a concurrent map and are
 * replaced atomically with {@code compute}; bans live in a concurrent map too, so the accept path
 * checks them without locks or I/O. Persisting a ban is the caller's business, off the event loop.
 */
public final class ResourceManager {

    /**
     * A warned source is warned again only after its balance has decayed below this fraction of the
     * warning threshold (about 7 s without charges at the default 32 s window): a balance hovering
     * around the threshold, decaying between charges, would otherwise cross it again and again.
     */
    static final double REARM_FRACTION = 0.8;

    private final ResourceSettings settings;
    private final Clock clock;
    private final ResourceCounters counters = new ResourceCounters();
    private final ConcurrentHashMap<SourceAddress, Consumer> consumers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<SourceAddress, Ban> bans = new ConcurrentHashMap<>();

    public ResourceManager(ResourceSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** Charges a source whose connection never became a peer (a failed handshake). */
    public Charge charge(SourceAddress address, Fee fee) {
        return charge(address, Optional.empty(), fee);
    }

    /**
     * Adds {@code fee} to the source's balance and decides whether the peer must be warned, dropped, or
     * spared because its node id is exempt, reporting the balance with the decision. Counts only what
     * is decided: a spared peer is no drop.
     */
    public Charge charge(SourceAddress address, Optional<NodeId> node, Fee fee) {
        boolean exemptNode = node.map(id -> settings.exemptNodeIds().contains(id.hex())).orElse(false);
        Instant now = clock.instant();
        counters.charges(fee).increment();
        AtomicReference<Charge> result = new AtomicReference<>();
        consumers.compute(address, (a, old) -> {
            Consumer before = old == null ? new Consumer(a, 0, now, 0, 0, Optional.empty(), false) : old;
            double previous = before.balanceAt(now, settings.decayWindow());
            Consumer after = before.charged(fee, now, settings.decayWindow());
            if (after.balance() >= settings.dropThreshold()) {
                result.set(new Charge(exemptNode ? ChargeOutcome.SPARED : ChargeOutcome.DROP, after.balance()));
                return exemptNode ? after : after.dropped();
            }
            if (after.warningStanding() && previous < REARM_FRACTION * settings.warningThreshold()) {
                after = after.rearmed();
            }
            if (!after.warningStanding() && after.balance() >= settings.warningThreshold()) {
                result.set(new Charge(ChargeOutcome.WARN, after.balance()));
                return after.warned();
            }
            result.set(new Charge(ChargeOutcome.OK, after.balance()));
            return after;
        });
        Charge charge = result.get();
        if (charge.outcome() == ChargeOutcome.WARN) {
            counters.warnings.increment();
        } else if (charge.outcome() == ChargeOutcome.DROP) {
            counters.drops.increment();
        }
        return charge;
    }

    /**
     * Bans a source for the configured duration unless it is exempt; returns the ban to persist.
     */
    public Optional<Ban> banAfterDrop(SourceAddress address, String reason) {
        if (isExempt(address)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return Optional.of(ban(new Ban(address, now, now.plus(settings.banDuration()), reason)));
    }

    /** Records a ban (from an operator, a drop, or the store at start-up). */
    public Ban ban(Ban ban) {
        bans.put(ban.address(), ban);
        counters.bans.increment();
        return ban;
    }

    public boolean lift(SourceAddress address) {
        return bans.remove(address) != null;
    }

    /** Whether connections from this source must be refused now; expired bans are forgotten. */
    public boolean isBanned(SourceAddress address) {
        Ban ban = bans.get(address);
        if (ban == null) {
            return false;
        }
        if (ban.isActive(clock.instant())) {
            return true;
        }
        bans.remove(address, ban);
        return false;
    }

    public boolean isExempt(SourceAddress address) {
        return settings.exemptAddresses().contains(address) || (settings.exemptLoopback() && address.isLoopback());
    }

    public List<Ban> bans() {
        Instant now = clock.instant();
        return bans.values().stream().filter(b -> b.isActive(now))
                .sorted(Comparator.comparing(Ban::since)).toList();
    }

    /** Consumers with a balance above one unit, highest first. */
    public List<Consumer> consumers() {
        Instant now = clock.instant();
        return consumers.values().stream()
                .filter(c -> c.balanceAt(now, settings.decayWindow()) >= 1 || c.drops() > 0 || c.warnings() > 0)
                .sorted(Comparator.comparingDouble((Consumer c) -> c.balanceAt(now, settings.decayWindow())).reversed())
                .toList();
    }

    /**
     * Forgets consumers whose balance has decayed away (warned or dropped ones after the ban duration,
     * so the record outlives their ban) and bans that have ended.
     */
    public void prune() {
        Instant now = clock.instant();
        Instant forgetDropped = now.minus(settings.banDuration());
        consumers.values().removeIf(c -> c.balanceAt(now, settings.decayWindow()) < 1
                && ((c.warnings() == 0 && c.drops() == 0) || c.updatedAt().isBefore(forgetDropped)));
        bans.values().removeIf(ban -> !ban.isActive(now));
    }

    public ResourceSettings settings() {
        return settings;
    }

    public ResourceCounters counters() {
        return counters;
    }
}
