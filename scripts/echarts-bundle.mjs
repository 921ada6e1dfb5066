// Builds the page's ECharts: only the chart types and components the
// dashboard draws, from the npm package, as one minified script that defines
// `window.echarts`. Trunk runs this before each build (Trunk.toml, pre_build
// hook) and copies the result next to index.html.
//
// Why not the package's ready-made echarts.min.js: it registers every chart
// type and component ECharts has, and `setOption` walks all registered
// component types each time a chart's option is replaced (every filter
// replaces seven): with only ours registered, the charts' `setOption` took
// about a fifth less time on a first dashboard and a first filter, and the
// script is 0.6 MB instead of 1.0 (docs/performance.md).
//
//   node scripts/echarts-bundle.mjs   (skips the build when it is up to date)
import { build } from 'esbuild';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'target', 'echarts', 'echarts.min.js');

// What src/charts builds with charming: keep in step with it. ECharts drops
// a series of a type missing here without any error, leaving its chart
// blank; the end-to-end tests read the series drawn in every chart
// (`chartSeries` in tests/e2e/harness.mjs) to catch that.
const ENTRY = `
import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, LineChart, SankeyChart, ScatterChart, TreemapChart } from 'echarts/charts';
import {
  GridComponent, LegendComponent, LegendScrollComponent, TooltipComponent, VisualMapComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
echarts.use([
  BarChart, HeatmapChart, LineChart, SankeyChart, ScatterChart, TreemapChart,
  GridComponent, LegendComponent, LegendScrollComponent, TooltipComponent, VisualMapComponent,
  CanvasRenderer,
]);
// A plain object, as the package's own build gives: tests wrap its functions.
window.echarts = { ...echarts };
`;

const inputs = [fileURLToPath(import.meta.url), join(ROOT, 'package-lock.json')];
const upToDate = existsSync(OUT) && inputs.every((f) => statSync(f).mtimeMs <= statSync(OUT).mtimeMs);
if (!upToDate) {
  await build({
    stdin: { contents: ENTRY, resolveDir: ROOT, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    legalComments: 'eof',
    outfile: OUT,
    logLevel: 'warning',
  });
}
