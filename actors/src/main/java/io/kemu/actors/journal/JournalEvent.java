package io.kemu.actors.journal;

/** What a journal tells whoever supervises its targets. */
public sealed interface JournalEvent {
    /** The target stream ended or failed while the journal was not stopping: restart it onto a new one. */
    record TargetLost(String journalId, String reason) implements JournalEvent {}

    /** The outcome of a restart someone asked for after a {@link TargetLost}. */
    record RestartResult(boolean ok, String detail) implements JournalEvent {}
}
