// Draws every chart of the report from the JSON blocks on the page; nothing is fetched.
(function () {
  "use strict";
  var datasets = JSON.parse(document.getElementById("report-datasets").textContent);
  var nodes = document.querySelectorAll("script.vega-spec");
  Array.prototype.forEach.call(nodes, function (node) {
    var target = document.getElementById(node.getAttribute("data-target"));
    var spec = JSON.parse(node.textContent);
    spec.datasets = datasets;
    vegaEmbed(target, spec, { renderer: "svg", actions: false })
      .then(function () { target.setAttribute("data-rendered", "true"); })
      .catch(function (error) {
        target.textContent = "This chart could not be drawn; its numbers are in the table below.";
        console.error(error);
      });
  });
})();
