// Charts of the bay's fence-line stations, outlets and ozone cooperation: the hours of a
// day against a limit (a line per series, the limit as a dashed line), and the ozone
// season (O3 of the bay's cities beside the bay's NMHC).
(function () {
  "use strict";

  function data(id) {
    const node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function drawHours(el) {
    const d = data(el.dataset.source);
    if (!d) return;
    const chart = echarts.init(el);
    const series = d.series.map((s) => ({ name: s.name, type: "line", data: s.points, showSymbol: true }));
    if (d.limit !== null && series.length) {
      series[0].markLine = {
        symbol: "none", lineStyle: { type: "dashed", color: "#b3261e" },
        label: { formatter: d.limit_name + " " + d.limit }, data: [{ yAxis: d.limit }],
      };
    }
    const hours = [...new Set(d.series.flatMap((s) => s.points.map((p) => p[0])))].sort();
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { data: d.series.map((s) => s.name) },
      xAxis: { type: "category", data: hours },
      yAxis: { type: "value", name: d.unit },
      series: series,
    });
    el.dataset.drawn = "1";
    window.addEventListener("resize", () => chart.resize());
  }

  function drawOzone(el) {
    const d = data("ozone-data");
    if (!d) return;
    const chart = echarts.init(el);
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { data: [d.names.o3, d.names.fence, d.names.outlets] },
      grid: { right: 120 },
      xAxis: { type: "category", data: d.days },
      yAxis: [
        { type: "value", name: "µg/m³" },
        { type: "value", name: "mg/m³", position: "right" },
        { type: "value", name: "kg", position: "right", offset: 60 },
      ],
      series: [
        { name: d.names.o3, type: "line", data: d.o3, connectNulls: false, itemStyle: { color: "#3d7ab8" } },
        { name: d.names.fence, type: "bar", yAxisIndex: 1, data: d.fence, itemStyle: { color: "#e67e22" } },
        { name: d.names.outlets, type: "line", yAxisIndex: 2, data: d.outlets, itemStyle: { color: "#7b5ea7" } },
      ],
    });
    el.dataset.drawn = "1";
    window.addEventListener("resize", () => chart.resize());
  }

  document.querySelectorAll(".hours-chart").forEach(drawHours);
  const ozone = document.getElementById("ozone-chart");
  if (ozone) drawOzone(ozone);
})();
