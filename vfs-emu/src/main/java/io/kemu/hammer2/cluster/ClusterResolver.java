package io.kemu.hammer2.cluster;

import java.util.EnumSet;
import java.util.List;

/**
 * Mirrors hammer2_cluster_resolve(), line for line, as a pure function from a {@link ResolveInput}
 * to a {@link Resolution} (or the kernel assertion it trips).
 *
 * <p>What the kernel's code does, quirks included (see docs/CLUSTER.md):
 * <ul>
 *   <li>the quorum is counted among usable masters at the <em>highest</em> modify_tid seen
 *       (compared unsigned), not the largest agreeing group; Q = nmasters / 2 + 1;</li>
 *   <li>a focus that is already set is kept: quorum masters only replace a SLAVE focus chosen in
 *       the same run, so an errored focus keeps its error on re-resolve;</li>
 *   <li>soft master and SUPROOT override any focus and get FEMOD even when INVALID; with a soft
 *       master present the quorum masters get no FEMOD;</li>
 *   <li>an INVALID slave raises UNHARD (not UNSOFT); errored chains raise no UN flag;</li>
 *   <li>only the six {@link ClusterFlag#ZFLAGS} are cleared; UNHARD/NOHARD/UNSOFT/NOSOFT stick.</li>
 * </ul>
 */
public final class ClusterResolver {

    private ClusterResolver() {
    }

    /** The kernel's code, run on values. */
    public static Outcome<Resolution> resolve(ResolveInput in) {
        List<ResolveInput.Slot> slots = in.slots();
        int focus = in.focusIndex();
        int error = 0;
        long quorumTid = 0;
        PfsType focusType = PfsType.NONE;
        EnumSet<ClusterFlag> nflags = EnumSet.noneOf(ClusterFlag.class);
        int ttlmasters = 0;
        int ttlslaves = 0;
        int nmasters = 0;
        int nslaves = 0;
        int nquorum = in.nmasters() / 2 + 1;
        boolean smpresent = false;

        // Pass 1: count masters and slaves, find the quorum tid, note soft types and SUPROOT.
        for (int i = 0; i < slots.size(); i++) {
            ResolveInput.Slot slot = slots.get(i);
            if (!slot.present()) {
                continue;
            }
            if (slot.error() != 0) {
                if (focus < 0 || focus == i) {
                    error = slot.error();
                }
                if (slot.type() == PfsType.MASTER) {
                    ttlmasters++;
                } else if (slot.type() == PfsType.SLAVE) {
                    ttlslaves++;
                }
                continue;
            }
            switch (slot.type()) {
                case MASTER -> {
                    ttlmasters++;
                    if (slot.invalid()) {
                        break;
                    }
                    if (Long.compareUnsigned(quorumTid, slot.modifyTid()) < 0 || nmasters == 0) {
                        nmasters = 1;
                        quorumTid = slot.modifyTid();
                    } else if (quorumTid == slot.modifyTid()) {
                        nmasters++;
                    }
                }
                case SLAVE -> ttlslaves++;
                case SOFT_MASTER -> {
                    nflags.add(ClusterFlag.WRSOFT);
                    nflags.add(ClusterFlag.RDSOFT);
                    smpresent = true;
                }
                case SOFT_SLAVE -> nflags.add(ClusterFlag.RDSOFT);
                case SUPROOT -> {
                    nflags.add(ClusterFlag.WRHARD);
                    nflags.add(ClusterFlag.RDHARD);
                    focus = i;
                    error = slot.error();
                }
                default -> {
                }
            }
        }

        // Pass 2: FEMOD, the focus and the UN/RD/WR flags.
        int femod = 0;
        for (int i = 0; i < slots.size(); i++) {
            ResolveInput.Slot slot = slots.get(i);
            if (!slot.present()) {
                continue;
            }
            if (slot.error() != 0) {
                if (focus < 0 || focus == i) {
                    error = slot.error();
                }
                continue;
            }
            boolean inQuorum = nmasters >= nquorum && quorumTid == slot.modifyTid();
            switch (slot.type()) {
                case MASTER -> {
                    if (slot.invalid()) {
                        nflags.add(ClusterFlag.UNHARD);
                    } else if (inQuorum) {
                        nflags.add(ClusterFlag.WRHARD);
                        nflags.add(ClusterFlag.RDHARD);
                        if (!smpresent) {
                            femod |= 1 << i;
                        }
                        if (focus < 0 || focusType == PfsType.SLAVE) {
                            focusType = PfsType.MASTER;
                            focus = i;
                            error = 0;
                        }
                    } else {
                        nflags.add(ClusterFlag.UNHARD);
                    }
                }
                case SLAVE -> {
                    if (slot.invalid()) {
                        nflags.add(ClusterFlag.UNHARD);
                    } else if (inQuorum) {
                        nslaves++;
                        nflags.add(ClusterFlag.RDHARD);
                        if (focus < 0) {
                            focusType = PfsType.SLAVE;
                            focus = i;
                            error = 0;
                        }
                    } else {
                        nflags.add(ClusterFlag.UNSOFT);
                    }
                }
                case SOFT_MASTER -> {
                    if (focusType == PfsType.SOFT_MASTER) {
                        return new Outcome.Asserted<>(KernelAssert.DUP_SOFT_MASTER,
                                "slot " + i + " is a second soft master");
                    }
                    focus = i;
                    error = 0;
                    focusType = PfsType.SOFT_MASTER;
                    femod |= 1 << i;
                }
                case SOFT_SLAVE -> {
                    if (focusType == PfsType.SOFT_SLAVE) {
                        return new Outcome.Asserted<>(KernelAssert.DUP_SOFT_SLAVE,
                                "slot " + i + " is a second soft slave");
                    }
                    if (focusType != PfsType.SOFT_MASTER) {
                        focus = i;
                        error = 0;
                        focusType = PfsType.SOFT_SLAVE;
                    }
                }
                case SUPROOT -> {
                    if (i != 0) {
                        return new Outcome.Asserted<>(KernelAssert.SUPROOT_NOT_INDEX0,
                                "SUPROOT chain in slot " + i);
                    }
                    focus = i;
                    error = 0;
                    focusType = PfsType.SUPROOT;
                    femod |= 1 << i;
                }
                default -> {
                }
            }
        }

        if (ttlslaves == 0) {
            nflags.add(ClusterFlag.NOSOFT);
        }
        if (ttlmasters == 0) {
            nflags.add(ClusterFlag.NOHARD);
        }
        if (nslaves == ttlslaves) {
            nflags.add(ClusterFlag.SSYNCED);
        }
        if (nmasters == ttlmasters) {
            nflags.add(ClusterFlag.MSYNCED);
        }

        EnumSet<ClusterFlag> flags = EnumSet.noneOf(ClusterFlag.class);
        flags.addAll(in.flags());
        flags.addAll(nflags);
        for (ClusterFlag z : ClusterFlag.ZFLAGS) {
            if (!nflags.contains(z)) {
                flags.remove(z);
            }
        }
        return Outcome.done(new Resolution(focus, error, flags, femod));
    }
}
