package dev.overlay.engine;

import dev.overlay.relay.MessageId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes sure one signature verification per message is enough. Copies of a message arrive from
 * several peers within microseconds, and until the first verified copy reaches the seen-cache every
 * one of them looked new and was verified again: with flooding, 40% more Ed25519 verifications than
 * messages. Now the first copy claims the message; copies arriving while its verification runs wait
 * for the verdict and then go through the relay as known duplicates (or, should the claimed copy have
 * been forged, are verified in turn).
 *
 * <p>Threading: {@link #claim} is called on event loops; {@link #afterVerdict} and {@link #settle} on
 * the relay thread only, which owns {@code waiting}. A claim is settled on the relay thread, so the
 * relay thread always sees a consistent answer to "is this message still being verified".
 */
final class VerificationGate {

    private final Set<MessageId> inFlight = ConcurrentHashMap.newKeySet();
    private final Map<MessageId, List<Runnable>> waiting = new HashMap<>();

    /** Whether the caller is the one to verify {@code id}; false while another copy is being verified. */
    boolean claim(MessageId id) {
        return inFlight.add(id);
    }

    /** Runs {@code copy} now if {@code id}'s verification is over, otherwise once it is settled. */
    void afterVerdict(MessageId id, Runnable copy) {
        if (inFlight.contains(id)) {
            waiting.computeIfAbsent(id, key -> new ArrayList<>()).add(copy);
        } else {
            copy.run();
        }
    }

    /** Ends {@code id}'s claim, after its verified copy (if it was valid) went through the relay. */
    void settle(MessageId id) {
        inFlight.remove(id);
        List<Runnable> copies = waiting.remove(id);
        if (copies != null) {
            copies.forEach(Runnable::run);
        }
    }

    /** Messages being verified now; for tests. */
    int inFlight() {
        return inFlight.size();
    }
}
