package io.kemu.actors.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ThreadModelTest {
    private static final int CPUS = 3;

    /** Replies with the name of the thread it runs on. */
    private static Behavior<ActorRef<String>> whereAmI() {
        return Behaviors.receiveMessage(replyTo -> {
            replyTo.tell(Thread.currentThread().getName());
            return Behaviors.same();
        });
    }

    /** For each of {@code actors} actors bound to CPU i % CPUS: the threads it ran on over 20 messages. */
    private static List<Set<String>> threadsPerActor(ThreadModel model, int actors) {
        final ActorTestKit kit = ActorTestKit.create("tm-" + model.configName(),
                model.config(CPUS).withFallback(ConfigFactory.load()).resolve());
        try {
            final List<ActorRef<ActorRef<String>>> refs = new ArrayList<>();
            for (int i = 0; i < actors; i++) {
                refs.add(kit.spawn(whereAmI(), "a" + i, model.selector(i, CPUS)));
            }
            final TestProbe<String> probe = kit.createTestProbe();
            final List<Set<String>> threads = new ArrayList<>();
            for (ActorRef<ActorRef<String>> ref : refs) {
                final Set<String> names = new HashSet<>();
                for (int m = 0; m < 20; m++) {
                    ref.tell(probe.ref());
                    names.add(probe.receiveMessage(Duration.ofSeconds(5)));
                }
                threads.add(names);
            }
            return threads;
        } finally {
            kit.shutdownTestKit();
        }
    }

    @Test
    void lwktBindsEachActorToOneThreadPerCpu() {
        final List<Set<String>> threads = threadsPerActor(ThreadModel.LWKT, 6);
        threads.forEach(t -> assertThat(t).hasSize(1));
        assertThat(threads.get(0)).isEqualTo(threads.get(3));
        assertThat(threads.get(1)).isEqualTo(threads.get(4));
        assertThat(threads.get(0)).isNotEqualTo(threads.get(1));
        assertThat(threads.get(0).iterator().next()).contains("kemu.dispatchers.cpu-0");
    }

    @Test
    void pinnedGivesEveryActorAThreadOfItsOwn() {
        final List<Set<String>> threads = threadsPerActor(ThreadModel.PINNED, 4);
        final Set<String> all = new HashSet<>();
        threads.forEach(t -> {
            assertThat(t).hasSize(1);
            all.addAll(t);
        });
        assertThat(all).hasSize(4);
    }

    @Test
    void uniprocessorRunsEverythingOnOneThread() {
        final Set<String> all = new HashSet<>();
        threadsPerActor(ThreadModel.UNIPROCESSOR, 5).forEach(all::addAll);
        assertThat(all).hasSize(1);
    }

    @Test
    void threadPoolAndForkJoinUseTheSharedDispatcher() {
        for (ThreadModel model : List.of(ThreadModel.THREAD_POOL, ThreadModel.FORK_JOIN)) {
            final Set<String> all = new HashSet<>();
            threadsPerActor(model, 4).forEach(all::addAll);
            assertThat(all).allMatch(name -> name.contains("kemu.dispatchers.shared"));
        }
    }

    @Test
    void virtualThreadsWorkOnJava21AndFailClearlyBefore() {
        if (Runtime.version().feature() >= 21) {
            final Set<String> all = new HashSet<>();
            threadsPerActor(ThreadModel.VIRTUAL, 3).forEach(all::addAll);
            assertThat(all).isNotEmpty();
        } else {
            assertThatThrownBy(ThreadModel.VIRTUAL::checkAvailable)
                    .isInstanceOf(ThreadModelUnavailableException.class)
                    .hasMessageContaining("needs Java 21 or later");
        }
    }

    @Test
    void shouldNameTheValidModelsWhenGivenAnUnknownOne() {
        assertThatThrownBy(() -> ThreadModel.fromName("green"))
                .hasMessage("unknown thread model 'green'; expected one of fork-join, thread-pool, pinned, lwkt, uniprocessor, virtual, deterministic");
        assertThat(ThreadModel.fromName("lwkt")).isEqualTo(ThreadModel.LWKT);
    }
}
