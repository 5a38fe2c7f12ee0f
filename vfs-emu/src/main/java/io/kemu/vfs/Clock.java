package io.kemu.vfs;

/**
 * The emulated kernel's clock ({@code getnanotime()}): the only source of time in the emulated
 * filesystem and journal layer, so that a run is a pure function of its inputs when the clock is
 * deterministic (see {@link SteppingClock}).
 */
@FunctionalInterface
public interface Clock {
    /** The current time; successive calls never go backwards. */
    Timespec now();
}
