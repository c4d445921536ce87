/* Conversations: e-mail bodies in sandboxed iframes grow to their content's height.
   The iframes run no scripts; this page reads their height (they share its origin). */
(function () {
  "use strict";

  function fit(frame) {
    try {
      var doc = frame.contentDocument;
      if (!doc || !doc.body) return;
      // The body is a block formatting context (display: flow-root), so its box holds
      // its children's margins; the document's own height never falls below the frame's.
      var height = Math.ceil(doc.body.getBoundingClientRect().height);
      if (height > 0) frame.style.height = height + 4 + "px";
      if (!frame.dataset.watched) {
        frame.dataset.watched = "1";
        doc.querySelectorAll("img").forEach(function (img) {
          img.addEventListener("load", function () { fit(frame); });
          img.addEventListener("error", function () { fit(frame); });
        });
      }
    } catch (error) { /* not readable: keep the default height, which scrolls */ }
  }

  function fitAll(root) {
    (root || document).querySelectorAll("iframe.message-frame").forEach(function (frame) {
      var doc = frame.contentDocument;
      if (doc && doc.readyState === "complete") fit(frame);
    });
  }

  // load does not bubble, but it can be caught on the way down.
  document.addEventListener("load", function (event) {
    var target = event.target;
    if (target && target.matches && target.matches("iframe.message-frame")) fit(target);
  }, true);
  // A folded message opened: its iframe had no height to measure while hidden.
  document.addEventListener("toggle", function (event) { fitAll(event.target); }, true);
  document.addEventListener("DOMContentLoaded", function () { fitAll(document); });
  window.addEventListener("resize", function () { fitAll(document); });
})();
