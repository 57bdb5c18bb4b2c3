// Progress dashboard: completion by member (bars against time progress), a map of cities
// coloured by completion, and the cumulative verified reduction per year. Data: json_script
// (the region's series only, and each member's completion; views_progress._chart_data).
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("progress-data").textContent);
  const names = {};
  data.members.forEach((m) => { names[m.code] = m.name; });
  const percent = (v) => (v === null ? null : Math.round(v * 1000) / 10);

  function drawCompletion() {
    const el = document.getElementById("completion-chart");
    const chart = echarts.init(el);
    const series = data.pollutants.map((p) => ({
      name: p.name, type: "bar",
      data: data.members.map((m) => {
        const row = data.figures.find((f) => f.scope === m.code && f.pollutant === p.code);
        return row ? percent(row.completion_rate) : null;
      }),
    }));
    series[0].markLine = {
      // The label sits inside the plot above the line's end, so "100 %" is never cut off.
      symbol: "none", label: { formatter: "{c} %", position: "insideEndTop", color: "#c0392b" },
      lineStyle: { type: "dashed", color: "#c0392b" },
      data: [{ yAxis: percent(data.time_progress) }],
    };
    chart.setOption({
      tooltip: { trigger: "axis", valueFormatter: (v) => (v === null ? "—" : v + " %") },
      legend: { top: 0 }, grid: { left: 50, right: 30, top: 56, bottom: 30, containLabel: true },
      xAxis: { type: "category", data: data.members.map((m) => m.name) },
      yAxis: { type: "value", name: "%" }, series,
    });
    el.dataset.drawn = "1";
    window.addEventListener("resize", () => chart.resize());
  }

  async function drawMap() {
    const el = document.getElementById("progress-map");
    const response = await fetch(el.dataset.geo);
    echarts.registerMap("yrd-progress", await response.json());
    const chart = echarts.init(el);
    function show(pollutant) {
      chart.setOption({
        tooltip: {
          trigger: "item",
          formatter: (p) => {
            const city = data.cities.find((c) => c.code === p.name);
            if (!city) return p.name;
            const cell = city[pollutant];
            return city.name + "<br>" + cell.verified_tonnes.toFixed(1) + " t · " +
              (cell.completion_rate === null ? "—" : percent(cell.completion_rate) + " %");
          },
        },
        visualMap: { min: 0, max: 120, calculable: true, left: 0, bottom: 0, text: ["120 %", "0 %"],
          inRange: { color: ["#b03a2e", "#f4d03f", "#1e8449"] } },
        series: [{
          type: "map", map: "yrd-progress", nameProperty: "code", roam: true, aspectScale: 0.85,
          label: { show: false },
          data: data.cities.map((c) => ({ name: c.code, value: percent(c[pollutant].completion_rate) })),
        }],
      }, true);
      el.dataset.pollutant = pollutant;
    }
    document.querySelectorAll("#pollutant-switch button").forEach((b) => {
      b.addEventListener("click", () => show(b.dataset.pollutant));
    });
    show(data.pollutants[0].code);
    el.dataset.drawn = "1";
    window.addEventListener("resize", () => chart.resize());
  }

  function drawSeries() {
    const el = document.getElementById("series-chart");
    const chart = echarts.init(el);
    const series = [];
    data.pollutants.forEach((p) => {
      series.push({
        name: p.name, type: "line",
        data: data.years.map((y) => {
          const row = data.series.find((f) => f.pollutant === p.code && f.year === y);
          return row ? percent(row.completion_rate) : null;
        }),
      });
    });
    series.push({
      name: data.labels.time_progress, type: "line", lineStyle: { type: "dashed" },
      data: data.years.map((y) => {
        const row = data.series.find((f) => f.year === y);
        return row ? percent(row.time_progress) : null;
      }),
    });
    chart.setOption({
      tooltip: { trigger: "axis", valueFormatter: (v) => (v === null ? "—" : v + " %") },
      legend: { top: 0 }, grid: { left: 50, right: 30, top: 56, bottom: 30, containLabel: true },
      xAxis: { type: "category", data: data.years.map(String) },
      yAxis: { type: "value", name: "%" }, series,
    });
    el.dataset.drawn = "1";
    window.addEventListener("resize", () => chart.resize());
  }

  drawCompletion();
  drawSeries();
  drawMap();
})();
