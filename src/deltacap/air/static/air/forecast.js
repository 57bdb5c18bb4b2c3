// Forecast against observed for one city: the consensus range as a band, each source's
// midpoint as a line, the observed daily AQI as bars.
(function () {
  "use strict";
  const el = document.getElementById("forecast-chart");
  const node = document.getElementById("forecast-chart-data");
  if (!el || !node) return;
  const data = JSON.parse(node.textContent);
  const chart = echarts.init(el);
  const low = data.low.map((v) => v);
  const width = data.high.map((v, i) => (v === null || low[i] === null ? null : v - low[i]));
  chart.setOption({
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 45, right: 20, top: 40, bottom: 30 },
    xAxis: { type: "category", data: data.dates },
    yAxis: { type: "value", name: data.labels.aqi },
    series: [
      { type: "line", stack: "range", data: low, lineStyle: { opacity: 0 }, symbol: "none", silent: true, tooltip: { show: false } },
      { type: "line", stack: "range", name: data.labels.range, data: width, lineStyle: { opacity: 0 }, symbol: "none", itemStyle: { color: "rgba(80,140,220,0.45)" }, areaStyle: { color: "rgba(80,140,220,0.25)" } },
      { type: "bar", name: data.labels.observed, data: data.observed, itemStyle: { color: "#7a8793" }, barWidth: "30%" },
      ...data.series.map((s) => ({ type: "line", name: s.name, data: s.data, connectNulls: true })),
    ],
  });
  el.dataset.drawn = "1";
  window.addEventListener("resize", () => chart.resize());
})();
