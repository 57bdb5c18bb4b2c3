// Air-quality charts: the stations' map coloured by AQI category, a city's daily AQI, a
// mobile-monitoring track coloured by concentration.
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

  // A mobile-monitoring track: its points coloured by concentration (continuous scale up
  // to the track's peak), its hotspots and the enterprises near them, on the region's map.
  async function drawTrack() {
    const el = document.getElementById("track-map");
    const data = readJson("track-map-data");
    if (!el || !data || !data.path.length) return;
    const response = await fetch(el.dataset.geo);
    echarts.registerMap("yrd", await response.json());
    const lons = data.path.map((p) => p[0]);
    const lats = data.path.map((p) => p[1]);
    const centre = [(Math.min(...lons) + Math.max(...lons)) / 2, (Math.min(...lats) + Math.max(...lats)) / 2];
    const span = Math.max(Math.max(...lons) - Math.min(...lons), Math.max(...lats) - Math.min(...lats), 0.01);
    const chart = echarts.init(el);
    chart.setOption({
      tooltip: {
        trigger: "item",
        formatter: (p) => p.seriesIndex === 0
          ? p.value[3] + "<br>" + data.item + " " + (p.value[2] === null ? "—" : p.value[2])
          : p.name + (p.seriesIndex === 1 ? "<br>" + data.item + " " + p.value[2] : "<br>" + p.value[2] + " m"),
      },
      legend: { top: 5, left: 5, data: [data.labels.track, data.labels.hotspots, data.labels.enterprises] },
      visualMap: {
        seriesIndex: 0, dimension: 2, min: 0, max: data.max, calculable: true, right: 10, bottom: 20,
        text: [data.item, ""], inRange: { color: ["#2c7bb6", "#abd9e9", "#ffffbf", "#fdae61", "#d7191c"] },
      },
      geo: {
        map: "yrd", nameProperty: "code", roam: true, aspectScale: 0.85,
        center: centre, zoom: Math.min(200, Math.max(4, 6 / span)),
        itemStyle: { areaColor: "#eef1f4", borderColor: "#9aa5b1", borderWidth: 0.6 },
        emphasis: { label: { show: false }, itemStyle: { areaColor: "#dde3ea" } },
      },
      series: [
        {
          name: data.labels.track, type: "scatter", coordinateSystem: "geo", symbolSize: 6,
          data: data.path.map((p) => ({ value: [p[0], p[1], p[2], p[3]] })),
        },
        {
          name: data.labels.hotspots, type: "scatter", coordinateSystem: "geo", symbolSize: 22,
          itemStyle: { color: "rgba(209,0,0,0.15)", borderColor: "#d10000", borderWidth: 2 },
          data: data.hotspots,
        },
        {
          name: data.labels.enterprises, type: "scatter", coordinateSystem: "geo", symbol: "pin", symbolSize: 18,
          itemStyle: { color: "#5b3f99" }, data: data.enterprises,
        },
      ],
    });
    el.dataset.drawn = "1";
    window.addEventListener("resize", () => chart.resize());
  }

  drawMap();
  drawCity();
  drawTrack();
})();
