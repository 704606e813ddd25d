// kuaixun embeds: loaded only by pages with a shortcode embed or a Mermaid diagram.
// - Bilibili / YouTube placeholders become the player iframe when the reader clicks play;
//   nothing is requested from the platform before that.
// - Social cards with data-kx-script (only with `embeds.load_scripts: true`) load that
//   platform's script once.
// - <pre class="mermaid"> blocks import Mermaid from data-kx-mermaid.
// Every URL is checked against the platform it claims to be; anything else is ignored.
(function () {
  "use strict";
  var PLAYERS = {
    bilibili: "https://player.bilibili.com/player.html?",
    youtube: "https://www.youtube-nocookie.com/embed/"
  };
  var SCRIPTS = {
    x: "https://platform.twitter.com/widgets.js"
  };

  function play(box) {
    var kind = box.getAttribute("data-kx-embed");
    var src = box.getAttribute("data-src") || "";
    var prefix = PLAYERS[kind];
    if (!prefix || src.indexOf(prefix) !== 0) return;
    var frame = box.querySelector(".kx-embed-frame");
    if (!frame) return;
    var label = box.querySelector(".kx-embed-label");
    var iframe = document.createElement("iframe");
    iframe.src = src;
    iframe.title = label ? label.textContent : kind;
    iframe.allow = "autoplay; encrypted-media; fullscreen; picture-in-picture";
    iframe.setAttribute("allowfullscreen", "");
    iframe.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    iframe.setAttribute("sandbox", "allow-scripts allow-same-origin allow-popups allow-presentation");
    while (frame.firstChild) frame.removeChild(frame.firstChild);
    frame.appendChild(iframe);
    box.classList.add("kx-embed-playing");
  }

  document.addEventListener("click", function (e) {
    var button = e.target && e.target.closest ? e.target.closest(".kx-embed-play") : null;
    if (!button) return;
    var box = button.closest("[data-kx-embed]");
    if (!box) return;
    e.preventDefault();
    play(box);
  });

  function loadScripts() {
    var loaded = {};
    var cards = document.querySelectorAll("[data-kx-script]");
    for (var i = 0; i < cards.length; i++) {
      var kind = cards[i].getAttribute("data-kx-embed");
      var url = cards[i].getAttribute("data-kx-script");
      if (!SCRIPTS[kind] || SCRIPTS[kind] !== url || loaded[url]) continue;
      loaded[url] = true;
      var s = document.createElement("script");
      s.src = url;
      s.async = true;
      s.charset = "utf-8";
      document.head.appendChild(s);
    }
  }

  function mermaid() {
    var block = document.querySelector("pre.mermaid[data-kx-mermaid]");
    if (!block) return;
    var url = block.getAttribute("data-kx-mermaid") || "";
    if (!/^(https:\/\/|\/(?!\/))/.test(url)) return;
    var dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
    import(url).then(function (m) {
      var api = m.default || m;
      // imported after the load event, so Mermaid does not start by itself: run it once here
      api.initialize({ theme: dark ? "dark" : "default", securityLevel: "strict" });
      api.run({ querySelector: "pre.mermaid" });
    }).catch(function () {
      block.classList.add("kx-mermaid-offline");
    });
  }

  function start() {
    loadScripts();
    mermaid();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
