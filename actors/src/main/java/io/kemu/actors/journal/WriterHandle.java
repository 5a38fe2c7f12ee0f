package io.kemu.actors.journal;

import akka.actor.typed.ActorRef;

/**
 * One writer child of {@link JournalActor} and whether it can take a chunk; {@link #NONE} while no
 * target is connected. Only the writer of the current generation is ever fed ({@link JournalLink}
 * sets {@code ready} and tells it chunks). Confined to the journal actor, like {@link JournalLink}.
 */
final class WriterHandle {
    static final WriterHandle NONE = new WriterHandle(null);

    final ActorRef<WriterActor.Command> ref;
    boolean ready;

    WriterHandle(ActorRef<WriterActor.Command> ref) {
        this.ref = ref;
    }

    boolean connected() {
        return ref != null;
    }

    /** Close the target after what was handed over ({@code shutdown(SHUT_WR)}); feed nothing more. */
    void finish() {
        ready = false;
        ref.tell(WriterActor.Finish.INSTANCE);
    }

    /** Close the target now, dropping what it has not written. */
    void abandon() {
        if (connected()) {
            ref.tell(WriterActor.Abandon.INSTANCE);
        }
    }
}
