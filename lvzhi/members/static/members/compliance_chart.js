// 七个一 roll-up bar chart: members by status per rule (stacked) and the share met.
// Data comes from the json_script element beside the table, which stays the accessible
// source; without ECharts (assets not installed) the table alone is shown.
(function () {
  function draw() {
    var holder = document.getElementById("compliance-chart");
    var source = document.getElementById("compliance-chart-data");
    if (!holder || !source || typeof window.echarts === "undefined") {
      if (holder) { holder.hidden = true; }
      return;
    }
    var data = JSON.parse(source.textContent);
    var colors = { met: "#198754", due: "#ffc107", overdue: "#dc3545", partial: "#0dcaf0", not_required: "#adb5bd" };
    var series = data.series.map(function (s) {
      return { name: s.name, type: "bar", stack: "members", data: s.data, itemStyle: { color: colors[s.key] } };
    });
    series.push({ name: data.share_name, type: "line", yAxisIndex: 1, data: data.share, itemStyle: { color: "#b3261e" } });
    var chart = window.echarts.init(holder);
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { top: 0, type: "scroll" },
      grid: { left: 40, right: 40, top: 40, bottom: 60 },
      xAxis: { type: "category", data: data.labels, axisLabel: { interval: 0, rotate: 30 } },
      yAxis: [{ type: "value", minInterval: 1 }, { type: "value", min: 0, max: 100 }],
      series: series
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
