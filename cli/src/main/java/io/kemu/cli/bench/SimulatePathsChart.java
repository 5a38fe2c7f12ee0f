package io.kemu.cli.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * Draws {@code kemu bench simulate} as one PNG, one row of bar charts: throughput of each path
 * (direct, actors, simulate), then, when sizes were run, microseconds per operation and peak RSS by
 * number of operations.
 */
public final class SimulatePathsChart {
    private static final int WIDTH = 560;
    private static final int HEIGHT = 420;

    private SimulatePathsChart() {
    }

    public static void write(List<PathRun> paths, List<SizeRun> sizes, Path file) throws IOException {
        final List<CategoryChart> charts = new ArrayList<>();
        final CategoryChart throughput = base("throughput by path", "path", "ops/s", "#,###");
        throughput.addSeries("ops/s", paths.stream().map(PathRun::path).toList(),
                paths.stream().map(r -> (Number) Math.round(r.opsPerSecond())).toList());
        charts.add(throughput);
        final List<SizeRun> measured = sizes.stream().filter(s -> s.opsPerSecond() > 0).toList();
        if (!measured.isEmpty()) {
            final List<String> labels = measured.stream().map(s -> String.format(Locale.ROOT, "%,d", s.ops())).toList();
            final CategoryChart cost = base("actors: cost per op by run length", "ops", "us/op", "#,##0.0");
            cost.addSeries("us/op", labels, measured.stream().map(s -> (Number) s.microsPerOp()).toList());
            charts.add(cost);
            final CategoryChart rss = base("actors: peak RSS by run length", "ops", "MiB", "#,###");
            rss.addSeries("MiB", labels, measured.stream().map(s -> (Number) (s.peakRssBytes() / (double) (1 << 20))).toList());
            charts.add(rss);
        }
        final Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(charts, 1, charts.size(), out, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    private static CategoryChart base(String title, String xAxis, String yAxis, String pattern) {
        final CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(xAxis).yAxisTitle(yAxis).build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setLabelsRotation(0);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setDecimalPattern(pattern);
        return chart;
    }
}
