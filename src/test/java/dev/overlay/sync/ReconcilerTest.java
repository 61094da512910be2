package dev.overlay.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overlay.identity.NodeId;
import dev.overlay.identity.NodeKey;
import dev.overlay.relay.MessageId;
import dev.overlay.relay.ReceivedMessage;
import dev.overlay.relay.SignedMessage;
import dev.overlay.resource.Fee;
import dev.overlay.testing.MutableClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReconcilerTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final NodeKey ORIGIN = NodeKey.generate(new SecureRandom());
    private final MutableClock clock = new MutableClock(START);
    private final SyncSettings settings = SyncSettings.DEFAULT;
    private int sequence;

    /** One side: its log and its reconciler. */
    private final class Side {
        final NodeId id = NodeKey.generate(new SecureRandom()).nodeId();
        final MessageLog log = MessageLog.open(new VolatileLogStore(), settings.log(), clock);
        final Reconciler reconciler = new Reconciler(settings, log, Duration.ofMinutes(5), clock,
                new SplittableRandom(sequence++));

        List<SignedMessage> publish(int count) {
            List<SignedMessage> messages = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                SignedMessage message = SignedMessage.sign(ORIGIN, "t", ++sequence, clock.instant(), new byte[] {1});
                log.append(new ReceivedMessage(message, clock.instant(), Optional.empty()));
                messages.add(message);
            }
            return messages;
        }
    }

    private final Side a = new Side();
    private final Side b = new Side();
    private final Side c = new Side();

    /** Carries {@code decision}'s queries from {@code self} to {@code peer} and back until they settle; returns the fetches. */
    private List<ReconcileDecision.Fetch> converse(Side self, Side peer, ReconcileDecision decision) {
        List<ReconcileDecision.Fetch> fetches = new ArrayList<>(decision.fetches());
        List<ReconcileDecision.Query> queries = new ArrayList<>(decision.queries());
        while (!queries.isEmpty()) {
            ReconcileDecision.Query query = queries.remove(0);
            assertThat(query.peer()).isEqualTo(peer.id);
            ReconcileDecision next = self.reconciler.replyReceived(peer.id, query.session(),
                    peer.reconciler.answer(query.message()));
            queries.addAll(next.queries());
            fetches.addAll(next.fetches());
        }
        return fetches;
    }

    private ReconcileDecision answer(Side self, Side peer, ReconcileDecision.Fetch fetch, long maxBytes) {
        Reconciler.Served served = peer.reconciler.serve(fetch.ids(), maxBytes);
        return self.reconciler.fetchAnswered(peer.id, fetch.session(),
                served.messages().stream().map(LoggedMessage::message).toList(), served.truncated());
    }

    private static List<MessageId> ids(List<SignedMessage> messages) {
        return messages.stream().map(SignedMessage::id).toList();
    }

    @Test
    void activatingAPeerOpensASessionWithIt() {
        clock.advance(Duration.ofSeconds(30));

        ReconcileDecision decision = a.reconciler.peerActivated(b.id);

        assertThat(decision.queries()).singleElement().satisfies(q -> assertThat(q.peer()).isEqualTo(b.id));
    }

    @Test
    void aSessionFetchesWhatThePeerHasAndThisSideLacks() {
        List<SignedMessage> missing = b.publish(3);
        clock.advance(Duration.ofSeconds(30));

        List<ReconcileDecision.Fetch> fetches = converse(a, b, a.reconciler.peerActivated(b.id));

        assertThat(fetches).singleElement().satisfies(f -> {
            assertThat(f.peer()).isEqualTo(b.id);
            assertThat(f.ids()).containsExactlyInAnyOrderElementsOf(ids(missing));
        });
    }

    @Test
    void theAnswerToAFetchIsHandedOnAsRecovered() {
        List<SignedMessage> missing = b.publish(3);
        clock.advance(Duration.ofSeconds(30));
        ReconcileDecision.Fetch fetch = converse(a, b, a.reconciler.peerActivated(b.id)).get(0);

        ReconcileDecision answered = answer(a, b, fetch, Long.MAX_VALUE);

        assertThat(ids(answered.recover())).containsExactlyInAnyOrderElementsOf(ids(missing));
        assertThat(answered.charges()).isEmpty();
    }

    @Test
    void messagesTooRecentToHaveSettledAreLeftOut() {
        clock.advance(Duration.ofSeconds(30));
        b.publish(3);
        clock.advance(SyncSettings.SETTLE.minusMillis(1));

        assertThat(converse(a, b, a.reconciler.peerActivated(b.id))).isEmpty();
    }

    @Test
    void theNextSessionWaitsForTheInterval() {
        clock.advance(Duration.ofSeconds(30));
        converse(a, b, a.reconciler.peerActivated(b.id));

        clock.advance(settings.interval().minusSeconds(1));
        assertThat(a.reconciler.tick().queries()).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(a.reconciler.tick().queries()).singleElement()
                .satisfies(q -> assertThat(q.peer()).isEqualTo(b.id));
    }

    @Test
    void aSilentSessionIsAbandonedAfterTheSessionTimeout() {
        clock.advance(Duration.ofSeconds(30));
        long first = a.reconciler.peerActivated(b.id).queries().get(0).session();

        clock.advance(Reconciler.SESSION_TIMEOUT);
        assertThat(a.reconciler.tick().queries()).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(a.reconciler.tick().queries()).singleElement()
                .satisfies(q -> assertThat(q.session()).isNotEqualTo(first));
    }

    @Test
    void anIdIsAskedOfOnePeerAtATime() {
        List<SignedMessage> missing = b.publish(2);
        missing.forEach(m -> c.log.append(new ReceivedMessage(m, clock.instant(), Optional.empty())));
        clock.advance(Duration.ofSeconds(30));

        List<ReconcileDecision.Fetch> fromB = converse(a, b, a.reconciler.peerActivated(b.id));
        List<ReconcileDecision.Fetch> fromC = converse(a, c, a.reconciler.peerActivated(c.id));

        assertThat(fromB).hasSize(1);
        assertThat(fromC).isEmpty();
    }

    @Test
    void idsOfAClosedPeerCanBeAskedOfAnother() {
        List<SignedMessage> missing = b.publish(2);
        missing.forEach(m -> c.log.append(new ReceivedMessage(m, clock.instant(), Optional.empty())));
        clock.advance(Duration.ofSeconds(30));
        converse(a, b, a.reconciler.peerActivated(b.id));

        a.reconciler.peerClosed(b.id);

        assertThat(converse(a, c, a.reconciler.peerActivated(c.id))).singleElement()
                .satisfies(f -> assertThat(f.ids()).containsExactlyInAnyOrderElementsOf(ids(missing)));
    }

    @Test
    void fetchesComeInPagesOfAtMostMaxFetchIds() {
        b.publish(Reconciler.MAX_FETCH_IDS + 10);
        clock.advance(Duration.ofSeconds(30));
        ReconcileDecision.Fetch first = converse(a, b, a.reconciler.peerActivated(b.id)).get(0);

        ReconcileDecision answered = answer(a, b, first, Long.MAX_VALUE);

        assertThat(first.ids()).hasSize(Reconciler.MAX_FETCH_IDS);
        assertThat(answered.fetches()).singleElement().satisfies(f -> assertThat(f.ids()).hasSize(10));
    }

    @Test
    void aTruncatedAnswerAsksForTheRestAgain() {
        List<SignedMessage> missing = b.publish(3);
        clock.advance(Duration.ofSeconds(30));
        ReconcileDecision.Fetch fetch = converse(a, b, a.reconciler.peerActivated(b.id)).get(0);

        ReconcileDecision answered = answer(a, b, fetch, 1);

        assertThat(answered.recover()).hasSize(1);
        assertThat(answered.fetches()).singleElement().satisfies(f -> assertThat(f.ids()).hasSize(2)
                .doesNotContain(answered.recover().get(0).id()).isSubsetOf(ids(missing)));
    }

    @Test
    void anUnansweredFetchIsGivenUpAfterTheTimeout() {
        b.publish(2);
        clock.advance(Duration.ofSeconds(30));
        ReconcileDecision.Fetch fetch = converse(a, b, a.reconciler.peerActivated(b.id)).get(0);

        clock.advance(Reconciler.FETCH_TIMEOUT.plusMillis(1));
        a.reconciler.tick();

        assertThat(answer(a, b, fetch, Long.MAX_VALUE).charges()).containsExactly(Fee.USELESS_DATA, Fee.USELESS_DATA);
    }

    @Test
    void aReplyToNoSessionIsChargedAsUseless() {
        clock.advance(Duration.ofSeconds(30));
        a.reconciler.peerActivated(b.id);

        ReconcileDecision decision = a.reconciler.replyReceived(b.id, 42, new SyncMessage(SyncItem.bound(0), List.of()));

        assertThat(decision.charges()).containsExactly(Fee.USELESS_DATA);
    }

    @Test
    void messagesNotAskedForAreChargedAsUseless() {
        List<SignedMessage> unasked = b.publish(2);
        clock.advance(Duration.ofSeconds(30));
        a.reconciler.peerActivated(b.id);

        ReconcileDecision decision = a.reconciler.fetchAnswered(b.id, 7, unasked, false);

        assertThat(decision.recover()).isEmpty();
        assertThat(decision.charges()).containsExactly(Fee.USELESS_DATA, Fee.USELESS_DATA);
    }

    @Test
    void aRecoveryBringsTheOtherPeersSessionsForward() {
        clock.advance(Duration.ofSeconds(30));
        converse(a, b, a.reconciler.peerActivated(b.id));
        converse(a, c, a.reconciler.peerActivated(c.id));
        clock.advance(Reconciler.FOLLOW_UP.plusMillis(1));

        a.reconciler.recovered(b.id);
        clock.advance(Reconciler.FOLLOW_UP);

        assertThat(a.reconciler.tick().queries()).singleElement().satisfies(q -> assertThat(q.peer()).isEqualTo(c.id));
    }

    @Test
    void servingSkipsIdsNotLoggedAndStopsAtTheByteBound() {
        List<SignedMessage> logged = b.publish(3);
        List<MessageId> asked = List.of(ORIGIN_UNKNOWN, logged.get(0).id(), logged.get(1).id(), logged.get(2).id());

        Reconciler.Served served = b.reconciler.serve(asked, 2 * (1 + LoggedMessage.OVERHEAD_BYTES));

        assertThat(served.messages()).extracting(m -> m.message().id())
                .containsExactly(logged.get(0).id(), logged.get(1).id());
        assertThat(served.truncated()).isTrue();
    }

    private static final MessageId ORIGIN_UNKNOWN = new MessageId(1, 2, 3, 4);
}
