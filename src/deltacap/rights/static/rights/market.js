// Completed trades per pollutant and month: volume (bars, left axis) and mean price (lines, right).
(function () {
  "use strict";
  const el = document.getElementById("market-chart");
  const node = document.getElementById("market-chart-data");
  if (!el || !node || typeof echarts === "undefined") return;
  const data = JSON.parse(node.textContent);
  const series = [];
  Object.keys(data.series).forEach((pollutant) => {
    const s = data.series[pollutant];
    series.push({ name: pollutant + " t", type: "bar", yAxisIndex: 0, data: s.tonnes });
    series.push({ name: pollutant + " ¥/t", type: "line", yAxisIndex: 1, connectNulls: true, data: s.price });
  });
  const chart = echarts.init(el);
  chart.setOption({
    tooltip: { trigger: "axis" },
    legend: { top: 0, type: "scroll" },
    grid: { left: 60, right: 70, top: 40, bottom: 30 },
    xAxis: { type: "category", data: data.months },
    yAxis: [{ type: "value", name: "t" }, { type: "value", name: "¥/t", position: "right" }],
    series: series,
  });
  window.addEventListener("resize", () => chart.resize());
})();
