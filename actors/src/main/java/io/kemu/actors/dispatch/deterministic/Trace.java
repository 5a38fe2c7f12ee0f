package io.kemu.actors.dispatch.deterministic;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Consumer;
import scala.Product;

/**
 * The ordered sequence of messages a deterministic run delivered, one line per delivery:
 * {@code <virtual nanos> <receiver path> <message type>}, folded into a SHA-256 digest as it grows
 * (so a long run costs no memory) and optionally handed line by line to a sink ({@code --trace FILE}).
 *
 * <p>Message types are class names; Akka's message-adapter wrappers show the adapted message's type
 * in parentheses; lambda and hidden class names (which differ between JVM runs) are cut to their
 * declaring class, so the digest depends only on the run.
 */
public final class Trace {
    private static final String ADAPTER_WRAPPERS = "akka.actor.typed.internal.Adapt";

    private final MessageDigest digest;
    private final Consumer<String> sink;
    private long deliveries;

    Trace(Consumer<String> sink) {
        this.sink = sink;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    void record(long nanos, String receiver, Object message) {
        final String line = nanos + " " + receiver + " " + typeOf(message);
        deliveries++;
        digest.update(line.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) '\n');
        if (sink != null) {
            sink.accept(line);
        }
    }

    /** Messages delivered so far. */
    public long deliveries() {
        return deliveries;
    }

    /** The digest of the lines so far, in hex (the digest state itself is kept, so recording may go on). */
    public String sha256() {
        try {
            return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digests are cloneable in every JDK", e);
        }
    }

    static String typeOf(Object message) {
        final String name = stableName(message.getClass());
        if (name.startsWith(ADAPTER_WRAPPERS) && message instanceof Product product && product.productArity() > 0) {
            final Object inner = product.productElement(0);
            return name + "(" + (inner == null ? "null" : stableName(inner.getClass())) + ")";
        }
        return name;
    }

    private static String stableName(Class<?> type) {
        final String name = type.getName();
        final int lambda = name.indexOf("$$Lambda");
        final int hidden = name.indexOf('/');
        final int cut = lambda >= 0 ? lambda : hidden;
        return cut >= 0 ? name.substring(0, cut) + "$lambda" : name;
    }
}
