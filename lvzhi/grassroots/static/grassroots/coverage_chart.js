// Blank spots by child organization (bar chart). The table beside it stays the accessible
// source; without ECharts the table alone is shown.
(function () {
  function draw() {
    var holder = document.getElementById("coverage-chart");
    var source = document.getElementById("coverage-chart-data");
    if (!holder || !source || typeof window.echarts === "undefined") {
      if (holder) { holder.hidden = true; }
      return;
    }
    var data = JSON.parse(source.textContent);
    var colors = { standalone: "#dc3545", joint: "#ffc107", villages: "#6c757d" };
    var chart = window.echarts.init(holder);
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 40, right: 20, top: 40, bottom: 80 },
      xAxis: { type: "category", data: data.labels, axisLabel: { interval: 0, rotate: 30 } },
      yAxis: { type: "value", minInterval: 1 },
      series: data.series.map(function (s) {
        return { name: s.name, type: "bar", data: s.data, itemStyle: { color: colors[s.key] } };
      })
    });
    holder.dataset.drawn = "1";
    window.addEventListener("resize", function () { chart.resize(); });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
