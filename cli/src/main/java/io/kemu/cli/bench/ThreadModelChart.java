package io.kemu.cli.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * Draws the thread-model comparison as one PNG, one row of three bar charts per workload:
 * throughput (ops/s), batch latency p50 and batch latency p99 (ms) per model; p50 and p99 get their
 * own scales, since a stalled batch's p99 is often a hundred times its p50. Models that could not
 * run are left out of the charts (the printed table names them).
 */
public final class ThreadModelChart {
    private static final int PER_ROW = 3;
    private static final int WIDTH = 560;
    private static final int HEIGHT = 420;

    private ThreadModelChart() {
    }

    /** Writes the chart for {@code runs} (grouped by workload, in order) to {@code file}. */
    public static void write(List<ModelRun> runs, Path file) throws IOException {
        final List<String> workloads = runs.stream().map(ModelRun::workload).distinct().toList();
        final List<CategoryChart> charts = new ArrayList<>();
        for (String workload : workloads) {
            final List<ModelRun> available = runs.stream()
                    .filter(r -> r.workload().equals(workload) && r.available()).toList();
            if (available.isEmpty()) {
                continue;
            }
            final List<String> models = available.stream().map(r -> r.model().configName()).toList();
            charts.add(throughput(workload, models, available));
            charts.add(latency(workload + ": latency p50", models,
                    available.stream().map(r -> (Number) (r.p50Nanos() / 1e6)).toList()));
            charts.add(latency(workload + ": latency p99", models,
                    available.stream().map(r -> (Number) (r.p99Nanos() / 1e6)).toList()));
        }
        if (charts.isEmpty()) {
            throw new IOException("no thread model ran: nothing to chart");
        }
        final Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(charts, charts.size() / PER_ROW, PER_ROW, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    private static CategoryChart throughput(String workload, List<String> models, List<ModelRun> runs) {
        final CategoryChart chart = base(workload + ": throughput", "ops/s");
        chart.addSeries("ops/s", models, runs.stream().map(r -> (Number) Math.round(r.opsPerSecond())).toList());
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setDecimalPattern("#,###");
        return chart;
    }

    private static CategoryChart latency(String title, List<String> models, List<Number> millis) {
        final CategoryChart chart = base(title, "ms");
        chart.addSeries("ms", models, millis);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setDecimalPattern("#,##0.00");
        return chart;
    }

    private static CategoryChart base(String title, String yAxis) {
        final CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("thread model").yAxisTitle(yAxis).build();
        chart.getStyler().setChartTitleVisible(true);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setLabelsRotation(0);
        chart.getStyler().setYAxisMin(0.0);
        return chart;
    }
}
