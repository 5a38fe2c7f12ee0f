package io.kemu.streams.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The in-memory file under a simulated target: a file's read/write/size/truncate, and a hard size cap. */
class MemoryFileChannelTest {
    private static byte[] bytes(int n, int value) {
        final byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    private static byte[] readAll(MemoryFileChannel channel) throws IOException {
        final ByteBuffer all = ByteBuffer.allocate((int) channel.size());
        while (all.hasRemaining() && channel.read(all, all.position()) > 0) {
            continue;
        }
        return all.array();
    }

    @Test
    void shouldReadBackWhatWasWrittenAtAnyPositionWithZerosInTheGaps() throws IOException {
        final MemoryFileChannel channel = new MemoryFileChannel(1 << 20);
        assertThat(channel.write(ByteBuffer.wrap(bytes(10, 1)), 0)).isEqualTo(10);
        assertThat(channel.write(ByteBuffer.wrap(bytes(5, 2)), 20)).isEqualTo(5);
        assertThat(channel.size()).isEqualTo(25);
        final byte[] expected = new byte[25];
        Arrays.fill(expected, 0, 10, (byte) 1);
        Arrays.fill(expected, 20, 25, (byte) 2);
        assertThat(readAll(channel)).isEqualTo(expected);
        assertThat(channel.toByteArray()).isEqualTo(expected);
        assertThat(channel.read(ByteBuffer.allocate(4), 25)).isEqualTo(-1);
    }

    @Test
    void shouldGrowPastItsFirstArrayUpToItsMaximum() throws IOException {
        final MemoryFileChannel channel = new MemoryFileChannel(300_000);
        for (int i = 0; i < 30; i++) {
            channel.write(ByteBuffer.wrap(bytes(10_000, i)));
        }
        assertThat(channel.size()).isEqualTo(300_000);
        assertThat(channel.position()).isEqualTo(300_000);
        final ByteBuffer one = ByteBuffer.allocate(1);
        channel.read(one, 299_999);
        assertThat(one.get(0)).isEqualTo((byte) 29);
    }

    @Test
    void shouldRefuseAWritePastItsMaximumSizeAndWriteNothingOfIt() throws IOException {
        final MemoryFileChannel channel = new MemoryFileChannel(1000);
        channel.write(ByteBuffer.wrap(bytes(600, 7)), 0);
        final ByteBuffer tooMuch = ByteBuffer.wrap(bytes(500, 9));
        assertThatThrownBy(() -> channel.write(tooMuch, 600)).isInstanceOf(IOException.class)
                .hasMessageContaining("1000-byte limit");
        assertThatThrownBy(() -> channel.write(ByteBuffer.wrap(bytes(1, 9)), 1000)).isInstanceOf(IOException.class);
        assertThat(tooMuch.remaining()).isEqualTo(500);
        assertThat(channel.size()).isEqualTo(600);
        assertThat(readAll(channel)).isEqualTo(bytes(600, 7));
        channel.write(ByteBuffer.wrap(bytes(400, 8)), 600);
        assertThat(channel.size()).isEqualTo(1000);
    }

    @Test
    void shouldRefuseAMaximumNoArrayCanHold() {
        assertThatThrownBy(() -> new MemoryFileChannel(Integer.MAX_VALUE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MemoryFileChannel(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldTruncateLikeAFileAndZeroWhatWasCut() throws IOException {
        final MemoryFileChannel channel = new MemoryFileChannel(1 << 16);
        channel.write(ByteBuffer.wrap(bytes(100, 5)));
        channel.truncate(200);
        assertThat(channel.size()).as("truncate never grows a file").isEqualTo(100);
        channel.truncate(40);
        assertThat(channel.size()).isEqualTo(40);
        assertThat(channel.position()).isEqualTo(40);
        channel.write(ByteBuffer.wrap(bytes(1, 6)), 60);
        final byte[] expected = new byte[61];
        Arrays.fill(expected, 0, 40, (byte) 5);
        expected[60] = 6;
        assertThat(readAll(channel)).isEqualTo(expected);
    }

    @Test
    void shouldForceAsANoOpAndRefuseUseAfterClose() throws IOException {
        final MemoryFileChannel channel = new MemoryFileChannel(1 << 16);
        channel.write(ByteBuffer.wrap(bytes(3, 1)));
        channel.force(true);
        channel.close();
        assertThat(channel.toByteArray()).isEqualTo(bytes(3, 1));
        assertThatThrownBy(() -> channel.write(ByteBuffer.wrap(bytes(1, 1)), 0)).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(channel::size).isInstanceOf(ClosedChannelException.class);
    }
}
