// The bay's map: the cities of Shanghai and Zhejiang, those of the bay's scope shaded, and
// the bay's enterprises (at their district's centre) coloured by their open findings, and
// the fence-line stations (triangles) at their positions.
(function () {
  "use strict";

  async function drawBay() {
    const el = document.getElementById("bay-map");
    const node = document.getElementById("bay-map-data");
    if (!el || !node) return;
    const data = JSON.parse(node.textContent);
    const response = await fetch(el.dataset.geo);
    const geo = await response.json();
    geo.features = geo.features.filter((f) => data.members.includes(f.properties.member));
    echarts.registerMap("bay", geo);
    const chart = echarts.init(el);
    chart.setOption({
      tooltip: {
        trigger: "item",
        formatter: (p) => (p.seriesType === "scatter" ? p.name + "<br>" + p.data.state : p.name),
      },
      geo: {
        map: "bay", nameProperty: "code", roam: true, aspectScale: 0.86,
        center: data.center, zoom: 2.2,
        itemStyle: { areaColor: "#eef1f4", borderColor: "#9aa5b1", borderWidth: 0.6 },
        regions: data.bay.map((code) => ({ name: code, itemStyle: { areaColor: "#cfe3f3", borderColor: "#3d7ab8" } })),
        emphasis: { label: { show: false }, itemStyle: { areaColor: "#dde3ea" } },
        select: { disabled: true },
      },
      series: [{
        type: "scatter", coordinateSystem: "geo", symbolSize: 11,
        data: data.points.map((p) => ({
          name: p.name, value: p.value, state: p.state,
          itemStyle: { color: p.colour, borderColor: "#fff", borderWidth: 1 },
        })),
      }, {
        // The fence-line stations at their own positions, beside the enterprises.
        type: "scatter", coordinateSystem: "geo", symbol: "triangle", symbolSize: 10,
        data: (data.stations || []).map((s) => ({
          name: s.name, value: s.value, state: s.state,
          itemStyle: { color: "#3d7ab8", borderColor: "#fff", borderWidth: 1 },
        })),
      }],
    });
    el.dataset.drawn = "1";
    window.addEventListener("resize", () => chart.resize());
  }

  drawBay();
})();
