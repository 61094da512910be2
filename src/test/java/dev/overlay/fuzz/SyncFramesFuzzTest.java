package dev.overlay.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.overlay.engine.SyncFramesProbe;
import org.junit.jupiter.api.BeforeAll;

/**
 * Arbitrary bytes as the body of each sync frame a peer may send: parsing and answering them may only
 * refuse ({@link IllegalArgumentException} or a protobuf parse error), never fail otherwise or take
 * more than the limits allow.
 */
class SyncFramesFuzzTest {

    @BeforeAll
    static void regressionModeSettings() {
        RegressionMode.skipBugDetectorHooksUnlessFuzzing();
    }

    @FuzzTest(maxDuration = "60s")
    void syncRangesAreParsedAndAnsweredOrRefused(FuzzedDataProvider data) {
        SyncFramesProbe.answer(data.consumeRemainingAsBytes());
    }
}
