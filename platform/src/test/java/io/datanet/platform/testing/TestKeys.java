package io.datanet.platform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * The RSA key pair tests sign tokens with: made on first use under {@code target/test-jwt}, never committed.
 * Kept in files rather than statics because Quarkus tests load classes in more than one class loader.
 */
public final class TestKeys {

    private static final Path DIR = Path.of("target", "test-jwt").toAbsolutePath();
    private static final Path PUBLIC = DIR.resolve("public.pem");
    private static final Path PRIVATE = DIR.resolve("private.pem");

    private TestKeys() {
    }

    public static Path publicKeyPath() {
        ensure();
        return PUBLIC;
    }

    public static PrivateKey privateKey() {
        ensure();
        try {
            String pem = Files.readString(PRIVATE).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read test private key", e);
        }
    }

    private static synchronized void ensure() {
        if (Files.exists(PUBLIC) && Files.exists(PRIVATE)) {
            return;
        }
        try {
            Files.createDirectories(DIR);
            try (FileChannel lockFile = FileChannel.open(DIR.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = lockFile.lock()) {
                if (Files.exists(PUBLIC) && Files.exists(PRIVATE)) {
                    return;
                }
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair pair = generator.generateKeyPair();
                Files.writeString(PRIVATE, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
                Files.writeString(PUBLIC, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String kind, byte[] der) {
        return "-----BEGIN " + kind + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + kind + "-----\n";
    }
}
