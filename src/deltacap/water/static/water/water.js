// Water pages: the sections on the map coloured by class, a section's monthly classes,
// an eco-compensation agreement's P by year.
// Data comes from json_script tags.
(function () {
  "use strict";

  function readJson(id) {
    const node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  async function drawMap() {
    const el = document.getElementById("water-map");
    const data = readJson("water-map-data");
    if (!el || !data) return;
    const response = await fetch(el.dataset.geo);
    echarts.registerMap("yrd-members", await response.json());
    const chart = echarts.init(el);
    chart.setOption({
      tooltip: {
        trigger: "item",
        formatter: (p) => (p.seriesType === "scatter"
          ? [p.name, p.data.month, p.data.class, p.data.grade].filter(Boolean).join(" · ")
          : ""),
      },
      geo: {
        map: "yrd-members", nameProperty: "code", roam: true, aspectScale: 0.85,
        itemStyle: { areaColor: "#eef2f5", borderColor: "#9aa7b2", borderWidth: 0.8 },
        emphasis: { disabled: true },
      },
      series: [{
        type: "scatter", coordinateSystem: "geo", symbolSize: 13,
        data: data.points.map((p) => ({ ...p, itemStyle: { color: p.colour, borderColor: "#222", borderWidth: 1 } })),
        label: { show: true, position: "right", formatter: (p) => p.name, fontSize: 11 },
        labelLayout: { hideOverlap: true },
      }],
    });
    el.dataset.drawn = "1";
    window.addEventListener("resize", () => chart.resize());
  }

  function drawSection() {
    const el = document.getElementById("section-chart");
    const data = readJson("section-chart-data");
    if (!el || !data) return;
    const chart = echarts.init(el);
    chart.setOption({
      tooltip: {
        trigger: "axis",
        formatter: (ps) => ps.map((p) => p.axisValue + " · " + (p.value ? data.axis[p.value - 1] : "—")).join("<br>"),
      },
      animation: false,
      grid: { left: 70, right: 90, top: 30, bottom: 30 },
      xAxis: { type: "category", data: data.months },
      yAxis: {
        type: "value", min: 1, max: 6, interval: 1, inverse: true,
        axisLabel: { formatter: (v) => data.axis[v - 1] || "" },
      },
      series: [{
        name: data.labels.class, type: "line", step: "middle", connectNulls: false,
        symbol: "circle", symbolSize: 11, lineStyle: { color: "#9aa7b2", width: 1.5 },
        data: data.classes.map((c, i) => ({ value: c, itemStyle: { color: data.colours[i], borderColor: "#333" } })),
        markLine: {
          symbol: "none", lineStyle: { type: "dashed", color: "#c0392b" },
          label: { formatter: data.labels.target, position: "end" }, data: [{ yAxis: data.target }],
        },
      }],
    });
    el.dataset.drawn = "1";
    window.addEventListener("resize", () => chart.resize());
  }

  // A section's 4-hourly readings: each reading's class (points coloured by class) and
  // each day's class from the day's mean (a step line), against the target class.
  function drawAutomatic() {
    const el = document.getElementById("automatic-chart");
    const data = readJson("automatic-chart-data");
    if (!el || !data) return;
    const chart = echarts.init(el);
    const label = (v) => (v ? data.axis[v - 1] : "—");
    chart.setOption({
      animation: false,
      legend: { top: 0 },
      tooltip: {
        trigger: "item",
        formatter: (p) => p.seriesName + " · " + p.data.when + " · " + label(p.data.value[1]),
      },
      grid: { left: 70, right: 90, top: 36, bottom: 30 },
      xAxis: { type: "time" },
      yAxis: {
        type: "value", min: 1, max: 6, interval: 1, inverse: true,
        axisLabel: { formatter: (v) => data.axis[v - 1] || "" },
      },
      series: [
        {
          name: data.labels.reading, type: "scatter", symbolSize: 8, z: 3,
          data: data.readings.map((r) => ({
            value: [r.time, r.class], when: r.label, itemStyle: { color: r.colour, borderColor: "#333", borderWidth: 0.5 },
          })),
        },
        {
          name: data.labels.day, type: "line", step: "middle", symbol: "none", z: 2,
          lineStyle: { color: "#2c6e91", width: 2, opacity: 0.7 }, itemStyle: { color: "#2c6e91" },
          data: data.days.map((d) => ({ value: [d.time, d.class], when: d.label })),
          markLine: {
            symbol: "none", silent: true, lineStyle: { type: "dashed", color: "#c0392b" },
            label: { formatter: data.labels.target, position: "end" }, data: [{ yAxis: data.target }],
          },
        },
      ],
    });
    el.dataset.drawn = "1";
    window.addEventListener("resize", () => chart.resize());
  }

  // An agreement's P by year against the line P = 1 (at or below: the water met it).
  function drawP() {
    const el = document.getElementById("p-chart");
    const data = readJson("p-chart-data");
    if (!el || !data) return;
    const chart = echarts.init(el);
    const top = Math.max(1.2, ...data.p.map((p) => p + 0.1));
    chart.setOption({
      animation: false,
      tooltip: {
        trigger: "axis",
        formatter: (ps) => ps.map((p) => p.axisValue + " · P = " + p.value
          + (data.settled[p.dataIndex] ? "" : " (" + data.labels.pending + ")")).join("<br>"),
      },
      grid: { left: 60, right: 70, top: 30, bottom: 30 },
      xAxis: { type: "category", data: data.years.map(String) },
      yAxis: { type: "value", min: 0, max: Math.ceil(top * 5) / 5, interval: 0.2, name: data.labels.p },
      series: [{
        name: data.labels.p, type: "line", symbol: "circle", symbolSize: 11,
        lineStyle: { color: "#2c6e91", width: 2 },
        data: data.p.map((p, i) => ({
          value: p,
          itemStyle: {
            color: data.settled[i] ? (p <= 1 ? "#2e8b57" : "#c0392b") : "#fff",
            borderColor: p <= 1 ? "#2e8b57" : "#c0392b", borderWidth: 2,
          },
        })),
        markLine: {
          symbol: "none", silent: true, lineStyle: { type: "dashed", color: "#c0392b" },
          label: { formatter: data.labels.one, position: "end" }, data: [{ yAxis: 1 }],
        },
      }],
    });
    el.dataset.drawn = "1";
    window.addEventListener("resize", () => chart.resize());
  }

  drawMap();
  drawSection();
  drawAutomatic();
  drawP();
})();
