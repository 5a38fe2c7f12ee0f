package io.kemu.hammer2.conformance;

import io.kemu.hammer2.chain.BrefType;
import io.kemu.hammer2.cluster.Cluster;
import io.kemu.hammer2.cluster.ClusterFlag;
import io.kemu.hammer2.cluster.PfsType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses a cluster vector scenario ({@code NAME.in}, section 1 of {@code vectors/cluster/FORMAT.md})
 * and checks every rule there, reporting the first violation with its line number: header lines
 * at most once and before the first node line, node indices in order, 1 to 8 nodes, 11 tokens per
 * node line (13 in next mode), every value in its range, and the mode constraints on focus and
 * preflags.
 */
public final class ScenarioParser {
    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,20}");
    private static final Pattern HEX_KEY = Pattern.compile("0x[0-9a-fA-F]{1,16}");
    private static final Pattern SEPARATORS = Pattern.compile("[ \\t\\r]+");

    private ScenarioParser() {
    }

    public static ClusterScenario parse(String text) throws ScenarioFormatException {
        ClusterScenario.Mode mode = null;
        Integer nmasters = null;
        Integer focus = null;
        Set<ClusterFlag> preflags = null;
        Set<String> headersSeen = new HashSet<>();
        List<ClusterScenario.Node> nodes = new ArrayList<>();
        int focusLine = 0;
        int firstNodeLine = 0;
        String[] lines = text.split("\n", -1);
        int lineNo = 0;
        for (String raw : lines) {
            lineNo++;
            int hash = raw.indexOf('#');
            String content = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
            if (content.isEmpty()) {
                continue;
            }
            String[] tokens = SEPARATORS.split(content);
            String keyword = tokens[0];
            if (keyword.equals("node")) {
                if (mode == null || nmasters == null) {
                    throw new ScenarioFormatException(lineNo,
                            "node line before the required header line '" + (mode == null ? "mode" : "nmasters") + "'");
                }
                if (firstNodeLine == 0) {
                    firstNodeLine = lineNo;
                }
                if (nodes.size() == Cluster.MAX_CLUSTER) {
                    throw new ScenarioFormatException(lineNo, "more than " + Cluster.MAX_CLUSTER + " node lines");
                }
                nodes.add(parseNode(tokens, lineNo, mode, nodes.size()));
                continue;
            }
            if (!Set.of("mode", "nmasters", "focus", "preflags").contains(keyword)) {
                throw new ScenarioFormatException(lineNo, "unknown keyword '" + keyword + "'");
            }
            if (!nodes.isEmpty()) {
                throw new ScenarioFormatException(lineNo, "header line '" + keyword + "' after the first node line");
            }
            if (!headersSeen.add(keyword)) {
                throw new ScenarioFormatException(lineNo, "header line '" + keyword + "' given twice");
            }
            if (!keyword.equals("preflags") && tokens.length != 2) {
                throw new ScenarioFormatException(lineNo, "'" + keyword + "' takes exactly one value");
            }
            switch (keyword) {
                case "mode" -> mode = parseMode(tokens[1], lineNo);
                case "nmasters" -> nmasters = (int) decimal(tokens[1], lineNo, "nmasters", 255);
                case "focus" -> {
                    focus = parseFocus(tokens[1], lineNo);
                    focusLine = lineNo;
                }
                default -> preflags = parsePreflags(tokens, lineNo);
            }
        }
        if (mode == null || nmasters == null) {
            throw new ScenarioFormatException(Math.max(1, lineNo),
                    "missing required header line '" + (mode == null ? "mode" : "nmasters") + "'");
        }
        if (nodes.isEmpty()) {
            throw new ScenarioFormatException(Math.max(1, lineNo), "no node lines (1 to " + Cluster.MAX_CLUSTER + " needed)");
        }
        int f = focus == null ? -1 : focus;
        Set<ClusterFlag> pre = preflags == null ? Set.of() : preflags;
        checkConstraints(mode, f, pre, nodes, focusLine == 0 ? firstNodeLine : focusLine, firstNodeLine);
        return new ClusterScenario(mode, nmasters, f, pre, nodes);
    }

    private static void checkConstraints(ClusterScenario.Mode mode, int focus, Set<ClusterFlag> preflags,
                                         List<ClusterScenario.Node> nodes, int focusLine, int firstNodeLine)
            throws ScenarioFormatException {
        if (focus >= nodes.size()) {
            throw new ScenarioFormatException(focusLine, "focus " + focus + " but only " + nodes.size() + " nodes");
        }
        if (mode == ClusterScenario.Mode.RESOLVE && focus >= 0 && !nodes.get(focus).chain()) {
            throw new ScenarioFormatException(focusLine, "resolve with focus " + focus + " needs CHAIN=1 on node " + focus);
        }
        if (mode == ClusterScenario.Mode.NEXT && focus != -1) {
            throw new ScenarioFormatException(focusLine, "next mode needs 'focus -1'");
        }
        if (mode == ClusterScenario.Mode.LOOKUP && !preflags.isEmpty()) {
            throw new ScenarioFormatException(firstNodeLine, "lookup mode needs 'preflags -'");
        }
    }

    private static ClusterScenario.Mode parseMode(String value, int lineNo) throws ScenarioFormatException {
        return switch (value) {
            case "resolve" -> ClusterScenario.Mode.RESOLVE;
            case "lookup" -> ClusterScenario.Mode.LOOKUP;
            case "next" -> ClusterScenario.Mode.NEXT;
            default -> throw new ScenarioFormatException(lineNo,
                    "mode '" + value + "' is not one of resolve, lookup, next");
        };
    }

    private static int parseFocus(String value, int lineNo) throws ScenarioFormatException {
        if (value.equals("-1")) {
            return -1;
        }
        return (int) decimal(value, lineNo, "focus", Cluster.MAX_CLUSTER - 1);
    }

    private static Set<ClusterFlag> parsePreflags(String[] tokens, int lineNo) throws ScenarioFormatException {
        if (tokens.length < 2) {
            throw new ScenarioFormatException(lineNo, "'preflags' needs flag names or '-'");
        }
        if (tokens.length == 2 && tokens[1].equals("-")) {
            return Set.of();
        }
        EnumSet<ClusterFlag> flags = EnumSet.noneOf(ClusterFlag.class);
        for (int i = 1; i < tokens.length; i++) {
            String name = tokens[i];
            ClusterFlag flag = ClusterFlag.REPORTED.stream()
                    .filter(f -> f.name().equals(name)).findFirst().orElse(null);
            if (flag == null) {
                throw new ScenarioFormatException(lineNo, "'" + name + "' is not a cluster flag name"
                        + (name.equals("-") ? " ('-' must stand alone)" : ""));
            }
            flags.add(flag);
        }
        return flags;
    }

    private static ClusterScenario.Node parseNode(String[] t, int lineNo, ClusterScenario.Mode mode, int position)
            throws ScenarioFormatException {
        int expected = mode == ClusterScenario.Mode.NEXT ? 13 : 11;
        if (t.length != expected) {
            throw new ScenarioFormatException(lineNo, "node line has " + t.length + " tokens, " + mode.name().toLowerCase()
                    + " mode needs " + expected);
        }
        long idx = decimal(t[1], lineNo, "IDX", Cluster.MAX_CLUSTER - 1);
        if (idx != position) {
            throw new ScenarioFormatException(lineNo, "node index " + idx + " out of order, expected " + position);
        }
        PfsType type = named(PfsType.class, t[2], lineNo, "TYPE");
        boolean chain = bit(t[3], lineNo, "CHAIN");
        long tid = unsigned64(t[4], lineNo, "MODIFY_TID");
        int error = (int) decimal(t[5], lineNo, "ERROR", Integer.MAX_VALUE);
        boolean inv = bit(t[6], lineNo, "INV");
        BrefType btype = named(BrefType.class, t[7], lineNo, "BTYPE");
        if (!HEX_KEY.matcher(t[8]).matches()) {
            throw new ScenarioFormatException(lineNo, "KEY '" + t[8] + "' is not 0x followed by 1 to 16 hex digits");
        }
        long key = Long.parseUnsignedLong(t[8].substring(2), 16);
        int keybits = (int) decimal(t[9], lineNo, "KEYBITS", 255);
        long bytes = decimal(t[10], lineNo, "BYTES", 0xFFFF_FFFFL);
        boolean prev = false;
        boolean pinv = false;
        if (mode == ClusterScenario.Mode.NEXT) {
            prev = bit(t[11], lineNo, "PREV");
            pinv = bit(t[12], lineNo, "PINV");
        }
        return new ClusterScenario.Node(type, chain, tid, error, inv, btype, key, keybits, bytes, prev, pinv);
    }

    private static long decimal(String value, int lineNo, String what, long max) throws ScenarioFormatException {
        if (!DECIMAL.matcher(value).matches() || value.length() > 12 || Long.parseLong(value) > max) {
            throw new ScenarioFormatException(lineNo, what + " '" + value + "' is not a decimal number in 0.." + max);
        }
        return Long.parseLong(value);
    }

    private static long unsigned64(String value, int lineNo, String what) throws ScenarioFormatException {
        try {
            if (DECIMAL.matcher(value).matches()) {
                return Long.parseUnsignedLong(value);
            }
        } catch (NumberFormatException tooLarge) {
            // falls through to the format error below
        }
        throw new ScenarioFormatException(lineNo, what + " '" + value + "' is not a decimal number in 0..2^64-1");
    }

    private static boolean bit(String value, int lineNo, String what) throws ScenarioFormatException {
        return switch (value) {
            case "0" -> false;
            case "1" -> true;
            default -> throw new ScenarioFormatException(lineNo, what + " '" + value + "' is not 0 or 1");
        };
    }

    private static <E extends Enum<E>> E named(Class<E> type, String value, int lineNo, String what)
            throws ScenarioFormatException {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        throw new ScenarioFormatException(lineNo, what + " '" + value + "' is not one of "
                + Arrays.toString(type.getEnumConstants()));
    }
}
