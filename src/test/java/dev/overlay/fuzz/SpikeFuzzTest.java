package dev.overlay.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

class SpikeFuzzTest {
    @FuzzTest
    void spike(FuzzedDataProvider data) {
        boolean b = data.consumeBoolean();
        String s1 = data.consumeString(100);
        String s2 = data.consumeString(100);
        String rest = data.consumeRemainingAsString();
        System.out.println("SPIKE b=" + b + " s1=[" + s1 + "] s2=[" + s2 + "] rest=[" + rest + "]");
    }
}
