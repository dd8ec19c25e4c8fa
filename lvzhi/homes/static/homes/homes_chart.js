// 妇女之家 chart (roll-up page and workbench): per child organization, homes designated,
// not designated and withdrawn as stacked bars, the average public rating as a line on a
// second axis. Data comes from the json_script element; the table is the accessible source.
(function () {
  function start() {
    var holder = document.getElementById("homes-chart");
    if (!holder) { return; }
    if (typeof window.echarts === "undefined") { holder.hidden = true; return; }
    var source = document.getElementById("homes-chart-data");
    if (source) { draw(holder, JSON.parse(source.textContent)); return; }
    if (!holder.dataset.src) { holder.hidden = true; return; }
    // the workbench: the data is fetched after the page (the section stays hidden when
    // the subtree has no home)
    fetch(holder.dataset.src, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        var section = document.getElementById("workbench-homes");
        if (!data || !data.homes) { return; }
        if (section) { section.hidden = false; }
        draw(holder, data);
      });
  }
  function draw(holder, data) {
    var names = data.names;
    function bars(key, color) {
      return { name: names[key], type: "bar", stack: "homes", data: data[key], itemStyle: { color: color } };
    }
    var chart = window.echarts.init(holder);
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 40, right: 40, top: 40, bottom: 70 },
      xAxis: { type: "category", data: data.labels, axisLabel: { interval: 0, rotate: 30 } },
      yAxis: [{ type: "value", minInterval: 1 }, { type: "value", min: 0, max: 5 }],
      series: [
        bars("designated", "#198754"),
        bars("undesignated", "#adb5bd"),
        bars("withdrawn", "#dc3545"),
        { name: names.ratings, type: "line", yAxisIndex: 1, data: data.ratings, connectNulls: true }
      ]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
