(function () {
  "use strict";
  // Untrusted strings (labels) reach the page through textContent only, never as HTML.
  var data = JSON.parse(document.getElementById("brief-data").textContent);
  var marks = Array.prototype.slice.call(document.querySelectorAll("mark.hl"));
  var buttons = Array.prototype.slice.call(document.querySelectorAll("button.item"));
  var citedBy = document.getElementById("cited-by");
  var marksOf = {};

  function ids(element) {
    var value = element.getAttribute("data-ev");
    return value ? value.split(" ") : [];
  }
  marks.forEach(function (mark) {
    ids(mark).forEach(function (id) { (marksOf[id] = marksOf[id] || []).push(mark); });
  });

  function unmark() {
    document.querySelectorAll(".marked").forEach(function (el) { el.classList.remove("marked"); });
  }

  function showItem(button) {
    unmark();
    button.classList.add("marked");
    var first = null;
    ids(button).forEach(function (id) {
      (marksOf[id] || []).forEach(function (mark) {
        mark.classList.add("marked");
        if (first === null) { first = mark; }
      });
    });
    if (first !== null) { first.scrollIntoView({ block: "center" }); }
  }

  function itemsCiting(mark) {
    var seen = [];
    ids(mark).forEach(function (id) {
      var item = data.evidence[id];
      if (item !== undefined && seen.indexOf(item) < 0) { seen.push(item); }
    });
    return seen;
  }

  function citeButton(itemId) {
    var item = data.items[itemId];
    var button = document.createElement("button");
    button.type = "button";
    button.className = "cite";
    button.textContent = data.sections[item.section] + ": " + item.label;
    button.addEventListener("click", function () {
      var target = document.getElementById(itemId);
      target.scrollIntoView({ block: "nearest" });
      target.focus();
      showItem(target);
    });
    return button;
  }

  function showCiting(mark) {
    unmark();
    mark.classList.add("marked");
    var heading = document.createElement("p");
    heading.textContent = "These words are cited by:";
    var list = document.createElement("ul");
    itemsCiting(mark).forEach(function (itemId) {
      var entry = document.createElement("li");
      entry.appendChild(citeButton(itemId));
      list.appendChild(entry);
    });
    citedBy.replaceChildren(heading, list);
    citedBy.hidden = false;
  }

  function visible(itemId, sections, source) {
    var item = data.items[itemId];
    return sections[item.section] === true && (source === "" || item.sources.indexOf(source) >= 0);
  }

  function applyFilters() {
    var sections = {};
    document.querySelectorAll("input.section-filter").forEach(function (box) {
      sections[box.value] = box.checked;
    });
    var source = document.getElementById("source-filter").value;
    buttons.forEach(function (button) {
      button.parentElement.hidden = !visible(button.id, sections, source);
    });
    marks.forEach(function (mark) {
      var shown = itemsCiting(mark).filter(function (id) { return visible(id, sections, source); });
      mark.setAttribute("data-sec", shown.length ? data.items[shown[shown.length - 1]].section : "");
      mark.classList.toggle("multi", shown.length > 1);
    });
  }

  buttons.forEach(function (button) {
    button.addEventListener("click", function () { showItem(button); });
  });
  marks.forEach(function (mark) {
    mark.addEventListener("click", function () { showCiting(mark); });
    mark.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); showCiting(mark); }
    });
  });
  document.querySelectorAll("input.section-filter, #source-filter").forEach(function (control) {
    control.addEventListener("change", applyFilters);
  });
}());
