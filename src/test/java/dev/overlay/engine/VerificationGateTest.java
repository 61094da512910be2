package dev.overlay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overlay.relay.MessageId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerificationGateTest {

    private static final MessageId ID = new MessageId(1, 2, 3, 4);
    private final VerificationGate gate = new VerificationGate();
    private final List<String> ran = new ArrayList<>();

    @Test
    void onlyTheFirstCopyClaimsAMessageUntilItsVerdictIsSettled() {
        assertThat(gate.claim(ID)).isTrue();
        assertThat(gate.claim(ID)).isFalse();

        gate.settle(ID);

        assertThat(gate.claim(ID)).isTrue();
    }

    @Test
    void copiesArrivingDuringVerificationWaitForTheVerdictInArrivalOrder() {
        gate.claim(ID);
        gate.afterVerdict(ID, () -> ran.add("second"));
        gate.afterVerdict(ID, () -> ran.add("third"));
        assertThat(ran).isEmpty();

        gate.settle(ID);

        assertThat(ran).containsExactly("second", "third");
        assertThat(gate.inFlight()).isZero();
    }

    @Test
    void copiesArrivingAfterTheVerdictGoThroughAtOnce() {
        gate.claim(ID);
        gate.settle(ID);

        gate.afterVerdict(ID, () -> ran.add("late"));

        assertThat(ran).containsExactly("late");
    }
}
