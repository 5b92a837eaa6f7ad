// Starts Swagger UI on the API's schema (the address is in the page, so no inline script is needed).
(function () {
  var container = document.getElementById("swagger-ui");
  window.SwaggerUIBundle({
    url: container.dataset.schemaUrl,
    domNode: container,
    deepLinking: true,
  });
})();
