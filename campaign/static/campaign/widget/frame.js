/* Inside the partner widget's iframe page (/campagnes/<slug>/widget/): tells
   the page that frames it how tall the widget is, whenever that changes, so
   that the listener (/campagnes/widget-resize.js) sizes the iframe to its
   content. Sends a number only; answers a "measure" request from the
   listener, which may load after the frame. */
(function () {
  "use strict";
  if (window.parent === window) { return; }
  var HEIGHT = "persev-widget:height";
  var MEASURE = "persev-widget:measure";
  function send() {
    var height = Math.ceil(document.body.getBoundingClientRect().height);
    window.parent.postMessage({ type: HEIGHT, height: height }, "*");
  }
  window.addEventListener("message", function (event) {
    if (event.source === window.parent && event.data && event.data.type === MEASURE) {
      send();
    }
  });
  if (window.ResizeObserver) { new ResizeObserver(send).observe(document.body); }
  window.addEventListener("load", send);
  send();
})();
