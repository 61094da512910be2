package dev.overlay.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** The bearer token that authorizes mutating API calls. */
public record ApiToken(String value) {

    public ApiToken {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("API token must not be blank");
        }
    }

    /** Constant-time comparison, so response timing does not leak the token. */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(
                value.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "ApiToken[****]";
    }
}
