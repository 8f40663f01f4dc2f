// Copies the front-end files the app serves from node_modules into talentloop/static/vendor
// (ignored by git). Run by `npm run build` after `npm ci`; the app never loads anything from a CDN.
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "talentloop", "static", "vendor");
const files = {
  "htmx.org/dist/htmx.min.js": "htmx.min.js",
  "@picocss/pico/css/pico.min.css": "pico.min.css",
  // The analytics pages' charts: Chart.js draws bar and line charts, its matrix plugin the heatmaps.
  "chart.js/dist/chart.umd.min.js": "chart.umd.min.js",
  "chart.js/dist/chart.umd.min.js.map": "chart.umd.min.js.map",
  "chartjs-chart-matrix/dist/chartjs-chart-matrix.min.js": "chartjs-chart-matrix.min.js",
  "chartjs-chart-matrix/dist/chartjs-chart-matrix.min.js.map": "chartjs-chart-matrix.min.js.map",
};
mkdirSync(out, { recursive: true });
for (const [from, to] of Object.entries(files)) {
  copyFileSync(join(root, "node_modules", from), join(out, to));
  console.log(`assets: ${from} -> talentloop/static/vendor/${to}`);
}
