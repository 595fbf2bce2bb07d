// Starts Swagger UI (from the drf-spectacular-sidecar package, pinned in requirements.lock) on the
// API's own schema.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.getAttribute("data-schema-url"),
    domNode: root,
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    supportedSubmitMethods: ["get", "head"],
    defaultModelsExpandDepth: 0,
  });
})();
