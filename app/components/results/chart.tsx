import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { formatNumber, formatPercent } from "~/results/numbers";

// A bar chart drawn by Chart.js in the browser from the figures the server
// already rendered as a table. Chart.js is imported inside the effect, so it
// is a separate chunk that only results pages download, and only the bar
// chart's parts are registered.

/** Okabe–Ito: told apart with every common colour-vision deficiency; blue first, yellow late. */
export const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];

export type Interval = { low: number; high: number };

export type ChartSpec = {
  /** Bars along the horizontal axis (one row per label), as for long choice texts. */
  horizontal: boolean;
  stacked?: boolean;
  labels: string[];
  /** Values in the unit; a hidden figure is null and draws no bar. */
  datasets: { label: string; data: (number | null)[]; intervals?: (Interval | null)[] }[];
  unit: "percent" | "count" | "rank";
  min?: number;
  max?: number;
};

const shorten = (label: string, max: number) => (label.length > max ? `${label.slice(0, max - 2)}…` : label);

export function chartHeight(spec: ChartSpec): number {
  if (!spec.horizontal) return 260;
  const bars = spec.stacked ? spec.labels.length : spec.labels.length * spec.datasets.length;
  // About a table row per bar, so that a chart is no taller than the table beside it.
  return Math.max(120, 44 + bars * 18 + (spec.datasets.length > 1 ? 32 : 0));
}

export function BarChart({ spec, label }: { spec: ChartSpec; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  // Ticks and tooltips in the page's language: "12,5 %" on a French page, never "12.5".
  const { i18n } = useTranslation();
  const key = JSON.stringify({ ...spec, locale: i18n.language });
  useEffect(() => {
    let chart: { destroy(): void; resize(): void } | undefined;
    let cancelled = false;
    // The printed page lays the chart out narrower, beside its table: Chart.js redraws only when told.
    const print = window.matchMedia("print");
    const fit = () => chart?.resize();
    print.addEventListener("change", fit);
    window.addEventListener("beforeprint", fit);
    window.addEventListener("afterprint", fit);
    const current: ChartSpec & { locale: string } = JSON.parse(key);
    void import("chart.js").then(({ Chart, BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend }) => {
      if (cancelled || !canvas.current) return;
      Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);
      const value = current.horizontal ? "x" : "y";
      const category = current.horizontal ? "y" : "x";
      // "12,5 %" in French, "12,5%" in Dutch, "12.5%" in English.
      const number = (value: number) =>
        current.unit === "percent" ? formatPercent(value, current.locale, { fractionDigits: 1 }) : formatNumber(value, current.locale, { fractionDigits: current.unit === "count" ? 0 : 1 });
      chart = new Chart(canvas.current, {
        type: "bar",
        data: {
          labels: current.labels,
          datasets: current.datasets.map((dataset, index) => ({
            label: dataset.label,
            data: dataset.data,
            backgroundColor: PALETTE[index % PALETTE.length],
            borderColor: PALETTE[index % PALETTE.length],
          })),
        },
        options: {
          indexAxis: category,
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          locale: current.locale,
          scales: {
            [value]: { min: current.min ?? 0, max: current.max, stacked: current.stacked, ticks: { precision: current.unit === "count" ? 0 : undefined, callback: (tick: string | number) => number(Number(tick)) } },
            [category]: {
              stacked: current.stacked,
              // The table beside holds the whole label: a narrow chart (the printed page's) shortens it more.
              ticks: {
                font: (context: { chart: { width: number } }) => ({ size: context.chart.width < 400 ? 10 : 12 }),
                callback(this: { getLabelForValue(value: number): string; chart: { width: number } }, value: string | number) {
                  return shorten(this.getLabelForValue(Number(value)), this.chart.width < 400 ? 22 : 42);
                },
              },
            },
          },
          plugins: {
            legend: { display: current.datasets.length > 1, position: "bottom" },
            tooltip: { callbacks: { label: (item) => `${item.dataset.label ? `${item.dataset.label}: ` : ""}${number(Number(item.raw))}` } },
          },
        },
        plugins: [
          {
            // 95 % intervals as whiskers over each bar (the table gives their bounds).
            id: "intervals",
            afterDatasetsDraw(drawn) {
              const context = drawn.ctx;
              const scale = drawn.scales[value]!;
              current.datasets.forEach((dataset, index) => {
                drawn.getDatasetMeta(index).data.forEach((bar, position) => {
                  const interval = dataset.intervals?.[position];
                  if (!interval) return;
                  const { x, y } = bar.getProps(["x", "y"], true) as { x: number; y: number };
                  const low = scale.getPixelForValue(interval.low * 100);
                  const high = scale.getPixelForValue(interval.high * 100);
                  context.save();
                  context.strokeStyle = "#1c2430";
                  context.lineWidth = 1.5;
                  context.beginPath();
                  // Drawn along the value axis; swapped when the bars are vertical.
                  const line = (a: number, b: number, c: number, d: number) => {
                    const [x1, y1, x2, y2] = current.horizontal ? [a, b, c, d] : [b, a, d, c];
                    context.moveTo(x1, y1);
                    context.lineTo(x2, y2);
                  };
                  const across = current.horizontal ? y : x;
                  line(low, across, high, across);
                  line(low, across - 4, low, across + 4);
                  line(high, across - 4, high, across + 4);
                  context.stroke();
                  context.restore();
                });
              });
            },
          },
        ],
      });
      canvas.current.dataset.drawn = "true";
    });
    return () => {
      cancelled = true;
      print.removeEventListener("change", fit);
      window.removeEventListener("beforeprint", fit);
      window.removeEventListener("afterprint", fit);
      chart?.destroy();
    };
  }, [key]);
  // The table beside the chart carries the figures: the canvas is an image with a summary.
  return (
    <div className="chart-box" style={{ height: chartHeight(JSON.parse(key)) }}>
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
