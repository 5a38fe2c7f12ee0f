package io.kemu.journal.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Little-endian loads and stores on a {@code byte[]}, the byte order an x86 DragonFly kernel puts on
 * the wire. Every wire structure in kemu is read and written through these methods, so the byte
 * order is decided in exactly one place.
 *
 * <p>Offsets are absolute indexes into the array; callers (the ring, the scanner) have already masked
 * them into range. Out-of-range offsets throw {@link IndexOutOfBoundsException} like any array
 * access: these helpers never wrap.
 */
public final class LittleEndian {
    private static final VarHandle SHORT =
            MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private LittleEndian() {
    }

    /** The unsigned 16-bit value at {@code offset}. */
    public static int getU16(byte[] buf, int offset) {
        return (short) SHORT.get(buf, offset) & 0xFFFF;
    }

    /** Stores the low 16 bits of {@code value} at {@code offset}. */
    public static void putU16(byte[] buf, int offset, int value) {
        SHORT.set(buf, offset, (short) value);
    }

    public static int getI32(byte[] buf, int offset) {
        return (int) INT.get(buf, offset);
    }

    public static void putI32(byte[] buf, int offset, int value) {
        INT.set(buf, offset, value);
    }

    public static long getI64(byte[] buf, int offset) {
        return (long) LONG.get(buf, offset);
    }

    public static void putI64(byte[] buf, int offset, long value) {
        LONG.set(buf, offset, value);
    }
}
