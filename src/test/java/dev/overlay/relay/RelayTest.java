package dev.overlay.relay;

import static dev.overlay.relay.RelayFixture.A;
import static dev.overlay.relay.RelayFixture.B;
import static dev.overlay.relay.RelayFixture.C;
import static dev.overlay.relay.RelayFixture.D;
import static dev.overlay.relay.RelayFixture.E;
import static dev.overlay.relay.RelayFixture.IDLE_TIMEOUT;
import static dev.overlay.relay.RelayFixture.MAX_HOPS;
import static dev.overlay.relay.RelayFixture.MAX_MESSAGE_AGE;
import static dev.overlay.relay.RelayFixture.MAX_SQUELCH;
import static dev.overlay.relay.RelayFixture.MIN_SQUELCH;
import static dev.overlay.relay.RelayFixture.ORIGIN;
import static dev.overlay.relay.RelayFixture.OTHER_ORIGIN;
import static dev.overlay.relay.RelayFixture.REPLAY_WINDOW;
import static dev.overlay.relay.RelayFixture.SELF;
import static org.assertj.core.api.Assertions.assertThat;

import dev.overlay.identity.NodeId;
import dev.overlay.relay.RecordingOutput.Published;
import dev.overlay.relay.RecordingOutput.Squelched;
import dev.overlay.relay.RecordingOutput.Unsquelched;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RelayTest {

    private final RelayFixture f = new RelayFixture();
    private final RecordingRelay relay = f.relay;
    private final RecordingOutput output = f.output;
    private final RelayCounters counters = relay.counters();

    @Nested
    class LocalPublication {

        @Test
        void isDeliveredLocallyOnceWithoutASendingPeer() {
            f.activateCapable(A);
            SignedMessage m = f.next(SELF);

            relay.publishLocal(m);

            assertThat(f.delivered).singleElement().satisfies(r -> {
                assertThat(r.message().id()).isEqualTo(m.id());
                assertThat(r.fromPeer()).isEmpty();
                assertThat(r.receivedAt()).isEqualTo(f.clock.instant());
            });
            assertThat(counters.delivered.sum()).isEqualTo(1);
            assertThat(relay.seen().contains(m.id())).isTrue();
        }

        @Test
        void isSentOnceToEveryActivatedPeerWithZeroHops() {
            relay.peerActivated(A, true);
            relay.peerActivated(B, false);
            relay.peerActivated(C, true);
            SignedMessage m = f.next(SELF);

            relay.publishLocal(m);

            assertThat(output.published).singleElement().satisfies(p -> {
                assertThat(p.peers()).containsExactlyInAnyOrder(A, B, C);
                assertThat(p.message()).isSameAs(m);
                assertThat(p.hops()).isZero();
            });
            assertThat(counters.relayed.sum()).isEqualTo(3);
        }

        @Test
        void isNotSentToAPeerThatHasClosed() {
            f.activateCapable(A, B);
            relay.peerClosed(B);

            relay.publishLocal(f.next(SELF));

            assertThat(output.published).singleElement().extracting(Published::peers).isEqualTo(List.of(A));
        }

        @Test
        void withNoPeersIsDeliveredButNothingIsSent() {
            relay.publishLocal(f.next(SELF));

            assertThat(f.delivered).hasSize(1);
            assertThat(output.published).isEmpty();
            assertThat(counters.relayed.sum()).isZero();
        }

        @Test
        void reachesEveryListenerAndNotARemovedOne() {
            List<ReceivedMessage> second = new ArrayList<>();
            MessageListener removed = r -> { throw new AssertionError("removed listener called"); };
            relay.addListener(second::add);
            relay.addListener(removed);
            relay.removeListener(removed);

            relay.publishLocal(f.next(SELF));

            assertThat(f.delivered).hasSize(1);
            assertThat(second).hasSize(1);
        }
    }

    @Nested
    class ReceivedMessages {

        @Test
        void aNewMessageIsDeliveredOnceWithItsSendingPeer() {
            f.activateCapable(A, B);
            SignedMessage m = f.next(ORIGIN);

            relay.received(A, m, 1, true);

            assertThat(f.delivered).singleElement().satisfies(r -> {
                assertThat(r.message().id()).isEqualTo(m.id());
                assertThat(r.fromPeer()).contains(A);
            });
            assertThat(counters.received.sum()).isEqualTo(1);
            assertThat(counters.delivered.sum()).isEqualTo(1);
            assertThat(counters.duplicates.sum()).isZero();
        }

        @Test
        void aNewMessageIsRelayedToEveryActivePeerExceptTheSenderAndTheOriginWithOneMoreHop() {
            f.activateCapable(A, B, C, ORIGIN.nodeId());
            SignedMessage m = f.next(ORIGIN);

            relay.received(A, m, 2, true);

            assertThat(output.published).singleElement().satisfies(p -> {
                assertThat(p.peers()).containsExactlyInAnyOrder(B, C);
                assertThat(p.message()).isSameAs(m);
                assertThat(p.hops()).isEqualTo(3);
            });
            assertThat(counters.relayed.sum()).isEqualTo(2);
        }

        @Test
        void aSecondCopyFromAnotherPeerIsCountedAsDuplicateAndNeitherDeliveredNorRelayedAgain() {
            f.activateCapable(A, B, C);
            SignedMessage m = f.next(ORIGIN);
            relay.received(A, m, 1, true);

            relay.received(B, m, 1, true);

            assertThat(counters.received.sum()).isEqualTo(2);
            assertThat(counters.duplicates.sum()).isEqualTo(1);
            assertThat(counters.delivered.sum()).isEqualTo(1);
            assertThat(f.delivered).hasSize(1);
            assertThat(output.published).hasSize(1);
        }

        @Test
        void isNeverSentBackToAPeerThatDeliveredIt() {
            f.activateCapable(A, B, C);
            SignedMessage m = f.next(ORIGIN);

            relay.received(A, m, 1, true);
            relay.received(B, m, 1, true);
            relay.received(C, m, 1, true);

            assertThat(output.hopsSentTo(A, m)).isEmpty();
            assertThat(output.hopsSentTo(B, m)).containsExactly(2);
            assertThat(output.hopsSentTo(C, m)).containsExactly(2);
        }

        @Test
        void aCopyReceivedFromTheSamePeerTwiceIsADuplicate() {
            f.activateCapable(A, B);
            SignedMessage m = f.next(ORIGIN);
            relay.received(A, m, 1, true);

            relay.received(A, m, 1, true);

            assertThat(counters.duplicates.sum()).isEqualTo(1);
            assertThat(f.delivered).hasSize(1);
            assertThat(output.published).hasSize(1);
        }

        @Test
        void ourOwnMessageEchoedBackIsADuplicate() {
            f.activateCapable(A);
            SignedMessage m = f.next(SELF);
            relay.publishLocal(m);

            relay.received(A, m, 1, true);

            assertThat(counters.duplicates.sum()).isEqualTo(1);
            assertThat(f.delivered).hasSize(1);
            assertThat(output.published).hasSize(1);
        }

        @Test
        void aMessageOlderThanMaxMessageAgeIsDroppedAsExpired() {
            f.activateCapable(A, B);
            SignedMessage old = f.stamped(ORIGIN, MAX_MESSAGE_AGE.plusMillis(1).negated());

            relay.received(A, old, 1, true);

            assertThat(counters.expired.sum()).isEqualTo(1);
            assertThat(f.delivered).isEmpty();
            assertThat(output.published).isEmpty();
            assertThat(relay.seen().contains(old.id())).isFalse();
        }

        @Test
        void aMessageStampedFurtherThanMaxMessageAgeInTheFutureIsDroppedAsExpired() {
            f.activateCapable(A, B);
            SignedMessage future = f.stamped(ORIGIN, MAX_MESSAGE_AGE.plusMillis(1));

            relay.received(A, future, 1, true);

            assertThat(counters.expired.sum()).isEqualTo(1);
            assertThat(f.delivered).isEmpty();
            assertThat(output.published).isEmpty();
        }

        @Test
        void aMessageExactlyMaxMessageAgeOldOrAheadIsAccepted() {
            f.activateCapable(A, B);

            relay.received(A, f.stamped(ORIGIN, MAX_MESSAGE_AGE.negated()), 1, true);
            relay.received(A, f.stamped(ORIGIN, MAX_MESSAGE_AGE), 1, true);

            assertThat(counters.expired.sum()).isZero();
            assertThat(f.delivered).hasSize(2);
        }

        @Test
        void atMaxHopsAMessageIsDeliveredButNotRelayed() {
            f.activateCapable(A, B, C);
            SignedMessage m = f.next(ORIGIN);

            relay.received(A, m, MAX_HOPS, true);

            assertThat(f.delivered).hasSize(1);
            assertThat(output.published).isEmpty();
            assertThat(counters.relayed.sum()).isZero();
        }

        @Test
        void oneHopBelowMaxHopsAMessageIsRelayedWithMaxHops() {
            f.activateCapable(A, B);
            SignedMessage m = f.next(ORIGIN);

            relay.received(A, m, MAX_HOPS - 1, true);

            assertThat(output.hopsSentTo(B, m)).containsExactly(MAX_HOPS);
        }
    }

    /**
     * Four squelch-capable peers deliver ORIGIN's messages; A and B alternate in delivering first, so
     * after the threshold A (2 firsts) and B (1 first) become the sources.
     */
    @Nested
    class SourceSelection {

        private Instant selectedAt;

        private void deliverUntilSelection() {
            f.deliverInOrder(f.next(ORIGIN), A, B, C, D);
            f.deliverInOrder(f.next(ORIGIN), B, A, C, D);
            selectedAt = f.clock.instant();
            f.deliverInOrder(f.next(ORIGIN), A, B, C, D);
        }

        private SquelchView onlyView() {
            assertThat(relay.squelchViews()).hasSize(1);
            return relay.squelchViews().get(0);
        }

        @Test
        void nothingIsSquelchedBeforeTheThreshold() {
            f.activateCapable(A, B, C, D);

            f.deliverInOrder(f.next(ORIGIN), A, B, C, D);
            f.deliverInOrder(f.next(ORIGIN), B, A, C, D);

            assertThat(output.squelched).isEmpty();
            assertThat(onlyView().selected()).isEmpty();
            assertThat(onlyView().squelched()).isEmpty();
            assertThat(onlyView().messagesCounted()).isEqualTo(2);
            assertThat(onlyView().selections()).isZero();
        }

        @Test
        void afterTheThresholdTheNonSelectedPeersAndOnlyThemAreSquelched() {
            f.activateCapable(A, B, C, D);

            deliverUntilSelection();

            assertThat(output.squelchedPeers()).containsExactlyInAnyOrder(C, D);
            assertThat(output.squelched).allSatisfy(s -> {
                assertThat(s.origin()).isEqualTo(ORIGIN.nodeId());
                assertThat(s.duration()).isBetween(MIN_SQUELCH, MAX_SQUELCH);
            });
            assertThat(counters.squelchesSent.sum()).isEqualTo(2);
        }

        @Test
        void theViewShowsTheFastestPeersAsSelectedAndTheOthersSquelchedUntilTheirExpiry() {
            f.activateCapable(A, B, C, D);

            deliverUntilSelection();

            SquelchView view = onlyView();
            assertThat(view.origin()).isEqualTo(ORIGIN.nodeId());
            assertThat(view.selected()).containsExactlyInAnyOrder(A, B);
            Map<NodeId, Instant> expected = new HashMap<>();
            for (Squelched s : output.squelched) {
                expected.put(s.peer(), selectedAt.plus(s.duration()));
            }
            assertThat(view.squelched()).isEqualTo(expected).containsOnlyKeys(C, D);
            assertThat(view.messagesCounted()).isEqualTo(3);
            assertThat(view.selections()).isEqualTo(1);
        }

        @Test
        void aSquelchedPeerIsNotSquelchedAgainWhileItsSquelchRuns() {
            f.activateCapable(A, B, C, D);
            deliverUntilSelection();

            f.deliverInOrder(f.next(ORIGIN), A, B, C, D);

            assertThat(output.squelched).hasSize(2);
        }

        @Test
        void aPeerThatStartsDeliveringAfterSelectionIsSquelchedAtOnce() {
            f.activateCapable(A, B, C, D);
            deliverUntilSelection();
            NodeId late = E;
            relay.peerActivated(late, true);

            f.deliverInOrder(f.next(ORIGIN), A, B, late);

            assertThat(output.squelchedPeers()).containsExactlyInAnyOrder(C, D, late);
        }

        @Test
        void aPeerThatDidNotNegotiateSquelchIsNeverSentOne() {
            f.activateCapable(A, B, C);
            relay.peerActivated(D, false);

            deliverUntilSelection();
            f.deliverInOrder(f.next(ORIGIN), A, B, C, D);
            f.deliverInOrder(f.next(ORIGIN), B, A, D);

            assertThat(output.squelchedPeers()).containsExactly(C);
            assertThat(onlyView().squelched()).containsOnlyKeys(C);
            assertThat(counters.squelchesSent.sum()).isEqualTo(1);
        }

        @Test
        void squelchingIsOffWhenDisabledInSettings() {
            RelayFixture disabled = new RelayFixture(RelayFixture.settings(false));
            disabled.activateCapable(A, B, C, D);
            for (int i = 0; i < 5; i++) {
                disabled.deliverInOrder(disabled.next(ORIGIN), A, B, C, D);
            }

            assertThat(disabled.output.squelched).isEmpty();
            assertThat(disabled.relay.squelchViews()).isEmpty();
        }

        @Test
        void ourOwnOriginIsNeverCountedForSelection() {
            f.activateCapable(A, B, C, D);
            for (int i = 0; i < 5; i++) {
                f.deliverInOrder(f.next(SELF), A, B, C, D);
            }

            assertThat(output.squelched).isEmpty();
            assertThat(relay.squelchViews()).isEmpty();
        }

        @Test
        void aSelectedPeerClosingUnsquelchesEverySquelchedPeerAndRestartsCounting() {
            f.activateCapable(A, B, C, D);
            deliverUntilSelection();

            relay.peerClosed(A);

            assertThat(output.unsquelched).containsExactlyInAnyOrder(
                    new Unsquelched(C, ORIGIN.nodeId()), new Unsquelched(D, ORIGIN.nodeId()));
            assertThat(counters.unsquelchesSent.sum()).isEqualTo(2);
            SquelchView view = onlyView();
            assertThat(view.selected()).isEmpty();
            assertThat(view.squelched()).isEmpty();
            assertThat(view.messagesCounted()).isZero();
            assertThat(view.selections()).isEqualTo(1);
        }

        @Test
        void aSelectedPeerClosingUnsquelchesOnlyPeersStillActive() {
            f.activateCapable(A, B, C, D);
            deliverUntilSelection();
            relay.peerClosed(D);

            relay.peerClosed(A);

            assertThat(output.unsquelchedPeers()).containsExactly(C);
        }

        @Test
        void aNonSelectedPeerClosingKeepsTheSelection() {
            f.activateCapable(A, B, C, D);
            deliverUntilSelection();

            relay.peerClosed(C);

            assertThat(output.unsquelched).isEmpty();
            assertThat(onlyView().selected()).containsExactlyInAnyOrder(A, B);
            assertThat(onlyView().squelched()).containsOnlyKeys(D);
        }

        @Test
        void afterARestartANewSelectionFollowsTheThreshold() {
            f.activateCapable(A, B, C, D);
            deliverUntilSelection();
            relay.peerClosed(A);
            output.clear();

            f.deliverInOrder(f.next(ORIGIN), B, C, D);
            f.deliverInOrder(f.next(ORIGIN), C, B, D);
            assertThat(output.squelched).isEmpty();
            f.deliverInOrder(f.next(ORIGIN), B, C, D);

            assertThat(output.squelchedPeers()).containsExactly(D);
            assertThat(onlyView().selected()).containsExactlyInAnyOrder(B, C);
            assertThat(onlyView().selections()).isEqualTo(2);
        }

        @Test
        void aSelectedPeerIdleLongerThanIdleTimeoutWhileTheOriginPublishesTriggersUnsquelchAndRestart() {
            f.activateCapable(A, B, C, D);
            deliverUntilSelection();
            // C and D honour their squelch; A falls silent, B keeps delivering.
            f.clock.advance(Duration.ofSeconds(5));
            f.deliverInOrder(f.next(ORIGIN), B);
            f.clock.advance(Duration.ofSeconds(5));
            f.deliverInOrder(f.next(ORIGIN), B);
            f.clock.advance(Duration.ofSeconds(1));
            f.deliverInOrder(f.next(ORIGIN), B);

            relay.tick();

            assertThat(output.unsquelched).containsExactlyInAnyOrder(
                    new Unsquelched(C, ORIGIN.nodeId()), new Unsquelched(D, ORIGIN.nodeId()));
            assertThat(onlyView().selected()).isEmpty();
            assertThat(onlyView().squelched()).isEmpty();
            assertThat(onlyView().messagesCounted()).isZero();
        }

        @Test
        void aSelectedPeerSilentForExactlyIdleTimeoutIsKept() {
            f.activateCapable(A, B, C, D);
            deliverUntilSelection();
            f.clock.advance(IDLE_TIMEOUT);
            f.deliverInOrder(f.next(ORIGIN), B);

            relay.tick();

            assertThat(output.unsquelched).isEmpty();
            assertThat(onlyView().selected()).containsExactlyInAnyOrder(A, B);
        }

        @Test
        void theSelectedSourcesAreOfferedToDiscoverySoRotationSparesThem() {
            f.activateCapable(A, B, C, D);
            assertThat(relay.selectedSources()).isEmpty();

            deliverUntilSelection();

            assertThat(relay.selectedSources()).containsExactlyInAnyOrder(A, B);
        }

        @Test
        void selectedPeersSilentWhileReconciliationRecoversTheOriginsMessagesAreReplaced() {
            // What a node whose sources form a cycle with it sees: no live copy, the origin's messages
            // arriving only through reconciliation.
            f.activateCapable(A, B, C, D);
            deliverUntilSelection();
            f.clock.advance(IDLE_TIMEOUT.plusSeconds(1));
            relay.recovered(E, f.next(ORIGIN), true);

            relay.tick();

            assertThat(output.unsquelched).containsExactlyInAnyOrder(
                    new Unsquelched(C, ORIGIN.nodeId()), new Unsquelched(D, ORIGIN.nodeId()));
            assertThat(onlyView().selected()).isEmpty();
        }

        @Test
        void selectedPeersSilentWhileReconciliationRecoversOnlyOldMessagesAreKept() {
            f.activateCapable(A, B, C, D);
            SignedMessage old = f.next(ORIGIN);
            deliverUntilSelection();
            f.clock.advance(IDLE_TIMEOUT.plusSeconds(1));
            relay.recovered(E, old, true);

            relay.tick();

            assertThat(output.unsquelched).isEmpty();
            assertThat(onlyView().selected()).containsExactlyInAnyOrder(A, B);
        }

        @Test
        void selectedPeersSilentWhileTheOriginIsSilentTooAreKept() {
            f.activateCapable(A, B, C, D);
            deliverUntilSelection();

            f.clock.advance(IDLE_TIMEOUT.multipliedBy(2));
            relay.tick();

            assertThat(output.unsquelched).isEmpty();
            assertThat(onlyView().selected()).containsExactlyInAnyOrder(A, B);
        }

        @Test
        void tickForgetsAnOriginQuietForLongerThanMaxSquelchPlusIdleTimeout() {
            f.activateCapable(A, B, C, D);
            deliverUntilSelection();
            Duration quiet = MAX_SQUELCH.plus(IDLE_TIMEOUT);

            f.clock.advance(quiet);
            relay.tick();
            assertThat(relay.squelchViews()).hasSize(1);

            f.clock.advance(Duration.ofMillis(1));
            relay.tick();
            assertThat(relay.squelchViews()).isEmpty();
            assertThat(output.unsquelched).isEmpty();
        }

        @Test
        void aSquelchThatExpiredIsNotShownInTheView() {
            f.activateCapable(A, B, C, D);
            deliverUntilSelection();

            f.clock.advance(MAX_SQUELCH);

            assertThat(onlyView().squelched()).isEmpty();
            assertThat(onlyView().selected()).containsExactlyInAnyOrder(A, B);
        }

        @Test
        void aPeerWhoseSquelchExpiredIsSquelchedAgainWhenItDeliversOnceMore() {
            f.activateCapable(A, B, C, D);
            deliverUntilSelection();
            f.clock.advance(MAX_SQUELCH);
            output.clear();

            f.deliverInOrder(f.next(ORIGIN), A, B, C);

            assertThat(output.squelchedPeers()).containsExactly(C);
        }
    }

    /** What peers ask of us: P = A and Q = B are squelch-capable, C did not negotiate squelch. */
    @Nested
    class RemoteSquelch {

        private final Duration minute = Duration.ofSeconds(60);

        private void activate() {
            f.activateCapable(A, B);
            relay.peerActivated(C, false);
        }

        @Test
        void messagesOfASquelchedOriginAreNotSentToThePeerThatAskedAndAreCountedSuppressed() {
            activate();
            relay.squelchRequested(A, ORIGIN.nodeId(), true, minute);
            SignedMessage m = f.next(ORIGIN);

            relay.received(B, m, 1, true);

            assertThat(output.sentTo(A, m)).isFalse();
            assertThat(output.sentTo(C, m)).isTrue();
            assertThat(counters.suppressed.sum()).isEqualTo(1);
            assertThat(counters.relayed.sum()).isEqualTo(1);
        }

        @Test
        void messagesOfOtherOriginsStillReachThePeer() {
            activate();
            relay.squelchRequested(A, ORIGIN.nodeId(), true, minute);
            SignedMessage other = f.next(OTHER_ORIGIN);

            relay.received(B, other, 1, true);

            assertThat(output.sentTo(A, other)).isTrue();
            assertThat(counters.suppressed.sum()).isZero();
        }

        @Test
        void ourOwnPublicationsAreWithheldFromAPeerThatSquelchedUs() {
            activate();
            relay.squelchRequested(A, SELF.nodeId(), true, minute);
            SignedMessage m = f.next(SELF);

            relay.publishLocal(m);

            assertThat(output.sentTo(A, m)).isFalse();
            assertThat(output.sentTo(B, m)).isTrue();
            assertThat(counters.suppressed.sum()).isEqualTo(1);
        }

        @Test
        void afterTheDurationElapsesMessagesAreSentAgain() {
            activate();
            relay.squelchRequested(A, ORIGIN.nodeId(), true, minute);
            f.clock.advance(minute.minusMillis(1));
            SignedMessage during = f.next(ORIGIN);
            relay.received(B, during, 1, true);

            f.clock.advance(Duration.ofMillis(1));
            SignedMessage after = f.next(ORIGIN);
            relay.received(B, after, 1, true);

            assertThat(output.sentTo(A, during)).isFalse();
            assertThat(output.sentTo(A, after)).isTrue();
        }

        @Test
        void unsquelchResumesRelayingAtOnce() {
            activate();
            relay.squelchRequested(A, ORIGIN.nodeId(), true, minute);
            relay.squelchRequested(A, ORIGIN.nodeId(), false, Duration.ZERO);
            SignedMessage m = f.next(ORIGIN);

            relay.received(B, m, 1, true);

            assertThat(output.sentTo(A, m)).isTrue();
        }

        @Test
        void unsquelchReplaysTheWithheldCopiesWithinTheReplayWindowWithTheirHops() {
            activate();
            relay.squelchRequested(A, ORIGIN.nodeId(), true, minute);
            f.clock.advance(Duration.ofSeconds(1));
            SignedMessage first = f.next(ORIGIN);
            relay.received(B, first, 1, true);
            f.clock.advance(Duration.ofSeconds(1));
            SignedMessage second = f.next(ORIGIN);
            relay.received(B, second, 2, true);
            output.clear();

            relay.squelchRequested(A, ORIGIN.nodeId(), false, Duration.ZERO);

            assertThat(output.published).containsExactly(
                    new Published(List.of(A), first, 2), new Published(List.of(A), second, 3));
            assertThat(counters.replayed.sum()).isEqualTo(2);
        }

        @Test
        void unsquelchDoesNotReplayCopiesOlderThanTheReplayWindow() {
            activate();
            relay.squelchRequested(A, ORIGIN.nodeId(), true, minute);
            f.clock.advance(Duration.ofSeconds(1));
            SignedMessage stale = f.next(ORIGIN);
            relay.received(B, stale, 1, true);
            f.clock.advance(REPLAY_WINDOW.multipliedBy(2));
            SignedMessage fresh = f.next(ORIGIN);
            relay.received(B, fresh, 1, true);
            f.clock.advance(Duration.ofSeconds(1));
            output.clear();

            relay.squelchRequested(A, ORIGIN.nodeId(), false, Duration.ZERO);

            assertThat(output.sentTo(A, stale)).isFalse();
            assertThat(output.sentTo(A, fresh)).isTrue();
            assertThat(counters.replayed.sum()).isEqualTo(1);
        }

        @Test
        void unsquelchReplaysOnlyTheCopiesOfThatOrigin() {
            activate();
            relay.squelchRequested(A, ORIGIN.nodeId(), true, minute);
            relay.squelchRequested(A, OTHER_ORIGIN.nodeId(), true, minute);
            SignedMessage ofOrigin = f.next(ORIGIN);
            SignedMessage ofOther = f.next(OTHER_ORIGIN);
            relay.received(B, ofOrigin, 1, true);
            relay.received(B, ofOther, 1, true);
            output.clear();

            relay.squelchRequested(A, ORIGIN.nodeId(), false, Duration.ZERO);

            assertThat(output.published).containsExactly(new Published(List.of(A), ofOrigin, 2));
        }

        @Test
        void withheldCopiesAreReplayedOnlyOnce() {
            activate();
            relay.squelchRequested(A, ORIGIN.nodeId(), true, minute);
            relay.received(B, f.next(ORIGIN), 1, true);
            relay.squelchRequested(A, ORIGIN.nodeId(), false, Duration.ZERO);
            output.clear();

            relay.squelchRequested(A, ORIGIN.nodeId(), true, minute);
            relay.squelchRequested(A, ORIGIN.nodeId(), false, Duration.ZERO);

            assertThat(output.published).isEmpty();
            assertThat(counters.replayed.sum()).isEqualTo(1);
        }

        @Test
        void aSquelchRequestFromAPeerThatDidNotNegotiateSquelchIsRefusedAndIgnored() {
            activate();

            relay.squelchRequested(C, ORIGIN.nodeId(), true, minute);
            SignedMessage m = f.next(ORIGIN);
            relay.received(B, m, 1, true);

            assertThat(counters.squelchesRefused.sum()).isEqualTo(1);
            assertThat(output.sentTo(C, m)).isTrue();
            assertThat(counters.suppressed.sum()).isZero();
        }

        @Test
        void aSquelchRequestFromAnInactivePeerIsRefused() {
            activate();

            relay.squelchRequested(D, ORIGIN.nodeId(), true, minute);

            assertThat(counters.squelchesRefused.sum()).isEqualTo(1);
        }

        @Test
        void aSquelchRequestedLongerThanTheMaximumIsCutToIt() {
            activate();
            relay.squelchRequested(A, ORIGIN.nodeId(), true, Duration.ofHours(5));

            f.clock.advance(Relay.MAX_ACCEPTED_SQUELCH.minusSeconds(1));
            SignedMessage during = f.next(ORIGIN);
            relay.received(B, during, 1, true);
            f.clock.advance(Duration.ofSeconds(1));
            SignedMessage after = f.next(ORIGIN);
            relay.received(B, after, 1, true);

            assertThat(output.sentTo(A, during)).isFalse();
            assertThat(output.sentTo(A, after)).isTrue();
        }

        @Test
        void aPeerThatClosesAndReturnsStartsWithoutItsOldSquelches() {
            activate();
            relay.squelchRequested(A, ORIGIN.nodeId(), true, minute);
            relay.received(B, f.next(ORIGIN), 1, true);
            relay.peerClosed(A);
            relay.peerActivated(A, true);
            output.clear();

            SignedMessage m = f.next(ORIGIN);
            relay.received(B, m, 1, true);
            relay.squelchRequested(A, ORIGIN.nodeId(), false, Duration.ZERO);

            assertThat(output.hopsSentTo(A, m)).containsExactly(2);
            assertThat(counters.replayed.sum()).isZero();
        }
    }
}
