package dev.overlay.sync;

import dev.overlay.relay.MessageId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Answers one {@link SyncMessage} against a local set: the step both sides of a reconciliation take,
 * as in Negentropy. Equal fingerprints settle a range; different ones split it into buckets, or into an
 * id list when it holds few items. The answer stops growing at {@link SyncLimits#messageBytes}: what it
 * has not reached yet it covers with one fingerprint, which the next round splits again, so a large
 * difference is paged over rounds.
 *
 * <p>Not thread-safe; one instance per step. The set must not change during the step (the caller's
 * thread owns it).
 */
final class RangeStep {

    private final NavigableSet<SyncItem> items;
    private final SyncLimits limits;
    private final boolean initiator;
    private final Collection<MessageId> needed;
    private final List<SyncRange> out = new ArrayList<>();
    private SyncItem outLower;
    private int size;

    /**
     * @param needed where an initiator adds the ids the other side listed that the local set lacks
     */
    private RangeStep(NavigableSet<SyncItem> items, SyncLimits limits, boolean initiator, Collection<MessageId> needed) {
        this.items = items;
        this.limits = limits;
        this.initiator = initiator;
        this.needed = needed;
    }

    static SyncMessage initiatorStep(NavigableSet<SyncItem> items, SyncMessage in, SyncLimits limits,
                                     Collection<MessageId> needed) {
        return new RangeStep(items, limits, true, needed).run(in);
    }

    static SyncMessage responderStep(NavigableSet<SyncItem> items, SyncMessage in, SyncLimits limits) {
        return new RangeStep(items, limits, false, new ArrayList<>()).run(in);
    }

    /**
     * The first message of a session: the whole scope as one fingerprint (in the steady state the only
     * range sent), or as an id list if it holds few items.
     */
    static SyncMessage opening(NavigableSet<SyncItem> items, SyncItem lower, SyncItem upper, SyncLimits limits) {
        RangeStep step = new RangeStep(items, limits, true, new ArrayList<>());
        step.outLower = lower;
        NavigableSet<SyncItem> all = step.slice(lower, upper);
        if (all.size() < limits.idListThreshold()) {
            step.listIds(new ArrayList<>(all), upper);
        } else {
            step.add(SyncRange.fingerprint(upper, Fingerprint.of(all)));
        }
        return new SyncMessage(step.outLower, step.out);
    }

    /** Set once the budget is spent: the remaining ranges are only deferred, not answered. */
    private boolean deferring;

    private SyncMessage run(SyncMessage in) {
        outLower = in.lower();
        SyncItem lower = in.lower();
        List<SyncRange> ranges = in.ranges();
        for (int i = 0; i < ranges.size(); i++) {
            SyncRange range = ranges.get(i);
            if (!deferring && (size > limits.messageBytes() || out.size() + limits.buckets() + 2 > limits.maxRanges())) {
                deferring = true;
            }
            if (deferring && out.size() >= limits.maxRanges() - 1) {
                // No room for a range each: the rest goes as one, settled parts included.
                add(SyncRange.fingerprint(ranges.get(ranges.size() - 1).upper(),
                        Fingerprint.of(slice(lower, ranges.get(ranges.size() - 1).upper()))));
                break;
            }
            if (deferring) {
                defer(range, lower);
            } else {
                answer(range, lower);
            }
            lower = range.upper();
        }
        while (!out.isEmpty() && out.get(out.size() - 1).mode() == SyncRange.Mode.SKIP) {
            out.remove(out.size() - 1);
        }
        return new SyncMessage(outLower, out);
    }

    private void answer(SyncRange range, SyncItem lower) {
        SyncItem upper = range.upper();
        switch (range.mode()) {
            case SKIP -> skip(upper);
            case FINGERPRINT -> {
                if (Fingerprint.of(slice(lower, upper)).equals(range.fingerprint().orElseThrow())) {
                    skip(upper);
                } else {
                    split(lower, upper);
                }
            }
            case ID_LIST -> {
                if (initiator) {
                    Set<MessageId> ours = ids(slice(lower, upper));
                    range.ids().stream().filter(id -> !ours.contains(id)).forEach(needed::add);
                    skip(upper);
                } else {
                    Set<MessageId> theirs = new HashSet<>(range.ids());
                    listIds(slice(lower, upper).stream().filter(item -> !theirs.contains(item.id())).toList(), upper);
                }
            }
        }
    }

    /**
     * Passes an open range on to the next round unanswered: as this side's fingerprint of it, which the
     * other side compares with its own. Settled ranges stay settled, so nothing is listed twice.
     */
    private void defer(SyncRange range, SyncItem lower) {
        if (range.mode() == SyncRange.Mode.SKIP) {
            skip(range.upper());
        } else {
            add(SyncRange.fingerprint(range.upper(), Fingerprint.of(slice(lower, range.upper()))));
        }
    }

    private void split(SyncItem lower, SyncItem upper) {
        List<SyncItem> range = new ArrayList<>(slice(lower, upper));
        if (range.size() < limits.idListThreshold()) {
            listIds(range, upper);
            return;
        }
        int buckets = limits.buckets();
        int per = range.size() / buckets;
        int extra = range.size() % buckets;
        int start = 0;
        for (int i = 0; i < buckets; i++) {
            int end = start + per + (i < extra ? 1 : 0);
            SyncItem bound = i == buckets - 1 ? upper : SyncItem.between(range.get(end - 1), range.get(end));
            add(SyncRange.fingerprint(bound, Fingerprint.of(range.subList(start, end))));
            start = end;
        }
    }

    /**
     * Lists {@code listed} (the items to send from the range ending at {@code upper}) as one id list, or, if that
     * would pass the size budget, as many as fit up to a bound before the next, followed by one
     * fingerprint over the rest of the range, and defers the ranges after it. A responder's empty list
     * is a skip: it only tells the initiator what it lacks.
     */
    private void listIds(List<SyncItem> listed, SyncItem upper) {
        if (listed.isEmpty() && !initiator) {
            skip(upper);
            return;
        }
        int room = Math.max(1, (limits.messageBytes() - size) / (SyncItem.ID_LENGTH + 2));
        if (listed.size() <= room) {
            add(SyncRange.idList(upper, listed.stream().map(SyncItem::id).toList()));
            return;
        }
        SyncItem cut = listed.get(room);
        SyncItem bound = SyncItem.between(listed.get(room - 1), cut);
        add(SyncRange.idList(bound, listed.subList(0, room).stream().map(SyncItem::id).toList()));
        add(SyncRange.fingerprint(upper, Fingerprint.of(slice(bound, upper))));
        deferring = true;
    }

    private void skip(SyncItem upper) {
        if (out.isEmpty()) {
            outLower = upper;
        } else if (out.get(out.size() - 1).mode() == SyncRange.Mode.SKIP) {
            out.set(out.size() - 1, SyncRange.skip(upper));
        } else {
            add(SyncRange.skip(upper));
        }
    }

    private void add(SyncRange range) {
        out.add(range);
        size += range.wireSize();
    }

    private NavigableSet<SyncItem> slice(SyncItem lower, SyncItem upper) {
        return lower.compareTo(upper) >= 0 ? new TreeSet<>() : items.subSet(lower, true, upper, false);
    }

    private static Set<MessageId> ids(Iterable<SyncItem> items) {
        Set<MessageId> ids = new HashSet<>();
        items.forEach(item -> ids.add(item.id()));
        return ids;
    }
}
