// Starts Swagger UI (from the drf-spectacular-sidecar package, pinned in requirements.lock) on the
// API's own schema.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.getAttribute("data-schema-url"),
    domNode: root,
    // No deep links: Swagger UI renders them as a link inside each operation's toggle button,
    // an interactive control nested in another (axe-core's nested-interactive).
    deepLinking: false,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    supportedSubmitMethods: ["get", "head"],
    defaultModelsExpandDepth: 0,
  });
})();
