package io.kemu.journal.scan.op;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;

/**
 * What one part of an operation record says, flattened: the operation's top level, its REDO or its
 * UNDO container. Like jscan's attribute bag (SPEC section 4.2) the leaves of nested VATTR and of any
 * other unknown container are collected into the same section; CRED is left out. Unlike jscan, data
 * runs keep their own offsets (each SEEKPOS starts a new run) and PATH1 keeps its first value (MKDIR
 * writes it twice).
 */
public final class Section {
    private final Vattr vattr = new Vattr();
    private final List<DataRun> runs = new ArrayList<>();
    byte[] path1;
    byte[] path2;
    byte[] pathRef;
    byte[] attrName;
    byte[] symlinkData;
    Long error;

    DataRun startRun(long offset) {
        DataRun run = new DataRun(offset);
        runs.add(run);
        return run;
    }

    DataRun currentRun() {
        return runs.isEmpty() ? null : runs.get(runs.size() - 1);
    }

    public Vattr vattr() {
        return vattr;
    }

    public List<DataRun> runs() {
        return Collections.unmodifiableList(runs);
    }

    /** PATH1 without its trailing NUL, or null. */
    public byte[] path1() {
        return path1;
    }

    public byte[] path2() {
        return path2;
    }

    /** PATH_REF without its trailing NUL, or null (omitted for vnodes without a name). */
    public byte[] pathRef() {
        return pathRef;
    }

    public byte[] attrName() {
        return attrName;
    }

    public byte[] symlinkData() {
        return symlinkData;
    }

    /** The ERROR leaf (errno) of an UNDO block whose old state could not be read. */
    public OptionalLong error() {
        return error == null ? OptionalLong.empty() : OptionalLong.of(error);
    }
}
