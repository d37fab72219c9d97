/**
 * Draws the stats chart as a PNG inside the process, without a browser: Apache ECharts renders an SVG
 * string (its server-side mode, no DOM), and resvg turns it into a PNG on libuv's thread pool, so the
 * event loop keeps answering Slack meanwhile. The font ships with the bot (DejaVu Sans, from the
 * `dejavu-fonts-ttf` package): nothing is downloaded or looked up on the system at run time.
 * docs/benchmarks.md has the measurements this choice rests on.
 */
import { createRequire } from "node:module";
import { renderAsync } from "@resvg/resvg-js";
import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, TitleComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import type { StatsChartData } from "./chart-data.js";
import { chartOption } from "./chart-option.js";

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TitleComponent, SVGRenderer]);

export const CHART_WIDTH = 800;
export const CHART_HEIGHT = 400;
/** Rendered at twice the size, so the chart stays sharp on high-density screens. */
export const CHART_SCALE = 2;
const FONT_FAMILY = "DejaVu Sans";
const fontFile = createRequire(import.meta.url).resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf");

export interface RenderedChart {
  png: Buffer;
  width: number;
  height: number;
}

/** The chart's SVG: synchronous, a few milliseconds. */
export function chartSvg(data: StatsChartData): string {
  const chart = echarts.init(null, null, {
    renderer: "svg",
    ssr: true,
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
  });
  try {
    chart.setOption(chartOption(data, FONT_FAMILY));
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

export async function renderChartPng(data: StatsChartData): Promise<RenderedChart> {
  const image = await renderAsync(chartSvg(data), {
    fitTo: { mode: "zoom", value: CHART_SCALE },
    background: "white",
    font: { fontFiles: [fontFile], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
    logLevel: "off",
  });
  return { png: image.asPng(), width: image.width, height: image.height };
}
