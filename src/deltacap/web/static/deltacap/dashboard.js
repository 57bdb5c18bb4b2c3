// Dashboard charts: targets by member (bar) and the region map. Data comes from json_script tags.
(function () {
  "use strict";
  const MEMBER_COLOURS = { "310000": "#c0392b", "320000": "#2471a3", "330000": "#239b56", "340000": "#b9770e" };

  function readJson(id) {
    const node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function drawTargets() {
    const el = document.getElementById("targets-chart");
    const data = readJson("chart-data");
    if (!el || !data) return;
    const chart = echarts.init(el);
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 50, right: 20, top: 40, bottom: 30 },
      xAxis: { type: "category", data: data.members },
      yAxis: { type: "value", name: data.unit },
      series: data.series.map((s) => ({ name: s.name, type: "bar", data: s.data })),
    });
    window.addEventListener("resize", () => chart.resize());
    document.body.addEventListener("targetsChanged", (event) => {
      chart.setOption({ series: event.detail.series.map((s) => ({ name: s.name, data: s.data })) });
    });
  }

  async function drawMap() {
    const el = document.getElementById("region-map");
    const data = readJson("map-data");
    if (!el || !data) return;
    const response = await fetch(el.dataset.geo);
    const geojson = await response.json();
    echarts.registerMap("yrd", geojson);
    const labels = {};
    data.cities.forEach((c) => { labels[c.name] = c.label; });
    const chart = echarts.init(el);
    chart.setOption({
      tooltip: {
        trigger: "item",
        formatter: (p) => (p.seriesType === "scatter" ? p.name : (labels[p.name] || p.name) +
          " · " + (data.members[(data.cities.find((c) => c.name === p.name) || {}).member] || "")),
      },
      geo: {
        map: "yrd", nameProperty: "code", roam: true, aspectScale: 0.85,
        itemStyle: { borderColor: "#fff", borderWidth: 0.6 },
        emphasis: { label: { show: false }, itemStyle: { areaColor: "#f4d03f" } },
        regions: data.cities.map((c) => ({
          name: c.name, itemStyle: { areaColor: MEMBER_COLOURS[c.member] || "#999", opacity: 0.75 },
        })),
      },
      series: [{
        type: "scatter", coordinateSystem: "geo", data: data.zone, symbolSize: 9,
        itemStyle: { color: "#111" },
      }],
    });
    drawLegend(el, data.members);
    el.dataset.drawn = "1";
    window.addEventListener("resize", () => chart.resize());
  }

  function drawLegend(el, members) {
    const legend = document.createElement("div");
    legend.className = "map-legend";
    Object.entries(members).forEach(([code, name]) => {
      const item = document.createElement("span");
      const swatch = document.createElement("i");
      swatch.style.background = MEMBER_COLOURS[code] || "#999";
      item.append(swatch, document.createTextNode(name));
      legend.append(item);
    });
    el.after(legend);
  }

  drawTargets();
  drawMap();
})();
