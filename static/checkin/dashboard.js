/* Live check-in dashboard: polls the JSON every 10 s and redraws the tables and an SVG chart of
   arrivals per 15 minutes, stacked per check-in point. No library: a few DOM calls. */
(function () {
  "use strict";
  var root = document.querySelector("[data-dashboard]");
  if (!root) return;
  var strings = JSON.parse(document.getElementById("checkin-dashboard-strings").textContent);
  var PALETTE = ["#0B4F9C", "#E07A1F", "#2E8B57", "#B03A48", "#6A4C93", "#1B998B", "#8D6E63", "#546E7A"];
  var SVG = "http://www.w3.org/2000/svg";

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function row(cells) {
    var tr = el("tr");
    cells.forEach(function (c) {
      var td = el("td");
      if (c instanceof Node) td.appendChild(c); else td.textContent = c;
      tr.appendChild(td);
    });
    return tr;
  }
  function fill(selector, rows) {
    var body = root.querySelector(selector);
    body.replaceChildren.apply(body, rows);
  }

  var stack = root.querySelector("[data-stack]");
  var latest = null;
  if (stack) stack.addEventListener("change", function () { if (latest) drawChart(latest); });

  function drawChart(data) {
    var box = root.querySelector("[data-chart]");
    var intervals = data.intervals;
    var colours = {};
    var byCategory = stack && stack.value === "category";
    // Series: the points (own palette) or the categories (their badge colours).
    var series = byCategory ? data.categories : data.points;
    var key = byCategory ? "categories" : "counts";
    series.forEach(function (p, i) { colours[p.id] = byCategory ? p.colour : PALETTE[i % PALETTE.length]; });
    var max = Math.max.apply(null, [0].concat(intervals.map(function (i) { return i.total; })));
    // An even top of at least 2, so that the axis labels 0, half and top are whole and distinct.
    max = Math.max(2, max + max % 2);
    var barW = 28, gap = 8, height = 200, top = 16, left = 36;
    var width = Math.max(320, left + intervals.length * (barW + gap) + gap);
    var chart = svg("svg", {width: width, height: height + top + 40, viewBox: "0 0 " + width + " " + (height + top + 40)});
    [0, 0.5, 1].forEach(function (f) {
      var y = top + height - f * height;
      chart.appendChild(svg("line", {x1: left, x2: width, y1: y, y2: y, stroke: "#ccc"}));
      chart.appendChild(svg("text", {x: left - 6, y: y + 4, "text-anchor": "end", "class": "axis"}, String(Math.round(f * max))));
    });
    intervals.forEach(function (interval, i) {
      var x = left + gap + i * (barW + gap), y = top + height;
      series.forEach(function (p) {
        var n = interval[key][String(p.id)] || 0;
        if (!n) return;
        var h = n / max * height;
        y -= h;
        var rect = svg("rect", {x: x, y: y, width: barW, height: h, fill: colours[p.id]});
        rect.appendChild(svg("title", {}, p.name + " " + interval.label + ": " + n));
        chart.appendChild(rect);
      });
      chart.appendChild(svg("text", {x: x + barW / 2, y: y - 4, "text-anchor": "middle", "class": "bar-label"}, String(interval.total)));
      chart.appendChild(svg("text", {x: x + barW / 2, y: top + height + 14, "text-anchor": "middle", "class": "axis"}, interval.label));
    });
    var legend = el("div", {"class": "checkin-legend"});
    series.forEach(function (p) {
      var item = el("span");
      item.appendChild(el("span", {"class": "checkin-swatch", style: "background:" + colours[p.id]}));
      item.appendChild(document.createTextNode(p.name));
      legend.appendChild(item);
    });
    box.replaceChildren(chart, legend);
  }

  function render(data) {
    root.querySelector("[data-people]").textContent = data.people;
    root.querySelector("[data-conflict-count]").textContent = data.conflicts.length;
    latest = data;
    fill("[data-points]", data.points.map(function (p) {
      var name = el("span", {}, p.name);
      if (p.session) { name.appendChild(el("br")); name.appendChild(el("small", {}, p.session)); }
      return row([name, p.people, p.entries, p.exits]);
    }));
    fill("[data-categories]", data.categories.map(function (c) {
      var cell = el("span");
      cell.appendChild(el("span", {"class": "checkin-swatch", style: "background:" + c.colour}));
      cell.appendChild(document.createTextNode(c.name));
      return row([cell, c.entries]);
    }));
    var conflicts = data.conflicts.map(function (c) {
      return row([c.at, c.name, c.point, c.device, c.first_at + " · " + c.first_device]);
    });
    if (!conflicts.length) {
      var empty = el("tr"); empty.appendChild(el("td", {colspan: "5"}, strings.noConflicts));
      conflicts = [empty];
    }
    fill("[data-conflicts]", conflicts);
    drawChart(data);
    var at = new Date(data.generated_at);
    root.querySelector("[data-updated]").textContent =
      strings.updated.replace("%(time)s", at.toLocaleTimeString(document.documentElement.lang || "vi"));
  }

  function poll() {
    fetch(root.dataset.url, {headers: {Accept: "application/json"}, credentials: "same-origin"})
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(render)
      .catch(function () { root.querySelector("[data-updated]").textContent = strings.offline; })
      .finally(function () { setTimeout(poll, 10000); });
  }
  var initial = document.getElementById("checkin-initial");
  if (initial) render(JSON.parse(initial.textContent));
  setTimeout(poll, 10000);
})();
