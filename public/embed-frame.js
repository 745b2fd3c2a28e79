// Inside an embedded PartnerDesk offer: tells the partner's page how tall the offer is, so
// its frame can show all of it without a second scroll bar.
(function () {
  if (window.parent === window) return;
  var last = 0;
  function report() {
    var height = document.documentElement.scrollHeight;
    if (height !== last) {
      last = height;
      window.parent.postMessage({ type: "partnerdesk:height", height: height }, "*");
    }
  }
  if ("ResizeObserver" in window) new ResizeObserver(report).observe(document.documentElement);
  window.addEventListener("load", report);
  report();
})();
