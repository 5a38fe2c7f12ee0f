package io.kemu.cli;

import java.util.Locale;
import picocli.CommandLine;

/** Parses sizes and rates like {@code 64k}, {@code 1m}, {@code 512}, {@code 2g} (powers of 1024). */
final class ByteSize implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String text) {
        final String value = text.trim().toLowerCase(Locale.ROOT);
        if (!value.matches("[0-9]+[kmg]?")) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a size (like 64k, 1m, 4096)");
        }
        final char unit = value.charAt(value.length() - 1);
        final int shift = switch (unit) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            default -> 0;
        };
        final String digits = shift == 0 ? value : value.substring(0, value.length() - 1);
        try {
            final long number = Long.parseLong(digits);
            if (number > (Long.MAX_VALUE >> shift)) {
                throw new CommandLine.TypeConversionException("'" + text + "' is too large");
            }
            return number << shift;
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + text + "' is too large");
        }
    }

    static String format(double bytes) {
        if (bytes >= 1 << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (1 << 20));
        }
        if (bytes >= 1 << 10) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / (1 << 10));
        }
        return String.format(Locale.ROOT, "%.0f B", bytes);
    }
}
