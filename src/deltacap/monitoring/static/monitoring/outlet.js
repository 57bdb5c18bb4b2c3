// An outlet's hourly mean concentrations (lines, left axis) and flow (bars, right axis).
(function () {
  "use strict";
  const el = document.getElementById("outlet-chart");
  const node = document.getElementById("outlet-chart-data");
  if (!el || !node || typeof echarts === "undefined") return;
  const data = JSON.parse(node.textContent);
  const chart = echarts.init(el);
  chart.setOption({
    tooltip: { trigger: "axis" },
    legend: { top: 0, type: "scroll" },
    grid: { left: 50, right: 60, top: 40, bottom: 60 },
    dataZoom: [{ type: "inside" }, { type: "slider", height: 18, bottom: 10 }],
    xAxis: { type: "category", data: data.hours },
    yAxis: [
      { type: "value", name: data.axes.concentration },
      { type: "value", name: data.axes.flow, position: "right" },
    ],
    series: data.series.map((s) => ({
      name: s.name + " " + s.code,
      type: s.flow ? "bar" : "line",
      yAxisIndex: s.flow ? 1 : 0,
      showSymbol: false,
      connectNulls: false,
      data: s.data,
    })),
  });
  window.addEventListener("resize", () => chart.resize());
})();
