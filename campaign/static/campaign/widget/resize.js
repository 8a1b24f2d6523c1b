/* On a partner page that shows the widget in an iframe: sizes each
   <iframe data-persev-widget-frame> to the height its page reports
   (campaign/static/campaign/widget/frame.js), and makes it as wide as its
   container (40em at most), without a border. Only messages from this
   script's own origin, and from the frame itself, are heeded. Styles are set
   through the CSSOM, which a Content-Security-Policy without
   'unsafe-inline' allows. */
(function () {
  "use strict";
  var script = document.currentScript;
  var origin = script ? new URL(script.src, document.baseURI).origin : "";
  var MAX_HEIGHT = 10000;
  function frames() {
    return document.querySelectorAll("iframe[data-persev-widget-frame]");
  }
  function prepare(frame) {
    frame.style.width = "100%";
    frame.style.maxWidth = "40em";
    frame.style.border = "0";
    frame.style.display = "block";
  }
  function measure(frame) {
    if (frame.contentWindow) {
      // "*": the frame may still be blank (about:blank); the request carries nothing.
      frame.contentWindow.postMessage({ type: "persev-widget:measure" }, "*");
    }
  }
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.origin !== origin || !data || data.type !== "persev-widget:height") { return; }
    var height = Number(data.height);
    if (!isFinite(height) || height <= 0) { return; }
    Array.prototype.forEach.call(frames(), function (frame) {
      if (frame.contentWindow === event.source) {
        prepare(frame);
        frame.style.height = Math.min(Math.ceil(height), MAX_HEIGHT) + "px";
      }
    });
  });
  function start() {
    Array.prototype.forEach.call(frames(), function (frame) {
      prepare(frame);
      measure(frame);
      frame.addEventListener("load", function () { measure(frame); });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
