package dev.overlay.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;

/**
 * Loads the node key from, or creates it in, a PKCS#8 PEM file ({@code openssl pkey -in node.key}
 * reads it). A file that exists but cannot be read or parsed is an {@link IdentityException}: the node
 * must never silently take a new identity, since peers and operators know it by its id.
 */
public final class NodeKeyFile {

    public static final String FILE_NAME = "node.key";
    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path file;

    public NodeKeyFile(Path dataDir) {
        this.file = dataDir.resolve(FILE_NAME);
    }

    public Path path() {
        return file;
    }

    /** Returns the stored key, creating and storing a fresh one only if no key file exists yet. */
    public NodeKey loadOrCreate(SecureRandom random) {
        if (Files.exists(file)) {
            return load();
        }
        NodeKey key = NodeKey.generate(random);
        write(key);
        return key;
    }

    public NodeKey load() {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            throw corrupt("cannot be read (" + e.getMessage() + ")", e);
        }
        int begin = pem.indexOf(BEGIN);
        int end = pem.indexOf(END);
        if (begin < 0 || end < begin) {
            throw corrupt("is not a PEM 'PRIVATE KEY' file", null);
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + BEGIN.length(), end));
            AsymmetricKeyParameter key = PrivateKeyFactory.createKey(PrivateKeyInfo.getInstance(der));
            if (!(key instanceof Ed25519PrivateKeyParameters ed25519)) {
                throw corrupt("holds a " + key.getClass().getSimpleName() + ", not an Ed25519 key", null);
            }
            return new NodeKey(ed25519);
        } catch (IdentityException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw corrupt("does not hold a valid PKCS#8 Ed25519 key (" + e.getMessage() + ")", e);
        }
    }

    private void write(NodeKey key) {
        try {
            Files.createDirectories(file.getParent());
            byte[] der = PrivateKeyInfoFactory.createPrivateKeyInfo(key.privateKeyParameters()).getEncoded();
            String pem = BEGIN + "\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n" + END + "\n";
            Path temp = file.resolveSibling(FILE_NAME + ".tmp");
            Files.deleteIfExists(temp);
            if (supportsPosix()) {
                Files.createFile(temp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createFile(temp);
            }
            Files.writeString(temp, pem, StandardCharsets.US_ASCII);
            moveIntoPlace(temp);
        } catch (IOException e) {
            throw new IdentityException("Cannot create the node key file " + file + ": " + e.getMessage(), e);
        }
    }

    private void moveIntoPlace(Path temp) throws IOException {
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file);
        }
    }

    private static boolean supportsPosix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private IdentityException corrupt(String what, Throwable cause) {
        return new IdentityException("The node key file " + file + " " + what
                + ". Refusing to start with a different identity: restore the file from a backup, or move it"
                + " away to let the node create a new identity.", cause);
    }
}
