package dev.overlay.fuzz;

import java.util.Locale;
import java.util.Set;

/**
 * Settings for running the {@code @FuzzTest}s over their seed corpus in the ordinary build.
 *
 * <p>Without {@code JAZZER_FUZZ}, Jazzer still installs its agent with every bug-detector hook, which
 * costs about ten seconds of start-up and instruments every class loaded afterwards. The detectors
 * (SQL, LDAP, EL injection, SSRF, ...) have nothing to look at in these byte and text parsers, so in
 * regression mode they are switched off through the {@code jazzer.hooks} configuration parameter,
 * which JUnit also reads from system properties. Real fuzzing runs ({@code JAZZER_FUZZ=1}) keep the
 * hooks, which guide the fuzzer through comparisons; an explicit {@code -Djazzer.hooks} always wins.
 */
final class RegressionMode {

    private static final Set<String> FUZZING_VALUES = Set.of("1", "true", "yes");

    private RegressionMode() {
    }

    /** Call from {@code @BeforeAll} of every fuzz test class: the first one to run decides. */
    static void skipBugDetectorHooksUnlessFuzzing() {
        String fuzz = System.getenv("JAZZER_FUZZ");
        boolean fuzzing = fuzz != null && FUZZING_VALUES.contains(fuzz.toLowerCase(Locale.ROOT));
        if (!fuzzing && System.getProperty("jazzer.hooks") == null) {
            System.setProperty("jazzer.hooks", "false");
        }
    }
}
