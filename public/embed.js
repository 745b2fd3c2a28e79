// PartnerDesk embed: sizes every PartnerDesk offer frame on this page to its content.
// Paste it with the iframe from the Send page; it only listens to the PartnerDesk site.
(function () {
  var script = document.currentScript;
  var origin = script ? new URL(script.src).origin : null;
  window.addEventListener("message", function (event) {
    if (!origin || event.origin !== origin) return;
    var data = event.data;
    if (!data || data.type !== "partnerdesk:height" || typeof data.height !== "number") return;
    var frames = document.querySelectorAll("iframe[data-partnerdesk-offer]");
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) {
        frames[i].style.height = Math.ceil(data.height) + "px";
      }
    }
  });
})();
