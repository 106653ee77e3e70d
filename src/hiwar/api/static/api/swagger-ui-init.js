/* Starts Swagger UI from the bundled copy; the settings come from a JSON script element, so
   the page needs no inline script and no asset from another host. */
"use strict";
const settings = JSON.parse(document.getElementById("swagger-settings").textContent);
settings.dom_id = "#swagger-ui";
settings.presets = [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset];
SwaggerUIBundle(settings);
