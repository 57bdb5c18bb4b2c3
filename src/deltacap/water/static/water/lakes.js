// The 5 km Taihu zone: the lake and the band of land around it, with the enterprises
// inside (chemical ones in red). Data comes from a json_script tag.
(function () {
  "use strict";

  function drawZone() {
    const el = document.getElementById("taihu-map");
    const node = document.getElementById("taihu-map-data");
    if (!el || !node) return;
    const data = JSON.parse(node.textContent);
    echarts.registerMap("taihu-zone", data.zone);
    const chart = echarts.init(el);
    chart.setOption({
      tooltip: { trigger: "item", formatter: (p) => (p.seriesType === "scatter" ? p.name + " · " + p.data.industry : "") },
      geo: {
        map: "taihu-zone", roam: true, aspectScale: 0.86,
        regions: [
          { name: "zone", itemStyle: { areaColor: "#f6d7a7", borderColor: "#d49a4a" } },
          { name: "lake", itemStyle: { areaColor: "#9cc3e6", borderColor: "#3d7ab8" } },
        ],
        itemStyle: { borderWidth: 1 },
        emphasis: { disabled: true },
        select: { disabled: true },
      },
      series: [{
        type: "scatter", coordinateSystem: "geo", symbolSize: 9,
        data: data.points.map((p) => ({ ...p, itemStyle: { color: p.chemical ? "#c0392b" : "#555", borderColor: "#fff", borderWidth: 1 } })),
      }],
    });
    el.dataset.drawn = "1";
    window.addEventListener("resize", () => chart.resize());
  }

  drawZone();
})();
