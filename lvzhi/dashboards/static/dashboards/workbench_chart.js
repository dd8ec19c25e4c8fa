// Workbench bar chart: 七个一 share met per child organization, lowest first, the bars
// under the threshold in the warning color. Data comes from the json_script element; the
// table beside the chart is the accessible source (and all there is without ECharts).
(function () {
  function draw() {
    var holder = document.getElementById("workbench-chart");
    var source = document.getElementById("workbench-chart-data");
    if (!holder || !source || typeof window.echarts === "undefined") {
      if (holder) { holder.hidden = true; }
      return;
    }
    var data = JSON.parse(source.textContent);
    var bars = data.shares.map(function (value, i) {
      return { value: value, itemStyle: { color: data.below[i] ? "#fd7e14" : "#198754" } };
    });
    var chart = window.echarts.init(holder);
    chart.setOption({
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v + "%"; } },
      grid: { left: 40, right: 20, top: 20, bottom: 70 },
      xAxis: { type: "category", data: data.labels, axisLabel: { interval: 0, rotate: 30 } },
      yAxis: { type: "value", min: 0, max: 100 },
      series: [{
        name: data.series_name,
        type: "bar",
        data: bars,
        markLine: {
          symbol: "none",
          data: [{ yAxis: data.threshold, name: data.threshold_name }],
          lineStyle: { color: "#dc3545", type: "dashed" }
        }
      }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
