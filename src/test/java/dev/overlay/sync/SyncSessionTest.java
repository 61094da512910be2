package dev.overlay.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overlay.relay.MessageId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SyncSessionTest {

    private static final SyncItem FROM = SyncItem.bound(1_000);
    private static final SyncItem TO = SyncItem.bound(1_000_000);
    private final Random random = new Random(7);

    private SyncItem item(long timestamp) {
        return new SyncItem(timestamp, new MessageId(random.nextLong(), random.nextLong(), random.nextLong(),
                random.nextLong()));
    }

    private NavigableSet<SyncItem> items(int count) {
        NavigableSet<SyncItem> set = new TreeSet<>();
        while (set.size() < count) {
            set.add(item(FROM.timestamp() + random.nextInt(900_000)));
        }
        return set;
    }

    /** Runs a whole session and returns it with the messages exchanged. */
    private record Run(SyncSession session, List<SyncMessage> messages) {
    }

    private static Run reconcile(NavigableSet<SyncItem> mine, NavigableSet<SyncItem> theirs, SyncLimits limits) {
        SyncSession session = SyncSession.open(mine, FROM, TO, limits);
        List<SyncMessage> messages = new ArrayList<>();
        Optional<SyncMessage> query = Optional.of(session.opening());
        while (query.isPresent()) {
            messages.add(query.get());
            SyncMessage reply = SyncResponder.reply(theirs, query.get(), limits);
            messages.add(reply);
            query = session.onReply(reply);
        }
        return new Run(session, messages);
    }

    private static Set<MessageId> idsOf(Set<SyncItem> items) {
        Set<MessageId> ids = new HashSet<>();
        items.forEach(i -> ids.add(i.id()));
        return ids;
    }

    @Test
    void equalSetsSettleInOneRoundTripOfOneFingerprint() {
        NavigableSet<SyncItem> mine = items(5_000);
        Run run = reconcile(mine, new TreeSet<>(mine), SyncLimits.DEFAULT);

        assertThat(run.session().needed()).isEmpty();
        assertThat(run.messages()).hasSize(2);
        assertThat(run.messages().get(0).ranges()).hasSize(1);
        assertThat(run.messages().get(1).isEmpty()).isTrue();
    }

    @Test
    void findsExactlyWhatTheOtherSideHasAndThisSideLacks() {
        NavigableSet<SyncItem> common = items(3_000);
        NavigableSet<SyncItem> mine = new TreeSet<>(common);
        NavigableSet<SyncItem> theirs = new TreeSet<>(common);
        NavigableSet<SyncItem> onlyTheirs = items(37);
        NavigableSet<SyncItem> onlyMine = items(23);
        theirs.addAll(onlyTheirs);
        mine.addAll(onlyMine);

        Run run = reconcile(mine, theirs, SyncLimits.DEFAULT);

        assertThat(run.session().needed()).containsExactlyInAnyOrderElementsOf(idsOf(onlyTheirs));
    }

    @Test
    void anEmptySideLearnsTheWholeScope() {
        NavigableSet<SyncItem> theirs = items(500);
        Run run = reconcile(new TreeSet<>(), theirs, SyncLimits.DEFAULT);

        assertThat(run.session().needed()).containsExactlyInAnyOrderElementsOf(idsOf(theirs));
    }

    @Test
    void itemsOutsideTheScopeAreNotReconciled() {
        NavigableSet<SyncItem> theirs = new TreeSet<>();
        SyncItem before = item(FROM.timestamp() - 1);
        SyncItem at = item(TO.timestamp());
        SyncItem inside = item(FROM.timestamp());
        theirs.addAll(List.of(before, at, inside));

        Run run = reconcile(new TreeSet<>(), theirs, SyncLimits.DEFAULT);

        assertThat(run.session().needed()).containsExactly(inside.id());
    }

    @Test
    void aLargeDifferenceIsPagedInMessagesWithinTheByteBudget() {
        SyncLimits limits = new SyncLimits(16, 4096, 4096, 4096, 1000);
        NavigableSet<SyncItem> theirs = items(10_000);
        NavigableSet<SyncItem> mine = new TreeSet<>(theirs.headSet(item(400_000), false));

        Run run = reconcile(mine, theirs, limits);

        Set<MessageId> lacking = idsOf(theirs);
        lacking.removeAll(idsOf(mine));
        assertThat(run.session().needed()).hasSize(lacking.size()).containsExactlyInAnyOrderElementsOf(lacking);
        // Id lists stop at the budget; what is left goes on as one fingerprint per open range.
        int idsPerMessage = limits.messageBytes() / 34 + 1;
        assertThat(run.messages()).extracting(m -> m.ranges().stream().mapToInt(r -> r.ids().size()).sum())
                .allSatisfy(ids -> assertThat(ids).isLessThanOrEqualTo(idsPerMessage));
        assertThat(run.messages().size()).isGreaterThan(2 * lacking.size() / idsPerMessage);
    }

    @Test
    void aReplyNeverHoldsMoreRangesThanAPeerAccepts() {
        SyncLimits limits = new SyncLimits(16, 1024, 40, 4096, 1000);
        NavigableSet<SyncItem> theirs = items(20_000);
        NavigableSet<SyncItem> mine = new TreeSet<>(theirs);
        List<SyncItem> all = new ArrayList<>(theirs);
        for (int i = 0; i < all.size(); i += 7) {
            mine.remove(all.get(i));
        }

        Run run = reconcile(mine, theirs, limits);

        assertThat(run.messages()).allSatisfy(m -> assertThat(m.ranges().size()).isLessThanOrEqualTo(40));
        Set<MessageId> lacking = idsOf(theirs);
        lacking.removeAll(idsOf(mine));
        assertThat(run.session().needed()).containsExactlyInAnyOrderElementsOf(lacking);
    }

    @Test
    void itemsWithTheSameTimestampAreSplitByTheirIds() {
        NavigableSet<SyncItem> theirs = new TreeSet<>();
        while (theirs.size() < 2_000) {
            theirs.add(item(5_000));
        }
        NavigableSet<SyncItem> mine = new TreeSet<>(theirs);
        SyncItem missing = mine.pollFirst();
        mine.pollLast();

        Run run = reconcile(mine, theirs, SyncLimits.DEFAULT);

        assertThat(run.session().needed()).containsExactly(missing.id(), theirs.last().id());
    }

    @Test
    void aSessionThatDoesNotSettleGivesUpAfterTheRoundLimit() {
        SyncLimits limits = new SyncLimits(2, 1024, 4096, 4096, 2);
        NavigableSet<SyncItem> theirs = items(5_000);

        Run run = reconcile(new TreeSet<>(), theirs, limits);

        assertThat(run.session().isDone()).isTrue();
        assertThat(run.session().replies()).isEqualTo(2);
    }

    @Test
    void aReplyWithFallingBoundsIsRefused() {
        SyncSession session = SyncSession.open(items(100), FROM, TO, SyncLimits.DEFAULT);
        SyncMessage bad = new SyncMessage(SyncItem.bound(5_000), List.of(SyncRange.skip(SyncItem.bound(4_000))));

        assertThatThrownBy(() -> session.onReply(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rise");
    }

    @Test
    void aQueryWithTooManyIdsIsRefused() {
        SyncLimits limits = new SyncLimits(16, 1024, 64, 40, 8);
        List<MessageId> ids = items(41).stream().map(SyncItem::id).toList();
        SyncMessage query = new SyncMessage(FROM, List.of(SyncRange.idList(TO, ids)));

        assertThatThrownBy(() -> SyncResponder.reply(new TreeSet<>(), query, limits))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ids");
    }
}
