package io.kemu.journal.scan;

import io.kemu.journal.scan.subrecord.SubRecordParser;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streams written by the kernel's own FIFO code (vectors/fifo/*.stream, copied from shared/vectors):
 * every byte must decode into valid records, transids must strictly increase over non-pad records,
 * and every committed transaction built with the jrecord API (its stream id was given to a {@code
 * jinit} in the script) must walk cleanly, -1 sizes, LAST bits and PAD|LAST terminators included.
 * Raw-slot transactions carry synthetic fill bytes, not sub-records, so only their framing is checked.
 */
class FifoVectorStreamsTest {

    private static Path vectors() throws URISyntaxException {
        return Path.of(FifoVectorStreamsTest.class.getResource("/vectors/fifo").toURI());
    }

    private static Set<Integer> jrecordIds(Path script) throws IOException {
        Set<Integer> ids = new HashSet<>();
        for (String line : Files.readAllLines(script)) {
            String[] t = line.replaceAll("#.*", "").trim().split("\\s+");
            if (t[0].equals("jinit")) {
                ids.add(Integer.decode(t[2]));
            }
        }
        return ids;
    }

    @Test
    void shouldDecodeEveryVectorStreamWithoutGarbageAndParseEveryCommittedJrecord() throws Exception {
        List<Path> streams;
        try (Stream<Path> s = Files.list(vectors())) {
            streams = s.filter(p -> p.toString().endsWith(".stream")).sorted().toList();
        }
        assertThat(streams).hasSizeGreaterThan(30);
        int parsedJrecords = 0;
        int pads = 0;
        for (Path stream : streams) {
            String name = stream.getFileName().toString();
            Set<Integer> jrecordIds = jrecordIds(stream.resolveSibling(name.replace(".stream", ".script")));
            List<Transaction> txs = new ArrayList<>();
            List<ScanProblem> problems = new ArrayList<>();
            long[] lastTransid = {Long.MIN_VALUE};
            JournalScanner scanner = new JournalScanner(new JournalScanner.Listener() {
                @Override
                public void onTransaction(Transaction t) {
                    txs.add(t);
                }

                @Override
                public void onProblem(ScanProblem p) {
                    problems.add(p);
                }

                @Override
                public void onRecord(RawRecord r) {
                    if (!r.isPad()) {
                        assertThat(r.transid()).as(name + " transid order at offset " + r.offset())
                                .isGreaterThan(lastTransid[0]);
                        lastTransid[0] = r.transid();
                    }
                }
            }, ScanOptions.DUMP, ResumePoint.START);
            byte[] bytes = Files.readAllBytes(stream);
            scanner.feed(bytes, 0, bytes.length);
            scanner.finish();
            pads += (int) scanner.pads();
            assertThat(scanner.position()).as(name).isEqualTo(bytes.length);
            assertThat(problems).as(name).noneMatch(p -> p.kind() == ProblemKind.GARBAGE
                    || p.kind() == ProblemKind.TRUNCATED || p.kind() == ProblemKind.RECORD_TOO_LARGE);
            for (Transaction t : txs) {
                if (jrecordIds.contains(t.streamId()) && !t.isAborted()) {
                    SubRecordParser.parse(t);
                    parsedJrecords++;
                }
            }
        }
        assertThat(parsedJrecords).isGreaterThan(50);
        assertThat(pads).isGreaterThan(5);
    }
}
