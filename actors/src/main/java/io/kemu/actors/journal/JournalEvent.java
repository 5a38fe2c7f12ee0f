package io.kemu.actors.journal;

/** What a journal tells whoever supervises its targets. */
public sealed interface JournalEvent {
    /** The target stream ended or failed while the journal was not stopping: restart it onto a new one. */
    record TargetLost(String journalId, String reason) implements JournalEvent {}
}
