export { type DemoOptions, type DemoResult, runDemo } from "./demo.js";
export * from "./render.js";
export { renderPeriodPackHtml, renderRatPackHtml } from "./render-html.js";
