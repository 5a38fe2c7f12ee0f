package io.kemu.streams.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import io.kemu.journal.wire.RawRecordHeaderDescriptor;
import io.kemu.streams.server.JournalTargetServer.TargetSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code kemu.target}: the defaults of reference.conf, the limits' lower edges, and the kernel's record size cap. */
class TargetSettingsTest {
    private static final Duration S = Duration.ofSeconds(1);

    private static TargetSettings of(long batch, int record, long buffered, int connections) {
        return new TargetSettings(batch, S, record, buffered, connections, S, S, S);
    }

    @Test
    void shouldReadTheDefaultsOfReferenceConf() {
        final TargetSettings d = TargetSettings.DEFAULT;

        assertThat(d.maxBatchBytes()).isEqualTo(1L << 20);
        assertThat(d.ackInterval()).isEqualTo(Duration.ofMillis(5));
        assertThat(d.maxRecordBytes()).isEqualTo(16 << 20);
        assertThat(d.maxBufferedBytes()).isEqualTo(64L << 20);
        assertThat(d.maxConnections()).isEqualTo(16);
        assertThat(d.idleTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(d.recordTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.sessionWait()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void shouldCapTheRecordSizeAtTheKernelsLargestRecord() {
        final TargetSettings s = TargetSettings.fromConfig(ConfigFactory.parseString(
                "kemu.target { max-record-size = 1g, max-buffered = 2g }").withFallback(ConfigFactory.defaultReference()));

        assertThat(s.maxRecordBytes()).isEqualTo(RawRecordHeaderDescriptor.MAX_RECSIZE);
        assertThat(s.maxBufferedBytes()).isEqualTo(2L << 30);
    }

    @Test
    void shouldAcceptTheSmallestLimitsAndRefuseAnythingBelow() {
        final int min = RawRecordHeaderDescriptor.MIN_RECSIZE;
        assertThat(of(1, min, min, 1).maxConnections()).isEqualTo(1);

        assertThatThrownBy(() -> of(0, min, min, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kemu.target");
        assertThatThrownBy(() -> of(1, min - 1, min, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> of(1, min, min - 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> of(1, 1000, 999, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> of(1, min, min, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldChangeOnlyTheLimitsWithLimits() {
        final TargetSettings base = new TargetSettings(4096, Duration.ofMillis(7), 1 << 20, 2 << 20, 3,
                S, S, Duration.ofMillis(9));

        final TargetSettings changed = base.withLimits(1 << 10, 1 << 11, 5, Duration.ofMillis(11), Duration.ofMillis(13));

        assertThat(changed).isEqualTo(new TargetSettings(4096, Duration.ofMillis(7), 1 << 10, 1 << 11, 5,
                Duration.ofMillis(11), Duration.ofMillis(13), Duration.ofMillis(9)));
    }
}
