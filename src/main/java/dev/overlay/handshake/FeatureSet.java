package dev.overlay.handshake;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Optional protocol features as carried by {@code X-Protocol-Ctl: compr=lz4;squelch=1}. A feature is
 * used on a connection only if both sides listed it with a value both understand: unknown features
 * are dropped, never guessed.
 */
public record FeatureSet(Map<String, String> values) {

    public static final FeatureSet NONE = new FeatureSet(Map.of());
    /** Longest header, raw or as written back, so whatever is read can be written and read again. */
    public static final int MAX_HEADER_LENGTH = 512;
    private static final int MAX_ENTRIES = 16;
    private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,32}");
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9.,-]{1,64}");

    public FeatureSet {
        values = Map.copyOf(values);
    }

    public static FeatureSet parse(String header) {
        if (header == null || header.isBlank()) {
            return NONE;
        }
        Map<String, String> values = new LinkedHashMap<>();
        String[] entries = header.split(";", -1);
        if (entries.length > MAX_ENTRIES) {
            throw new IllegalArgumentException("more than " + MAX_ENTRIES + " features");
        }
        for (String raw : entries) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int eq = entry.indexOf('=');
            String name = eq < 0 ? entry : entry.substring(0, eq).trim();
            String value = eq < 0 ? "1" : entry.substring(eq + 1).trim();
            if (!NAME.matcher(name).matches() || !VALUE.matcher(value).matches()) {
                throw new IllegalArgumentException("malformed feature '" + entry + "'");
            }
            if (values.putIfAbsent(name, value) != null) {
                throw new IllegalArgumentException("feature '" + name + "' listed twice");
            }
        }
        FeatureSet features = new FeatureSet(values);
        if (header.length() > MAX_HEADER_LENGTH || features.header().length() > MAX_HEADER_LENGTH) {
            throw new IllegalArgumentException("longer than " + MAX_HEADER_LENGTH + " characters");
        }
        return features;
    }

    /** The features of {@code offered} that this side supports with exactly the same value. */
    public FeatureSet intersect(FeatureSet offered) {
        return new FeatureSet(values.entrySet().stream()
                .filter(e -> e.getValue().equals(offered.values.get(e.getKey())))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    public Set<String> asStrings() {
        return values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.toSet());
    }

    public String header() {
        return values.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(";"));
    }
}
