package dev.overlay.engine;

import dev.overlay.peer.SourceAddress;
import dev.overlay.resource.Ban;
import dev.overlay.resource.BanStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** Bans in memory, for engine tests that do not exercise persistence. Thread-safe. */
final class InMemoryBanStore implements BanStore {

    private final ConcurrentHashMap<SourceAddress, Ban> bans = new ConcurrentHashMap<>();

    @Override
    public void save(Ban ban) {
        bans.put(ban.address(), ban);
    }

    @Override
    public boolean remove(SourceAddress address) {
        return bans.remove(address) != null;
    }

    @Override
    public List<Ban> active(Instant now) {
        return bans.values().stream().filter(b -> b.isActive(now)).sorted(Comparator.comparing(Ban::since)).toList();
    }

    @Override
    public int purgeExpired(Instant now) {
        int before = bans.size();
        bans.values().removeIf(b -> !b.isActive(now));
        return before - bans.size();
    }
}
