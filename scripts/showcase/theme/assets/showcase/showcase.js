/* Volunteer Showcase: the volunteer grid's filters, the print button and 复制到公众号.
   Works from file:// too: the card data is a script, not a fetched file. */
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function setupPrint() {
    var buttons = document.querySelectorAll("[data-vs-print]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].addEventListener("click", function () { window.print(); });
    }
  }

  function setupFilter() {
    var form = document.getElementById("vs-filter");
    var grid = document.getElementById("vs-grid");
    if (!form || !grid) return;
    var base = form.getAttribute("data-base");
    var dir = base.replace(/index\.html$/, "");
    var root = form.getAttribute("data-root");
    var perPage = parseInt(form.getAttribute("data-per-page"), 10) || 24;  // as the static pages
    var labels = {
      hours: form.getAttribute("data-hours-unit") || "",
      results: form.querySelector(".vs-filter__count").getAttribute("data-template") || "{n}",
      none: form.getAttribute("data-none") || "",
      stars: JSON.parse(form.getAttribute("data-stars") || "[]"),
      prev: form.getAttribute("data-prev") || "‹",
      next: form.getAttribute("data-next") || "›",
      avatar: form.getAttribute("data-avatar") || "{name}",
      pages: form.getAttribute("data-pages") || ""
    };
    var cards = null;
    var page = 1;
    var shown = "";  // the state on screen: re-rendering it again would swallow a click

    function load(done) {
      if (cards) return done();
      var s = document.createElement("script");
      s.src = form.getAttribute("data-cards");
      s.onload = function () { cards = window.SHOWCASE_CARDS || []; done(); };
      document.head.appendChild(s);
    }

    function matches(c, f) {
      // c: [id, name, star, hours, status, orgs, cats, org, post, honor, initial, colour, thumb]
      if (f.q && (c[1] + " " + c[8] + " " + c[7]).toLowerCase().indexOf(f.q) < 0) return false;
      if (f.org && c[5].indexOf(f.org) < 0) return false;
      if (f.cat && c[6].indexOf(f.cat) < 0) return false;
      if (f.star !== "" && String(c[2]) !== f.star) return false;
      if (f.status && c[4] !== f.status) return false;
      return true;
    }

    function card(c) {
      var li = el("li", "vs-card");
      var face;
      if (c[12]) {
        face = el("img", "vs-card__face");
        face.src = root + c[12];
        face.alt = "";
        face.loading = "lazy";
        face.width = 160;
        face.height = 160;
      } else {
        face = el("span", "vs-card__face vs-avatar vs-c" + c[11], c[10]);
        face.setAttribute("aria-hidden", "true");
      }
      li.appendChild(face);
      var h = el("h2", "vs-card__name");
      var a = el("a", null, c[1]);
      a.href = dir + c[0] + ".html";
      h.appendChild(a);
      li.appendChild(h);
      if (c[2] > 0) {
        var st = el("span", "vs-stars");
        st.appendChild(el("span", null, new Array(c[2] + 1).join("★"))).setAttribute("aria-hidden", "true");
        st.appendChild(el("span", "vs-sr", labels.stars[c[2]] || String(c[2])));
        li.appendChild(st);
      }
      var meta = el("p", "vs-card__meta", c[7]);
      if (c[8]) { meta.appendChild(document.createElement("br")); meta.appendChild(document.createTextNode(c[8])); }
      li.appendChild(meta);
      if (c[3] != null) {
        var hours = el("p", "vs-card__hours");
        hours.appendChild(el("strong", null, c[3].toLocaleString()));
        hours.appendChild(document.createTextNode(" " + labels.hours));
        li.appendChild(hours);
      }
      if (c[9]) li.appendChild(el("p", "vs-card__honor", c[9]));
      return li;
    }

    function render() {
      var data = new FormData(form);
      var f = {
        q: String(data.get("q") || "").trim().toLowerCase(),
        org: data.get("org") || "", cat: data.get("cat") || "",
        star: data.get("star") || "", status: data.get("status") || "",
        sort: data.get("sort") || "hours"
      };
      var state = JSON.stringify([f, page]);
      if (state === shown) return;
      shown = state;
      var list = cards.filter(function (c) { return matches(c, f); });
      if (f.sort === "name") list.sort(function (a, b) { return a[1].localeCompare(b[1], "zh-Hans-CN"); });
      else list.sort(function (a, b) { return (b[3] || 0) - (a[3] || 0); });
      var pages = Math.max(1, Math.ceil(list.length / perPage));
      if (page > pages) page = pages;
      grid.textContent = "";
      var ul = el("ul", "vs-cards");
      list.slice((page - 1) * perPage, page * perPage).forEach(function (c) { ul.appendChild(card(c)); });
      grid.appendChild(ul);
      if (!list.length) grid.appendChild(el("p", "vs-muted", labels.none));
      if (pages > 1) {
        var nav = el("nav", "vs-pager");
        nav.setAttribute("aria-label", labels.pages);
        for (var n = 1; n <= pages; n++) {
          var b = el("button", "md-button", String(n));
          b.type = "button";
          if (n === page) b.setAttribute("aria-current", "page");
          b.addEventListener("click", (function (k) { return function () { page = k; render(); grid.scrollIntoView(); }; })(n));
          nav.appendChild(b);
        }
        grid.appendChild(nav);
      }
      form.querySelector(".vs-filter__count").textContent = labels.results.replace("{n}", list.length);
      grid.setAttribute("data-filtered", "");
    }

    form.hidden = false;
    // A link such as volunteers/index.html#org=mengxi opens the grid already filtered.
    var preset = /[#&](org|cat|star|status)=([^&]+)/g, m, any = false;
    while ((m = preset.exec(location.hash))) {
      var field = form.elements[m[1]];
      if (field) { field.value = decodeURIComponent(m[2]); any = true; }
    }
    if (any) load(render);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.addEventListener("input", function () { page = 1; load(render); });
    form.addEventListener("change", function () { page = 1; load(render); });
    form.addEventListener("reset", function () { setTimeout(function () { page = 1; load(render); }, 0); });
  }

  // Tables wider than a phone scroll sideways; keyboard users must be able to scroll them too.
  function labelScrollers() {
    var wraps = document.querySelectorAll(".md-typeset__scrollwrap");
    for (var i = 0; i < wraps.length; i++) {
      var w = wraps[i];
      if (w.scrollWidth > w.clientWidth + 1 && !w.hasAttribute("tabindex")) {
        var caption = w.querySelector("caption");
        var heading = null;
        for (var e = w.previousElementSibling; e && !heading; e = e.previousElementSibling) {
          if (/^H[1-6]$/.test(e.tagName)) heading = e;
        }
        w.tabIndex = 0;
        w.setAttribute("role", "region");
        w.setAttribute("aria-label", (caption || heading || document).textContent || document.title);
      }
    }
  }

  // “复制到公众号”: the article (inline styles only, site/wechat.py) sits inert in a <template> on
  // the page, so copying needs no fetch() and works from file:// (a USB stick) too. The rich-text
  // clipboard first; else the article is put offscreen, selected and copied with execCommand,
  // whose copy event is given the article's own HTML; failing that it stays selected for Ctrl+C.
  function setupWechat() {
    var boxes = document.querySelectorAll("[data-vs-wechat]");
    for (var i = 0; i < boxes.length; i++) wechatBox(boxes[i]);
  }

  function wechatBox(box) {
    var button = box.querySelector("[data-vs-wechat-copy]");
    var template = box.querySelector("template");
    var status = box.querySelector("[role=status]");
    if (!button || !template || !status) return;
    var holder = null;

    function say(key) {
      status.textContent = status.getAttribute(key) || "";
    }

    function article() {
      var wrap = document.createElement("div");
      wrap.appendChild(document.importNode(template.content, true));
      return wrap;
    }

    function fallback(htmlText, plainText) {
      if (holder) holder.parentNode.removeChild(holder);
      holder = article();
      holder.setAttribute("aria-hidden", "true");
      holder.style.cssText = "position:fixed;left:-10000px;top:0;width:600px;";
      document.body.appendChild(holder);
      var range = document.createRange();
      range.selectNodeContents(holder);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      function onCopy(event) {
        if (event.clipboardData) {
          event.clipboardData.setData("text/html", htmlText);
          event.clipboardData.setData("text/plain", plainText);
          event.preventDefault();
        }
      }
      document.addEventListener("copy", onCopy);
      var done = false;
      try { done = document.execCommand("copy"); } catch (e) { done = false; }
      document.removeEventListener("copy", onCopy);
      if (done) {
        selection.removeAllRanges();
        holder.parentNode.removeChild(holder);
        holder = null;
        say("data-copied");
      } else {
        say("data-press");  // the selection stays: Ctrl+C copies it
      }
    }

    button.addEventListener("click", function () {
      var htmlText = template.innerHTML;
      var plainText = (template.content.textContent || "").replace(/\s+\n/g, "\n").trim();
      status.textContent = "";
      if (window.ClipboardItem && navigator.clipboard && navigator.clipboard.write) {
        var item = new ClipboardItem({
          "text/html": new Blob([htmlText], { type: "text/html" }),
          "text/plain": new Blob([plainText], { type: "text/plain" })
        });
        navigator.clipboard.write([item]).then(function () { say("data-copied"); },
                                               function () { fallback(htmlText, plainText); });
      } else {
        fallback(htmlText, plainText);
      }
    });
  }

  ready(function () { setupPrint(); setupFilter(); setupWechat(); });
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(labelScrollers);
  window.addEventListener("load", labelScrollers);
  window.addEventListener("resize", labelScrollers);
})();
