// The analytics pages' charts, drawn with Chart.js (and its matrix plugin for heatmaps) from the page's data island
// (#analytics-data: the tables as the API answers them, plus each row's label text). A suppressed cell is null there
// and is left out of the chart (no bar, a gap in the line, no heatmap cell), never drawn as 0. Every figure is also
// in the table under the chart, so the page says everything without this script.
(() => {
  const island = document.getElementById("analytics-data");
  if (!island || !window.Chart) {
    return;
  }
  const { Chart } = window;
  const data = JSON.parse(island.textContent);
  const tables = new Map(data.tables.map((table) => [table.key, table]));
  // Okabe & Ito's palette: told apart with the common colour-vision deficiencies.
  const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];
  const style = getComputedStyle(document.body);
  Chart.defaults.color = style.color;
  Chart.defaults.font.family = style.fontFamily;
  Chart.defaults.animation = false; // the figures are the point; motion would only delay them

  const unitOf = (table, key) => (table.columns.find((c) => c.key === key) || {}).unit || "";

  function seriesChart(canvas, table) {
    const { kind, series } = table.chart;
    const units = new Set(series.map((key) => unitOf(table, key)));
    const oneUnit = units.size === 1 ? [...units][0] : "";
    // A total row ("All departments") stays in the table but not in the chart: its bar would dwarf the others.
    const totals = new Set(table.total_rows);
    const shown = table.rows.map((row, i) => i).filter((i) => !totals.has(i));
    return new Chart(canvas, {
      type: kind,
      data: {
        labels: shown.map((i) => table.labels.x[i]),
        datasets: series.map((key, i) => ({
          label: table.headers[key],
          data: shown.map((row) => table.rows[row][key]), // null stays null: Chart.js skips it
          backgroundColor: PALETTE[i % PALETTE.length],
          borderColor: PALETTE[i % PALETTE.length],
          spanGaps: false,
        })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          y: {
            beginAtZero: true,
            suggestedMax: oneUnit === "%" ? 100 : undefined, // a share reads against the whole
            title: { display: Boolean(oneUnit), text: oneUnit },
          },
        },
      },
    });
  }

  function heatmap(canvas, frame, table) {
    const { value } = table.chart;
    const cells = [];
    table.rows.forEach((row, i) => {
      if (row[value] !== null) {
        cells.push({ x: table.labels.x[i], y: table.labels.y[i], v: row[value] });
      }
    });
    const xs = [...new Set(table.labels.x)];
    const ys = [...new Set(table.labels.y)];
    const largest = Math.max(1, ...cells.map((c) => Math.abs(c.v)));
    frame.style.height = `${Math.max(240, ys.length * 22 + 120)}px`;
    const colour = (v) => {
      const alpha = 0.1 + (0.9 * Math.abs(v)) / largest;
      return v >= 0 ? `rgba(213, 94, 0, ${alpha})` : `rgba(0, 114, 178, ${alpha})`;
    };
    return new Chart(canvas, {
      type: "matrix",
      data: {
        datasets: [{
          label: table.headers[value],
          data: cells,
          backgroundColor: (ctx) => (ctx.raw ? colour(ctx.raw.v) : "transparent"),
          width: ({ chart }) => (chart.chartArea || {}).width / xs.length - 1,
          height: ({ chart }) => (chart.chartArea || {}).height / ys.length - 1,
        }],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              title: (items) => `${items[0].raw.y} · ${items[0].raw.x}`,
              label: (item) => `${table.headers[value]}: ${item.raw.v}`,
            },
          },
        },
        scales: {
          x: { type: "category", labels: xs, offset: true, grid: { display: false } },
          y: { type: "category", labels: ys, offset: true, grid: { display: false } },
        },
      },
    });
  }

  for (const frame of document.querySelectorAll("[data-chart]")) {
    const table = tables.get(frame.dataset.chart);
    const canvas = frame.querySelector("canvas");
    if (!table || !canvas) {
      continue;
    }
    if (table.chart.kind === "heatmap") {
      heatmap(canvas, frame, table);
    } else {
      seriesChart(canvas, table);
    }
    frame.dataset.drawn = "true";
  }
})();
