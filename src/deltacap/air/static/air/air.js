// Air-quality charts: the stations' map coloured by AQI category, a city's daily AQI.
(function () {
  "use strict";

  function readJson(id) {
    const node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  async function drawMap() {
    const el = document.getElementById("air-map");
    const data = readJson("air-map-data");
    if (!el || !data) return;
    const response = await fetch(el.dataset.geo);
    echarts.registerMap("yrd", await response.json());
    const chart = echarts.init(el);
    chart.setOption({
      tooltip: {
        trigger: "item",
        formatter: (p) => p.seriesType === "scatter"
          ? p.name + "<br>" + data.aqi + " " + (p.value[2] === null ? "—" : p.value[2]) + " · " + p.data.category
          : "",
      },
      geo: {
        map: "yrd", nameProperty: "code", roam: true, aspectScale: 0.85,
        itemStyle: { areaColor: "#eef1f4", borderColor: "#9aa5b1", borderWidth: 0.6 },
        emphasis: { label: { show: false }, itemStyle: { areaColor: "#dde3ea" } },
      },
      series: [{
        type: "scatter", coordinateSystem: "geo", symbolSize: 9,
        data: data.points.map((p) => ({
          name: p.name, value: p.value, category: p.category,
          itemStyle: { color: p.colour, borderColor: "#333", borderWidth: 0.5 },
        })),
      }],
    });
    el.dataset.drawn = "1";
    window.addEventListener("resize", () => chart.resize());
  }

  function drawCity() {
    const el = document.getElementById("city-chart");
    const data = readJson("city-chart-data");
    if (!el || !data) return;
    const chart = echarts.init(el);
    chart.setOption({
      tooltip: { trigger: "axis" },
      grid: { left: 45, right: 20, top: 20, bottom: 30 },
      xAxis: { type: "category", data: data.dates },
      yAxis: { type: "value", name: data.label },
      series: [{
        type: "bar", name: data.label,
        data: data.aqi.map((d) => ({ value: d.value, itemStyle: { color: d.colour || "#B0B7BF" } })),
        markLine: { silent: true, symbol: "none", label: { show: false }, data: [{ yAxis: 100 }], lineStyle: { color: "#888" } },
      }],
    });
    el.dataset.drawn = "1";
    window.addEventListener("resize", () => chart.resize());
  }

  drawMap();
  drawCity();
})();
