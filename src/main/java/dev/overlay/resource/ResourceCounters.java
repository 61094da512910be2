package dev.overlay.resource;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Resource counters since start; monitoring exports them. Thread-safe. */
public final class ResourceCounters {

    private final Map<Fee, LongAdder> charges = new EnumMap<>(Fee.class);
    public final LongAdder warnings = new LongAdder();
    public final LongAdder drops = new LongAdder();
    public final LongAdder bans = new LongAdder();
    /** Connections refused at accept because the address is banned. */
    public final LongAdder refusedBanned = new LongAdder();
    /** Connections refused at accept because their source had too many handshakes in progress. */
    public final LongAdder refusedHandshakeQuota = new LongAdder();
    /** Pending handshakes closed to make room for a newcomer while the handshake table was full. */
    public final LongAdder handshakesEvicted = new LongAdder();
    /** Connections refused at accept because the address had too many connections. */
    public final LongAdder refusedAddressQuota = new LongAdder();

    public ResourceCounters() {
        for (Fee fee : Fee.values()) {
            charges.put(fee, new LongAdder());
        }
    }

    public LongAdder charges(Fee fee) {
        return charges.get(fee);
    }
}
