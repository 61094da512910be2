package dev.overlay.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves the API token: the configured one if set, otherwise the one stored in the data directory,
 * otherwise a new random token that is stored (owner-only) and logged exactly once, at creation.
 */
final class ApiTokenStore {

    static final String FILE_NAME = "api-token";
    private static final Logger log = LoggerFactory.getLogger(ApiTokenStore.class);

    private ApiTokenStore() {
    }

    static ApiToken resolve(String configured, Path dataDir, SecureRandom random) {
        if (configured != null && !configured.isBlank()) {
            return new ApiToken(configured.trim());
        }
        Path file = dataDir.resolve(FILE_NAME);
        try {
            if (Files.exists(file)) {
                return new ApiToken(Files.readString(file, StandardCharsets.UTF_8).trim());
            }
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            ApiToken token = new ApiToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
            Files.createDirectories(dataDir);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(file, token.value(), StandardCharsets.UTF_8);
            log.warn("Generated an API token for mutating API calls (stored in {}): {}", file, token.value());
            return token;
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("Cannot read or create the API token file " + file
                    + ": " + e.getMessage() + ". Set overlay.api-token or fix the file.", e);
        }
    }
}
